import * as E from 'fp-ts/lib/Either.js'
import { issue, pointer, showValue, type Issue } from '../issues/issue'
import { dateReader, dayReader, localDateOfDay, type DayReader, type LocalDate } from '../time/local-date'
import { Request, type HistoryEvent, type YearlyReview } from './request-codec'
import { reportErrors, unknownFields } from './report'
import { isHistoryEvent, isRequestOutline } from './request-validator.generated'

/**
 * Decode a request with io-ts and turn its dates into calendar dates in the policy's time zone.
 * A malformed request gives issues as values; nothing throws.
 *
 * @module
 */

/** A request, decoded, with its dates in the policy's zone. @since 0.1.0 */
export interface DecodedRequest {
  readonly request: Request
  readonly date: LocalDate
  /** the local date of each event of the history, in order */
  readonly historyDates: readonly LocalDate[]
  readonly approvalDates: { readonly from?: LocalDate; readonly until?: LocalDate }
  /**
   * What the one pass over the history leaves for counting caps: for each event, in order, its
   * local day number (0 = 1970-01-01) times 8 plus its kind's code ({@link KIND_CODES}), read
   * once when the event was validated. `decodeRequest` gives it; a request decoded otherwise may
   * go without (the caps then read `historyDates`). @since 0.3.0
   */
  readonly historyDays?: readonly number[]
}

/** The code of each request kind in {@link DecodedRequest.historyDays} (the low 3 bits). @since 0.3.0 */
export const KIND_CODES: Readonly<Record<Request['kind'], number>> = Object.freeze({
  task: 0,
  certificate: 1,
  plaque: 2,
  meeting: 3,
  inspection: 4,
  evaluation: 5,
  form: 6,
})

/** The code of a kind (a valid one: the event was checked), by identity of its string. */
const kindCode = (k: unknown): number =>
  k === 'meeting' ? 3 : k === 'inspection' ? 4 : k === 'evaluation' ? 5 : k === 'form' ? 6 : k === 'task' ? 0 : k === 'certificate' ? 1 : 2

/**
 * A decoded request whose history dates are made from the day numbers when first read: the pass
 * over the history makes no string and no array of them (the caps count on the numbers).
 */
class Decoded implements DecodedRequest {
  #dates: readonly LocalDate[] | undefined
  constructor(
    readonly request: Request,
    readonly date: LocalDate,
    readonly historyDays: readonly number[],
    readonly approvalDates: { readonly from?: LocalDate; readonly until?: LocalDate },
  ) {
    this.#dates = historyDays.length === 0 ? NO_DATES : undefined
  }
  get historyDates(): readonly LocalDate[] {
    if (this.#dates !== undefined) return this.#dates
    const days = this.historyDays
    const out: LocalDate[] = new Array(days.length)
    for (let i = 0; i < days.length; i++) out[i] = localDateOfDay((days[i] as number) >> 3) as LocalDate
    return (this.#dates = Object.freeze(out))
  }
  /** As JSON: the fields of a {@link DecodedRequest} (the dates as strings). */
  toJSON(): { request: Request; date: LocalDate; historyDates: readonly LocalDate[]; approvalDates: { readonly from?: LocalDate; readonly until?: LocalDate } } {
    return { request: this.request, date: this.date, historyDates: this.historyDates, approvalDates: this.approvalDates }
  }
}

const NO_DAYS: readonly number[] = Object.freeze([])

/**
 * The one pass over a history: each event checked (when `check`: the request's outline was
 * checked without its events), its date read into the zone's local day, and its day and kind
 * packed into `out`. Returns -1 when an event is not a valid one (the request is then decoded in
 * full, which says why), else the number of dates that are not dates, whose issues it adds to
 * `bad`.
 */
const readHistory = (events: readonly unknown[], day: DayReader, max: number, check: boolean, out: number[], bad: Issue[]): number => {
  let nBad = 0
  for (let i = 0; i < events.length; i++) {
    const ev = events[i] as HistoryEvent
    if (check && !isHistoryEvent(ev, max)) return -1
    const date = ev.date
    const d = day(date)
    if (d !== d) {
      nBad++
      bad.push(badDate(`/history/${i}/date`, date))
    } else out[i] = (d << 3) | kindCode(ev.kind)
  }
  return nBad
}

/** Limits on a request. @since 0.1.0 */
export interface RequestLimits {
  readonly maxHistory: number
  readonly maxStringLength: number
  /** own keys and array elements in the whole request (default 1,000,000) */
  readonly maxRequestKeys?: number
  /** issues reported for one request; decoding stops there (default 100) */
  readonly maxIssues?: number
}

const MAX_DEPTH = 16

/**
 * The request as its own enumerable properties only, in objects without a prototype: an
 * inherited value (Object.create, a polluted Object.prototype) or an own non-enumerable one is
 * never read as a fact, on either evaluation path. Below MAX_DEPTH (deeper than any request field)
 * values are left as they are, for the decoder to refuse. Counts keys against the bound.
 */
const snapshot = (u: unknown, depth: number, budget: { keys: number; arrays: number; wide: number }): unknown => {
  if (typeof u !== 'object' || u === null || depth > MAX_DEPTH) return u
  if (Array.isArray(u)) {
    const n = u.length
    // an array longer than the history bound stays as it is: the decoder reports it
    if (n > budget.arrays || (budget.keys -= n) < 0) return u
    const out: unknown[] = new Array(n)
    for (let i = 0; i < n; i++) out[i] = snapshot(u[i], depth + 1, budget)
    return out
  }
  const keys = Object.keys(u)
  // an object with more keys than any request type has fields plus maxIssues has more unknown
  // fields than are reported: its first `wide` keys say as much as all of them
  const n = Math.min(keys.length, budget.wide)
  if ((budget.keys -= n) < 0) return u
  const out: Record<string, unknown> = Object.create(null)
  for (let i = 0; i < n; i++) {
    const k = keys[i] as string
    out[k] = snapshot((u as Record<string, unknown>)[k], depth + 1, budget)
  }
  return out
}

const okLimit = (v: unknown): boolean => Number.isSafeInteger(v) && (v as number) >= 1
const isObj = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u)
/**
 * The generated check of the request but for its history's events (read in the one pass over
 * the history that reads their dates): false for a getter or Proxy that throws (the copy reports it).
 */
const fastOutline = (u: unknown, max: number): boolean => {
  try {
    return isRequestOutline(u, max)
  } catch {
    return false
  }
}
const own = (o: object, k: string): unknown => (Object.prototype.propertyIsEnumerable.call(o, k) ? (o as Record<string, unknown>)[k] : undefined)

/** At most `max` issues, and then one that says how many more there were. */
const capIssues = (issues: Issue[], max: number): Issue[] =>
  issues.length <= max
    ? issues
    : [...issues.slice(0, max), issue('eval/limit', '', { received: `${issues.length - max}+ more issues`, expected: String(max), params: { limit: 'maxIssues' } })]

const tooLong = (u: unknown, max: number, at: string, out: Issue[], depth: number): void => {
  if (out.length > 0 || depth > 12) return
  if (typeof u === 'string') {
    if (u.length > max) out.push(issue('eval/limit', at, { received: String(u.length), expected: String(max), params: { limit: 'maxStringLength' } }))
  } else if (Array.isArray(u)) {
    for (let i = 0; i < u.length && out.length === 0; i++) tooLong(u[i], max, pointer(at, i), out, depth + 1)
  } else if (isObj(u)) for (const k of Object.keys(u)) tooLong(u[k], max, pointer(at, k), out, depth + 1)
}

// shared by every request without history or approval dates: DecodedRequest's fields are readonly
const NO_DATES: LocalDate[] = Object.freeze([]) as unknown as LocalDate[]
const NO_APPROVAL_DATES: { from?: LocalDate; until?: LocalDate } = Object.freeze({})

const badDate = (at: string, v: unknown): Issue => issue('request/bad-date', at, { received: showValue(v) })
const isCount = (n: number): boolean => Number.isSafeInteger(n) && n >= 0
const badCount = (i: number, k: string, n: unknown): Issue =>
  issue('request/invalid', `/reviews/${i}/${k}`, { expected: 'whole number ≥ 0', received: showValue(n) })

/**
 * Decode a request for a policy in `zone`.
 *
 * @example
 * decodeRequest({ kind: 'inspection', date: '2026-02-28T16:30:00Z', requester: { level: 'street' } }, 'Asia/Shanghai')
 * // Right({ request, date: '2026-03-01', historyDates: [], approvalDates: {} })
 * @since 0.1.0
 */
export const decodeRequest = (
  input: unknown,
  zone: string,
  limits: RequestLimits = { maxHistory: 100_000, maxStringLength: 10_000 },
): E.Either<Issue[], DecodedRequest> => {
  const lim = typeof limits === 'object' && limits !== null ? limits : ({} as RequestLimits)
  // limits as compile takes them: whole numbers ≥ 1 (NaN or Infinity would mean no bound)
  if (!okLimit(lim.maxHistory) || !okLimit(lim.maxStringLength) || !okLimit(lim.maxRequestKeys ?? 1) || !okLimit(lim.maxIssues ?? 1)) {
    const k = (['maxHistory', 'maxStringLength', 'maxRequestKeys', 'maxIssues'] as const).find((n) => !okLimit(lim[n] ?? (n === 'maxHistory' || n === 'maxStringLength' ? undefined : 1))) ?? 'maxHistory'
    return E.left([issue('compile/limit', '', { received: showValue(lim[k]), expected: 'a whole number ≥ 1', params: { limit: k } })])
  }
  if (!isObj(input)) return E.left([issue('request/invalid', '', { expected: 'object (a request)', received: showValue(input) })])
  const history = own(input, 'history')
  if (Array.isArray(history) && history.length > lim.maxHistory)
    return E.left([issue('eval/limit', '/history', { received: String(history.length), expected: String(lim.maxHistory), params: { limit: 'maxHistory' } })])
  const maxKeys = lim.maxRequestKeys ?? 1_000_000
  const maxIssues = lim.maxIssues ?? 100
  let req: Request | undefined
  // the zone's readers once: every date of the request is read with integer arithmetic and its table
  const day = dayReader(zone)
  let historyDays = NO_DAYS
  // the history's bad dates (reported only when the request is otherwise valid)
  const badDates: Issue[] = []
  let nBad = 0
  // the generated check (npm run gen:validator) accepts exactly the valid requests within the string
  // bound whose fields are all own enumerable properties: the request is used as it is. The
  // history's events are checked in the pass that reads their dates: each event read once
  if (fastOutline(input, lim.maxStringLength)) {
    const events = input.history as readonly unknown[] | undefined
    if (events === undefined || events.length === 0) req = input as Request
    else {
      const out: number[] = new Array(events.length)
      try {
        nBad = readHistory(events, day, lim.maxStringLength, true, out, badDates)
      } catch {
        nBad = -1 // a getter or Proxy that throws: the copy reports it
      }
      if (nBad >= 0) {
        req = input as Request
        historyDays = out
      } else badDates.length = 0
    }
  }
  if (req === undefined) {
    // anything else is decoded from a copy of its own enumerable properties, in objects without a
    // prototype: an inherited or non-enumerable value is absent, on both evaluation paths
    const budget = { keys: maxKeys, arrays: lim.maxHistory, wide: 64 + maxIssues }
    let u: Record<string, unknown>
    try {
      u = snapshot(input, 0, budget) as Record<string, unknown>
    } catch (e) {
      // a getter or a Proxy that throws
      return E.left([issue('request/invalid', '', { expected: 'plain data (a request)', received: e instanceof Error ? e.message : String(e) })])
    }
    if (budget.keys < 0) return E.left([issue('eval/limit', '', { received: `> ${maxKeys}`, expected: String(maxKeys), params: { limit: 'maxRequestKeys' } })])
    const long: Issue[] = []
    tooLong(u, lim.maxStringLength, '', long, 0)
    if (long.length > 0) return E.left(long)
    const r = Request.decode(u)
    const found = E.isLeft(r) ? reportErrors(r.left, '', { missing: 'request/missing', invalid: 'request/invalid' }) : []
    if (found.length < maxIssues) unknownFields(Request, u, '', 'request/unknown-field', found, 0, maxIssues + 1)
    if (E.isLeft(r) || found.length > 0) return E.left(capIssues(found, maxIssues))
    req = r.right
    const events = req.history
    if (events !== undefined && events.length > 0) {
      const out: number[] = new Array(events.length)
      nBad = readHistory(events, day, lim.maxStringLength, false, out, badDates)
      historyDays = out
    }
  }
  // the common case allocates only what it returns: plain loops, no closures, the issues array and
  // the approval dates only when there are some
  let issues: Issue[] | undefined
  const toLocalDate = dateReader(zone)
  const date = toLocalDate(req.date)
  if (date === undefined) (issues ??= []).push(badDate('/date', req.date))
  if (nBad > 0) (issues ??= []).push(...badDates)
  let approvalDates: { from?: LocalDate; until?: LocalDate } = NO_APPROVAL_DATES
  const approval = req.approval
  if (approval !== undefined) {
    const from = approval.validFrom
    const until = approval.validUntil
    if (from !== undefined || until !== undefined) approvalDates = {}
    if (from !== undefined) {
      const d = toLocalDate(from)
      if (d === undefined) (issues ??= []).push(badDate('/approval/validFrom', from))
      else approvalDates.from = d
    }
    if (until !== undefined) {
      const d = toLocalDate(until)
      if (d === undefined) (issues ??= []).push(badDate('/approval/validUntil', until))
      else approvalDates.until = d
    }
  }
  const reviews = req.reviews
  if (reviews !== undefined)
    for (let i = 0; i < reviews.length; i++) {
      const rv = reviews[i] as YearlyReview
      if (!Number.isInteger(rv.year)) (issues ??= []).push(issue('request/invalid', `/reviews/${i}/year`, { expected: 'year', received: showValue(rv.year) }))
      if (!isCount(rv.respondents)) (issues ??= []).push(badCount(i, 'respondents', rv.respondents))
      if (rv.satisfied !== undefined && !isCount(rv.satisfied)) (issues ??= []).push(badCount(i, 'satisfied', rv.satisfied))
      if (rv.dissatisfied !== undefined && !isCount(rv.dissatisfied)) (issues ??= []).push(badCount(i, 'dissatisfied', rv.dissatisfied))
      if ((rv.satisfied ?? 0) > rv.respondents || (rv.dissatisfied ?? 0) > rv.respondents)
        (issues ??= []).push(issue('request/invalid', `/reviews/${i}`, { expected: 'satisfied and dissatisfied ≤ respondents', received: showValue(rv) }))
    }
  if (issues !== undefined || date === undefined) return E.left(capIssues(issues ?? [], maxIssues))
  return E.right(new Decoded(req, date, historyDays, approvalDates))
}

import * as E from 'fp-ts/lib/Either.js'
import { issue, pointer, showValue, type Issue } from '../issues/issue'
import { dateReader, type LocalDate } from '../time/local-date'
import { Request, type HistoryEvent, type YearlyReview } from './request-codec'
import { reportErrors, unknownFields } from './report'
import { isRequest } from './request-validator.generated'

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
  readonly historyDates: readonly LocalDate[]
  readonly approvalDates: { readonly from?: LocalDate; readonly until?: LocalDate }
}

/** Limits on a request. @since 0.1.0 */
export interface RequestLimits {
  readonly maxHistory: number
  readonly maxStringLength: number
}

const isObj = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u)

const tooLong = (u: unknown, max: number, at: string, out: Issue[], depth: number): void => {
  if (out.length > 0 || depth > 12) return
  if (typeof u === 'string') {
    if (u.length > max) out.push(issue('eval/limit', at, { received: String(u.length), expected: String(max), params: { limit: 'maxStringLength' } }))
  } else if (Array.isArray(u)) {
    for (let i = 0; i < u.length && out.length === 0; i++) tooLong(u[i], max, pointer(at, i), out, depth + 1)
  } else if (isObj(u)) for (const [k, v] of Object.entries(u)) tooLong(v, max, pointer(at, k), out, depth + 1)
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
  u: unknown,
  zone: string,
  limits: RequestLimits = { maxHistory: 100_000, maxStringLength: 10_000 },
): E.Either<Issue[], DecodedRequest> => {
  if (!isObj(u)) return E.left([issue('request/invalid', '', { expected: 'object (a request)', received: showValue(u) })])
  const history = u.history
  if (Array.isArray(history) && history.length > limits.maxHistory)
    return E.left([issue('eval/limit', '/history', { received: String(history.length), expected: String(limits.maxHistory), params: { limit: 'maxHistory' } })])
  let req: Request
  // the generated check (npm run gen:validator) accepts exactly the valid requests within the string bound
  if (isRequest(u, limits.maxStringLength)) req = u as Request
  else {
    const long: Issue[] = []
    tooLong(u, limits.maxStringLength, '', long, 0)
    if (long.length > 0) return E.left(long)
    const r = Request.decode(u)
    const found = [
      ...(E.isLeft(r) ? reportErrors(r.left, '', { missing: 'request/missing', invalid: 'request/invalid' }) : []),
      ...unknownFields(Request, u, '', 'request/unknown-field'),
    ]
    if (E.isLeft(r) || found.length > 0) return E.left(found)
    req = r.right
  }
  // the common case allocates only what it returns: plain loops, no closures, the issues array and
  // the approval dates only when there are some
  let issues: Issue[] | undefined
  // the zone's reader once: every date of the request is read with integer arithmetic and its table
  const toLocalDate = dateReader(zone)
  const date = toLocalDate(req.date)
  if (date === undefined) (issues ??= []).push(badDate('/date', req.date))
  const events = req.history
  let historyDates: LocalDate[] = NO_DATES
  if (events !== undefined && events.length > 0) {
    historyDates = []
    for (let i = 0; i < events.length; i++) {
      const ev = events[i] as HistoryEvent
      const d = toLocalDate(ev.date)
      if (d === undefined) (issues ??= []).push(badDate(`/history/${i}/date`, ev.date))
      else historyDates.push(d)
    }
  }
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
  if (issues !== undefined || date === undefined) return E.left(issues ?? [])
  return E.right({ request: req, date, historyDates, approvalDates })
}

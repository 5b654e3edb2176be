import * as E from 'fp-ts/lib/Either.js'
import { issue, pointer, showValue, type Issue } from '../issues/issue'
import { toLocalDate, type LocalDate } from '../time/local-date'
import { Request } from './request-codec'
import { reportErrors, unknownFields } from './report'
import { compileValidator, type Validator } from './fast-validator'

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

const validators = new Map<number, Validator>()
const fastCheck = (maxString: number): Validator => {
  let v = validators.get(maxString)
  if (v === undefined) {
    v = compileValidator(Request, maxString)
    validators.set(maxString, v)
  }
  return v
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
  if (fastCheck(limits.maxStringLength)(u, 0)) req = u as Request
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
  const issues: Issue[] = []
  const bad = (at: string, v: unknown): Issue => issue('request/bad-date', at, { received: showValue(v) })
  const date = toLocalDate(req.date, zone)
  if (date === undefined) issues.push(bad('/date', req.date))
  const historyDates: LocalDate[] = []
  ;(req.history ?? []).forEach((ev, i) => {
    const d = toLocalDate(ev.date, zone)
    if (d === undefined) issues.push(bad(`/history/${i}/date`, ev.date))
    else historyDates.push(d)
  })
  const approvalDates: { from?: LocalDate; until?: LocalDate } = {}
  for (const [k, field] of [['from', 'validFrom'], ['until', 'validUntil']] as const) {
    const v = req.approval?.[field]
    if (v === undefined) continue
    const d = toLocalDate(v, zone)
    if (d === undefined) issues.push(bad(`/approval/${field}`, v))
    else approvalDates[k] = d
  }
  ;(req.reviews ?? []).forEach((rv, i) => {
    if (!Number.isInteger(rv.year)) issues.push(issue('request/invalid', `/reviews/${i}/year`, { expected: 'year', received: showValue(rv.year) }))
    for (const k of ['respondents', 'satisfied', 'dissatisfied'] as const) {
      const n = rv[k]
      if (n !== undefined && (!Number.isSafeInteger(n) || n < 0))
        issues.push(issue('request/invalid', `/reviews/${i}/${k}`, { expected: 'whole number ≥ 0', received: showValue(n) }))
    }
    if ((rv.satisfied ?? 0) > rv.respondents || (rv.dissatisfied ?? 0) > rv.respondents)
      issues.push(issue('request/invalid', `/reviews/${i}`, { expected: 'satisfied and dissatisfied ≤ respondents', received: showValue(rv) }))
  })
  if (issues.length > 0 || date === undefined) return E.left(issues)
  return E.right({ request: req, date, historyDates, approvalDates })
}

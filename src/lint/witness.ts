import * as E from 'fp-ts/lib/Either.js'
import type { CompiledPolicy } from '../compile/compile'
import { parsePath } from '../compile/path'
import { Level, RequestKind } from '../decode/request-codec'
import { evaluate } from '../evaluate/evaluate'
import type { Assigned } from './satisfy'

/**
 * Witness requests: a request built from values chosen for the facts a rule reads, then
 * evaluated for real — a claim such as "these two rules fire together" is made only when the
 * evaluation shows it.
 *
 * @module
 */

const REQUEST_FACTS = new Set(['kind', 'date', 'requester', 'community', 'item', 'certificate', 'plaque', 'meeting', 'inspection', 'evaluation', 'form', 'approval', 'emergency', 'legalBasis'])

const isObj = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u)

const setAt = (target: Record<string, unknown>, segs: readonly (string | number)[], value: unknown): boolean => {
  let cur: Record<string, unknown> = target
  for (let i = 0; i < segs.length - 1; i++) {
    const k = String(segs[i])
    if (!isObj(cur[k])) cur[k] = {}
    cur = cur[k] as Record<string, unknown>
  }
  const last = segs[segs.length - 1]
  if (last === undefined) return false
  cur[String(last)] = value
  return true
}

/**
 * A request giving each fact and path its chosen value, on a date; the required fields the
 * choice leaves out get plain defaults. Facts zhunru derives (caps, params, …) cannot be set
 * and are left to the evaluation.
 *
 * @example
 * buildRequest([{ fact: 'kind', value: 'meeting' }], '2026-03-02')
 * // { kind: 'meeting', date: '2026-03-02', requester: { level: 'district' } }
 * @since 0.1.0
 */
export const buildRequest = (assignment: readonly Assigned[], date: string): Record<string, unknown> => {
  const req: Record<string, unknown> = { kind: 'task', date, requester: { level: 'district' } }
  for (const a of assignment) {
    if (a.value === undefined) continue
    if (a.fact === 'year' && typeof a.value === 'number') {
      req.date = `${String(a.value).padStart(4, '0')}-06-01`
      continue
    }
    if (a.fact === 'localDate' && typeof a.value === 'string') {
      req.date = a.value
      continue
    }
    if (!REQUEST_FACTS.has(a.fact)) continue
    const segs = a.path === undefined ? [] : parsePath(a.path)
    if (segs === undefined) continue
    if (segs.length === 0) req[a.fact] = a.value
    else {
      const base = isObj(req[a.fact]) ? (req[a.fact] as Record<string, unknown>) : {}
      req[a.fact] = base
      setAt(base, segs, a.value)
    }
  }
  if (!Object.keys(RequestKind.keys).includes(String(req.kind))) req.kind = 'task'
  const r = req.requester as Record<string, unknown>
  if (!isObj(r) || !Object.keys(Level.keys).includes(String(r.level))) req.requester = { ...(isObj(r) ? r : {}), level: 'district' }
  if (isObj(req.certificate) && typeof req.certificate.kind !== 'string') req.certificate.kind = 'witness'
  if (isObj(req.plaque) && typeof req.plaque.placement !== 'string') req.plaque.placement = 'outside'
  if (isObj(req.approval) && typeof req.approval.approved !== 'boolean') req.approval.approved = false
  if (isObj(req.community) && typeof req.community.id !== 'string') req.community.id = 'witness'
  return req
}

/**
 * Do these rules (by pack and id) all fire on the request?
 *
 * @since 0.1.0
 */
export const allFire = (policy: CompiledPolicy, request: unknown, rules: readonly { pack: string; id: string }[]): boolean => {
  const d = evaluate(policy, request)
  if (E.isLeft(d)) return false
  return rules.every((r) => d.right.fired.some((f) => f.id === r.id && f.pack === r.pack))
}

import * as E from 'fp-ts/lib/Either.js'
import { OUTCOME_RANK, type CompiledPolicy, type CompiledRule, type RuleRef } from '../compile/compile'
import type { Localized, Outcome } from '../decode/pack-codec'
import { evaluate, traceOf } from '../evaluate/evaluate'
import { issue, showValue, type Issue } from '../issues/issue'
import { checkWhole } from '../issues/options'
import { applyChanges, changeKey, existsAt, getAt, pointerKeys, toPointer, type Change } from './change'
import { dateToInForce, type Alternative } from './flip'
import { blockersOf, type Blocker } from './blockers'
import { want } from './want'

/**
 * What-if (counterfactual) answers: the smallest sets of changes to a request that would turn its
 * decision into another outcome (refusable or forbidden into required; required into refusable).
 * Nothing is written per rule: the changes come from the rules' own condition trees
 * ({@link want}), and every candidate is checked by evaluating the changed request again.
 *
 * The search is uniform-cost over the number of changes: from the request as it is, each step
 * either makes a rule with the target outcome fire, stops the rule that decides now from firing,
 * or moves the date forward to the day a rule with the target outcome comes into force; candidates are visited fewest changes first, in a fixed order, within a budget.
 *
 * @module
 */

/**
 * Options of {@link whatIf}.
 *
 * @example
 * const options: WhatIfOptions = { target: 'required', maxChanges: 2 }
 * @since 0.1.0
 */
export interface WhatIfOptions {
  /**
   * the outcome wanted; default `required` (and, where no change makes it required, `permitted`: what
   * the texts allow without obliging), or `refusable` for a required or permitted decision
   */
  readonly target?: Outcome
  /** the most changes in one set: a whole number 1–8 (default 4) */
  readonly maxChanges?: number
  /** the most candidate requests evaluated: a whole number 1–100,000 (default 250) */
  readonly maxCandidates?: number
  /** the most change sets returned: a whole number 1–1,000 (default 3); anything else is `request/invalid` */
  readonly maxResults?: number
}

/**
 * One way to reach the target: changes applied together.
 *
 * @example
 * const first: ChangeSet | undefined = result.changeSets[0]
 * first?.decidedBy // the rule that decides the changed request
 * @since 0.1.0
 */
export interface ChangeSet {
  readonly changes: readonly Change[]
  /** the outcome of the changed request (the target) */
  readonly outcome: Outcome
  /** the rule that decides the changed request */
  readonly decidedBy: string
}

/**
 * A what-if answer.
 *
 * @example
 * const r = whatIf(shandong, request)
 * const answer: WhatIfResult | undefined = E.isRight(r) ? r.right : undefined
 * @since 0.1.0
 */
export interface WhatIfResult {
  /** the decision as the request stands */
  readonly outcome: Outcome
  readonly decidedBy: string
  readonly target: Outcome
  /**
   * set when no change made the request `required` and the sets below make it `permitted` instead:
   * the conditions that stood in the way of `required`
   */
  readonly requiredBlocked?: readonly Blocker[]
  /** minimal change sets, fewest changes first; empty when none was found */
  readonly changeSets: readonly ChangeSet[]
  /** candidate requests evaluated */
  readonly candidates: number
  /** every candidate within `maxChanges` was tried (no budget ran out) */
  readonly exhausted: boolean
  /** when no change set was found: the policy has rules with the target outcome in force */
  readonly targetRules: number
  /** when no change set was found: the conditions of those rules the requester cannot turn */
  readonly blocked: readonly Blocker[]
}

interface State {
  readonly atomic: readonly Change[]
  readonly size: number
  readonly seq: number
}

const joinReasons = (cs: readonly Change[]): Localized => {
  const zh = [...new Set(cs.map((c) => c.reason['zh-CN']))]
  const en = [...new Set(cs.map((c) => c.reason.en))]
  return { 'zh-CN': zh.join('；'), en: en.join('; ') }
}

/**
 * Group atomic changes under fields the request lacks into one change each: four fields of a
 * missing approval become one change that attaches the approval.
 *
 * @example
 * mergeChanges({}, [{ path: '/approval/approved', to: true, reason }, { path: '/approval/funds', to: 1, reason }])
 * // [{ path: '/approval', to: { approved: true, funds: 1 }, reason }]
 * @since 0.1.0
 */
export const mergeChanges = (original: unknown, atomic: readonly Change[]): Change[] => {
  if (!Array.isArray(atomic)) return []
  try {
    return mergeUnchecked(original, atomic)
  } catch {
    return [] // changes that are not whatIf's
  }
}

const mergeUnchecked = (original: unknown, atomic: readonly Change[]): Change[] => {
  const groups = new Map<string, Change[]>()
  for (const c of atomic) {
    const keys = pointerKeys(c.path)
    let root = c.path
    for (let i = 1; i < keys.length; i++) {
      const p = toPointer(keys.slice(0, i))
      if (!existsAt(original, p)) {
        root = p
        break
      }
    }
    const g = groups.get(root) ?? []
    g.push(c)
    groups.set(root, g)
  }
  const out: Change[] = []
  for (const [root, cs] of groups) {
    const from = getAt(original, root)
    if (cs.length === 1 && (cs[0] as Change).path === root) {
      out.push({ path: root, ...(existsAt(original, root) ? { from } : {}), ...((cs[0] as Change).to !== undefined ? { to: (cs[0] as Change).to } : {}), reason: (cs[0] as Change).reason })
      continue
    }
    const sub = applyChanges({}, cs.map((c) => ({ path: c.path.slice(root.length), ...(c.to !== undefined ? { to: c.to } : {}) })))
    out.push({ path: root, to: sub, reason: joinReasons(cs) })
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b)

/** Add an alternative's changes to a state's (a later change to the same field replaces it). */
const extend = (original: unknown, atomic: readonly Change[], alt: Alternative): Change[] => {
  const byPath = new Map(atomic.map((c) => [c.path, c]))
  for (const c of alt) byPath.set(c.path, c)
  const out: Change[] = []
  for (const c of byPath.values()) {
    const present = existsAt(original, c.path)
    const before = getAt(original, c.path)
    // a change back to what the request already says is no change
    if (c.to === undefined ? !present : present && same(before, c.to)) continue
    out.push({ path: c.path, ...(present ? { from: before } : {}), ...(c.to !== undefined ? { to: c.to } : {}), reason: c.reason })
  }
  return out
}

const subsetsBySize = <T>(xs: readonly T[]): T[][] => {
  const out: T[][] = []
  const n = xs.length
  for (let mask = 1; mask < (1 << n) - 1; mask++) out.push(xs.filter((_, i) => (mask & (1 << i)) !== 0))
  return out.sort((a, b) => a.length - b.length)
}

const defaultTarget = (o: Outcome): Outcome => (o === 'required' || o === 'permitted' ? 'refusable' : 'required')

/**
 * The smallest sets of changes to `request` that make `policy` decide `target` instead.
 * Never throws; a request that cannot be evaluated gives its issues.
 *
 * @example
 * const r = whatIf(shandong, { kind: 'task', date: '2026-03-02', requester: { level: 'district' },
 *   item: { category: '招商引资' } })
 * // Right({ outcome: 'refusable', target: 'required', changeSets: [{ changes: [{ path: '/approval',
 * //   to: { approved: true, funds: 1, authorisation: { authority: '…' } }, reason }], … }], … })
 * @since 0.1.0
 */
export const whatIf = (policy: CompiledPolicy, request: unknown, options: WhatIfOptions = {}): E.Either<Issue[], WhatIfResult> => {
  const o: WhatIfOptions = typeof options === 'object' && options !== null ? options : {}
  const bad = [
    ...checkWhole('maxChanges', o.maxChanges, 1, 8),
    ...checkWhole('maxCandidates', o.maxCandidates, 1, 100_000),
    ...checkWhole('maxResults', o.maxResults, 1, 1_000),
    ...(o.target === undefined || (typeof o.target === 'string' && Object.prototype.hasOwnProperty.call(OUTCOME_RANK, o.target))
      ? []
      : [issue('request/invalid', '', { expected: 'target: required | permitted | refusable | forbidden', received: showValue(o.target) })]),
  ]
  if (bad.length > 0) return E.left(bad)
  const r = search(policy, request, o)
  // a refusal no change turns into a duty: what would the texts at least allow? (interpretation, principle 2)
  if (o.target !== undefined || E.isLeft(r) || r.right.changeSets.length > 0 || r.right.target !== 'required') return r
  const p = search(policy, request, { ...o, target: 'permitted' })
  if (E.isLeft(p) || p.right.changeSets.length === 0) return r
  return E.right({ ...p.right, candidates: r.right.candidates + p.right.candidates, requiredBlocked: r.right.blocked })
}

const search = (policy: CompiledPolicy, request: unknown, options: WhatIfOptions): E.Either<Issue[], WhatIfResult> => {
  const first = evaluate(policy, request)
  if (E.isLeft(first)) return first
  const d0 = first.right
  const target = options.target ?? defaultTarget(d0.outcome)
  const maxChanges = options.maxChanges ?? 4
  const maxCandidates = options.maxCandidates ?? 250
  const maxResults = options.maxResults ?? 3

  let candidates = 1
  const found: ChangeSet[] = []
  const foundKeys = new Set<string>()
  const queue: State[] = [{ atomic: [], size: 0, seq: 0 }]
  const seen = new Set<string>([''])
  let seq = 1
  let budgetHit = false

  const check = (changes: readonly Change[]): { outcome: Outcome; decidedBy: RuleRef } | undefined => {
    candidates++
    const r = evaluate(policy, applyChanges(request, changes))
    return E.isRight(r) ? { outcome: r.right.outcome, decidedBy: r.right.decidedBy } : undefined
  }

  // the reasons of date moves to the day rules come into force (they name every rule of that day);
  // in a set found, such a move names the rule that decides, when that rule is one of them
  const inForceReasons = new Set<Localized>()
  const naming = (changes: readonly Change[], decider: RuleRef): Change[] =>
    changes.map((c) => {
      if (!inForceReasons.has(c.reason) || typeof c.to !== 'string' || decider.from !== c.to) return c
      const [alt] = dateToInForce(c.to, [decider], d0.date)
      const reason = alt?.[0]?.reason
      return reason === undefined ? c : { ...c, reason }
    })

  const record = (merged: readonly Change[]): void => {
    // the smallest subset that still works (fewest changes first), so that no proper subset works
    let best: readonly Change[] = merged
    for (const s of subsetsBySize(merged)) {
      const r = check(s)
      if (r !== undefined && r.outcome === target) {
        best = s
        break
      }
    }
    const key = changeKey(best)
    if (foundKeys.has(key)) return
    const r = check(best)
    if (r === undefined || r.outcome !== target) return
    foundKeys.add(key)
    found.push({ changes: naming(best, r.decidedBy), outcome: r.outcome, decidedBy: r.decidedBy.id })
  }

  while (queue.length > 0 && found.length < maxResults) {
    if (candidates >= maxCandidates) {
      budgetHit = true
      break
    }
    const state = queue.shift() as State
    const r = state.atomic.length === 0 ? first : evaluate(policy, applyChanges(request, state.atomic))
    if (state.atomic.length > 0) candidates++
    if (E.isLeft(r)) continue
    const d = r.right
    if (d.outcome === target) {
      if (state.atomic.length > 0) record(mergeChanges(request, state.atomic))
      continue
    }
    const trace = traceOf(d)
    if (trace === undefined) continue
    const ctx = trace.ctx
    const alts: Alternative[] = []
    // a rule with the target outcome that does not fire yet
    for (const rule of trace.epoch.rules as readonly CompiledRule[])
      if (rule.ref.outcome === target && !d.fired.includes(rule.ref)) alts.push(...want(rule.info, true, ctx, rule.ref))
    // the rule that decides now, stopped
    const decider = trace.epoch.rules.find((x) => x.ref === d.decidedBy)
    if (decider !== undefined) alts.push(...want(decider.info, false, ctx, decider.ref))
    // rules with the target outcome, for this kind of request, not yet in force: the date moved
    // forward to the day they come into force (the nearest day first)
    const kind = String(ctx.req.kind)
    const byDay = new Map<string, RuleRef[]>()
    for (const rule of trace.epoch.notInForce as readonly CompiledRule[]) {
      const day = rule.ref.from
      if (rule.ref.outcome !== target || day === undefined || day <= ctx.date || (rule.kinds !== undefined && !rule.kinds.has(kind))) continue
      byDay.set(day, [...(byDay.get(day) ?? []), rule.ref])
    }
    for (const day of [...byDay.keys()].sort())
      for (const alt of dateToInForce(day, byDay.get(day) as RuleRef[], ctx.date)) {
        for (const c of alt) inForceReasons.add(c.reason)
        alts.push(alt)
      }
    for (const alt of alts) {
      if (alt.length === 0) continue
      const atomic = extend(request, state.atomic, alt)
      if (atomic.length === 0) continue
      const key = changeKey(atomic)
      if (seen.has(key)) continue
      seen.add(key)
      const size = mergeChanges(request, atomic).length
      if (size > maxChanges) continue
      // keep the queue ordered by size, then by arrival (a stable insertion)
      let at = queue.length
      while (at > 0 && (queue[at - 1] as State).size > size) at--
      queue.splice(at, 0, { atomic, size, seq: seq++ })
    }
  }
  found.sort((a, b) => a.changes.length - b.changes.length)
  const trace0 = traceOf(d0)
  const targetRules = trace0 === undefined ? 0 : trace0.epoch.rules.filter((r) => r.ref.outcome === target).length
  const blocked = found.length > 0 || trace0 === undefined ? [] : blockersOf(trace0.epoch.rules, target, trace0.ctx, trace0.epoch.rules.find((x) => x.ref === d0.decidedBy))
  return E.right({
    outcome: d0.outcome,
    decidedBy: d0.decidedBy.id,
    target,
    changeSets: found,
    candidates,
    exhausted: !budgetHit && found.length < maxResults,
    targetRules,
    blocked,
  })
}

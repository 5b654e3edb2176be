import * as E from 'fp-ts/lib/Either.js'
import type { CompiledPolicy, RuleRef } from '../compile/compile'
import type { Outcome } from '../decode/pack-codec'
import { evaluate } from '../evaluate/evaluate'
import type { Issue } from '../issues/issue'

/**
 * One request under several policies: the outcomes side by side, and for each pair of policies
 * that decide differently, the rules that make the difference.
 *
 * @module
 */

/**
 * A rule as a comparison shows it.
 *
 * @example
 * const r: RuleBrief = { id: 'assist-list', pack: 'cn-shandong', outcome: 'required', priority: 50 }
 * r.outcome // 'required'
 * @since 0.1.0
 */
export interface RuleBrief {
  readonly id: string
  /** the pack (layer) the rule comes from */
  readonly pack: string
  readonly outcome: Outcome
  readonly priority: number
}

/**
 * One policy's answer.
 *
 * @example
 * const row: CompareRow | undefined = compare(request, policies).rows[0]
 * @since 0.1.0
 */
export interface CompareRow {
  readonly policy: string
  readonly outcome?: Outcome
  readonly decidedBy?: RuleBrief
  /** every rule that fired, in precedence order */
  readonly fired: readonly RuleBrief[]
  /** when the request cannot be evaluated under this policy (for instance a date outside its period) */
  readonly issues?: readonly Issue[]
}

/**
 * How one rule differs between two policies: it fired under one only, or it fired under both
 * but with a different outcome (a child pack overrode it), or with the same outcome from a
 * different layer (a child pack replaced it, same outcome).
 *
 * @example
 * const d: RuleDifference = { rule: 'catch-all', kind: 'only-in-a', deciding: true }
 * d.kind // 'only-in-a'
 * @since 0.1.0
 */
export interface RuleDifference {
  readonly rule: string
  readonly kind: 'only-in-a' | 'only-in-b' | 'decides-differently' | 'other-layer'
  readonly a?: RuleBrief
  readonly b?: RuleBrief
  /** the rule decides under at least one of the two */
  readonly deciding: boolean
}

/**
 * A pair of policies whose decisions differ (in outcome, or in the rule that decides).
 *
 * @example
 * const pairs: readonly PairDifference[] = compare(request, policies).differences
 * @since 0.1.0
 */
export interface PairDifference {
  readonly a: string
  readonly b: string
  readonly outcomeA?: Outcome
  readonly outcomeB?: Outcome
  readonly outcomesDiffer: boolean
  readonly decidedByA?: string
  readonly decidedByB?: string
  /** the rules that make the difference: the deciding ones first, then by kind (different outcome, one side only, another layer) */
  readonly rules: readonly RuleDifference[]
}

/**
 * A comparison.
 *
 * @example
 * const c: Comparison = compare(request, policies)
 * @since 0.1.0
 */
export interface Comparison {
  readonly rows: readonly CompareRow[]
  /** every pair (in the order the policies were given) whose decisions differ */
  readonly differences: readonly PairDifference[]
  /** whether every policy gave the same outcome */
  readonly sameOutcome: boolean
}

const brief = (r: RuleRef): RuleBrief => ({ id: r.id, pack: r.pack, outcome: r.outcome, priority: r.priority })

const entriesOf = (policies: ReadonlyMap<string, CompiledPolicy> | Readonly<Record<string, CompiledPolicy>>): [string, CompiledPolicy][] =>
  policies instanceof Map ? [...policies.entries()] : Object.entries(policies as Record<string, CompiledPolicy>)

/** Deciding rules first; among them, a different outcome, then a rule of one side only, then another layer. */
const KIND_RANK: Record<RuleDifference['kind'], number> = { 'decides-differently': 0, 'only-in-a': 1, 'only-in-b': 1, 'other-layer': 2 }

const diffRules = (x: CompareRow, y: CompareRow): RuleDifference[] => {
  const a = new Map(x.fired.map((r) => [r.id, r]))
  const b = new Map(y.fired.map((r) => [r.id, r]))
  const deciding = new Set([x.decidedBy?.id, y.decidedBy?.id].filter((s): s is string => s !== undefined))
  const out: RuleDifference[] = []
  for (const r of x.fired) {
    const other = b.get(r.id)
    if (other === undefined) out.push({ rule: r.id, kind: 'only-in-a', a: r, deciding: deciding.has(r.id) })
    else if (other.outcome !== r.outcome) out.push({ rule: r.id, kind: 'decides-differently', a: r, b: other, deciding: deciding.has(r.id) })
    else if (other.pack !== r.pack) out.push({ rule: r.id, kind: 'other-layer', a: r, b: other, deciding: deciding.has(r.id) })
  }
  for (const r of y.fired) if (!a.has(r.id)) out.push({ rule: r.id, kind: 'only-in-b', b: r, deciding: deciding.has(r.id) })
  return out.sort((p, q) => Number(q.deciding) - Number(p.deciding) || KIND_RANK[p.kind] - KIND_RANK[q.kind])
}

/**
 * Decide one request under each policy and compare. Policies are given by id (a `Map` or a plain
 * object), in the order the comparison shows them. Never throws: a policy under which the request
 * cannot be evaluated gets a row with its issues.
 *
 * @example
 * const c = compare(request, new Map([['cn-national', national], ['cn-shandong', shandong]]))
 * c.rows.map((r) => r.outcome) // ['refusable', 'required']
 * c.differences[0]?.rules[0] // { rule: 'assist-list', kind: 'only-in-b', deciding: true, ... }
 * @since 0.1.0
 */
export const compare = (
  request: unknown,
  policies: ReadonlyMap<string, CompiledPolicy> | Readonly<Record<string, CompiledPolicy>>,
): Comparison => {
  try {
    return compareUnchecked(request, policies)
  } catch {
    // not a map of compiled policies: nothing to compare
    return { rows: [], differences: [], sameOutcome: true }
  }
}

const compareUnchecked = (
  request: unknown,
  policies: ReadonlyMap<string, CompiledPolicy> | Readonly<Record<string, CompiledPolicy>>,
): Comparison => {
  const rows: CompareRow[] = entriesOf(policies).map(([id, policy]) => {
    const d = evaluate(policy, request)
    if (E.isLeft(d)) return { policy: id, fired: [], issues: d.left }
    return { policy: id, outcome: d.right.outcome, decidedBy: brief(d.right.decidedBy), fired: d.right.fired.map(brief) }
  })
  const differences: PairDifference[] = []
  for (let i = 0; i < rows.length; i++)
    for (let j = i + 1; j < rows.length; j++) {
      const x = rows[i] as CompareRow
      const y = rows[j] as CompareRow
      const outcomesDiffer = x.outcome !== y.outcome
      const sameRule = x.decidedBy?.id === y.decidedBy?.id && x.decidedBy?.pack === y.decidedBy?.pack
      if (!outcomesDiffer && sameRule) continue
      differences.push({
        a: x.policy,
        b: y.policy,
        ...(x.outcome !== undefined ? { outcomeA: x.outcome } : {}),
        ...(y.outcome !== undefined ? { outcomeB: y.outcome } : {}),
        outcomesDiffer,
        ...(x.decidedBy !== undefined ? { decidedByA: x.decidedBy.id } : {}),
        ...(y.decidedBy !== undefined ? { decidedByB: y.decidedBy.id } : {}),
        rules: diffRules(x, y),
      })
    }
  const outcomes = new Set(rows.map((r) => r.outcome ?? 'issues'))
  return { rows, differences, sameOutcome: outcomes.size <= 1 }
}

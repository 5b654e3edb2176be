import * as E from 'fp-ts/lib/Either.js'
import type { CompiledPolicy } from '../compile/compile'
import type { ConditionJson } from '../decode/condition-codec'
import { RequestKind } from '../decode/request-codec'
import type { Decision } from '../evaluate/decision'
import { evaluate } from '../evaluate/evaluate'
import { alternatives, type Conjunct, type Literal } from '../lint/literals'
import { satisfy, type Assigned, type ListMembers } from '../lint/satisfy'
import { buildRequest } from '../lint/witness'
import type { ResolvedPolicy } from '../resolve/resolve'
import type { EntryChange } from './diff'

/**
 * A request that two policies decide differently, for one changed rule, cap or list: built with
 * the lint's satisfiability analysis (`satisfy`, `buildRequest`) from the entry's conditions, then
 * varied (the history a cap counts, a rule that decides first knocked out) and CHECKED by
 * evaluating it under both policies. Nothing is claimed that the evaluation does not show.
 *
 * @module
 */

/** A witness found, or why none was. @since 0.2.0 */
export type DiffWitness =
  | {
      readonly found: true
      readonly request: Record<string, unknown>
      readonly before: { readonly outcome: string; readonly rule: string }
      readonly after: { readonly outcome: string; readonly rule: string }
    }
  | { readonly found: false; readonly reason: string }

const KINDS = Object.keys(RequestKind.keys)
/** Candidates tried per entry, at most. */
const MAX_TRIES = 400

const listMembers = (policy: ResolvedPolicy, first?: { list: string; names: readonly unknown[] }): ListMembers => {
  const ever = new Map<string, unknown[]>()
  for (const l of policy.lists.values()) {
    const e: unknown[] = []
    for (const { item } of l.items) e.push(...(typeof item === 'string' ? [item] : [item.id, ...(item.name !== undefined ? [item.name] : []), ...(item.aliases ?? [])]))
    ever.set(l.id, first !== undefined && first.list === l.id ? [...first.names, ...e] : e)
  }
  return { ever: (id) => ever.get(id), always: () => [] }
}

const named = (p: ResolvedPolicy): Map<string, ConditionJson> => new Map([...p.conditions].map(([k, v]) => [k, v.value as ConditionJson]))

/** Assignments that make a literal false (to knock out a rule that decides before the one changed). */
const falsify = (l: Literal, lists: ListMembers): Assigned[] => {
  if (l.fact === 'kind' || l.fact === 'caps' || l.fact === 'date') return []
  const at = (value: unknown): Assigned => ({ fact: l.fact, ...(l.path !== undefined ? { path: l.path } : {}), value })
  switch (l.op) {
    case 'notEqual':
      return [at(l.value)]
    case 'equal':
      return typeof l.value === 'boolean' ? [at(!l.value)] : typeof l.value === 'number' ? [at(l.value + 1)] : typeof l.value === 'string' ? [at(`${l.value}-其他`)] : []
    case 'notIn':
      return Array.isArray(l.value) && l.value.length > 0 ? [at(l.value[0])] : []
    case 'notInList': {
      const m = lists.ever(String(l.value))?.[0]
      return m === undefined ? [] : [at(m)]
    }
    case 'inList':
      return [at('不在清单中的事项')]
    case 'greaterThan':
    case 'greaterThanInclusive':
      return typeof l.value === 'number' ? [at(l.value - 1)] : []
    case 'lessThan':
    case 'lessThanInclusive':
      return typeof l.value === 'number' ? [at(l.value + 1)] : []
    default:
      return []
  }
}

const decisionOf = (policy: CompiledPolicy, request: unknown): Decision | undefined => {
  const d = evaluate(policy, request)
  return E.isRight(d) ? d.right : undefined
}
const differ = (x: Decision | undefined, y: Decision | undefined): boolean =>
  x !== undefined && y !== undefined && (x.outcome !== y.outcome || x.decidedBy.id !== y.decidedBy.id || x.decidedBy.pack !== y.decidedBy.pack)

/** A date in force under both policies: the entry's start, else mid-2026, within both periods. */
const datesFor = (before: CompiledPolicy, after: CompiledPolicy, from: readonly (string | undefined)[]): string[] => {
  const lo = [before.from, after.from, ...from].filter((d): d is string => typeof d === 'string').sort()
  const hi = [before.until, after.until].filter((d): d is string => typeof d === 'string').sort()
  const start = lo[lo.length - 1]
  const end = hi[0]
  const out = ['2026-06-15', ...(start !== undefined ? [start] : [])].filter((d) => (start === undefined || d >= start) && (end === undefined || d <= end))
  return out.length > 0 ? out : end !== undefined ? [end] : ['2026-06-15']
}

/**
 * Look for a request `before` and `after` decide differently, for one entry of their difference.
 * Every candidate is evaluated under both; the first that differs is given with both decisions.
 *
 * @example
 * diffWitness(before, after, change) // { found: true, request: { kind: 'inspection', history: [ … ] }, before: { outcome: 'refusable', … }, after: { outcome: 'permitted', … } }
 * @since 0.2.0
 */
export const diffWitness = (before: CompiledPolicy, after: CompiledPolicy, change: EntryChange): DiffWitness => {
  if (typeof change !== 'object' || change === null || typeof before !== 'object' || before === null || typeof after !== 'object' || after === null || before.resolved === undefined || after.resolved === undefined)
    return { found: false, reason: 'not two compiled policies and a change' }
  const a = before.resolved
  const b = after.resolved
  // the conditions to satisfy, each with the lists (a list's new items first) of its policy
  const seeds: { readonly cond: ConditionJson; readonly policy: ResolvedPolicy; readonly lists: ListMembers }[] = []
  const froms: (string | undefined)[] = []
  const caps = new Set<string>()
  if (change.kind === 'rule') {
    for (const p of [b, a]) {
      const r = p.rules.find((x) => x.rule.id === change.id)
      if (r === undefined) continue
      seeds.push({ cond: r.rule.conditions as ConditionJson, policy: p, lists: listMembers(p) })
      froms.push(r.rule.from)
      const text = JSON.stringify(r.rule.conditions)
      for (const c of p.caps.keys()) if (text.includes(`$.${c}.`)) caps.add(c)
    }
  } else if (change.kind === 'cap') {
    caps.add(change.id)
    for (const p of [b, a]) {
      const c = p.caps.get(change.id)
      if (c !== undefined) seeds.push({ cond: c.value.match as ConditionJson, policy: p, lists: listMembers(p) })
    }
  } else {
    // a list: the rules that read it, with the items added (or removed) tried first
    const names = [...(change.itemsAdded ?? []), ...(change.itemsChanged ?? []), ...(change.itemsRemoved ?? [])].flatMap((i) => [i.name, i.id].filter((x) => x !== undefined))
    for (const p of [b, a]) {
      const lists = listMembers(p, { list: change.id, names })
      for (const r of p.rules) if (JSON.stringify(r.rule.conditions).includes(JSON.stringify(change.id))) seeds.push({ cond: r.rule.conditions as ConditionJson, policy: p, lists })
    }
  }
  if (seeds.length === 0) return { found: false, reason: change.kind === 'list' ? 'no rule reads this list' : 'the entry has no condition to satisfy' }
  const maxes = [...caps].flatMap((c) => [a.caps.get(c)?.value.max, b.caps.get(c)?.value.max]).filter((x): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0 && x < 1000)
  const historySizes = [...new Set([0, ...maxes, ...maxes.map((m) => m + 1)])].sort((x, y) => x - y)
  let tries = 0
  let unsatisfiable = 0
  let alts = 0
  for (const seed of seeds) {
    const options = alternatives(seed.cond, named(seed.policy), 32) ?? []
    for (const alt of options) {
      alts++
      const s = satisfy(alt as Conjunct[], seed.lists)
      if (!s.ok) {
        unsatisfiable++
        continue
      }
      const setsKind = s.assignment.some((v) => v.fact === 'kind' && v.value !== undefined)
      for (const date of datesFor(before, after, froms))
        for (const kind of setsKind ? [undefined] : KINDS) {
          let extra: Assigned[] = []
          // a few rounds: when both decide alike by a rule that is not the one changed, knock it out
          for (let round = 0; round < 4; round++) {
            for (const n of historySizes) {
              if (++tries > MAX_TRIES) return { found: false, reason: `no request found in ${MAX_TRIES} candidates (conditions the analysis cannot see through, such as facts zhunru derives, may decide)` }
              const base = buildRequest([...s.assignment, ...extra], date)
              if (kind !== undefined) base.kind = kind
              const { history: _h, ...event } = base
              void _h
              const request = n === 0 ? base : { ...base, history: Array.from({ length: n }, () => ({ ...event })) }
              const x = decisionOf(before, request)
              const y = decisionOf(after, request)
              if (differ(x, y))
                return {
                  found: true,
                  request,
                  before: { outcome: (x as Decision).outcome, rule: `${(x as Decision).decidedBy.pack}:${(x as Decision).decidedBy.id}` },
                  after: { outcome: (y as Decision).outcome, rule: `${(y as Decision).decidedBy.pack}:${(y as Decision).decidedBy.id}` },
                }
            }
            // the rule deciding under the policy after, unless it is the entry changed
            const y = decisionOf(after, buildRequest([...s.assignment, ...extra], date))
            const decider = y?.decidedBy
            if (decider === undefined || (change.kind === 'rule' && decider.id === change.id)) break
            const r = b.rules.find((x) => x.rule.id === decider.id)
            const dAlts = r === undefined ? undefined : alternatives(r.rule.conditions as ConditionJson, named(b), 16)
            const lits = (dAlts ?? []).flat().filter((c): c is Literal => c.kind === 'literal')
            const knock = lits.flatMap((l) => falsify(l, seed.lists)).filter((k) => !s.assignment.some((v) => v.fact === k.fact && v.path === k.path))
            if (knock.length === 0) break
            extra = [...extra, ...knock]
          }
        }
    }
  }
  if (alts > 0 && unsatisfiable === alts) return { found: false, reason: 'the conditions cannot hold (the lint would report lint/unsatisfiable)' }
  return { found: false, reason: `no candidate request (${tries} tried) is decided differently: the change may not reach a decision (another rule decides first), or it depends on conditions the analysis cannot build` }
}

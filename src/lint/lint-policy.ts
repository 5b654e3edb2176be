import * as E from 'fp-ts/lib/Either.js'
import { compilePolicy, OUTCOME_RANK, type CompiledPolicy } from '../compile/compile'
import { compareRatio, parseRatio } from '../compile/ratio'
import type { ConditionJson } from '../decode/condition-codec'
import { RequestKind } from '../decode/request-codec'
import { pointer, showValue } from '../issues/issue'
import { readableQuote } from '../compile/citation'
import type { ResolvedPolicy, ResolvedRule } from '../resolve/resolve'
import { fromIssue, type LintFinding } from './finding'
import { alternatives, conjuncts, sameConjunct, type Conjunct } from './literals'
import { satisfy, type ListMembers } from './satisfy'
import { allFire, buildRequest } from './witness'

/**
 * The static checks of a resolved policy, beyond what compile refuses: conditions that can never
 * hold, rules of one priority tier that fire together (shown by a request that is evaluated),
 * rules shadowed by a higher one, a child loosening its parent's caps and thresholds, periods
 * that ended, `prevailsOver` naming no rule. Every finding carries the file and JSON pointer of
 * the entry it is about.
 *
 * @module
 */

/** Options of {@link lintPolicy}. @since 0.1.0 */
export interface LintOptions {
  /** the date periods are judged against (`YYYY-MM-DD`); no expiry check without it */
  readonly today?: string
  /** skip the tier-conflict search (it evaluates witness requests) */
  readonly skipConflicts?: boolean
  /**
   * the most pairs of rules the tier-conflict search checks for a witness in one policy (default
   * 20,000, about a few seconds); past it the search stops with one `lint/conflicts-capped`
   */
  readonly maxConflictChecks?: number
  /**
   * where a linted pack's source texts are: given the pack's file, a reader of the files its
   * documents' texts name (relative to a `sources/` folder), or undefined when there is none. With
   * it, every quote of the pack is looked for verbatim in its text (`lint/bad-citation` when not
   * found). The CLI finds the nearest `sources/` folder above the pack.
   */
  readonly sourcesFor?: (packFile: string) => ((textFile: string) => string | undefined) | undefined
}

/** The default of {@link LintOptions.maxConflictChecks}. @since 0.1.0 */
export const MAX_CONFLICT_CHECKS = 20_000

const later = (a?: string, b?: string): string | undefined => (a === undefined ? b : b === undefined ? a : a > b ? a : b)
const earlier = (a?: string, b?: string): string | undefined => (a === undefined ? b : b === undefined ? a : a < b ? a : b)

const periodOf = (r: ResolvedRule): { from?: string; until?: string } => ({
  ...(later(r.rule.from, r.packFrom) !== undefined ? { from: later(r.rule.from, r.packFrom) as string } : {}),
  ...(earlier(r.rule.until, r.packUntil) !== undefined ? { until: earlier(r.rule.until, r.packUntil) as string } : {}),
})

const overlap = (a: { from?: string; until?: string }, b: { from?: string; until?: string }): { from?: string; until?: string } | undefined => {
  const from = later(a.from, b.from)
  const until = earlier(a.until, b.until)
  if (from !== undefined && until !== undefined && from > until) return undefined
  return { ...(from !== undefined ? { from } : {}), ...(until !== undefined ? { until } : {}) }
}

/** Does period `a` cover period `b`? */
const covers = (a: { from?: string; until?: string }, b: { from?: string; until?: string }): boolean =>
  (a.from === undefined || (b.from !== undefined && b.from >= a.from)) && (a.until === undefined || (b.until !== undefined && b.until <= a.until))

const listMembers = (policy: ResolvedPolicy): ListMembers => {
  const ever = new Map<string, unknown[]>()
  const always = new Map<string, unknown[]>()
  for (const l of policy.lists.values()) {
    const e: unknown[] = []
    const a: unknown[] = []
    const listAlways = l.def.from === undefined && l.def.until === undefined
    for (const { item } of l.items) {
      const names = typeof item === 'string' ? [item] : [item.id, ...(item.name !== undefined ? [item.name] : []), ...(item.aliases ?? [])]
      e.push(...names)
      if (listAlways && (typeof item === 'string' || (item.from === undefined && item.until === undefined))) a.push(...names)
    }
    ever.set(l.id, e)
    always.set(l.id, a)
  }
  return { ever: (id) => ever.get(id), always: (id) => always.get(id) ?? [] }
}

const fileOf = (policy: ResolvedPolicy, pack: string): string | undefined => policy.chain.find((p) => p.pack.id === pack)?.file

const relates = (a: ResolvedRule, b: ResolvedRule): boolean =>
  (a.rule.prevailsOver ?? []).some((p) => p.rule === b.rule.id) ||
  (b.rule.prevailsOver ?? []).some((p) => p.rule === a.rule.id) ||
  (a.rule.yieldsTo ?? []).some((p) => p.rule === b.rule.id) ||
  (b.rule.yieldsTo ?? []).some((p) => p.rule === a.rule.id)

const subset = (small: readonly Conjunct[], big: readonly Conjunct[]): boolean => small.every((s) => big.some((b) => sameConjunct(s, b)))

/**
 * Lint a resolved policy. Returns every finding (an empty array when it is clean).
 *
 * @example
 * lintPolicy(resolved, { today: '2026-03-02' }) // [{ code: 'lint/shadowed', file, path: '/rules/4', ... }]
 * @since 0.1.0
 */
export const lintPolicy = (policy: ResolvedPolicy, options: LintOptions = {}): LintFinding[] => {
  const out: LintFinding[] = []
  const first = compilePolicy(policy)
  if (E.isLeft(first)) out.push(...first.left.map(fromIssue))
  // for the witness search, a policy without the rules compile refused
  const compiled = E.isRight(first) ? first : compilePolicy(withoutRefused(policy, first.left))
  const named = new Map([...policy.conditions].map(([k, v]) => [k, v.value as ConditionJson]))
  const lists = listMembers(policy)
  const at = (r: ResolvedRule, rel = ''): Pick<LintFinding, 'file' | 'path'> => ({
    ...(fileOf(policy, r.pack) !== undefined ? { file: fileOf(policy, r.pack) as string } : {}),
    path: r.pointer + rel,
  })
  const ruleIds = new Set(policy.rules.map((r) => r.rule.id))

  // conditions that can never hold together; prevailsOver naming no rule; ended periods
  const alts = new Map<ResolvedRule, Conjunct[][] | undefined>()
  for (const r of policy.rules) {
    const cs = conjuncts(r.rule.conditions, named)
    const s = satisfy(cs, lists)
    if (!s.ok) out.push({ code: 'lint/unsatisfiable', ...at(r, '/conditions'), received: s.reason, params: { rule: r.rule.id } })
    alts.set(r, alternatives(r.rule.conditions, named))
    ;(r.rule.yieldsTo ?? []).forEach((p, i) => {
      if (!ruleIds.has(p.rule)) out.push({ code: 'lint/unknown-prevails-over', ...at(r, `/yieldsTo/${i}/rule`), received: showValue(p.rule), params: { rule: r.rule.id, pack: r.pack, target: p.rule } })
    })
    ;(r.rule.prevailsOver ?? []).forEach((p, i) => {
      if (!ruleIds.has(p.rule)) out.push({ code: 'lint/unknown-prevails-over', ...at(r, `/prevailsOver/${i}/rule`), received: showValue(p.rule), params: { rule: r.rule.id, pack: r.pack, target: p.rule } })
    })
    if (options.today !== undefined && r.rule.until !== undefined && r.rule.until < options.today)
      out.push({ code: 'lint/expired', ...at(r, '/until'), received: r.rule.until, params: { rule: r.rule.id } })
  }
  if (options.today !== undefined)
    for (const l of policy.lists.values())
      for (const it of l.items)
        if (typeof it.item !== 'string' && it.item.until !== undefined && it.item.until < (options.today as string)) {
          const file = fileOf(policy, it.pack)
          out.push({ code: 'lint/expired-item', ...(file !== undefined ? { file } : {}), path: `${it.pointer}/until`, received: it.item.until, params: { list: l.id, item: it.id } })
        }

  // a rule shadowed by a higher one of another outcome: every way the lower can hold, the higher holds too
  for (const low of policy.rules) {
    const lowAlts = alts.get(low)
    if (lowAlts === undefined || lowAlts.length === 0) continue
    const high = policy.rules.find((h) => {
      if (h === low || h.rule.priority <= low.rule.priority || h.rule.outcome === low.rule.outcome || relates(h, low)) return false
      if (!covers(periodOf(h), periodOf(low))) return false
      const hAlts = alts.get(h)
      return hAlts !== undefined && lowAlts.every((la) => hAlts.some((ha) => subset(ha, la)))
    })
    if (high !== undefined)
      out.push({
        code: 'lint/shadowed',
        ...at(low, '/priority'),
        params: { rule: low.rule.id, outcome: low.rule.outcome, other: high.rule.id, otherOutcome: high.rule.outcome },
      })
  }

  // two rules of one tier, different outcomes, that fire on one request: shown by evaluating it
  if (E.isRight(compiled) && options.skipConflicts !== true) out.push(...tierConflicts(policy, compiled.right, alts, lists, at, options))

  out.push(...loosened(policy))
  out.push(...capQuoteDiffers(policy))
  return out
}

const withoutRefused = (policy: ResolvedPolicy, issues: readonly { file?: string; path: string }[]): ResolvedPolicy => {
  const refused = (file: string | undefined, at: string): boolean => issues.some((i) => i.file === file && (i.path === at || i.path.startsWith(`${at}/`)))
  return {
    ...policy,
    chain: policy.chain.map((p) => {
      const pointers = p.pack.rules.map((_r, i) => p.rulePointers?.[i] ?? pointer('/rules', i))
      const keep = pointers.map((at) => !refused(p.file, at))
      return { ...p, pack: { ...p.pack, rules: p.pack.rules.filter((_r, i) => keep[i]) }, rulePointers: pointers.filter((_a, i) => keep[i]) }
    }),
    rules: policy.rules.filter((r) => !refused(fileOf(policy, r.pack), r.pointer)),
  }
}

const KINDS = Object.keys(RequestKind.keys)

const tierConflicts = (
  policy: ResolvedPolicy,
  compiled: CompiledPolicy,
  alts: ReadonlyMap<ResolvedRule, Conjunct[][] | undefined>,
  lists: ListMembers,
  at: (r: ResolvedRule, rel?: string) => Pick<LintFinding, 'file' | 'path'>,
  options: LintOptions,
): LintFinding[] => {
  // one finding per weaker rule (the first conflict found), counting the other rules it conflicts
  // with; the witness searches are bounded, the pairs left unchecked counted
  const byWeak = new Map<ResolvedRule, { finding: LintFinding; others: string[] }>()
  const budget = Number.isSafeInteger(options.maxConflictChecks) && (options.maxConflictChecks as number) >= 0 ? (options.maxConflictChecks as number) : MAX_CONFLICT_CHECKS
  let checks = 0
  let unchecked = 0
  const rules = policy.rules
  for (let i = 0; i < rules.length; i++)
    for (let j = i + 1; j < rules.length; j++) {
      const a = rules[i] as ResolvedRule
      const b = rules[j] as ResolvedRule
      if (a.rule.priority !== b.rule.priority || a.rule.outcome === b.rule.outcome || relates(a, b)) continue
      const both = overlap(periodOf(a), periodOf(b))
      const inPolicy = both === undefined ? undefined : overlap(both, { ...(policy.from ? { from: policy.from } : {}), ...(policy.until ? { until: policy.until } : {}) })
      if (inPolicy === undefined) continue
      if (checks >= budget) {
        unchecked++
        continue
      }
      checks++
      const date = inPolicy.from ?? (inPolicy.until !== undefined && options.today !== undefined && inPolicy.until < options.today ? inPolicy.until : (options.today ?? inPolicy.until ?? '2026-01-01'))
      const witness = findWitness(compiled, alts.get(a), alts.get(b), lists, date, [a, b])
      if (witness === undefined) continue
      // report on the weaker rule (the one the tie goes against)
      const [strong, weak] = OUTCOME_RANK[a.rule.outcome] >= OUTCOME_RANK[b.rule.outcome] ? [a, b] : [b, a]
      const seen = byWeak.get(weak)
      if (seen !== undefined) {
        seen.others.push(strong.rule.id)
        continue
      }
      byWeak.set(weak, {
        finding: {
          code: 'lint/tier-conflict',
          ...at(weak, '/priority'),
          params: { rule: weak.rule.id, outcome: weak.rule.outcome, other: strong.rule.id, otherOutcome: strong.rule.outcome, priority: weak.rule.priority },
          witness,
        },
        others: [],
      })
    }
  const out = [...byWeak.values()].map(({ finding, others }) =>
    others.length === 0 ? finding : { ...finding, params: { ...finding.params, more: others.length, others: others.slice(0, 5).join(', ') + (others.length > 5 ? ', …' : '') } },
  )
  // reported on the pack linted (the last of the chain)
  const target = policy.chain[policy.chain.length - 1]?.file
  if (unchecked > 0) out.push({ code: 'lint/conflicts-capped', ...(target !== undefined ? { file: target } : {}), path: '/rules', params: { checked: checks, unchecked } })
  return out
}

const findWitness = (
  compiled: CompiledPolicy,
  aAlts: Conjunct[][] | undefined,
  bAlts: Conjunct[][] | undefined,
  lists: ListMembers,
  date: string,
  rules: readonly ResolvedRule[],
): Record<string, unknown> | undefined => {
  if (aAlts === undefined || bAlts === undefined) return undefined
  const ids = rules.map((r) => ({ pack: r.pack, id: r.rule.id }))
  let tries = 0
  for (const x of aAlts)
    for (const y of bAlts) {
      if (++tries > 64) return undefined
      const s = satisfy([...x, ...y], lists)
      if (!s.ok) continue
      const base = buildRequest(s.assignment, date)
      const setsKind = s.assignment.some((v) => v.fact === 'kind' && v.value !== undefined)
      for (const kind of setsKind ? [base.kind] : [base.kind, ...KINDS.filter((k) => k !== base.kind)]) {
        const req = { ...base, kind }
        if (allFire(compiled, req, ids)) return req
      }
    }
  return undefined
}

const loosened = (policy: ResolvedPolicy): LintFinding[] => {
  const out: LintFinding[] = []
  const packOf = (id: string) => policy.chain.find((p) => p.pack.id === id)
  for (const p of policy.params.values()) {
    const prev = p.overrides[0]
    if (prev === undefined || p.value.deliberate === true) continue
    const direction = p.value.direction ?? packOf(prev.pack)?.pack.params?.[p.id]?.direction
    if (direction === undefined) continue
    const now = p.value.value
    const was = prev.value
    const a = parseRatio(now)
    const b = parseRatio(was)
    if (a === undefined || b === undefined) continue
    const cmp = compareRatio(a, b)
    if ((direction === 'higher-is-stricter' && cmp < 0) || (direction === 'lower-is-stricter' && cmp > 0)) {
      const file = packOf(p.pack)?.file
      out.push({ code: 'lint/loosened', ...(file !== undefined ? { file } : {}), path: `${p.pointer}/value`, received: showValue(now), expected: showValue(was), params: { kind: 'param', id: p.id } })
    }
  }
  for (const c of policy.caps.values()) {
    const prev = c.overrides[0]
    if (prev === undefined || c.value.deliberate === true || typeof prev.value !== 'number') continue
    if (c.value.max > prev.value) {
      const file = packOf(c.pack)?.file
      out.push({ code: 'lint/loosened', ...(file !== undefined ? { file } : {}), path: pointer(c.pointer, 'max'), received: String(c.value.max), expected: String(prev.value), params: { kind: 'cap', id: c.id } })
    }
  }
  return out
}

/** The caps a condition reads (`caps.<id>.*`, as the fact or as the value compared with), named conditions followed. */
const capsReadBy = (c: unknown, named: ReadonlyMap<string, { readonly value: ConditionJson }>, out = new Set<string>(), seen = new Set<string>()): Set<string> => {
  if (Array.isArray(c)) {
    for (const x of c) capsReadBy(x, named, out, seen)
    return out
  }
  if (c === null || typeof c !== 'object') return out
  const o = c as Record<string, unknown>
  if (o.fact === 'caps' && typeof o.path === 'string') {
    const m = /^\$\.([^.[\]]+)/.exec(o.path)
    if (m !== null) out.add(m[1] as string)
  }
  if (typeof o.condition === 'string' && !seen.has(o.condition)) {
    seen.add(o.condition)
    capsReadBy(named.get(o.condition)?.value, named, out, seen)
  }
  for (const k of ['all', 'any', 'not', 'value']) if (k in o) capsReadBy(o[k], named, out, seen)
  return out
}

const DIGIT: Readonly<Record<string, number>> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 兩: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 }

/** A number in Chinese numerals up to the hundreds (三, 十二, 二十, 一百零五), or undefined. */
const chineseNumber = (s: string): number | undefined => {
  let total = 0
  let digit: number | undefined
  for (const ch of s) {
    if (ch === '百' || ch === '十') {
      total += (digit ?? 1) * (ch === '百' ? 100 : 10)
      digit = undefined
    } else if (DIGIT[ch] !== undefined) digit = DIGIT[ch]
    else return undefined
  }
  return total + (digit ?? 0)
}

/**
 * The counts a text states: a number (Arabic, full-width or Chinese numerals) before a measure
 * word of occurrences or items (次, 回, 场, 项, 个, 件, 类, 名, 人), as in 每月不超過3次 or 每年一次.
 */
export const statedCounts = (text: string): number[] => {
  const out: number[] = []
  if (typeof text !== 'string') return out
  for (const m of text.matchAll(/([0-9０-９]+|[零〇一二两兩三四五六七八九十百]+)\s*[次回场場项項个個件类類名人]/g)) {
    const raw = m[1] as string
    const n = /^[0-9０-９]+$/.test(raw) ? Number(raw.replace(/[０-９]/g, (d) => String(d.charCodeAt(0) - 0xff10))) : chineseNumber(raw)
    if (n !== undefined) out.push(n)
  }
  return out
}

/**
 * A pack that replaces a parent's cap with another `max` while a rule it inherits, reading that
 * cap, quotes the old number: the rule's own clause now states a number the policy no longer
 * applies. A warning (the explanation cites the cap's clause beside it); it names the rule and
 * its pack, the cap, and where each is written.
 */
const capQuoteDiffers = (policy: ResolvedPolicy): LintFinding[] => {
  const out: LintFinding[] = []
  const fileOfPack = (id: string): string | undefined => policy.chain.find((p) => p.pack.id === id)?.file
  for (const c of policy.caps.values()) {
    const prev = c.overrides[0]
    if (prev === undefined || typeof prev.value !== 'number' || prev.value === c.value.max) continue
    for (const r of policy.rules) {
      if (r.pack === c.pack || !capsReadBy(r.rule.conditions, policy.conditions).has(c.id)) continue
      const quote = r.rule.citation?.quote
      if (typeof quote !== 'string' || !statedCounts(readableQuote(quote)).includes(prev.value)) continue
      const file = fileOfPack(c.pack)
      const ruleFile = fileOfPack(r.pack)
      out.push({
        code: 'lint/cap-quote-differs',
        severity: 'warning',
        ...(file !== undefined ? { file } : {}),
        path: pointer(c.pointer, 'max'),
        received: String(c.value.max),
        expected: String(prev.value),
        params: {
          cap: c.id,
          rule: r.rule.id,
          rulePack: r.pack,
          ...(ruleFile !== undefined ? { ruleFile } : {}),
          rulePath: pointer(pointer(r.pointer, 'citation'), 'quote'),
          ruleAt: `${ruleFile ?? r.pack} ${pointer(pointer(r.pointer, 'citation'), 'quote')}`,
        },
      })
    }
  }
  return out
}

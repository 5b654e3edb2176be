import * as E from 'fp-ts/lib/Either.js'
import type { ConditionJson } from '../decode/condition-codec'
import { KIND_CODES } from '../decode/decode-request'
import { resolveCitation, type Cited } from './citation'
import type { Citation, Localized, Obligation, Outcome, Redirect, Window } from '../decode/pack-codec'
import { issue, type Issue } from '../issues/issue'
import type { Overridden, ResolvedPolicy, ResolvedRule } from '../resolve/resolve'
import { eventFact, RAW_EVENT_FACTS, RAW_REQUEST_FACTS, requestFact, type EventCtx, type RequestCtx, type RuntimeCap, type RuntimePolicy } from '../runtime/context'
import type { LocalDate } from '../time/local-date'
import { checkPolicy, type CheckOptions } from './check'
import { compileCondition, type Closure, type CompileEnv, type NodeInfo } from './condition'
import { generateCondition, generateRuleMask, generateRuleSet, MASK_RULES, type RuleMaskRunner, type RuleSetRunner } from './codegen'
import type { ListSet, OperatorEnv } from './operators'
import { parseRatio } from './ratio'
import { canonicalJson, packFingerprint, sha256Hex, type PolicyFingerprint } from './fingerprint'

/**
 * Compile a resolved policy once, to evaluate it many times: check every name, flatten the
 * layers, cut time into epochs (stretches of dates in which the same rules and list items are in
 * force), turn lists into `Set`s and conditions into closures.
 *
 * Stages: check → epochs → lists → caps → rules. Nothing here reads a clock or a file.
 *
 * @module
 */

/** Outcomes from strongest to weakest: within a priority tier the first wins. @since 0.1.0 */
export const OUTCOME_RANK: Readonly<Record<Outcome, number>> = { forbidden: 4, refusable: 3, required: 2, permitted: 1 }

/** A rule as a decision shows it: plain data, shared, never copied per request. @since 0.1.0 */
export interface RuleRef {
  readonly id: string
  /** the pack that gave the rule (the layer that decided) */
  readonly pack: string
  readonly outcome: Outcome
  readonly priority: number
  readonly citation: Cited
  readonly message: Localized
  readonly title?: Localized
  readonly redirect?: Redirect
  readonly obligations?: readonly Obligation[]
  /** rules of parent packs this one replaced */
  readonly overrides: readonly Overridden[]
  /** rules this one is meant to win over, and why */
  readonly prevailsOver?: readonly { readonly rule: string; readonly reason: Localized }[]
  /** rules this one deliberately gives way to, and why */
  readonly yieldsTo?: readonly { readonly rule: string; readonly reason: Localized }[]
  /** how deep its pack is in the chain (0 = the root, the national floor) */
  readonly depth: number
  readonly from?: LocalDate
  readonly until?: LocalDate
}

/** A compiled rule. @since 0.1.0 */
export interface CompiledRule {
  readonly ref: RuleRef
  readonly order: number
  readonly rank: number
  readonly run: Closure<RequestCtx>
  /** the same conditions evaluated exhaustively, as json-rules-engine does (for explanations) */
  readonly runAll: Closure<RequestCtx>
  readonly info: NodeInfo
  readonly external: boolean
  /** the request kinds this rule can fire for (its top `all` requires one), or undefined: any */
  readonly kinds?: ReadonlySet<string>
}

/** A compiled cap (for explanations). @since 0.1.0 */
export interface CompiledCap extends RuntimeCap {
  readonly pack: string
  readonly info: NodeInfo
  readonly title?: Localized
  readonly citation?: Cited
}

/** A stretch of dates with the same rules and list items in force. @since 0.1.0 */
export interface Epoch {
  readonly start?: LocalDate
  readonly end?: LocalDate
  /** rules in force, in precedence order (priority, then outcome rank, then pack order) */
  readonly rules: readonly CompiledRule[]
  /** the rules in force that can fire for each request kind (an index: the others cannot) */
  readonly byKind: ReadonlyMap<string, readonly CompiledRule[]>
  /** the rules in force that can fire whatever the kind */
  readonly anyKind: readonly CompiledRule[]
  /** rules of the policy not in force in this stretch */
  readonly notInForce: readonly CompiledRule[]
  readonly env: OperatorEnv
  /** the rules that can fire for a kind, and (built on first use) one generated function running them all */
  readonly runnerFor: (kind: string) => KindRunner
}

/** The rules of an epoch for one request kind. @since 0.1.0 */
export interface KindRunner {
  readonly rules: readonly CompiledRule[]
  /** their refs, in the same order */
  readonly refs: readonly RuleRef[]
  /** all of `rules` as one generated function, when every one of them was generated (and `mask` is not) */
  readonly fused?: RuleSetRunner<RequestCtx, RuleRef>
  /** all of `rules` as one generated function giving a bit set (bit `i`: `rules[i]` fired), when every one was generated and there are at most 30 */
  readonly mask?: RuleMaskRunner<RequestCtx>
}

/** A compiled policy: what `evaluate` takes. Immutable; share it freely. @since 0.1.0 */
export interface CompiledPolicy extends RuntimePolicy {
  readonly kind: 'zhunru/compiled-policy'
  readonly id: string
  readonly chain: readonly string[]
  readonly from?: LocalDate
  readonly until?: LocalDate
  readonly epochs: readonly Epoch[]
  readonly rules: readonly CompiledRule[]
  readonly capsById: ReadonlyMap<string, CompiledCap>
  readonly nodeCount: number
  readonly resolved: ResolvedPolicy
  readonly limits: Required<Limits>
  readonly needsAsync: boolean
  /**
   * Which packs decided, exactly: the chain (the national floor first), each pack's id, `version`
   * and SHA-256 content hash, and one SHA-256 of the whole policy (see {@link PolicyFingerprint}).
   */
  readonly fingerprint: PolicyFingerprint
}

/** Limits applied to packs at compile time and to requests at evaluation. @since 0.1.0 */
export interface Limits {
  /** events in a request's history (default 100,000) */
  readonly maxHistory?: number
  /** nesting of a condition tree (default 64) */
  readonly maxConditionDepth?: number
  /** rules in a resolved policy (default 5,000) */
  readonly maxRules?: number
  /** length of any string in a request (default 10,000) */
  readonly maxStringLength?: number
  /** characters of a pack's YAML or JSON text (default 5,000,000) */
  readonly maxPackBytes?: number
  /** values (objects, arrays, scalars inside them) in one pack (default 1,000,000) */
  readonly maxPackNodes?: number
  /** own keys and array elements in one request, counted over the whole request when it is decoded from a copy (default 1,000,000) */
  readonly maxRequestKeys?: number
  /** issues reported for one request: decoding stops there, and one `eval/limit` says more were left (default 100) */
  readonly maxIssues?: number
}

/** Options of {@link compilePolicy}. @since 0.1.0 */
export interface CompileOptions extends CheckOptions {
  readonly limits?: Limits
  /**
   * Generate one JavaScript function per condition for the fast path (default true). Where the
   * environment forbids `new Function` (a Content-Security-Policy without `unsafe-eval`), or with
   * `false`, conditions run as closures; the decisions are the same either way.
   */
  readonly codegen?: boolean
}

/** The default limits. @since 0.1.0 */
export const DEFAULT_LIMITS: Required<Limits> = {
  maxHistory: 100_000,
  maxConditionDepth: 64,
  maxRules: 5_000,
  maxStringLength: 10_000,
  maxPackBytes: 5_000_000,
  maxPackNodes: 1_000_000,
  maxRequestKeys: 1_000_000,
  maxIssues: 100,
}

const later = (a?: string, b?: string): string | undefined => (a === undefined ? b : b === undefined ? a : a > b ? a : b)
const earlier = (a?: string, b?: string): string | undefined => (a === undefined ? b : b === undefined ? a : a < b ? a : b)

const nextDay = (d: LocalDate): LocalDate => {
  const t = Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) + 86_400_000
  return new Date(t).toISOString().slice(0, 10)
}
const prevDay = (d: LocalDate): LocalDate => {
  const t = Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) - 86_400_000
  return new Date(t).toISOString().slice(0, 10)
}

const inForce = (from: string | undefined, until: string | undefined, at: string): boolean =>
  (from === undefined || from <= at) && (until === undefined || until >= at)

const ALWAYS: ConditionJson = { all: [] }

/**
 * The request kinds a rule can fire for: when its top `all` has a member `kind equal K` (or
 * `kind in [...]`) and no member can throw, it is false for every other kind. An index for
 * evaluate, not a change of meaning.
 */
const kindGuard = (
  c: ConditionJson,
  caps: ReadonlyMap<string, { readonly value: { readonly match: ConditionJson } }> = new Map(),
  depth = 0,
): ReadonlySet<string> | undefined => {
  if (!('all' in c) || 'any' in c || !Array.isArray(c.all) || depth > 2) return undefined
  for (const m of c.all) {
    // a cap that applies (or is exceeded) means the request matched the cap's own `match`
    if ('fact' in m && m.fact === 'caps' && typeof m.path === 'string' && m.operator === 'equal' && m.value === true) {
      const hit = /^\$\.([\w-]+)\.(exceeded|applies)$/.exec(m.path)
      const cap = hit ? caps.get(hit[1] as string) : undefined
      const g = cap ? kindGuard(cap.value.match, caps, depth + 1) : undefined
      if (g !== undefined) return g
      continue
    }
    if (!('fact' in m) || m.fact !== 'kind' || m.path) continue
    if (m.operator === 'equal' && typeof m.value === 'string') return new Set([m.value])
    if (m.operator === 'in' && Array.isArray(m.value) && m.value.every((v: unknown) => typeof v === "string"))
      return new Set(m.value as string[])
  }
  return undefined
}
const isCatchAll = (c: ConditionJson): boolean =>
  ('all' in c && Array.isArray(c.all) && c.all.length === 0 && !('any' in c)) ||
  ('any' in c && Array.isArray(c.any) && c.any.length === 0)

/**
 * Compile a resolved policy. Every problem is returned at once; nothing is half-compiled.
 *
 * @example
 * const compiled = compilePolicy(resolved) // Right(CompiledPolicy) or Left(Issue[])
 * @since 0.1.0
 */
export const compilePolicy = (
  policy: ResolvedPolicy,
  options: CompileOptions = {},
): E.Either<Issue[], CompiledPolicy> => {
  try {
    return compileChecked(policy, options)
  } catch (e) {
    // a last guard: a policy value that is not what resolvePolicy builds gives an issue, not an exception
    return E.left([issue('schema/invalid', '', { expected: 'a resolved policy (from resolvePolicy)', received: e instanceof Error ? e.message : String(e) })])
  }
}

const compileChecked = (policy: ResolvedPolicy, options: CompileOptions): E.Either<Issue[], CompiledPolicy> => {
  const problems: Issue[] = []
  // a limit left undefined keeps its default; anything but a whole number ≥ 1 is refused
  const limits = { ...DEFAULT_LIMITS } as Record<keyof Limits, number>
  for (const [k, v] of Object.entries(options.limits ?? {}) as [keyof Limits, unknown][]) {
    if (v === undefined) continue
    if (!(k in DEFAULT_LIMITS) || typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1)
      problems.push(issue('compile/limit', '', { received: String(v), expected: 'a whole number ≥ 1', params: { limit: String(k) } }))
    else limits[k] = v
  }
  problems.push(...checkPolicy(policy, { ...options, maxConditionDepth: limits.maxConditionDepth }))
  // the epochs below do date arithmetic: a date that is not YYYY-MM-DD stops here, reported with its place
  if (problems.some((p) => p.code === 'compile/bad-period')) return E.left(dedupe(problems))
  if (policy.rules.length > limits.maxRules)
    problems.push(issue('compile/limit', '/rules', { received: String(policy.rules.length), expected: String(limits.maxRules), params: { limit: 'maxRules' } }))

  // effective periods
  const period = (r: ResolvedRule): { from?: string; until?: string } => ({
    ...(later(r.rule.from, r.packFrom) !== undefined ? { from: later(r.rule.from, r.packFrom) as string } : {}),
    ...(earlier(r.rule.until, r.packUntil) !== undefined ? { until: earlier(r.rule.until, r.packUntil) as string } : {}),
  })

  // epochs: every date at which something starts or stops being in force
  const cuts = new Set<string>()
  const addCut = (from?: string, until?: string): void => {
    if (from !== undefined) cuts.add(from)
    if (until !== undefined) cuts.add(nextDay(until))
  }
  addCut(policy.from, policy.until)
  for (const r of policy.rules) {
    const p = period(r)
    addCut(p.from, p.until)
  }
  for (const l of policy.lists.values()) {
    addCut(l.def.from, l.def.until)
    for (const it of l.items) if (typeof it.item !== 'string') addCut(it.item.from, it.item.until)
  }
  const starts = [...cuts].sort()
  const ranges: { start?: string; end?: string }[] = []
  ranges.push(starts.length > 0 ? { end: prevDay(starts[0] as string) } : {})
  starts.forEach((s, i) => {
    const n = starts[i + 1]
    ranges.push(n === undefined ? { start: s } : { start: s, end: prevDay(n) })
  })
  const inPolicy = ranges.filter(
    (r) =>
      (policy.from === undefined || (r.start !== undefined && r.start >= policy.from)) &&
      (policy.until === undefined || (r.end !== undefined && r.end <= policy.until)),
  )

  const codegen = options.codegen !== false
  // caps
  let capNodes = 0
  const capEnv: CompileEnv<EventCtx> = {
    fact: eventFact,
    named: new Map([...policy.conditions].map(([k, v]) => [k, v.value])),
    next: 0,
  }
  // one object per distinct citation, so that a decision lists each clause once
  const cited = new Map<string, Cited>()
  const cite = (c: Citation): Cited => {
    const key = JSON.stringify([c.source, c.text, c.article, c.quote, c.reading, c.note])
    let r = cited.get(key)
    if (r === undefined) cited.set(key, (r = Object.freeze(resolveCitation(c, policy.documents))))
    return r
  }
  const caps: CompiledCap[] = [...policy.caps.values()].map((c) => {
    const { run, info, canThrow } = compileCondition<EventCtx>(c.value.match, capEnv)
    // the kinds of event the cap can count: the others are skipped without being read
    const kinds = canThrow ? undefined : kindGuard(c.value.match)
    let kindMask = 0
    for (const k of kinds ?? []) kindMask |= 1 << ((KIND_CODES as Readonly<Record<string, number>>)[k] ?? 7)
    const generated = codegen ? generateCondition<EventCtx>(c.value.match, { ...capEnv, rawFacts: RAW_EVENT_FACTS }) : undefined
    return {
      id: c.id,
      max: c.value.max,
      window: c.value.window as Window,
      match: generated ?? run,
      ...(kinds !== undefined ? { kindMask } : {}),
      info,
      pack: c.pack,
      ...(c.value.title ? { title: c.value.title } : {}),
      ...(c.value.citation ? { citation: cite(c.value.citation) } : {}),
    }
  })
  capNodes = capEnv.next

  // the pack's parameters: fixed for the policy, so a condition's `{fact: params}` value is read once
  const params: Record<string, unknown> = Object.create(null)
  for (const p of policy.params.values()) {
    const v = p.value.value
    // ratios written "1/3" stay strings; the ratio operators parse them exactly
    params[p.id] = typeof v === 'string' && parseRatio(v) !== undefined ? v : v
  }
  const frozenParams = Object.freeze(params)

  // rules
  const external = new Set(options.externalFacts ?? [])
  const capIndex = new Map(caps.map((c, i) => [c.id, i]))
  const ruleEnv: CompileEnv<RequestCtx> = {
    fact: (name) => requestFact(name) ?? (external.has(name) ? () => undefined : undefined),
    // `caps` with a path `$.<id>...`: count that one cap only
    factAt: (name, first) => {
      const i = capIndex.get(first)
      return name === 'caps' && i !== undefined ? (ctx) => ctx.cap(i) : undefined
    },
    named: capEnv.named,
    constant: (name) => (name === 'params' ? { value: frozenParams } : undefined),
    // a cap's counts are numbers whatever the request
    isNumber: (name, path) => {
      if (name !== 'caps' || typeof path !== 'string') return false
      const m = /^\$\.([\w-]+)\.(count|withThis|max)$/.exec(path)
      return m !== null && capIndex.has(m[1] as string)
    },
    next: 0,
  }
  // a rule uses an external fact directly or through a named condition
  const namedJson = JSON.stringify([...policy.conditions.values()].map((c) => c.value))
  const usesExternal = (c: ConditionJson): boolean => {
    const json = JSON.stringify(c) + (JSON.stringify(c).includes('"condition"') ? namedJson : '')
    return [...external].some((f) => json.includes(`"fact":${JSON.stringify(f)}`))
  }
  // the conditions of the rules whose fast path was generated, by rule order
  const fusable = new Map<number, ConditionJson>()
  const rules: CompiledRule[] = policy.rules.map((r, order) => {
    const p = period(r)
    const first = ruleEnv.next
    const compiled = compileCondition<RequestCtx>(r.rule.conditions, ruleEnv, 'fast')
    const { info, canThrow } = compiled
    const generated = codegen ? generateCondition<RequestCtx>(r.rule.conditions, { ...ruleEnv, rawFacts: RAW_REQUEST_FACTS }) : undefined
    const run = generated ?? compiled.run
    // the exhaustive compilation (for explanations) is built the first time it is needed, with
    // the same node indices as the fast one
    let exhaustive: Closure<RequestCtx> | undefined
    const runAll: Closure<RequestCtx> = (ctx) => {
      if (exhaustive === undefined)
        exhaustive = compileCondition<RequestCtx>(r.rule.conditions, { ...ruleEnv, next: first }, 'exhaustive').run
      return exhaustive(ctx)
    }
    const ref: RuleRef = Object.freeze({
      id: r.rule.id,
      pack: r.pack,
      outcome: r.rule.outcome,
      priority: r.rule.priority === 0 ? 0 : r.rule.priority, // -0 is 0
      citation: cite(r.rule.citation),
      message: r.rule.message,
      ...(r.rule.title ? { title: r.rule.title } : {}),
      ...(r.rule.redirect ? { redirect: r.rule.redirect } : {}),
      ...(r.rule.obligations ? { obligations: r.rule.obligations } : {}),
      overrides: r.overrides,
      ...(r.rule.prevailsOver ? { prevailsOver: r.rule.prevailsOver } : {}),
      ...(r.rule.yieldsTo ? { yieldsTo: r.rule.yieldsTo } : {}),
      depth: Math.max(0, policy.chain.findIndex((c) => c.pack.id === r.pack)),
      ...p,
    })
    const kinds = canThrow ? undefined : kindGuard(r.rule.conditions, policy.caps)
    if (generated !== undefined) fusable.set(order, r.rule.conditions)
    return { ref, order, rank: OUTCOME_RANK[r.rule.outcome], run, runAll, info, ...(kinds ? { kinds } : {}), external: external.size > 0 && usesExternal(r.rule.conditions) }
  })
  // priority, then outcome, then the more specific layer (the child), then file order
  const precedence = (a: CompiledRule, b: CompiledRule): number =>
    b.ref.priority - a.ref.priority || b.rank - a.rank || b.ref.depth - a.ref.depth || a.order - b.order

  const epochs: Epoch[] = inPolicy.map((range) => {
    const at = range.start ?? '0000-01-01'
    const lists = new Map<string, ListSet>()
    for (const l of policy.lists.values()) {
      const members = new Set<unknown>()
      if (inForce(l.def.from, l.def.until, at))
        for (const it of l.items) {
          const item = it.item
          if (typeof item === 'string') members.add(item)
          else if (inForce(item.from, item.until, at)) {
            members.add(item.id)
            if (item.name !== undefined) members.add(item.name)
            for (const a of item.aliases ?? []) members.add(a)
          }
        }
      lists.set(l.id, {
        id: l.id,
        members,
        incomplete: l.def.incomplete === true,
        ...(l.def.statedSize !== undefined ? { statedSize: l.def.statedSize } : {}),
      })
    }
    const here = rules.filter((r) => inForce(r.ref.from, r.ref.until, at)).sort(precedence)
    const not = rules.filter((r) => !inForce(r.ref.from, r.ref.until, at))
    if (!here.some((r) => isCatchAll(policy.rules[r.order]?.rule.conditions ?? ALWAYS)))
      problems.push(
        issue('compile/no-catch-all', '', {
          received: `${range.start ?? '…'} – ${range.end ?? '…'}`,
          ...(policy.chain[policy.chain.length - 1]?.file ? { file: policy.chain[policy.chain.length - 1]?.file as string } : {}),
        }),
      )
    const anyKind = here.filter((r) => r.kinds === undefined)
    const byKind = new Map<string, CompiledRule[]>()
    for (const k of new Set(here.flatMap((r) => [...(r.kinds ?? [])])))
      byKind.set(k, here.filter((r) => r.kinds === undefined || r.kinds.has(k)))
    const runners = new Map<string, KindRunner>()
    const runnerFor = (kind: string): KindRunner => {
      let k = runners.get(kind)
      if (k === undefined) {
        const these = byKind.get(kind) ?? anyKind
        const conds = these.map((r) => fusable.get(r.order))
        const all = codegen && conds.every((c) => c !== undefined)
        const genEnv = { ...ruleEnv, rawFacts: RAW_REQUEST_FACTS, lists }
        // a bit set for up to 30 rules (every kind of the shipped packs), pushes beyond
        const mask = all && these.length <= MASK_RULES ? generateRuleMask<RequestCtx>(conds as ConditionJson[], genEnv) : undefined
        const fused = all && mask === undefined ? generateRuleSet<RequestCtx, RuleRef>(conds as ConditionJson[], genEnv) : undefined
        const refs = these.map((r) => r.ref)
        k = mask !== undefined ? { rules: these, refs, mask } : fused !== undefined ? { rules: these, refs, fused } : { rules: these, refs }
        // kinds outside the index share the anyKind runner; bounded by the kinds seen
        if (runners.size < 64) runners.set(kind, k)
      }
      return k
    }
    return { ...range, rules: here, byKind, anyKind, notInForce: not, env: { lists }, runnerFor }
  })

  if (problems.length > 0) return E.left(dedupe(problems))
  const packs = policy.chain.map((p) => packFingerprint(p.pack))
  const fingerprint: PolicyFingerprint = {
    id: policy.id,
    // what decides: the packs' content, the target, the limits requests are held to, the external facts
    hash: sha256Hex(canonicalJson({ id: policy.id, packs, limits, externalFacts: [...external].sort() })),
    packs,
  }
  return E.right({
    kind: 'zhunru/compiled-policy',
    id: policy.id,
    chain: policy.chain.map((p) => p.pack.id),
    timeZone: policy.timeZone,
    ...(policy.from !== undefined ? { from: policy.from } : {}),
    ...(policy.until !== undefined ? { until: policy.until } : {}),
    epochs,
    rules,
    caps,
    capsById: new Map(caps.map((c) => [c.id, c])),
    capNodes,
    nodeCount: ruleEnv.next,
    params: frozenParams,
    resolved: policy,
    limits,
    needsAsync: rules.some((r) => r.external),
    fingerprint,
  })
}

const dedupe = (issues: readonly Issue[]): Issue[] => {
  const seen = new Set<string>()
  return issues.filter((i) => {
    const k = JSON.stringify([i.code, i.path, i.file, i.received])
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
}

import * as E from 'fp-ts/lib/Either.js'
import { Almanac, Engine, Operator, Rule } from 'json-rules-engine'
import type { CompiledPolicy, Epoch, RuleRef } from '../compile/compile'
import { pathResolver } from '../compile/path'
import { OPERATORS } from '../compile/operators'
import type { Decision } from '../evaluate/decision'
import { combine, epochAt, prepare, run } from '../evaluate/evaluate'
import { issue, type Issue } from '../issues/issue'
import { RequestCtx } from '../runtime/context'

/**
 * The one module that imports json-rules-engine. It runs a compiled policy through the engine
 * itself, for portals that register their own async facts or operators, and as the reference
 * the compiled path is tested against. Path resolution is zhunru's plain `pathResolver`: the
 * engine's JSONPath is never reached.
 *
 * @module
 */

/** A fact a portal computes itself, perhaps asynchronously. @since 0.1.0 */
export type AsyncFact = (params: Record<string, unknown>, almanac: Almanac) => unknown

/** Options of {@link evaluateAsync}. @since 0.1.0 */
export interface AsyncOptions {
  /** facts the portal supplies (declared to compile as `externalFacts`) */
  readonly facts?: Readonly<Record<string, AsyncFact | unknown>>
  /** extra operators, by name */
  readonly operators?: Readonly<Record<string, (factValue: any, jsonValue: any) => boolean>>
}

const engines = new WeakMap<Epoch, Engine>()

/**
 * A json-rules-engine `Engine` holding the rules in force in one epoch, with zhunru's operators
 * bound to that epoch's lists and named conditions registered. Built once per epoch and reused.
 *
 * @since 0.1.0
 */
export const engineFor = (policy: CompiledPolicy, epoch: Epoch, extra: AsyncOptions['operators'] = {}): Engine => {
  const cached = Object.keys(extra).length === 0 ? engines.get(epoch) : undefined
  if (cached !== undefined) return cached
  const engine = new Engine([], { allowUndefinedFacts: true, allowUndefinedConditions: false, pathResolver })
  for (const op of OPERATORS.values())
    if (op.custom === true) {
      const cb = op.cb
      engine.addOperator(new Operator(op.name, (a: unknown, b: unknown) => cb(a, b, epoch.env), op.factValueValidator))
    }
  for (const [name, cb] of Object.entries(extra)) engine.addOperator(name, cb)
  // json-rules-engine rewrites the conditions it is given (priorities, references): give it copies
  for (const [name, c] of policy.resolved.conditions) engine.setCondition(name, structuredClone(c.value) as never)
  for (const r of epoch.rules) {
    const source = policy.resolved.rules[r.order]
    if (source === undefined) continue
    engine.addRule(new Rule({ name: r.ref.id, conditions: structuredClone(source.rule.conditions) as never, event: { type: r.ref.id } }))
  }
  if (Object.keys(extra).length === 0) engines.set(epoch, engine)
  return engine
}

/**
 * Decide a request by running the policy through json-rules-engine. Gives the same decision as
 * {@link evaluate} (the tests check it on every case), asynchronously, and lets a portal supply
 * its own facts and operators.
 *
 * @example
 * const d = await evaluateAsync(policy, request)
 * @since 0.1.0
 */
export const evaluateAsync = async (
  policy: CompiledPolicy,
  request: unknown,
  options: AsyncOptions = {},
): Promise<E.Either<Issue[], Decision>> => {
  try {
    const prepared = prepare(policy, request)
    if (E.isLeft(prepared)) return prepared
    const d = prepared.right
    const epoch = epochAt(policy, d.date)
    if (epoch === undefined) return run(policy, d) // the same issue as the sync path
    // the caps counted on what decodeRequest's pass over the history left, as evaluate counts them
    const days = d.historyDays
    const ctx = new RequestCtx(policy, epoch.env, d.request, d.date, days === undefined ? d.historyDates : undefined, new Uint8Array(Math.max(1, policy.nodeCount)), d.approvalDates, days)
    const facts: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(d.request)) if (v !== undefined && k !== 'history' && k !== 'reviews') facts[k] = v
    facts.localDate = d.date
    facts.year = ctx.year
    facts.caps = ctx.caps()
    facts.approvalStatus = ctx.approval()
    const review = ctx.priorReview()
    if (review !== undefined) facts.priorReview = review
    facts.params = policy.params
    const engine = engineFor(policy, epoch, options.operators)
    // a fresh almanac per run: concurrent runs share the engine, never their facts
    const almanac = new Almanac({ allowUndefinedFacts: true, pathResolver })
    for (const [k, v] of Object.entries(facts)) almanac.addFact(k, v)
    for (const [k, v] of Object.entries(options.facts ?? {})) almanac.addFact(k, v as AsyncFact)
    // json-rules-engine adds every `for…in` key of the run's facts: none, not even inherited ones
    const { events } = await engine.run(Object.create(null) as Record<string, unknown>, { almanac })
    const firedIds = new Set(events.map((e) => e.type))
    const fired: RuleRef[] = epoch.rules.filter((r) => firedIds.has(r.ref.id)).map((r) => r.ref)
    if (fired.length === 0)
      return E.left([issue('eval/no-epoch', '/date', { received: d.date, expected: `${epoch.start ?? '…'} – ${epoch.end ?? '…'}` })])
    return E.right(combine(fired, d.date, policy, epoch, { policy, epoch, ctx, fired }))
  } catch (e) {
    return E.left([issue('eval/operator-type', '', { received: e instanceof Error ? e.message : String(e), params: { operator: '?' } })])
  }
}

import type { Cited } from '../compile/citation'
import * as E from 'fp-ts/lib/Either.js'
import type { FieldDef, Localized, Obligation } from '../decode/pack-codec'
import type { CompiledPolicy, CompiledRule, Epoch, KindRunner, RuleRef } from '../compile/compile'
import { decodeRequest, type DecodedRequest } from '../decode/decode-request'
import type { Request, RequestKind } from '../decode/request-codec'
import { issue, pointer, showValue, type Issue } from '../issues/issue'
import { RequestCtx } from '../runtime/context'
import type { Decision } from './decision'
import { fillBoth } from './render'

/**
 * Evaluate a request against a compiled policy, synchronously: decode the request, pick the
 * rules in force on its date, run every rule's compiled conditions, and combine the rules that
 * fired into one decision.
 *
 * Combining: the highest priority among the fired rules decides; within that priority,
 * forbidden beats refusable beats required beats permitted; between equals, the rule of the more
 * specific layer (the child pack) wins, then the rule listed first in its pack. The others are
 * kept as `overruled`.
 *
 * @module
 */

/** What `explain` needs of an evaluation, kept beside the decision without copying. */
export interface Trace {
  readonly policy: CompiledPolicy
  readonly epoch: Epoch
  readonly ctx: RequestCtx
  readonly fired: readonly RuleRef[]
}

/**
 * The key of the evaluation record on a decision. `Symbol.for`, so that a decision made by one
 * copy of zhunru (the `zhunru/node` bundle, say) can be explained by another (`zhunru`); a symbol
 * key, so that JSON and `Object.keys` never see it.
 */
const TRACE: unique symbol = Symbol.for('zhunru.trace') as never
const WRITTEN: unique symbol = Symbol('zhunru.messages') as never
const FILLED: unique symbol = Symbol('zhunru.filled') as never

/**
 * A decision as `evaluate` makes it: plain data, plus the evaluation record under a symbol key
 * (a WeakMap of millions of decisions costs the garbage collector dearly).
 */
class Made implements Decision {
  // declared, not defined: the constructor assigns each once, in this order (the order JSON shows)
  declare readonly outcome: Decision['outcome']
  declare readonly decidedBy: RuleRef
  declare readonly fired: readonly RuleRef[]
  /** the messages as written; `messages` fills them on first reading */
  declare readonly [WRITTEN]: readonly Localized[]
  declare [FILLED]: readonly Localized[] | undefined
  declare readonly overruled: readonly RuleRef[]
  declare readonly redirect: Decision['redirect']
  declare readonly obligations: readonly Obligation[]
  declare readonly citations: readonly Cited[]
  declare readonly date: string
  declare readonly policy: Decision['policy']
  declare readonly [TRACE]: Trace
  constructor(
    outcome: Decision['outcome'],
    decidedBy: RuleRef,
    fired: readonly RuleRef[],
    messages: readonly Localized[],
    overruled: readonly RuleRef[],
    redirect: Decision['redirect'],
    obligations: readonly Obligation[],
    citations: readonly Cited[],
    date: string,
    policy: Decision['policy'],
    trace: Trace,
  ) {
    this.outcome = outcome
    this.decidedBy = decidedBy
    this.fired = fired
    this[WRITTEN] = messages
    this[FILLED] = undefined
    this.overruled = overruled
    this.redirect = redirect
    this.obligations = obligations
    this.citations = citations
    this.date = date
    this.policy = policy
    this[TRACE] = trace
  }
  /**
   * The fired rules' messages with their placeholders filled, in both languages: filled when first
   * read (a portal that never shows them does not pay for them), then kept.
   */
  get messages(): readonly Localized[] {
    const done = this[FILLED]
    if (done !== undefined) return done
    const ctx = this[TRACE].ctx
    return (this[FILLED] = Object.freeze(this[WRITTEN].map((m) => fillBoth(m, ctx))))
  }
  /** The decision as JSON: every field, the filled messages included, in the order above. */
  toJSON(): Omit<Decision, never> {
    return {
      outcome: this.outcome,
      decidedBy: this.decidedBy,
      fired: this.fired,
      messages: this.messages,
      overruled: this.overruled,
      ...(this.redirect !== undefined ? { redirect: this.redirect } : {}),
      obligations: this.obligations,
      citations: this.citations,
      date: this.date,
      policy: this.policy,
    }
  }
}

const isTrace = (t: unknown): t is Trace =>
  typeof t === 'object' && t !== null && 'policy' in t && 'epoch' in t && 'ctx' in t && 'fired' in t

/** The evaluation record of a decision made in this process, if any. @since 0.1.0 */
export const traceOf = (d: Decision): Trace | undefined => {
  if (typeof d !== 'object' || d === null) return undefined
  const t = (d as { [TRACE]?: unknown })[TRACE]
  return isTrace(t) ? t : undefined
}

const scratch = new WeakMap<CompiledPolicy, Uint8Array>()
/** The node-result buffer `evaluate` reuses for a policy (evaluation is synchronous). */
const scratchFor = (policy: CompiledPolicy): Uint8Array => {
  let b = scratch.get(policy)
  if (b === undefined) {
    b = new Uint8Array(Math.max(1, policy.nodeCount))
    scratch.set(policy, b)
  }
  return b
}

/**
 * A fresh context for the same decoded request, with its own node buffer, the rules of the
 * epoch replayed on it exhaustively (every condition of every rule evaluated, as
 * json-rules-engine does): what `explain` reads. Pure: the same request gives the same results.
 *
 * @since 0.1.0
 */
export const replay = (trace: Trace): RequestCtx => {
  const c = trace.ctx
  const ctx = new RequestCtx(trace.policy, trace.epoch.env, c.req, c.date, undefined, new Uint8Array(Math.max(1, trace.policy.nodeCount)), c.approvalDates, c.historyDays)
  for (const r of trace.epoch.rules) r.runAll(ctx)
  return ctx
}

/** The epoch containing a local date, if the policy is in force then. @since 0.1.0 */
export const epochAt = (policy: CompiledPolicy, date: string): Epoch | undefined => {
  // latest first: most requests are about recent dates
  const epochs = policy.epochs
  for (let i = epochs.length - 1; i >= 0; i--) {
    const e = epochs[i] as Epoch
    if ((e.start === undefined || e.start <= date) && (e.end === undefined || e.end >= date)) return e
  }
  return undefined
}

/**
 * Combine the rules that fired (already in precedence order) into a decision.
 *
 * @since 0.1.0
 */
export const combine = (
  fired: readonly RuleRef[],
  date: string,
  policy: CompiledPolicy,
  epoch: Epoch,
  trace?: Trace,
): Decision => {
  const decidedBy = fired[0] as RuleRef
  const outcome = decidedBy.outcome
  let redirect = decidedBy.redirect
  const obligations: Obligation[] = []
  const codes = new Set<string>()
  const citations: Cited[] = []
  for (const r of fired) {
    if (r.outcome === outcome) {
      if (redirect === undefined && r.redirect !== undefined && r.priority === decidedBy.priority) redirect = r.redirect
      for (const o of r.obligations ?? [])
        if (!codes.has(o.code)) {
          codes.add(o.code)
          obligations.push(o)
        }
    }
    if (!citations.includes(r.citation)) citations.push(r.citation)
  }
  const where = epochRefs.get(epoch) ?? epochRef(policy, epoch)
  // without a record (the shared parts), the messages stay as written: `run` fills them
  const messages = fired.map((r) => fillBoth(r.message, trace?.ctx))
  if (trace !== undefined)
    return new Made(outcome, decidedBy, fired, messages, fired.slice(1), redirect, obligations, citations, date, where, trace)
  return {
    outcome,
    decidedBy,
    fired,
    messages,
    overruled: fired.slice(1),
    ...(redirect !== undefined ? { redirect } : {}),
    obligations,
    citations,
    date,
    policy: where,
  }
}

const epochRefs = new WeakMap<Epoch, Decision['policy']>()
const epochRef = (policy: CompiledPolicy, epoch: Epoch): Decision['policy'] => {
  const ref = Object.freeze({
    id: policy.id,
    epoch: Object.freeze({
      ...(epoch.start !== undefined ? { start: epoch.start } : {}),
      ...(epoch.end !== undefined ? { end: epoch.end } : {}),
    }),
  })
  epochRefs.set(epoch, ref)
  return ref
}

/**
 * Decode a request for a compiled policy (dates into the policy's zone, limits applied).
 *
 * @since 0.1.0
 */
export const prepare = (policy: CompiledPolicy, request: unknown): E.Either<Issue[], DecodedRequest> => {
  const d = decodeRequest(request, policy.timeZone, policy.limits)
  if (E.isLeft(d)) return d
  const bad = checkExtra(policy.resolved.fields, d.right.request.extra, policy.limits.maxStringLength)
  return bad.length > 0 ? E.left(bad) : d
}

/**
 * The request's `extra` against the fields the policy's packs declare: an object whose own keys
 * are declared names, each value of its declared type.
 */
const checkExtra = (fields: ReadonlyMap<string, { readonly value: FieldDef }>, extra: unknown, maxString: number): Issue[] => {
  if (extra === undefined) return []
  if (extra === null || typeof extra !== 'object' || Array.isArray(extra))
    return [issue('request/invalid', '/extra', { expected: 'an object of the fields the pack declares', received: showValue(extra) })]
  const out: Issue[] = []
  const declared = [...fields.keys()].join(', ') || '(none)'
  for (const k of Object.keys(extra)) {
    const f = fields.get(k)
    const v = (extra as Record<string, unknown>)[k]
    if (f === undefined) out.push(issue('request/unknown-field', pointer('/extra', k), { received: showValue(k), expected: declared }))
    else if (typeof v !== f.value.type || (typeof v === 'number' && !Number.isFinite(v)) || (typeof v === 'string' && v.length > maxString))
      out.push(issue('request/invalid', pointer('/extra', k), { expected: f.value.type, received: showValue(v) }))
    if (out.length >= 100) break
  }
  return out
}

/** What a decision is made of besides its date and record: the same for the same rules fired. */
interface Parts {
  readonly outcome: Decision['outcome']
  readonly decidedBy: RuleRef
  readonly fired: readonly RuleRef[]
  /** the fired rules' messages, as written (each request fills their placeholders) */
  readonly messages: readonly Localized[]
  readonly overruled: readonly RuleRef[]
  readonly redirect: Decision['redirect']
  readonly obligations: readonly Obligation[]
  readonly citations: readonly Cited[]
  readonly policy: Decision['policy']
}

/** A trie over the fired rules (by identity, in precedence order) down to their combined parts. */
interface PartsNode {
  readonly next: Map<RuleRef, PartsNode>
  parts?: Parts
}
interface PartsRoot extends PartsNode {
  size: number
}
const MAX_PARTS = 4_096
const partsRoots = new WeakMap<KindRunner, PartsRoot>()

/**
 * The combined parts for a set of fired rules, computed once per set and then shared (frozen)
 * by every decision that fired the same rules: combining allocates nothing per request then.
 * `undefined` once a runner has seen more distinct sets than it keeps.
 */
const partsFor = (runner: KindRunner, fired: readonly RuleRef[], policy: CompiledPolicy, epoch: Epoch): Parts | undefined => {
  let root = partsRoots.get(runner)
  if (root === undefined) {
    root = { next: new Map(), size: 0 }
    partsRoots.set(runner, root)
  }
  let node: PartsNode = root
  for (let i = 0; i < fired.length; i++) {
    const ref = fired[i] as RuleRef
    let n = node.next.get(ref)
    if (n === undefined) {
      if (root.size >= MAX_PARTS) return undefined
      root.size++
      n = { next: new Map() }
      node.next.set(ref, n)
    }
    node = n
  }
  if (node.parts !== undefined) return node.parts
  const d = combine(fired, '', policy, epoch)
  const f = Object.freeze([...fired])
  return (node.parts = Object.freeze({
    outcome: d.outcome,
    decidedBy: d.decidedBy,
    fired: f,
    messages: Object.freeze(d.messages),
    overruled: Object.freeze(f.slice(1)),
    redirect: d.redirect,
    // fresh arrays of combine's, shared from now on
    obligations: Object.freeze(d.obligations),
    citations: Object.freeze(d.citations),
    policy: d.policy,
  }))
}

/** The combined parts by the bit set of the rules fired, per runner (see partsFor). */
const partsByMask = new WeakMap<KindRunner, Map<number, Parts>>()

/**
 * Run the compiled rules of the epoch on a decoded request.
 *
 * @since 0.1.0
 */
export const run = (policy: CompiledPolicy, d: DecodedRequest): E.Either<Issue[], Decision> => {
  const epoch = epochAt(policy, d.date)
  if (epoch === undefined)
    return E.left([
      issue('eval/no-epoch', '/date', { received: d.date, expected: `${policy.from ?? '…'} – ${policy.until ?? '…'}` }),
    ])
  // the history's days and kinds from decodeRequest's pass over it; its dates as strings only
  // when the request was decoded otherwise (they are then read to count the caps)
  const days = d.historyDays
  const ctx = new RequestCtx(policy, epoch.env, d.request, d.date, days === undefined ? d.historyDates : undefined, scratchFor(policy), d.approvalDates, days)
  // only the rules that can fire for this kind (the others' top `all` requires another kind)
  const runner = epoch.runnerFor(d.request.kind)
  const rules = runner.rules
  let fired: RuleRef[] = []
  let parts: Parts | undefined
  let byMask: Map<number, Parts> | undefined
  // m: the rules that fired as a bit set (a kind's generated function), 0 when `fired` holds them,
  // -1 to run them one by one (no generated function, or it threw: to say which rule could not be
  // evaluated)
  let m = -1
  let i = 0
  try {
    if (runner.mask !== undefined)
      try {
        m = runner.mask(ctx)
      } catch {
        m = -1
      }
    else if (runner.fused !== undefined)
      try {
        runner.fused(ctx, fired, runner.refs)
        m = 0
      } catch {
        fired = []
      }
    if (m > 0) {
      // the decision's parts by the bit set: nothing pushed when they are known
      byMask = partsByMask.get(runner)
      if (byMask === undefined) partsByMask.set(runner, (byMask = new Map()))
      parts = byMask.get(m)
      if (parts === undefined) for (let j = 0; j < runner.refs.length; j++) if ((m & (2 ** j)) !== 0) fired.push(runner.refs[j] as RuleRef)
    } else if (m < 0)
      for (; i < rules.length; i++) {
        const r = rules[i] as CompiledRule
        if (r.run(ctx)) fired.push(r.ref)
      }
  } catch (e) {
    // a condition whose {fact} value, or a hostile request value, an operator cannot compare
    const rule = rules[i]?.ref
    return E.left([
      issue('eval/operator-type', '', {
        received: e instanceof Error ? e.message : String(e),
        params: { operator: rule ? `(rule ${rule.id} of ${rule.pack})` : '?' },
      }),
    ])
  }
  if (parts === undefined) {
    if (fired.length === 0)
      return E.left([issue('eval/no-epoch', '/date', { received: d.date, expected: `${epoch.start ?? '…'} – ${epoch.end ?? '…'}` })])
    parts = partsFor(runner, fired, policy, epoch)
    if (parts === undefined) return E.right(combine(fired, d.date, policy, epoch, { policy, epoch, ctx, fired }))
    if (byMask !== undefined) byMask.set(m, parts)
  }
  // the messages are filled when first read (Made.messages)
  return E.right(
    new Made(parts.outcome, parts.decidedBy, parts.fired, parts.messages, parts.overruled, parts.redirect, parts.obligations, parts.citations, d.date, parts.policy, {
      policy,
      epoch,
      ctx,
      fired: parts.fired,
    }),
  )
}

/**
 * A value whose fields are all read-only, all the way down (a literal written in a call is).
 *
 * @example
 * const r: DeepReadonly<Request> = { kind: 'meeting', date: '2026-03-02', requester: { level: 'district', department: '区民政局' } }
 * @since 0.2.0
 */
export type DeepReadonly<T> = T extends readonly (infer U)[] ? readonly DeepReadonly<U>[] : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T

/**
 * What `evaluate` checks a request argument against, by its type: a value whose `kind` is one of
 * the request kinds (an object literal written in the call, or a value typed `Request`) must be a
 * whole {@link Request}; any other value (`unknown`, `any`, parsed JSON) is accepted as it is and
 * decoded at run time.
 *
 * @example
 * // a literal is checked: without `placement`, tsc says "Property 'placement' is missing"
 * evaluate(policy, { kind: 'plaque', date: '2026-03-02', requester: { level: 'district', department: '区文明办' }, plaque: { name: '示范社区', placement: 'outside' } })
 * // JSON is checked when it runs: Left([request/missing …]) if it is not a request
 * evaluate(policy, JSON.parse('{"kind":"plaque"}'))
 * @since 0.2.0
 */
export type RequestCheck<R> = R extends { readonly kind: RequestKind } ? DeepReadonly<Request> : unknown

/**
 * Decide a request, synchronously. Never throws: a malformed request, a date outside the
 * policy's period or an operator that cannot compare its values gives issues.
 *
 * @example
 * const d = evaluate(shandong, {
 *   kind: 'certificate', date: '2026-03-02', requester: { level: 'district', department: '公安分局' },
 *   certificate: { kind: '无犯罪记录证明' },
 * })
 * // Right({ outcome: 'forbidden', decidedBy: { id: 'seal-outside-scope', ... }, ... })
 * @since 0.1.0
 */
export const evaluate = <const R>(policy: CompiledPolicy, request: R & RequestCheck<R>): E.Either<Issue[], Decision> => {
  if (policy === null || typeof policy !== 'object' || (policy as { kind?: unknown }).kind !== 'zhunru/compiled-policy')
    return E.left([issue('request/invalid', '', { expected: 'a compiled policy (from compile)', received: typeof policy })])
  if (policy.needsAsync)
    return E.left([issue('eval/needs-async', '', { received: policy.id })])
  try {
    const d = prepare(policy, request)
    return E.isLeft(d) ? d : run(policy, d.right)
  } catch (e) {
    return E.left([issue('request/invalid', '', { received: e instanceof Error ? e.message : String(e), expected: 'a request' })])
  }
}

import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import type { CompiledPolicy } from '../compile/compile'
import { canonicalJson, describePolicy, type PolicyFingerprint } from '../compile/fingerprint'
import type { Localized, Outcome } from '../decode/pack-codec'
import { reportErrors } from '../decode/report'
import type { Decision } from '../evaluate/decision'
import { evaluate, traceOf } from '../evaluate/evaluate'
import { citationText } from '../explain/citation-text'
import { explain, renderMessage, type ExplainOptions, type Explanation } from '../explain/explain'
import { issue, showValue, type Issue } from '../issues/issue'

/**
 * Decision records: what a portal stores so that a decision can be explained and checked later,
 * in another process, on another day. A record is plain JSON: the request as sent, the decision's
 * deciding data (outcome, deciding rule, fired rules, date) with its display text, and the
 * fingerprint of the policy that decided (every pack's id, version and content hash).
 *
 * `explainRecord` re-decides the stored request under a policy and explains it; it refuses a
 * policy whose fingerprint differs from the record's (`record/policy-mismatch`) and a decision
 * that no longer comes out the same (`record/decision-mismatch`). `replayRecord` re-decides under
 * any policy and says what changed.
 *
 * @module
 */

/** The format tag of a decision record. @since 0.2.0 */
export const RECORD_FORMAT = 'zhunru.decision/1'

/** A rule as a record names it: its id and the pack that gave it. @since 0.2.0 */
export interface RecordedRule {
  readonly id: string
  readonly pack: string
}

/** The decision as a record stores it. @since 0.2.0 */
export interface RecordedDecision {
  readonly outcome: Outcome
  readonly decidedBy: RecordedRule
  /** every rule that fired, in precedence order, the deciding one first */
  readonly fired: readonly RecordedRule[]
  /** the request's date in the policy's time zone */
  readonly date: string
  /** the stretch of dates whose rules applied (an open end is left out) */
  readonly epoch: { readonly start?: string; readonly end?: string }
  /** where the matter belongs instead (the redirect's `to`), if anywhere */
  readonly redirect?: string
  /** the codes of the obligations that hold */
  readonly obligations: readonly string[]
  /** display data: the deciding rule's message, placeholders filled, in both languages */
  readonly message: Localized
  /** display data: the deciding rule's citation as text, in both languages */
  readonly source: Localized
}

/**
 * A decision record: what a portal stores (`JSON.stringify` it as is).
 *
 * @example
 * const r: DecisionRecord = toRecord(policy, request, decision, { decidedAt: '2026-03-02T09:30:00+08:00' })
 * @since 0.2.0
 */
export interface DecisionRecord {
  readonly format: typeof RECORD_FORMAT
  /** the request as sent to `evaluate` */
  readonly request: unknown
  readonly decision: RecordedDecision
  /** the policy that decided: its pack chain with each pack's id, version and content hash */
  readonly policy: PolicyFingerprint
  /** when the decision was made, as the portal gives it (free text, an ISO 8601 time say) */
  readonly decidedAt?: string
}

/** Options of {@link toRecord}. @since 0.2.0 */
export interface RecordOptions {
  /** when the decision was made, stored as given */
  readonly decidedAt?: string
}

/** One field on which a replayed decision differs from the stored one. @since 0.2.0 */
export interface RecordDifference {
  readonly field: 'outcome' | 'decidedBy' | 'fired' | 'date' | 'epoch' | 'redirect' | 'obligations'
  readonly before: unknown
  readonly after: unknown
}

/** What {@link replayRecord} finds. @since 0.2.0 */
export interface Replay {
  /** the same decision: no difference on the deciding fields */
  readonly same: boolean
  /** the policy given has the record's fingerprint (its hash and its chain) */
  readonly samePolicy: boolean
  readonly before: RecordedDecision
  readonly after: RecordedDecision
  readonly differences: readonly RecordDifference[]
}

// bounds: a record is read from storage, a hostile one must not cost much
const MAX_TEXT = 100_000
const MAX_ID = 1_000
const MAX_RULES = 10_000
const MAX_PACKS = 256

const bounded = (max: number, name: string): t.Type<string, string, unknown> =>
  new t.Type<string, string, unknown>(
    name,
    (u): u is string => typeof u === 'string' && u.length <= max,
    (u, c) => (typeof u === 'string' && u.length <= max ? t.success(u) : t.failure(u, c, name)),
    t.identity,
  )
const boundedArray = <C extends t.Mixed>(codec: C, max: number, name: string): t.Type<t.TypeOf<C>[], t.OutputOf<C>[], unknown> =>
  new t.Type<t.TypeOf<C>[], t.OutputOf<C>[], unknown>(
    name,
    (u): u is t.TypeOf<C>[] => Array.isArray(u) && u.length <= max && u.every((x) => codec.is(x)),
    (u, c) => (Array.isArray(u) && u.length > max ? t.failure(u, c, name) : t.array(codec).validate(u, c)),
    (a) => a.map((x) => codec.encode(x) as t.OutputOf<C>),
  )

const Id = bounded(MAX_ID, `string (at most ${MAX_ID} characters)`)
const Text = bounded(MAX_TEXT, `string (at most ${MAX_TEXT} characters)`)
const Hash = new t.Type<string, string, unknown>(
  'SHA-256 (64 hex digits)',
  (u): u is string => typeof u === 'string' && /^[0-9a-f]{64}$/.test(u),
  (u, c) => (typeof u === 'string' && /^[0-9a-f]{64}$/.test(u) ? t.success(u) : t.failure(u, c, 'SHA-256 (64 hex digits)')),
  t.identity,
)
const DateText = new t.Type<string, string, unknown>(
  'YYYY-MM-DD',
  (u): u is string => typeof u === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(u),
  (u, c) => (typeof u === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(u) ? t.success(u) : t.failure(u, c, 'YYYY-MM-DD')),
  t.identity,
)
const LocalizedText = t.type({ 'zh-CN': Text, en: Text })
const RuleCodec = t.type({ id: Id, pack: Id })
const OutcomeCodec = t.keyof({ required: null, permitted: null, refusable: null, forbidden: null })
const DecisionCodec = t.intersection([
  t.type({
    outcome: OutcomeCodec,
    decidedBy: RuleCodec,
    fired: boundedArray(RuleCodec, MAX_RULES, `Array<{ id, pack }> (at most ${MAX_RULES})`),
    date: DateText,
    epoch: t.partial({ start: DateText, end: DateText }),
    obligations: boundedArray(Id, MAX_RULES, `Array<string> (at most ${MAX_RULES})`),
    message: LocalizedText,
    source: LocalizedText,
  }),
  t.partial({ redirect: Id }),
])
const PackCodec = t.intersection([t.type({ id: Id, hash: Hash }), t.partial({ version: Id })])
const FingerprintCodec = t.type({ id: Id, hash: Hash, packs: boundedArray(PackCodec, MAX_PACKS, `Array<{ id, version?, hash }> (at most ${MAX_PACKS})`) })
const RecordCodec = t.intersection([
  t.type({ format: t.literal(RECORD_FORMAT), request: t.unknown, decision: DecisionCodec, policy: FingerprintCodec }),
  t.partial({ decidedAt: Text }),
])

const isObject = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u)

/** A copy of a JSON value (nothing shared with the caller's object), or undefined when it is not JSON. */
const jsonCopy = (u: unknown): unknown => {
  try {
    const s = JSON.stringify(u)
    return s === undefined ? undefined : (JSON.parse(s) as unknown)
  } catch {
    return undefined
  }
}

const isDecision = (d: unknown): d is Decision =>
  isObject(d) &&
  typeof d.outcome === 'string' &&
  isObject(d.decidedBy) &&
  Array.isArray(d.fired) &&
  Array.isArray(d.obligations) &&
  typeof d.date === 'string' &&
  isObject(d.policy) &&
  isObject((d.policy as { epoch?: unknown }).epoch)

const isPolicy = (p: unknown): p is CompiledPolicy =>
  isObject(p) && p.kind === 'zhunru/compiled-policy' && isObject(p.fingerprint) && typeof (p.fingerprint as { hash?: unknown }).hash === 'string'

const recorded = (d: Decision): RecordedDecision => {
  const trace = traceOf(d)
  const rule = (r: { id: string; pack: string }): RecordedRule => ({ id: String(r.id), pack: String(r.pack) })
  const epoch = d.policy.epoch
  return {
    outcome: d.outcome,
    decidedBy: rule(d.decidedBy),
    fired: d.fired.map(rule),
    date: d.date,
    epoch: { ...(epoch.start !== undefined ? { start: epoch.start } : {}), ...(epoch.end !== undefined ? { end: epoch.end } : {}) },
    ...(d.redirect !== undefined ? { redirect: d.redirect.to } : {}),
    obligations: d.obligations.map((o) => o.code),
    message: { 'zh-CN': renderMessage(d.decidedBy.message, 'zh-CN', trace), en: renderMessage(d.decidedBy.message, 'en', trace) },
    source: { 'zh-CN': citationText(d.decidedBy.citation, 'zh-CN'), en: citationText(d.decidedBy.citation, 'en') },
  }
}

/**
 * The record of a decision: plain JSON data to store, with the request as sent (copied) and the
 * fingerprint of the policy that decided. `decision` must be what `evaluate(policy, request)`
 * returned; `explainRecord` and `replayRecord` check it later by deciding the request again.
 * `Left` for a value that is not a compiled policy, a decision or a JSON request.
 *
 * @example
 * const d = evaluate(policy, request)
 * if (E.isRight(d)) {
 *   const r = toRecord(policy, request, d.right, { decidedAt: new Date().toISOString() })
 *   if (E.isRight(r)) store(JSON.stringify(r.right))
 * }
 * @since 0.2.0
 */
export const toRecord = (policy: CompiledPolicy, request: unknown, decision: Decision, options: RecordOptions = {}): E.Either<Issue[], DecisionRecord> => {
  try {
    if (!isPolicy(policy)) return E.left([issue('request/invalid', '', { expected: 'a compiled policy (from compile)', received: showValue(typeof policy) })])
    if (!isDecision(decision)) return E.left([issue('request/invalid', '', { expected: 'a decision (from evaluate)', received: showValue(decision) })])
    const req = jsonCopy(request)
    if (req === undefined) return E.left([issue('request/invalid', '/request', { expected: 'a JSON request', received: showValue(request) })])
    const decidedAt = isObject(options) && typeof options.decidedAt === 'string' ? options.decidedAt : undefined
    const f = policy.fingerprint
    return E.right({
      format: RECORD_FORMAT,
      request: req,
      decision: recorded(decision),
      policy: { id: f.id, hash: f.hash, packs: f.packs.map((p) => ({ id: p.id, ...(p.version !== undefined ? { version: p.version } : {}), hash: p.hash })) },
      ...(decidedAt !== undefined ? { decidedAt } : {}),
    })
  } catch (e) {
    return E.left([issue('request/invalid', '', { expected: 'a decision record', received: e instanceof Error ? e.message : String(e) })])
  }
}

/**
 * Read a stored record (the value of `JSON.parse`): checked field by field and bounded (ids of at
 * most 1,000 characters, texts of 100,000, 10,000 rules, 256 packs). The request is checked when
 * it is decided again.
 *
 * @example
 * const r = decodeRecord(JSON.parse(stored)) // Either<Issue[], DecisionRecord>
 * @since 0.2.0
 */
export const decodeRecord = (u: unknown): E.Either<Issue[], DecisionRecord> => {
  try {
    const r = RecordCodec.decode(u)
    return E.isLeft(r) ? E.left(reportErrors(r.left, '').slice(0, 100)) : E.right(r.right as DecisionRecord)
  } catch (e) {
    return E.left([issue('schema/invalid', '', { expected: 'a decision record', received: e instanceof Error ? e.message : String(e) })])
  }
}

const FIELDS: readonly RecordDifference['field'][] = ['outcome', 'decidedBy', 'fired', 'date', 'epoch', 'redirect', 'obligations']

/** The deciding fields on which two recorded decisions differ (the display text is not compared). */
const differencesOf = (before: RecordedDecision, after: RecordedDecision): RecordDifference[] =>
  FIELDS.filter((k) => canonicalJson(before[k]) !== canonicalJson(after[k])).map((k) => ({ field: k, before: before[k], after: after[k] }))

const decideAgain = (policy: CompiledPolicy, record: DecisionRecord): E.Either<Issue[], { decision: Decision; replay: Replay }> => {
  const d = evaluate(policy, record.request)
  if (E.isLeft(d)) return d
  const after = recorded(d.right)
  const differences = differencesOf(record.decision, after)
  return E.right({
    decision: d.right,
    replay: { same: differences.length === 0, samePolicy: canonicalJson(policy.fingerprint) === canonicalJson(record.policy), before: record.decision, after, differences },
  })
}

const checked = (policy: unknown, record: unknown): E.Either<Issue[], { policy: CompiledPolicy; record: DecisionRecord }> => {
  if (!isPolicy(policy)) return E.left([issue('request/invalid', '', { expected: 'a compiled policy (from compile)', received: showValue(typeof policy) })])
  const r = decodeRecord(record)
  return E.isLeft(r) ? r : E.right({ policy, record: r.right })
}

/** The words of a list of differences, for an issue: `outcome: "forbidden" → "refusable"; fired`. */
const showDifferences = (ds: readonly RecordDifference[]): string =>
  ds.map((x) => (x.field === 'fired' ? 'fired' : `${x.field}: ${showValue(x.before)} → ${showValue(x.after)}`)).join('; ')

/**
 * Decide a stored request again under a policy: whether the decision comes out the same, and on
 * which fields it differs. Any policy will do (a newer version of the packs, say); `samePolicy`
 * says whether it is the one that decided. `Left` for a record that does not decode, or a request
 * the policy cannot decide.
 *
 * @example
 * const r = replayRecord(policy, JSON.parse(stored))
 * if (E.isRight(r) && !r.right.same) console.log(r.right.differences)
 * @since 0.2.0
 */
export const replayRecord = (policy: CompiledPolicy, record: unknown): E.Either<Issue[], Replay> => {
  try {
    const c = checked(policy, record)
    if (E.isLeft(c)) return c
    const again = decideAgain(c.right.policy, c.right.record)
    return E.isLeft(again) ? again : E.right(again.right.replay)
  } catch (e) {
    return E.left([issue('request/invalid', '', { expected: 'a decision record', received: e instanceof Error ? e.message : String(e) })])
  }
}

/**
 * Explain a stored decision: its request decided again under `policy` and explained, the same text
 * `explain` gave when the decision was made. Refuses with `record/policy-mismatch` (naming both
 * fingerprints) when the policy is not the one that decided (another pack, another version, other
 * content), and with `record/decision-mismatch` when the same policy now decides otherwise (the
 * record was altered, or zhunru decides differently).
 *
 * @example
 * const x = explainRecord(policy, JSON.parse(stored), { locale: 'zh-CN' })
 * if (E.isRight(x)) console.log(x.right.text)
 * @since 0.2.0
 */
export const explainRecord = (policy: CompiledPolicy, record: unknown, options: ExplainOptions = {}): E.Either<Issue[], Explanation> => {
  try {
    const c = checked(policy, record)
    if (E.isLeft(c)) return c
    const { policy: p, record: r } = c.right
    // the whole fingerprint: the policy hash, and the chain the record claims (ids, versions, pack hashes)
    if (canonicalJson(p.fingerprint) !== canonicalJson(r.policy))
      return E.left([issue('record/policy-mismatch', '/policy/hash', { params: { recorded: describePolicy(r.policy), current: describePolicy(p.fingerprint) } })])
    const again = decideAgain(p, r)
    if (E.isLeft(again)) return again
    if (!again.right.replay.same)
      return E.left([issue('record/decision-mismatch', '/decision', { params: { differences: showDifferences(again.right.replay.differences) } })])
    return explain(again.right.decision, isObject(options) ? options : {})
  } catch (e) {
    return E.left([issue('request/invalid', '', { expected: 'a decision record', received: e instanceof Error ? e.message : String(e) })])
  }
}

import * as E from 'fp-ts/lib/Either.js'
import type { CompiledPolicy, RuleRef } from '../compile/compile'
import type { Outcome } from '../decode/pack-codec'
import type { Decision } from '../evaluate/decision'
import { evaluate } from '../evaluate/evaluate'
import { describePolicy } from '../compile/fingerprint'
import { issue, type Issue } from '../issues/issue'
import { eventsToRequests } from './events'
import { problemOf } from '../audit/auditor'

/**
 * The impact of a policy change: recorded requests replayed under the policy before and the
 * policy after, every decision that changes reported (the outcome pair, the deciding rule on each
 * side with its clause, the rules that fired on one side only), and a summary grouped by
 * transition and by rule, in bounded memory (counts and a few examples per group).
 *
 * Browser-safe: no file, no thread. `zhunru/node`'s `impactFile` and `zhunru impact` read files on
 * several threads with the same functions.
 *
 * @module
 */

/** The clause a rule cites, as the impact shows it. @since 0.2.0 */
export interface ImpactClause {
  /** the document's title */
  readonly document: string
  readonly article: string
}

/** One side of a changed decision. @since 0.2.0 */
export interface ImpactSide {
  /** the outcome, or undefined when the request cannot be decided under this policy */
  readonly outcome?: Outcome
  /** the deciding rule's id */
  readonly rule?: string
  /** the pack (layer) the deciding rule comes from */
  readonly pack?: string
  readonly clause?: ImpactClause
  /** why the request cannot be decided (issue codes), when it cannot */
  readonly issues?: readonly string[]
}

/** A request whose decision changes: the outcome, or the rule that decides. @since 0.2.0 */
export interface ImpactChange {
  readonly type: 'change'
  /** the request's line (1-based position in the input) */
  readonly line: number
  readonly id?: string
  readonly community: string
  /** the asking department (its level when no department is given) */
  readonly department: string
  readonly level: string
  readonly kind: string
  /** the request's date as given */
  readonly date: string
  /** `before → after`, the outcomes (`invalid` when a side cannot decide) */
  readonly transition: string
  readonly before: ImpactSide
  readonly after: ImpactSide
  /** rules (`pack:id`) that fired before only */
  readonly onlyBefore: readonly string[]
  /** rules (`pack:id`) that fire after only */
  readonly onlyAfter: readonly string[]
}

/** A line that is not a request: reported with its line and skipped. @since 0.2.0 */
export interface ImpactMalformed {
  readonly type: 'malformed'
  readonly line: number
  /** the reason, in English, one line */
  readonly reason: string
  readonly issues: readonly Issue[]
}

/** What the impact reports per line: a changed decision or a malformed line. @since 0.2.0 */
export type ImpactRow = ImpactChange | ImpactMalformed

/** A count by name (a community, a department), the largest first. @since 0.2.0 */
export interface NamedCount {
  readonly name: string
  readonly count: number
}

/** A group of changes (one transition, or one pair of deciding rules). @since 0.2.0 */
export interface ImpactGroup {
  /** `required → refusable`, or for a rule group `pack:id → pack:id` */
  readonly key: string
  readonly count: number
  /** the sides (of a transition group: the outcomes only; of a rule group: the rules and clauses) */
  readonly before: ImpactSide
  readonly after: ImpactSide
  /** how many distinct communities (exact up to `maxNames`, then a lower bound) */
  readonly communities: number
  readonly departments: number
  /** the communities and departments with the most changes (at most `topNames` each) */
  readonly topCommunities: readonly NamedCount[]
  readonly topDepartments: readonly NamedCount[]
  /** the first changes of the group, in input order (at most `examples`) */
  readonly examples: readonly ImpactChange[]
}

/** The summary of an impact run; its counts add up: `read === skipped + judged`. @since 0.2.0 */
export interface ImpactSummary {
  /** the policies, as `describePolicy` names them */
  readonly before: string
  readonly after: string
  /** non-blank lines (or values) read */
  readonly read: number
  readonly blank: number
  /** malformed lines, reported and skipped */
  readonly skipped: number
  /** requests decided under both policies (or under at least one) */
  readonly judged: number
  /** requests whose decision changes */
  readonly changed: number
  /** whose outcome changes (the rest: the same outcome, from another rule) */
  readonly outcomeChanged: number
  readonly byTransition: readonly ImpactGroup[]
  readonly byRule: readonly ImpactGroup[]
}

/** Options of {@link impact}. @since 0.2.0 */
export interface ImpactOptions {
  /** examples kept per group (default 3, at most 100) */
  readonly examples?: number
  /**
   * the input is recorded events (requests without `history`, as the audit reads them): each is
   * replayed as the request it was, its community's earlier events that a cap counts as history
   * (events in date order per community; see `eventsToRequests`)
   */
  readonly events?: boolean
}

const isObj = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u)
const str = (u: unknown): string | undefined => (typeof u === 'string' ? u : undefined)

/** A line that could not be read (too long, not valid in its encoding), as the audit marks it. */

const sideOf = (d: E.Either<Issue[], Decision>): ImpactSide => {
  if (E.isLeft(d)) return { issues: [...new Set(d.left.map((i) => i.code))] }
  const r = d.right.decidedBy
  return { outcome: d.right.outcome, rule: r.id, pack: r.pack, clause: { document: r.citation.document.title, article: r.citation.article } }
}

const refKey = (r: RuleRef): string => `${r.pack}:${r.id}`
const outcomeOf = (s: ImpactSide): string => s.outcome ?? 'invalid'
const ruleOf = (s: ImpactSide): string => (s.rule === undefined ? 'invalid' : `${s.pack}:${s.rule}`)

/**
 * Judge one request (a value, or one NDJSON line as a string) under both policies: a change, a
 * malformed line, `'blank'` for a blank line, or undefined when the decision is the same. A
 * decision changes when the outcome or the deciding rule (its pack and id) differs, or when it can
 * be made under one policy only. A request neither policy can decide for the same reason is
 * malformed.
 *
 * @example
 * judgeRequest(before, after, '{"kind":"inspection",…}', 7) // { type: 'change', transition: 'refusable → permitted', … }
 * @since 0.2.0
 */
export const judgeRequest = (before: CompiledPolicy, after: CompiledPolicy, item: unknown, line: number): ImpactRow | 'blank' | undefined => {
  let value: unknown = item
  const problem = problemOf(item)
  // a line problem reads as a parse error does (code: what was received), whatever source gave it
  if (problem !== undefined) return { type: 'malformed', line, reason: problem.map((i) => (i.received !== undefined ? `${i.code}: ${i.received}` : i.code)).join(', ') || 'unreadable line', issues: problem }
  if (typeof item === 'string') {
    if (item.trim() === '') return 'blank'
    try {
      value = JSON.parse(item)
    } catch (e) {
      const i = issue('json/syntax', '', { received: e instanceof Error ? e.message : String(e) })
      return { type: 'malformed', line, reason: `json/syntax: ${i.received ?? ''}`, issues: [i] }
    }
  }
  if (!isObj(value)) {
    const i = issue('request/invalid', '', { expected: 'object (a request)', received: Array.isArray(value) ? 'array' : String(value) })
    return { type: 'malformed', line, reason: 'request/invalid: not an object', issues: [i] }
  }
  const a = evaluate(before, value)
  const b = evaluate(after, value)
  if (E.isLeft(a) && E.isLeft(b)) {
    const codes = (x: Issue[]): string => x.map((i) => `${i.code}${i.path !== '' ? ` ${i.path}` : ''}`).join('; ')
    if (codes(a.left) === codes(b.left)) return { type: 'malformed', line, reason: codes(a.left).slice(0, 300), issues: a.left.slice(0, 20) }
  }
  if (E.isRight(a) && E.isRight(b)) {
    const x = a.right
    const y = b.right
    if (x.outcome === y.outcome && x.decidedBy.id === y.decidedBy.id && x.decidedBy.pack === y.decidedBy.pack) return undefined
  }
  const fa = E.isRight(a) ? a.right.fired.map(refKey) : []
  const fb = E.isRight(b) ? b.right.fired.map(refKey) : []
  const sa = sideOf(a)
  const sb = sideOf(b)
  const requester = isObj(value.requester) ? value.requester : {}
  const community = isObj(value.community) ? value.community : {}
  const level = str(requester.level) ?? ''
  const id = str(value.id)
  return {
    type: 'change',
    line,
    ...(id !== undefined ? { id } : {}),
    community: str(community.id) ?? '',
    department: str(requester.department) ?? level,
    level,
    kind: str(value.kind) ?? '',
    date: str(value.date) ?? '',
    transition: `${outcomeOf(sa)} → ${outcomeOf(sb)}`,
    before: sa,
    after: sb,
    onlyBefore: fa.filter((r) => !fb.includes(r)),
    onlyAfter: fb.filter((r) => !fa.includes(r)),
  }
}

/** Distinct names counted, up to a bound of names held. */
class Names {
  private readonly counts = new Map<string, number>()
  private over = false
  constructor(private readonly max: number) {}
  add(name: string): void {
    const n = this.counts.get(name)
    if (n !== undefined) this.counts.set(name, n + 1)
    else if (this.counts.size < this.max) this.counts.set(name, 1)
    else this.over = true
  }
  get distinct(): number {
    return this.counts.size + (this.over ? 1 : 0)
  }
  top(n: number): NamedCount[] {
    return [...this.counts]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .slice(0, n)
      .map(([name, count]) => ({ name, count }))
  }
}

interface Group {
  count: number
  readonly before: ImpactSide
  readonly after: ImpactSide
  readonly communities: Names
  readonly departments: Names
  readonly examples: ImpactChange[]
}

/** Names held per group and kept in the summary. */
const MAX_NAMES = 10_000
const TOP_NAMES = 10
/** Groups held: a change of a new group beyond this many is counted in an `other` group. */
const MAX_GROUPS = 1_000

/** A push-based tally of the rows of an impact run: bounded memory. @since 0.2.0 */
export interface ImpactTally {
  /** count one row (a change or a malformed line), or a blank line */
  add(row: ImpactRow | 'blank' | undefined): void
  summary(): ImpactSummary
}

/**
 * A tally: counts, and per group the communities and departments (up to 10,000 names) and the
 * first examples. Rows must be added in input order for the examples to be the first ones.
 *
 * @example
 * const t = createTally(before, after)
 * t.add(judgeRequest(before, after, line, 1))
 * t.summary().changed // 0 or 1
 * @since 0.2.0
 */
export const createTally = (before: CompiledPolicy, after: CompiledPolicy, options: ImpactOptions = {}): ImpactTally => {
  const ex = typeof options?.examples === 'number' && Number.isSafeInteger(options.examples) ? Math.min(100, Math.max(0, options.examples)) : 3
  let read = 0
  let blank = 0
  let skipped = 0
  let judged = 0
  let changed = 0
  let outcomeChanged = 0
  const byTransition = new Map<string, Group>()
  const byRule = new Map<string, Group>()
  const outcomeOnly = (x: ImpactSide): ImpactSide => (x.outcome !== undefined ? { outcome: x.outcome } : { issues: x.issues ?? [] })
  const into = (groups: Map<string, Group>, key: string, c: ImpactChange, full: boolean): void => {
    let g = groups.get(key)
    if (g === undefined) {
      if (groups.size >= MAX_GROUPS) key = 'other'
      g = groups.get(key)
      if (g === undefined) {
        g = { count: 0, before: full ? c.before : outcomeOnly(c.before), after: full ? c.after : outcomeOnly(c.after), communities: new Names(MAX_NAMES), departments: new Names(MAX_NAMES), examples: [] }
        groups.set(key, g)
      }
    }
    g.count++
    g.communities.add(c.community)
    g.departments.add(c.department)
    if (g.examples.length < ex) g.examples.push(c)
  }
  const show = (groups: Map<string, Group>): ImpactGroup[] =>
    [...groups]
      .sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .map(([key, g]) => ({
        key,
        count: g.count,
        before: g.before,
        after: g.after,
        communities: g.communities.distinct,
        departments: g.departments.distinct,
        topCommunities: g.communities.top(TOP_NAMES),
        topDepartments: g.departments.top(TOP_NAMES),
        examples: [...g.examples],
      }))
  const name = (p: CompiledPolicy): string => (p !== null && typeof p === 'object' && p.fingerprint !== undefined ? describePolicy(p.fingerprint) : '')
  return {
    add: (row) => {
      if (row === 'blank') {
        blank++
        return
      }
      read++
      if (row === undefined) {
        judged++
        return
      }
      if (row.type === 'malformed') {
        skipped++
        return
      }
      judged++
      changed++
      if (outcomeOf(row.before) !== outcomeOf(row.after)) outcomeChanged++
      into(byTransition, row.transition, row, false)
      into(byRule, `${ruleOf(row.before)} → ${ruleOf(row.after)}`, row, true)
    },
    summary: () => ({ before: name(before), after: name(after), read, blank, skipped, judged, changed, outcomeChanged, byTransition: show(byTransition), byRule: show(byRule) }),
  }
}

/** What {@link impact} returns: the rows as they come, and the summary once they are all out. @since 0.2.0 */
export interface ImpactRun {
  /** every changed decision and every malformed line, in input order */
  readonly rows: AsyncIterable<ImpactRow>
  /** settles when `rows` has been read to the end */
  readonly summary: Promise<ImpactSummary>
}

const isCompiled = (p: unknown): p is CompiledPolicy => isObj(p) && p.kind === 'zhunru/compiled-policy'
const isAsyncIterable = (u: unknown): u is AsyncIterable<unknown> =>
  typeof u === 'object' && u !== null && typeof (u as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function'
const isIterable = (u: unknown): u is Iterable<unknown> => typeof u === 'object' && u !== null && typeof (u as Iterable<unknown>)[Symbol.iterator] === 'function'

/**
 * Replay recorded requests (values, or NDJSON lines as strings; blank lines are ignored) under
 * the policy before and the policy after a change, streaming: every request whose decision
 * changes is given as a row (outcome pair, deciding rule and clause on each side, rules fired on
 * one side only), every malformed line with its line number; the summary groups the changes by
 * transition and by pair of deciding rules, with counts, communities and departments and the
 * first examples. Memory holds the counts and the examples only. Never throws.
 *
 * @example
 * const run = impact(before, after, readline.createInterface({ input: createReadStream('requests.ndjson') }))
 * for await (const row of run.rows) if (row.type === 'change') console.log(row.line, row.transition)
 * const { changed, byTransition } = await run.summary
 * @since 0.2.0
 */
export const impact = (before: CompiledPolicy, after: CompiledPolicy, requests: Iterable<unknown> | AsyncIterable<unknown>, options: ImpactOptions = {}): ImpactRun => {
  let settle: (s: ImpactSummary) => void = () => undefined
  const summary = new Promise<ImpactSummary>((resolve) => {
    settle = resolve
  })
  async function* run(): AsyncGenerator<ImpactRow> {
    if (!isCompiled(before) || !isCompiled(after)) {
      const tally = createTally(before, after, options)
      const row: ImpactMalformed = { type: 'malformed', line: 0, reason: 'not a compiled policy', issues: [issue('request/invalid', '', { expected: 'two compiled policies (from compile)', received: typeof (isCompiled(before) ? after : before) })] }
      settle(tally.summary())
      yield row
      return
    }
    const tally = createTally(before, after, options)
    const toRequest = isObj(options) && options.events === true ? eventsToRequests([before, after]) : undefined
    let line = 0
    try {
      const one = (item: unknown): ImpactRow | undefined => {
        line++
        const r = judgeRequest(before, after, toRequest === undefined ? item : toRequest(item), line)
        tally.add(r)
        return r === 'blank' ? undefined : r
      }
      if (isAsyncIterable(requests)) {
        for await (const item of requests) {
          const r = one(item)
          if (r !== undefined) yield r
        }
      } else if (isIterable(requests)) {
        for (const item of requests) {
          const r = one(item)
          if (r !== undefined) yield r
        }
      } else {
        const r: ImpactMalformed = { type: 'malformed', line: 0, reason: 'requests are neither iterable nor async iterable', issues: [issue('request/invalid', '', { expected: 'an iterable of requests', received: typeof requests })] }
        tally.add(r)
        yield r
      }
    } finally {
      settle(tally.summary())
    }
  }
  return { rows: run(), summary }
}

/**
 * Replay and collect everything: the rows as an array and the summary.
 *
 * @example
 * const { rows, summary } = await impactAll(before, after, requests)
 * @since 0.2.0
 */
export const impactAll = async (
  before: CompiledPolicy,
  after: CompiledPolicy,
  requests: Iterable<unknown> | AsyncIterable<unknown>,
  options: ImpactOptions = {},
): Promise<{ readonly rows: ImpactRow[]; readonly summary: ImpactSummary }> => {
  const run = impact(before, after, requests, options)
  const rows: ImpactRow[] = []
  try {
    for await (const r of run.rows) rows.push(r)
  } catch {
    // a throwing iterable: what was read so far
  }
  return { rows, summary: await run.summary }
}

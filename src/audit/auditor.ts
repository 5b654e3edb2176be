import * as E from 'fp-ts/lib/Either.js'
import type { CompiledCap, CompiledPolicy } from '../compile/compile'
import type { OperatorEnv } from '../compile/operators'
import { decodeRequest } from '../decode/decode-request'
import { checkWhole } from '../issues/options'
import type { HistoryEvent, Request } from '../decode/request-codec'
import type { Decision } from '../evaluate/decision'
import { epochAt, run, traceOf } from '../evaluate/evaluate'
import { issue, type Issue } from '../issues/issue'
import { cachedBounds, EventCtx, type RuntimeCap } from '../runtime/context'
import { dateReader, type LocalDate } from '../time/local-date'
import type { AuditOptions, AuditSummary, Finding, FindingWindow } from './finding'
import { inert } from '../text/inert'

/**
 * The audit's engine, synchronous and push-based: feed it events (values or NDJSON lines) one at
 * a time, then end it; it emits findings as it goes. `audit` wraps it for iterables and async
 * iterables.
 *
 * Per community it holds two things only: a reorder buffer (events of the last `reorderDays`
 * days, sorted by date before they are judged) and the open windows (past events some cap counts,
 * dropped as soon as every window that counts them has closed for the dates still to come). Each
 * event is judged by `evaluate` as a request whose history is its community's open windows. An
 * event read from a line whose history is empty whenever it is judged (no cap counts it, and the
 * rules read only its own caps) is decided as it comes; the reorder buffer holds its verdict, and
 * reports it when it is released.
 *
 * @module
 */

interface Pending {
  readonly line: number
  readonly date: LocalDate
  /** the event; undefined when it was decided as it came (`verdict`) */
  readonly event: Request | undefined
  /** the audit parsed it from a line: no one else holds it */
  readonly owned: boolean
  /**
   * the caps that count it (their indices) and the lists that matched it, found as it came when
   * the audit parsed it (a value a caller handed in is matched when judged, as it then reads)
   */
  readonly idx?: readonly number[]
  readonly env?: OperatorEnv | undefined
  /** its decision, made as it came, when no past event can change it (see `push`) */
  readonly verdict?: Verdict
}

/**
 * What judging an event gives: the issues that make it malformed, its violation, or null (judged,
 * no violation).
 */
type Verdict = readonly Issue[] | Finding | null

/** A past event some cap counts, held while one of its windows may still be open. */
interface Kept {
  readonly date: LocalDate
  readonly event: HistoryEvent
  /** the epoch whose lists matched it against the caps */
  readonly env: OperatorEnv
  /** how many caps still hold it (it is in their `byCap` list, at or past the head) */
  live: number
  /** the last judgement that took it into a history (to take it once) */
  mark: number
}

/**
 * One community's state: the reorder buffer, and per cap the events it counts, by date (those
 * before `heads[j]` have left the cap's window for good).
 */
interface Community {
  /** the line of its first event */
  readonly first: number
  pending: Pending[]
  readonly byCap: Kept[][]
  readonly heads: number[]
  /** events held in `byCap` */
  live: number
  /** the epoch of the events held, and how many held events are of another one */
  env: OperatorEnv | undefined
  otherEnv: number
  latest: LocalDate
  judgedThrough: LocalDate | undefined
  prunedFor: LocalDate | undefined
  /** the window starts last pruned to, and whether an event came in before them since */
  prunedStarts: readonly LocalDate[] | undefined
  stale: boolean
}

/** A push-based audit. @since 0.1.0 */
export interface Auditor {
  /**
   * Read the next item: an event value, or one NDJSON line (a string). `at` is its line number
   * (default: one after the last), for a caller that hands this auditor only some of the lines.
   */
  push(item: unknown, emit: (f: Finding) => void, at?: number): void
  /**
   * Judge every event still held, community by community in the order they first came, each
   * oldest first. `each`, when given, is called before a community's findings with the line of
   * its first event (what a caller merging several auditors' findings orders them by).
   */
  end(emit: (f: Finding) => void, each?: (firstLine: number) => void): void
  summary(): AuditSummary
}

const LINE_PROBLEM = Symbol.for('zhunru.audit.lineProblem')

/**
 * A line a reader could not hand on as text: longer than its line limit, or not valid in the
 * file's encoding. Pushed in the line's place, it is counted as read and reported as malformed
 * with these issues (a value parsed from JSON can never be one: its key is a symbol).
 */
export interface LineProblem {
  readonly [LINE_PROBLEM]: readonly Issue[]
}

/** A {@link LineProblem} for a line. */
export const lineProblem = (issues: readonly Issue[]): LineProblem => ({ [LINE_PROBLEM]: issues })

/** The issues of a line problem (what {@link lineProblem} made), or undefined for anything else. */
export const problemOf = (item: unknown): readonly Issue[] | undefined =>
  typeof item === 'object' && item !== null && LINE_PROBLEM in item ? (item as LineProblem)[LINE_PROBLEM] : undefined

/** The most days of disorder an audit tolerates (`reorderDays`): 100 years. @since 0.1.0 */
export const MAX_REORDER_DAYS = 36_500

/** The issues of audit options: `reorderDays` a whole number of days 0–36,500. @since 0.1.0 */
export const auditOptionIssues = (options: AuditOptions): Issue[] =>
  options === undefined ? [] :
  typeof options === 'object' && options !== null ? checkWhole('reorderDays', options.reorderDays, 0, MAX_REORDER_DAYS) : []

const refusing = (policy: CompiledPolicy, issues: readonly Issue[]): Auditor => {
  let line = 0
  let read = 0
  return {
    push: (_item, emit, at) => {
      line = at ?? line + 1
      read += 1
      emit({ type: 'malformed', line, reason: 'the audit options are not valid', issues })
    },
    end: () => undefined,
    summary: () => ({ policy: policy.id, ...(policy.fingerprint ? { fingerprint: policy.fingerprint } : {}), read, blank: 0, skipped: read, judged: 0, late: 0, violations: 0, byRule: {}, communities: 0, peakHeld: 0 }),
  }
}

const DAY = 86_400_000
const shift = (d: LocalDate, days: number): LocalDate => {
  const t = Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) + days * DAY
  return new Date(t).toISOString().slice(0, 10)
}

/** The fields a past event may carry (HistoryEvent): the rest of a recorded event is dropped. */
const HISTORY_FIELDS = ['kind', 'date', 'requester', 'community', 'item', 'certificate', 'plaque', 'meeting', 'inspection', 'evaluation', 'form'] as const
type HistoryField = (typeof HISTORY_FIELDS)[number]

/**
 * The fields of a past event the caps can read: `kind` and `date`, and every fact their `match`
 * conditions name (through named conditions too). A held event keeps only these, so the open
 * windows cost little memory. Anything unexpected keeps every field.
 */
const capFields = (policy: CompiledPolicy): readonly HistoryField[] => {
  const named = policy.resolved.conditions
  const found = new Set<string>(['kind', 'date'])
  let all = false
  const seen = new Set<string>()
  const walk = (c: unknown): void => {
    if (all || typeof c !== 'object' || c === null) return
    const o = c as Record<string, unknown>
    if (Array.isArray(o.all)) o.all.forEach(walk)
    if (Array.isArray(o.any)) o.any.forEach(walk)
    if (o.not !== undefined) walk(o.not)
    if (typeof o.condition === 'string') {
      if (seen.has(o.condition)) return
      seen.add(o.condition)
      const n = named.get(o.condition)
      if (n === undefined) all = true
      else walk(n.value)
    }
    if (typeof o.fact === 'string') found.add(o.fact)
    if (typeof o.value === 'object' && o.value !== null && typeof (o.value as { fact?: unknown }).fact === 'string') found.add((o.value as { fact: string }).fact)
  }
  for (const cap of policy.resolved.caps.values()) walk(cap.value.match)
  if (all || [...found].some((f) => !(HISTORY_FIELDS as readonly string[]).includes(f) && f !== 'localDate' && f !== 'year')) return HISTORY_FIELDS
  return HISTORY_FIELDS.filter((f) => found.has(f))
}

/** Counts by rule, with the rules in the order of their ids. */
export const byRuleId = (counts: Readonly<Record<string, number>>): Record<string, number> =>
  // fromEntries defines each key as its own property (a rule named __proto__ stays a count)
  Object.fromEntries(Object.keys(counts).sort().map((k) => [k, counts[k] as number]))

// one line, inert: a reason quotes the line's text (a JSON error does)
const reasonOf = (issues: readonly Issue[]): string =>
  inert(
    issues
      .slice(0, 3)
      .map((i) => {
        const parts = [i.expected !== undefined ? `expected ${i.expected}` : '', i.received !== undefined ? `received ${i.received}` : ''].filter((x) => x !== '')
        return `${i.code}${i.path !== '' ? ` at ${i.path}` : ''}${parts.length > 0 ? `: ${parts.join(', ')}` : ''}`
      })
      .join('; ') + (issues.length > 3 ? `; and ${issues.length - 3} more` : ''),
  )

/**
 * Whether the policy's rules can read a cap's counts (`count`, `withThis`, the window, the whole
 * `caps` fact), rather than only `caps.<id>.applies` and `caps.<id>.exceeded`. When they cannot,
 * the past events of caps a request is not counted by cannot change its decision.
 */
const rulesReadCounts = (policy: CompiledPolicy): boolean => {
  const named = policy.resolved.conditions
  const seen = new Set<string>()
  let reads = false
  const onlyFlags = (path: unknown): boolean => typeof path === 'string' && /^\$\.[^.[\]]+\.(applies|exceeded)$/.test(path)
  const walk = (c: unknown): void => {
    if (reads || typeof c !== 'object' || c === null) return
    const o = c as Record<string, unknown>
    if (Array.isArray(o.all)) o.all.forEach(walk)
    if (Array.isArray(o.any)) o.any.forEach(walk)
    if (o.not !== undefined) walk(o.not)
    if (typeof o.condition === 'string' && !seen.has(o.condition)) {
      seen.add(o.condition)
      const n = named.get(o.condition)
      if (n === undefined) reads = true
      else walk(n.value)
    }
    if (o.fact === 'caps' && !onlyFlags(o.path)) reads = true
    const v = o.value as { fact?: unknown; path?: unknown } | null
    if (typeof v === 'object' && v !== null && v.fact === 'caps' && !onlyFlags(v.path)) reads = true
  }
  for (const r of policy.resolved.rules) walk(r.rule.conditions)
  return reads
}

/**
 * A push-based auditor for a compiled policy.
 *
 * @example
 * const a = createAuditor(policy)
 * const found: Finding[] = []
 * for (const line of lines) a.push(line, (f) => found.push(f))
 * a.end((f) => found.push(f))
 * a.summary() // { read, skipped, judged, late, violations, ... }
 * @since 0.1.0
 */
export const createAuditor = (policy: CompiledPolicy, options: AuditOptions = {}): Auditor => {
  if (policy === null || typeof policy !== 'object' || policy.kind !== 'zhunru/compiled-policy')
    return refusing({ id: '' } as CompiledPolicy, [issue('request/invalid', '', { expected: 'a compiled policy (from compile)', received: typeof policy })])
  const bad = auditOptionIssues(options)
  // bad options judge nothing: every line is reported with the option's issue
  if (bad.length > 0) return refusing(policy, bad)
  const reorderDays = options.reorderDays ?? 7
  const caps: readonly RuntimeCap[] = policy.caps
  const zone = policy.timeZone
  const readDate = dateReader(zone)
  const maxHistory = policy.limits.maxHistory
  const communities = new Map<string, Community>()
  const dates = new Map<string, LocalDate>()
  const eventCtxs = new Map<OperatorEnv, EventCtx>()
  const byRule: Record<string, number> = Object.create(null)
  let line = 0
  let read = 0
  let blank = 0
  let skipped = 0
  let judged = 0
  let late = 0
  let violations = 0
  let held = 0
  let peakHeld = 0
  let judgement = 0

  const malformed = (emit: (f: Finding) => void, at: number, issues: readonly Issue[]): void => {
    skipped++
    emit({ type: 'malformed', line: at, reason: reasonOf(issues), issues })
  }

  // the same dates come up for every community: their window starts and reorder limits, once;
  // the starts of the caps' windows as one shared array per distinct set of starts (dates in the
  // same windows share it, so a community's pruning can tell that nothing has closed)
  const startsByDate = new Map<LocalDate, readonly LocalDate[]>()
  const startsByKey = new Map<string, readonly LocalDate[]>()
  const startsOf = (date: LocalDate): readonly LocalDate[] => {
    let s = startsByDate.get(date)
    if (s === undefined) {
      const fresh = caps.map((cap) => cachedBounds(date, cap.window, zone).start)
      const key = fresh.join('|')
      s = startsByKey.get(key)
      if (s === undefined) {
        if (startsByKey.size > 10_000) startsByKey.clear()
        startsByKey.set(key, (s = fresh))
      }
      if (startsByDate.size > 10_000) startsByDate.clear()
      startsByDate.set(date, s)
    }
    return s
  }
  const untilByDate = new Map<LocalDate, LocalDate>()
  const releaseBefore = (date: LocalDate): LocalDate => {
    let u = untilByDate.get(date)
    if (u === undefined) {
      u = shift(date, -reorderDays)
      if (untilByDate.size > 10_000) untilByDate.clear()
      untilByDate.set(date, u)
    }
    return u
  }

  /** The caps that count an event (its epoch's lists), as indices; `matchedEnv`: those lists. */
  let matchedEnv: OperatorEnv | undefined
  const NONE: readonly number[] = []
  const capsOf = (event: Request | HistoryEvent, date: LocalDate): readonly number[] => {
    matchedEnv = undefined
    if (caps.length === 0) return NONE
    const epoch = epochAt(policy, date)
    if (epoch === undefined) return NONE
    matchedEnv = epoch.env
    let ctx = eventCtxs.get(epoch.env)
    if (ctx === undefined) {
      ctx = new EventCtx(policy.capNodes, epoch.env)
      eventCtxs.set(epoch.env, ctx)
    }
    ctx.req = event
    ctx.date = date
    let out: number[] | undefined
    for (let j = 0; j < caps.length; j++) if ((caps[j] as RuntimeCap).match(ctx)) (out ??= []).push(j)
    return out ?? NONE
  }

  const drop = (c: Community, k: Kept): void => {
    if (--k.live > 0) return
    c.live--
    held--
    if (k.env !== c.env) c.otherEnv--
  }

  /**
   * Close the windows that no longer contain `date` (nor any later date): each cap's events
   * dated before its window's start leave it; an event no cap holds any more is dropped.
   */
  const prune = (c: Community, date: LocalDate): void => {
    if (c.prunedFor === date || c.live === 0) return
    c.prunedFor = date
    const starts = startsOf(date)
    // the same windows as at the last pruning, and nothing older came in since: nothing to drop
    if (starts === c.prunedStarts && !c.stale) return
    c.prunedStarts = starts
    c.stale = false
    for (let j = 0; j < c.byCap.length; j++) {
      const list = c.byCap[j] as Kept[]
      const start = starts[j] as LocalDate
      let h = c.heads[j] as number
      while (h < list.length && (list[h] as Kept).date < start) drop(c, list[h++] as Kept)
      if (h > 32 && h * 2 > list.length) {
        list.splice(0, h)
        h = 0
      }
      c.heads[j] = h
    }
  }

  const fields = capFields(policy)
  const fullHistory = options.fullHistory === true || rulesReadCounts(policy)
  const asHistory = (e: Request): HistoryEvent => {
    const h: Record<string, unknown> = {}
    for (const k of fields) if (e[k] !== undefined) h[k] = e[k]
    return h as HistoryEvent
  }

  /** Hold an event in the windows of the caps that count it (`env`: the lists that matched it). */
  const keep = (c: Community, date: LocalDate, event: Request, idx: readonly number[], env: OperatorEnv | undefined): void => {
    if (idx.length === 0 || env === undefined) return
    const k: Kept = { date, event: asHistory(event), env, live: idx.length, mark: 0 }
    for (const j of idx) {
      const list = c.byCap[j] as Kept[]
      // by date, stable; never before the head (an event older than the window is dropped at
      // the next pruning, as it would be had it come in time)
      let i = list.length
      const head = c.heads[j] as number
      while (i > head && (list[i - 1] as Kept).date > date) i--
      if (i === list.length) list.push(k)
      else list.splice(i, 0, k)
    }
    if (c.live === 0) {
      c.env = env
      c.otherEnv = 0
    } else if (env !== c.env) c.otherEnv++
    c.live++
    held++
    if (held > peakHeld) peakHeld = held
  }

  /** The first index of a cap's list inside the window starting at `start`. */
  const firstIn = (c: Community, j: number, start: LocalDate): number => {
    const list = c.byCap[j] as Kept[]
    let i = c.heads[j] as number
    while (i < list.length && (list[i] as Kept).date < start) i++
    return i
  }

  const NO_DATES: LocalDate[] = []
  const histEvents: HistoryEvent[] = []
  const histDates: LocalDate[] = []
  const take = (k: Kept): void => {
    if (k.mark === judgement) return
    k.mark = judgement
    histEvents.push(k.event)
    histDates.push(k.date)
  }

  /**
   * The size of the history `evaluate` would be given (what the `maxHistory` limit applies to):
   * every held event of the caps in `which`.
   */
  const historySize = (c: Community, which: readonly number[] | undefined): number => {
    if (which === undefined) return c.live
    let bound = 0
    for (const j of which) bound += (c.byCap[j] as Kept[]).length - (c.heads[j] as number)
    if (bound <= maxHistory || which.length === 1) return bound
    judgement++
    let n = 0
    for (const j of which) {
      const list = c.byCap[j] as Kept[]
      for (let i = c.heads[j] as number; i < list.length; i++) {
        const k = list[i] as Kept
        if (k.mark !== judgement) {
          k.mark = judgement
          n++
        }
      }
    }
    return n
  }

  /** Count a verdict and emit its finding (a malformed line or a violation). */
  const report = (v: Verdict, line: number, emit: (f: Finding) => void): void => {
    if (v === null) judged++
    else if (Array.isArray(v)) malformed(emit, line, v as readonly Issue[])
    else {
      const f = v as Finding & { readonly rule: string }
      judged++
      violations++
      byRule[f.rule] = (byRule[f.rule] ?? 0) + 1
      emit(f)
    }
  }

  const NEEDS_ASYNC: readonly Issue[] = [issue('eval/needs-async', '', { received: policy.id })]

  const judge = (c: Community, p: Pending, emit: (f: Finding) => void): void => {
    prune(c, p.date)
    c.judgedThrough = p.date
    if (p.verdict !== undefined) {
      report(p.verdict, p.line, emit)
      return
    }
    const event = p.event as Request
    const idx = p.idx ?? capsOf(event, p.date)
    const env = p.idx !== undefined ? p.env : matchedEnv
    // the caps whose past events the decision can depend on: all of them, or the event's own
    const which = fullHistory ? undefined : idx
    // as `evaluate` would check them: an asynchronous policy, then the history's length
    if (policy.needsAsync) {
      malformed(emit, p.line, NEEDS_ASYNC)
      return
    }
    const size = historySize(c, which)
    if (size > maxHistory) {
      malformed(emit, p.line, [issue('eval/limit', '/history', { received: String(size), expected: String(maxHistory), params: { limit: 'maxHistory' } })])
      return
    }
    // When the rules read of the caps only `applies` and `exceeded`, and every held event was
    // matched with the lists of this event's epoch, each of its caps needs at most `max` past
    // events of its window to decide as all of them would: `exceeded` is whether the count
    // reaches `max`. The counts themselves (for the finding) are read from the windows here.
    const short = which !== undefined && (c.live === 0 || (c.otherEnv === 0 && c.env === env))
    const counts: number[] | undefined = short && idx.length > 0 ? [] : undefined
    judgement++
    // reused: nothing holds the history once the event is judged
    histEvents.length = 0
    histDates.length = 0
    if (which === undefined) {
      for (let j = 0; j < c.byCap.length; j++) {
        const list = c.byCap[j] as Kept[]
        for (let i = c.heads[j] as number; i < list.length; i++) take(list[i] as Kept)
      }
    } else if (short) {
      const starts = idx.length > 0 ? startsOf(p.date) : undefined
      for (const j of which) {
        const list = c.byCap[j] as Kept[]
        const first = firstIn(c, j, (starts as readonly LocalDate[])[j] as LocalDate)
        ;(counts as number[])[j] = list.length - first
        for (let i = Math.max(first, list.length - (caps[j] as RuntimeCap).max); i < list.length; i++) take(list[i] as Kept)
      }
    } else
      for (const j of which) {
        const list = c.byCap[j] as Kept[]
        for (let i = c.heads[j] as number; i < list.length; i++) take(list[i] as Kept)
      }
    const v = decide(event, p.line, p.date, p.owned, idx, counts)
    report(v, p.line, emit)
    if (!Array.isArray(v)) keep(c, p.date, event, idx, env)
  }

  /**
   * The verdict on an event given the history gathered in `histEvents` and `histDates` (and the
   * counts of its caps' windows, when read from them).
   */
  const decide = (event: Request, line: number, date: LocalDate, owned: boolean, idx: readonly number[], counts: number[] | undefined): Verdict => {
    let d: E.Either<Issue[], Decision>
    try {
      const decoded = decodeRequest(event, zone, policy.limits)
      if (E.isLeft(decoded)) d = decoded
      else {
        const r = decoded.right
        let request = r.request
        if (histEvents.length > 0) {
          if (owned) (request as { history?: HistoryEvent[] }).history = histEvents
          else request = { ...request, history: histEvents }
        }
        d = run(policy, { request, date: r.date, historyDates: histEvents.length > 0 ? histDates : NO_DATES, approvalDates: r.approvalDates })
      }
    } catch (e) {
      d = E.left([issue('request/invalid', '', { received: e instanceof Error ? e.message : String(e), expected: 'a request' })])
    }
    if (E.isLeft(d)) return d.left
    const decision = d.right
    if (decision.outcome === 'refusable' || decision.outcome === 'forbidden') {
      const rule = decision.decidedBy
      const windows: FindingWindow[] = []
      const trace = idx.length > 0 ? traceOf(decision) : undefined
      // only a cap this event is counted by can be exceeded by it: count just those
      if (trace !== undefined)
        for (const j of idx) {
          const s = trace.ctx.cap(j)
          if (s?.exceeded === true) {
            const cap = caps[j] as CompiledCap
            windows.push({
              cap: cap.id,
              label: s.window.label,
              start: s.window.start,
              end: s.window.end,
              count: counts !== undefined ? (counts[j] as number) + 1 : s.withThis,
              max: s.max,
              ...(cap.title !== undefined ? { title: cap.title } : {}),
              ...(cap.citation !== undefined ? { citation: cap.citation } : {}),
            })
          }
        }
      const e = event
      const community = (e.community as { id: string }).id
      const department = e.requester.department ?? e.requester.level
      // two literals rather than a spread: the same fields in the same order, without a copy
      return e.id !== undefined
        ? { type: 'violation', line, id: e.id, community, department, level: e.requester.level, kind: e.kind, date, outcome: decision.outcome, rule: rule.id, pack: rule.pack, citation: rule.citation, windows }
        : { type: 'violation', line, community, department, level: e.requester.level, kind: e.kind, date, outcome: decision.outcome, rule: rule.id, pack: rule.pack, citation: rule.citation, windows }
    }
    return null
  }

  /** Judge the held events of a community dated before `until` (all of them without it). */
  const release = (c: Community, emit: (f: Finding) => void, until?: LocalDate): void => {
    let n = 0
    while (n < c.pending.length && (until === undefined || (c.pending[n] as Pending).date < until)) n++
    if (n === 0) return
    const ready = n === c.pending.length ? c.pending : c.pending.slice(0, n)
    c.pending = n === c.pending.length ? [] : c.pending.slice(n)
    held -= n
    for (const p of ready) judge(c, p, emit)
  }

  const push = (item: unknown, emit: (f: Finding) => void, at?: number): void => {
    line = at ?? line + 1
    let value = item
    if (typeof item === 'string') {
      if (item.trim() === '') {
        blank++
        return
      }
      read++
      try {
        value = JSON.parse(item)
      } catch (e) {
        malformed(emit, line, [issue('json/syntax', '', { received: e instanceof Error ? e.message : String(e) })])
        return
      }
    } else {
      read++
      const problem = problemOf(item)
      if (problem !== undefined) {
        malformed(emit, line, problem)
        return
      }
    }
    // the community and the date are all the audit needs to hold an event; `evaluate` checks the
    // rest when the event is judged (a problem found then is reported with the event's line)
    const v = value as { community?: { id?: unknown }; history?: unknown; date?: unknown } | null
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      malformed(emit, line, [issue('request/invalid', '', { expected: 'object (an event)', received: Array.isArray(v) ? 'array' : String(v) })])
      return
    }
    if (v.history !== undefined) {
      malformed(emit, line, [issue('request/invalid', '/history', { expected: 'no history (the audit builds it from the events before)', received: 'history' })])
      return
    }
    if (typeof v.community?.id !== 'string') {
      malformed(emit, line, [issue('request/missing', '/community/id', { expected: 'string (the community)' })])
      return
    }
    const fresh = readDate(v.date)
    if (fresh === undefined) {
      malformed(emit, line, [v.date === undefined ? issue('request/missing', '/date', { expected: 'date' }) : issue('request/bad-date', '/date', { received: String(JSON.stringify(v.date)).slice(0, 80) })])
      return
    }
    // one string per date, shared by every event of that day: less to hold, and equal dates
    // compare by identity in the buffers and windows
    let date = dates.get(fresh)
    if (date === undefined) {
      if (dates.size > 100_000) dates.clear()
      dates.set(fresh, (date = fresh))
    }
    const request = value as Request
    const id = (request.community as { id: string }).id
    let c = communities.get(id)
    if (c === undefined) {
      c = {
        first: line,
        pending: [],
        byCap: caps.map(() => []),
        heads: caps.map(() => 0),
        live: 0,
        env: undefined,
        otherEnv: 0,
        latest: date,
        judgedThrough: undefined,
        prunedFor: undefined,
        prunedStarts: undefined,
        stale: false,
      }
      communities.set(id, c)
    }
    if (c.judgedThrough !== undefined && date < c.judgedThrough) {
      const checked = decodeRequest(value, zone, policy.limits)
      if (E.isLeft(checked)) {
        malformed(emit, line, checked.left)
        return
      }
      late++
      emit({ type: 'out-of-order', line, community: id, date, judgedThrough: c.judgedThrough })
      // it happened: the events judged after it count it (it may be older than a window's start:
      // the next pruning drops it, as it would have had it come in time)
      keep(c, date, request, capsOf(request, date), matchedEnv)
      c.stale = true
      return
    }
    // insert into the reorder buffer, by date, stable by line (no held event is later than
    // `latest`: an event in date order goes last without reading the buffer)
    let i = c.pending.length
    if (date < c.latest) while (i > 0 && (c.pending[i - 1] as Pending).date > date) i--
    // An event parsed here that no cap counts, under rules that read the caps' counts only
    // through the event's own caps (not fullHistory): its history is empty whenever it is judged,
    // so its decision is the same now as after the reorder window. It is decided now and only
    // the verdict is held (a few fields instead of the parsed event, which then dies young); the
    // verdict is reported when the event is released, in the same place as before. A value a
    // caller handed in is held as it is and judged when released.
    let p: Pending
    if (typeof item === 'string') {
      const idx = capsOf(request, date)
      const env = matchedEnv
      if (idx.length === 0 && !fullHistory) {
        histEvents.length = 0
        histDates.length = 0
        p = { line, date, event: undefined, owned: true, verdict: policy.needsAsync ? NEEDS_ASYNC : decide(request, line, date, true, idx, undefined) }
      } else p = { line, date, event: request, owned: true, idx, env }
    } else p = { line, date, event: request, owned: false }
    if (i === c.pending.length) c.pending.push(p)
    else c.pending.splice(i, 0, p)
    held++
    if (held > peakHeld) peakHeld = held
    if (date > c.latest) {
      c.latest = date
      release(c, emit, releaseBefore(date))
    }
  }

  return {
    push,
    end: (emit, each) => {
      for (const c of communities.values()) {
        if (each !== undefined) each(c.first)
        release(c, emit)
      }
    },
    summary: () => ({
      policy: policy.id,
      fingerprint: policy.fingerprint,
      read,
      blank,
      skipped,
      judged,
      late,
      violations,
      // by rule id: the same object whatever order the rules were first met in
      byRule: byRuleId(byRule),
      communities: communities.size,
      peakHeld,
    }),
  }
}

import * as E from 'fp-ts/lib/Either.js'
import type { CompiledPolicy } from '../compile/compile'
import type { OperatorEnv } from '../compile/operators'
import { decodeRequest } from '../decode/decode-request'
import type { HistoryEvent, Request } from '../decode/request-codec'
import { epochAt, evaluate, traceOf } from '../evaluate/evaluate'
import { issue, type Issue } from '../issues/issue'
import { cachedBounds, EventCtx, type RuntimeCap } from '../runtime/context'
import { toLocalDate, type LocalDate } from '../time/local-date'
import type { AuditOptions, AuditSummary, Finding, FindingWindow } from './finding'

/**
 * The audit's engine, synchronous and push-based: feed it events (values or NDJSON lines) one at
 * a time, then end it; it emits findings as it goes. `audit` wraps it for iterables and async
 * iterables.
 *
 * Per community it holds two things only: a reorder buffer (events of the last `reorderDays`
 * days, sorted by date before they are judged) and the open windows (past events some cap counts,
 * dropped as soon as every window that counts them has closed for the dates still to come). Each
 * event is judged by `evaluate` as a request whose history is its community's open windows.
 *
 * @module
 */

interface Pending {
  readonly line: number
  readonly date: LocalDate
  readonly event: Request
}

interface Kept {
  readonly date: LocalDate
  /** indices of the caps that count this event and whose window may still be open */
  caps: number[]
  readonly event: HistoryEvent
}

interface Community {
  pending: Pending[]
  kept: Kept[]
  /** `kept` as a history array, rebuilt only when `kept` changes */
  history: HistoryEvent[] | undefined
  latest: LocalDate
  judgedThrough: LocalDate | undefined
  prunedFor: LocalDate | undefined
}

/** A push-based audit. @since 0.1.0 */
export interface Auditor {
  /** Read the next item: an event value, or one NDJSON line (a string). */
  push(item: unknown, emit: (f: Finding) => void): void
  /** Judge every event still held, oldest first. */
  end(emit: (f: Finding) => void): void
  summary(): AuditSummary
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

const reasonOf = (issues: readonly Issue[]): string =>
  issues
    .slice(0, 3)
    .map((i) => {
      const parts = [i.expected !== undefined ? `expected ${i.expected}` : '', i.received !== undefined ? `received ${i.received}` : ''].filter((x) => x !== '')
      return `${i.code}${i.path !== '' ? ` at ${i.path}` : ''}${parts.length > 0 ? `: ${parts.join(', ')}` : ''}`
    })
    .join('; ') + (issues.length > 3 ? `; and ${issues.length - 3} more` : '')

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
  const reorderDays = Math.max(0, Math.floor(options.reorderDays ?? 7))
  const caps: readonly RuntimeCap[] = policy.caps
  const zone = policy.timeZone
  const communities = new Map<string, Community>()
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

  const malformed = (emit: (f: Finding) => void, at: number, issues: readonly Issue[]): void => {
    skipped++
    emit({ type: 'malformed', line: at, reason: reasonOf(issues), issues })
  }

  /** The caps that count an event (its epoch's lists), as indices. */
  const capsOf = (event: Request | HistoryEvent, date: LocalDate): number[] => {
    const out: number[] = []
    if (caps.length === 0) return out
    const epoch = epochAt(policy, date)
    if (epoch === undefined) return out
    let ctx = eventCtxs.get(epoch.env)
    if (ctx === undefined) {
      ctx = new EventCtx(policy.capNodes, epoch.env)
      eventCtxs.set(epoch.env, ctx)
    }
    ctx.req = event
    ctx.date = date
    for (let j = 0; j < caps.length; j++) if ((caps[j] as RuntimeCap).match(ctx)) out.push(j)
    return out
  }

  /** Drop from the open windows what no window containing `date` (or a later date) counts. */
  const prune = (c: Community, date: LocalDate): void => {
    if (c.prunedFor === date || c.kept.length === 0) return
    c.prunedFor = date
    const starts = caps.map((cap) => cachedBounds(date, cap.window, zone).start)
    const before = c.kept.length
    c.kept = c.kept.filter((k) => {
      k.caps = k.caps.filter((j) => k.date >= (starts[j] as LocalDate))
      return k.caps.length > 0
    })
    if (c.kept.length !== before) {
      held -= before - c.kept.length
      c.history = undefined
    }
  }

  const fields = capFields(policy)
  const fullHistory = options.fullHistory === true || rulesReadCounts(policy)
  const asHistory = (e: Request): HistoryEvent => {
    const h: Record<string, unknown> = {}
    for (const k of fields) if (e[k] !== undefined) h[k] = e[k]
    return h as HistoryEvent
  }

  const keep = (c: Community, date: LocalDate, event: Request, idx: number[] = capsOf(event, date)): void => {
    if (idx.length === 0) return
    const k: Kept = { date, caps: idx, event: asHistory(event) }
    let i = c.kept.length
    while (i > 0 && (c.kept[i - 1] as Kept).date > date) i--
    c.kept.splice(i, 0, k)
    c.history = undefined
    held++
    if (held > peakHeld) peakHeld = held
  }

  const NO_HISTORY: HistoryEvent[] = []
  /** The history an event is judged with: the open windows, or only those of its own caps. */
  const historyFor = (c: Community, idx: readonly number[]): HistoryEvent[] => {
    if (fullHistory) {
      if (c.history === undefined) c.history = c.kept.map((k) => k.event)
      return c.history
    }
    if (idx.length === 0) return NO_HISTORY
    const out: HistoryEvent[] = []
    for (const k of c.kept) if (k.caps.some((j) => idx.includes(j))) out.push(k.event)
    return out
  }

  const judge = (c: Community, p: Pending, emit: (f: Finding) => void): void => {
    prune(c, p.date)
    const idx = capsOf(p.event, p.date)
    const d = evaluate(policy, { ...p.event, history: historyFor(c, idx) })
    c.judgedThrough = p.date
    if (E.isLeft(d)) {
      malformed(emit, p.line, d.left)
      return
    }
    judged++
    const decision = d.right
    if (decision.outcome === 'refusable' || decision.outcome === 'forbidden') {
      violations++
      const rule = decision.decidedBy
      byRule[rule.id] = (byRule[rule.id] ?? 0) + 1
      const windows: FindingWindow[] = []
      const trace = idx.length > 0 ? traceOf(decision) : undefined
      // only a cap this event is counted by can be exceeded by it: count just those
      if (trace !== undefined)
        for (const j of idx) {
          const s = trace.ctx.cap(j)
          if (s?.exceeded === true) windows.push({ cap: (caps[j] as RuntimeCap).id, label: s.window.label, start: s.window.start, end: s.window.end, count: s.withThis, max: s.max })
        }
      const e = p.event
      emit({
        type: 'violation',
        line: p.line,
        ...(e.id !== undefined ? { id: e.id } : {}),
        community: (e.community as { id: string }).id,
        department: e.requester.department ?? e.requester.level,
        level: e.requester.level,
        kind: e.kind,
        date: p.date,
        outcome: decision.outcome,
        rule: rule.id,
        pack: rule.pack,
        citation: rule.citation,
        windows,
      })
    }
    keep(c, p.date, p.event, idx)
  }

  /** Judge the held events of a community dated before `until` (all of them without it). */
  const release = (c: Community, emit: (f: Finding) => void, until?: LocalDate): void => {
    let n = 0
    while (n < c.pending.length && (until === undefined || (c.pending[n] as Pending).date < until)) n++
    if (n === 0) return
    const ready = c.pending.slice(0, n)
    c.pending = c.pending.slice(n)
    held -= n
    for (const p of ready) judge(c, p, emit)
  }

  const push = (item: unknown, emit: (f: Finding) => void): void => {
    line++
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
    } else read++
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
    const date = toLocalDate(v.date, zone)
    if (date === undefined) {
      malformed(emit, line, [v.date === undefined ? issue('request/missing', '/date', { expected: 'date' }) : issue('request/bad-date', '/date', { received: String(JSON.stringify(v.date)).slice(0, 80) })])
      return
    }
    const request = value as Request
    const id = (request.community as { id: string }).id
    let c = communities.get(id)
    if (c === undefined) {
      c = { pending: [], kept: [], history: undefined, latest: date, judgedThrough: undefined, prunedFor: undefined }
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
      keep(c, date, request) // it happened: the events judged after it count it
      return
    }
    // insert into the reorder buffer, by date, stable by line
    let i = c.pending.length
    while (i > 0 && (c.pending[i - 1] as Pending).date > date) i--
    c.pending.splice(i, 0, { line, date, event: request })
    held++
    if (held > peakHeld) peakHeld = held
    if (date > c.latest) {
      c.latest = date
      release(c, emit, shift(date, -reorderDays))
    }
  }

  return {
    push,
    end: (emit) => {
      for (const c of communities.values()) release(c, emit)
    },
    summary: () => ({
      policy: policy.id,
      read,
      blank,
      skipped,
      judged,
      late,
      violations,
      byRule: { ...byRule },
      communities: communities.size,
      peakHeld,
    }),
  }
}

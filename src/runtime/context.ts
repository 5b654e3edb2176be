import type { Window } from '../decode/pack-codec'
import type { HistoryEvent, Request, YearlyReview } from '../decode/request-codec'
import type { Closure, EvalCtx, FactAccessor } from '../compile/condition'
import type { OperatorEnv } from '../compile/operators'
import { KIND_CODES } from '../decode/decode-request'
import { windowBounds, type WindowBounds } from '../time/window'
import { dayOfLocalDate, localDateOfDay, type LocalDate } from '../time/local-date'

/**
 * The state one evaluation runs against: the request, its local date, the lists in force, the
 * node results, and the derived facts computed lazily and at most once (caps in one pass over the
 * history, each window's bounds once). `evaluate` gives it a scratch buffer for node results that
 * it reuses (evaluation is synchronous); `explain` replays the rules on a fresh context with its
 * own buffer, which costs nothing when no explanation is asked for.
 *
 * @module
 */

/** A cap, compiled. @since 0.1.0 */
export interface RuntimeCap {
  readonly id: string
  readonly max: number
  readonly window: Window
  readonly match: Closure<EventCtx>
  /**
   * The request kinds whose events the cap can count, as bits (bit `KIND_CODES[kind]`), when its
   * `match` requires a kind and cannot throw; absent: any kind. @since 0.3.0
   */
  readonly kindMask?: number
}

/** What the runtime needs of a compiled policy. @since 0.1.0 */
export interface RuntimePolicy {
  readonly timeZone: string
  readonly caps: readonly RuntimeCap[]
  readonly capNodes: number
  readonly params: Readonly<Record<string, unknown>>
}

/** The count of one cap for one request. @since 0.1.0 */
export interface CapStatus {
  /** events of the history in the window up to and including this request's date (matching the cap) */
  readonly count: number
  /** whether this request is itself of the kind the cap counts */
  readonly applies: boolean
  /** count, plus one if this request applies */
  readonly withThis: number
  readonly max: number
  /** this request applies and would exceed the maximum */
  readonly exceeded: boolean
  readonly window: WindowBounds
}

/** The state of the admission approval on the request's date. @since 0.1.0 */
export interface ApprovalStatus {
  readonly present: boolean
  readonly approved: boolean
  readonly inForce: boolean
  readonly expired: boolean
  readonly notYetValid: boolean
  readonly funded: boolean
  /** what the approval fails to state: content, object, authority, timeLimit, funds */
  readonly missing: readonly string[]
  readonly complete: boolean
}

/** Last year's (or the latest earlier year's) review of the item. @since 0.1.0 */
export interface PriorReview {
  readonly year: number
  readonly respondents: number
  readonly satisfaction?: { readonly part: number; readonly whole: number }
  readonly dissatisfaction?: { readonly part: number; readonly whole: number }
}

/** A past event, as a cap's `match` sees it. @since 0.1.0 */
export class EventCtx implements EvalCtx {
  req: HistoryEvent | Request
  /** the event's local day number (0 = 1970-01-01) */
  day: number
  readonly nodes: Uint8Array
  readonly env: OperatorEnv
  constructor(size: number, env: OperatorEnv) {
    this.nodes = new Uint8Array(Math.max(1, size))
    this.env = env
    this.req = undefined as unknown as Request
    this.day = 0
  }
  /** The event's local date (made from its day when a condition reads it: one shared string a day). */
  get date(): LocalDate {
    return localDateOfDay(this.day) ?? ''
  }
  /** Set the event's local date (its day: a date that is not one reads as ''). */
  set date(d: LocalDate) {
    this.day = dayOfLocalDate(d)
  }
}

const eventCtxs = new WeakMap<OperatorEnv, EventCtx>()
/** One reusable event context per epoch (each epoch has its own env): cap matching is synchronous. */
const eventCtx = (policy: RuntimePolicy, env: OperatorEnv): EventCtx => {
  let ev = eventCtxs.get(env)
  if (ev === undefined || ev.nodes.length < policy.capNodes) {
    ev = new EventCtx(policy.capNodes, env)
    eventCtxs.set(env, ev)
  }
  return ev
}

const AUTH_FIELDS = ['content', 'object', 'authority', 'timeLimit'] as const
const blank = (v: unknown): boolean => typeof v !== 'string' || v.trim() === ''
const NOTHING_MISSING: readonly string[] = Object.freeze([])
/** The status of a request without an approval: one value, shared (and frozen). */
const NO_APPROVAL: ApprovalStatus = Object.freeze({
  present: false,
  approved: false,
  inForce: false,
  expired: false,
  notYetValid: false,
  funded: false,
  missing: Object.freeze(['approval']),
  complete: false,
})

/**
 * The context of one request's evaluation.
 *
 * @since 0.1.0
 */
export class RequestCtx implements EvalCtx {
  readonly nodes: Uint8Array
  private capsValue: Record<string, CapStatus> | undefined
  private approvalValue: ApprovalStatus | undefined
  private reviewDone = false
  private reviewValue: PriorReview | undefined
  readonly year: number
  constructor(
    readonly policy: RuntimePolicy,
    readonly env: OperatorEnv,
    readonly req: Request,
    readonly date: LocalDate,
    historyDates: readonly LocalDate[] | undefined,
    nodes: Uint8Array,
    readonly approvalDates: { readonly from?: LocalDate; readonly until?: LocalDate },
    historyDays?: readonly number[],
  ) {
    this.nodes = nodes
    this.year = Number(date.slice(0, 4))
    this.days = historyDays
    this.datesIn = historyDates
  }

  private datesIn: readonly LocalDate[] | undefined
  /** The local date of each event of the history (made from the day numbers when first read). */
  get historyDates(): readonly LocalDate[] {
    if (this.datesIn !== undefined) return this.datesIn
    const days = this.days ?? NO_DAYS
    const out: LocalDate[] = new Array(days.length)
    for (let i = 0; i < days.length; i++) out[i] = localDateOfDay((days[i] as number) >> 3) ?? ''
    return (this.datesIn = out)
  }

  /** The days and kinds of the history, as the pass over it left them (see `DecodedRequest.historyDays`). */
  get historyDays(): readonly number[] {
    return this.historyDaysOf()
  }

  /**
   * Each event's local day times 8 plus its kind's code (what decodeRequest's pass over the
   * history leaves); made from `historyDates` when the request was decoded otherwise.
   */
  private days: readonly number[] | undefined
  private historyDaysOf(): readonly number[] {
    const have = this.days
    if (have !== undefined) return have
    const history = this.req.history ?? []
    const dates = this.datesIn ?? []
    const out: number[] = new Array(history.length)
    for (let i = 0; i < history.length; i++) {
      const d = dayOfLocalDate(dates[i])
      // a date that is not one is in no window (the bounds test below fails on NaN)
      out[i] = d === d ? (d << 3) | (KIND_CODE[(history[i] as HistoryEvent).kind] ?? 7) : NO_DAY
    }
    return (this.days = out)
  }

  /** Every cap, counted in one pass over the history. */
  /**
   * One cap, counted on its own pass over the history (a request usually reads one or two caps:
   * the ones of its kind). Memoised; `caps()` gives them all.
   */
  cap(index: number): CapStatus | undefined {
    const memo = (this.capMemo ??= [])
    const hit = memo[index]
    if (hit !== undefined) return hit
    const cap = this.policy.caps[index]
    if (cap === undefined) return undefined
    const all = (this.bounds ??= boundsFor(this.policy, this.date))
    const b = all.bounds[index] as WindowBounds
    const ev = eventCtx(this.policy, this.env)
    const history = this.req.history ?? []
    let count = 0
    if (history.length > 0) {
      // the days and kinds the pass over the history left: an event of a kind the cap cannot
      // count, or outside its window, is not read again
      const days = this.historyDaysOf()
      const mask = cap.kindMask ?? 0xff
      // only what has happened by this request's date counts; later events are not history yet
      // (the bounds are NaN when the window could not be computed: nothing is in it then)
      const lo = all.start[index] as number
      const hi = all.end[index] as number
      for (let i = 0; i < days.length; i++) {
        const x = days[i] as number
        if (((mask >> (x & 7)) & 1) === 0) continue
        const d = x >> 3
        if (!(d >= lo && d <= hi)) continue
        ev.req = history[i] as HistoryEvent
        ev.day = d
        if (cap.match(ev)) count++
      }
    }
    ev.req = this.req
    ev.day = all.today
    const applies = cap.match(ev)
    const withThis = count + (applies ? 1 : 0)
    const status: CapStatus = { count, applies, withThis, max: cap.max, exceeded: applies && withThis > cap.max, window: b }
    memo[index] = status
    return status
  }

  private capMemo: CapStatus[] | undefined
  private bounds: DayBounds | undefined

  /** Every cap (for json-rules-engine, messages and explanations): each counted by `cap`. */
  caps(): Record<string, CapStatus> {
    if (this.capsValue !== undefined) return this.capsValue
    const out: Record<string, CapStatus> = Object.create(null)
    this.policy.caps.forEach((c, j) => {
      out[c.id] = this.cap(j) as CapStatus
    })
    return (this.capsValue = out)
  }


  /** The admission approval on this date. */
  approval(): ApprovalStatus {
    if (this.approvalValue !== undefined) return this.approvalValue
    const a = this.req.approval
    if (a === undefined) return (this.approvalValue = NO_APPROVAL)
    const { from, until } = this.approvalDates
    const expired = until !== undefined && until < this.date
    const notYetValid = from !== undefined && from > this.date
    // funds count only on an approval that was granted
    const funded = a.approved === true && typeof a.funds === 'number' && a.funds > 0
    // what the authorisation fails to state, in AUTH_FIELDS order, then funds
    const auth = a.authorisation
    let missing: string[] | undefined
    if (auth === undefined) missing = [...AUTH_FIELDS]
    else {
      if (blank(auth.content)) (missing ??= []).push('content')
      if (blank(auth.object)) (missing ??= []).push('object')
      if (blank(auth.authority)) (missing ??= []).push('authority')
      if (blank(auth.timeLimit)) (missing ??= []).push('timeLimit')
    }
    if (!funded) (missing ??= []).push('funds')
    return (this.approvalValue = {
      present: true,
      approved: a.approved === true,
      inForce: a.approved === true && !expired && !notYetValid,
      expired,
      notYetValid,
      funded,
      missing: missing ?? NOTHING_MISSING,
      complete: missing === undefined,
    })
  }

  /** The latest review of the item from a year before this request's year. */
  priorReview(): PriorReview | undefined {
    if (this.reviewDone) return this.reviewValue
    this.reviewDone = true
    const id = this.req.item?.id
    const reviews = this.req.reviews
    if (id === undefined || reviews === undefined) return undefined
    let best: YearlyReview | undefined
    for (const r of reviews) if (r.itemId === id && r.year < this.year && (best === undefined || r.year > best.year)) best = r
    if (best === undefined) return undefined
    const whole = best.respondents
    const ratio = (part: number | undefined): { part: number; whole: number } | undefined =>
      part !== undefined && whole > 0 ? { part, whole } : undefined
    const satisfaction = ratio(best.satisfied)
    const dissatisfaction = ratio(best.dissatisfied)
    return (this.reviewValue = {
      year: best.year,
      respondents: whole,
      ...(satisfaction ? { satisfaction } : {}),
      ...(dissatisfaction ? { dissatisfaction } : {}),
    })
  }
}

/** The caps' windows on a date, and as day numbers what a history's event must lie in to count. */
interface DayBounds {
  readonly bounds: readonly WindowBounds[]
  /** the first day of each cap's window (NaN when it could not be computed) */
  readonly start: Float64Array
  /** the last day of each cap's window that has happened by the date (NaN likewise) */
  readonly end: Float64Array
  /** the date's day number */
  readonly today: number
}

const NO_DAYS: readonly number[] = Object.freeze([])
/** What an event whose date is not one packs to: kind 7 (none), a day after any window. */
const NO_DAY = 0x3fffffff
// prototype-free: a kind is data (an unchecked event's kind may be 'constructor')
const KIND_CODE: Readonly<Record<string, number>> = Object.assign(Object.create(null) as Record<string, number>, KIND_CODES)

const boundsByPolicy = new WeakMap<RuntimePolicy, Map<LocalDate, DayBounds>>()

/** The window bounds of every cap of a policy on a date, computed once per date (bounded cache). */
const boundsFor = (policy: RuntimePolicy, date: LocalDate): DayBounds => {
  let byDate = boundsByPolicy.get(policy)
  if (byDate === undefined) {
    byDate = new Map()
    boundsByPolicy.set(policy, byDate)
  }
  let b = byDate.get(date)
  if (b === undefined) {
    const bounds = policy.caps.map((c) => cachedBounds(date, c.window, policy.timeZone))
    const today = dayOfLocalDate(date)
    const start = new Float64Array(bounds.length)
    const end = new Float64Array(bounds.length)
    bounds.forEach((w, i) => {
      start[i] = dayOfLocalDate(w.start)
      const e = dayOfLocalDate(w.end)
      end[i] = e < today ? e : today
    })
    b = { bounds, start, end, today }
    if (byDate.size > 20_000) byDate.clear()
    byDate.set(date, b)
  }
  return b
}

const boundsCache = new Map<string, WindowBounds>()

/** Window bounds, memoised by date, window and zone (a bounded cache). @since 0.1.0 */
export const cachedBounds = (d: LocalDate, w: Window, zone: string): WindowBounds => {
  const key = `${d}|${typeof w === 'object' ? `r${w.rollingDays}` : w}|${zone}`
  let b = boundsCache.get(key)
  if (b === undefined) {
    b = windowBounds(d, w, zone)
    if (boundsCache.size > 50_000) boundsCache.clear()
    boundsCache.set(key, b)
  }
  return b
}

const has = Object.prototype.hasOwnProperty
const raw =
  (name: string) =>
  (ctx: { req: unknown }): unknown => {
    const r = ctx.req as Record<string, unknown>
    return has.call(r, name) ? r[name] : undefined
  }

/** The request facts that are the request's own property of the same name. @since 0.1.0 */
export const RAW_REQUEST_FACTS: ReadonlySet<string> = new Set([
  'kind', 'date', 'requester', 'community', 'item', 'certificate', 'plaque', 'meeting', 'inspection', 'evaluation', 'form',
  'approval', 'emergency', 'legalBasis', 'extra',
])

/** The past-event facts that are the event's own property of the same name. @since 0.1.0 */
export const RAW_EVENT_FACTS: ReadonlySet<string> = new Set([
  'kind', 'date', 'requester', 'community', 'item', 'certificate', 'plaque', 'meeting', 'inspection', 'evaluation', 'form',
])

/**
 * The accessor of each fact for requests.
 *
 * @since 0.1.0
 */
export const requestFact = (name: string): FactAccessor<RequestCtx> | undefined => {
  switch (name) {
    case 'localDate':
      return (ctx) => ctx.date
    case 'year':
      return (ctx) => ctx.year
    case 'caps':
      return (ctx) => ctx.caps()
    case 'approvalStatus':
      return (ctx) => ctx.approval()
    case 'priorReview':
      return (ctx) => ctx.priorReview()
    case 'params':
      return (ctx) => ctx.policy.params
    case 'kind':
    case 'date':
    case 'requester':
    case 'community':
    case 'item':
    case 'certificate':
    case 'plaque':
    case 'meeting':
    case 'inspection':
    case 'evaluation':
    case 'form':
    case 'approval':
    case 'emergency':
    case 'legalBasis':
    case 'extra':
      return raw(name)
    default:
      return undefined
  }
}

/**
 * The accessor of each fact for past events (a cap's `match`).
 *
 * @since 0.1.0
 */
export const eventFact = (name: string): FactAccessor<EventCtx> | undefined => {
  switch (name) {
    case 'localDate':
      return (ctx) => ctx.date
    case 'year':
      return (ctx) => Number(ctx.date.slice(0, 4))
    case 'kind':
    case 'date':
    case 'requester':
    case 'community':
    case 'item':
    case 'certificate':
    case 'plaque':
    case 'meeting':
    case 'inspection':
    case 'evaluation':
    case 'form':
      return raw(name)
    default:
      return undefined
  }
}

import type { Window } from '../decode/pack-codec'
import type { HistoryEvent, Request, YearlyReview } from '../decode/request-codec'
import type { Closure, EvalCtx, FactAccessor } from '../compile/condition'
import type { OperatorEnv } from '../compile/operators'
import { windowBounds, type WindowBounds } from '../time/window'
import type { LocalDate } from '../time/local-date'

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
  date: LocalDate
  readonly nodes: Uint8Array
  readonly env: OperatorEnv
  constructor(size: number, env: OperatorEnv) {
    this.nodes = new Uint8Array(Math.max(1, size))
    this.env = env
    this.req = undefined as unknown as Request
    this.date = ''
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
    readonly historyDates: readonly LocalDate[],
    nodes: Uint8Array,
    readonly approvalDates: { readonly from?: LocalDate; readonly until?: LocalDate },
  ) {
    this.nodes = nodes
    this.year = Number(date.slice(0, 4))
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
    const b = (this.bounds ??= boundsFor(this.policy, this.date))[index] as WindowBounds
    const ev = eventCtx(this.policy, this.env)
    const history = this.req.history ?? []
    const today = this.date
    let count = 0
    // only what has happened by this request's date counts; later events are not history yet
    const lo = b.start
    const hi = b.end < today ? b.end : today
    const dates = this.historyDates
    for (let i = 0; i < history.length; i++) {
      const d = dates[i] as LocalDate
      if (d < lo || d > hi) continue
      ev.req = history[i] as HistoryEvent
      ev.date = d
      if (cap.match(ev)) count++
    }
    ev.req = this.req
    ev.date = this.date
    const applies = cap.match(ev)
    const withThis = count + (applies ? 1 : 0)
    const status: CapStatus = { count, applies, withThis, max: cap.max, exceeded: applies && withThis > cap.max, window: b }
    memo[index] = status
    return status
  }

  private capMemo: CapStatus[] | undefined
  private bounds: readonly WindowBounds[] | undefined

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

const boundsByPolicy = new WeakMap<RuntimePolicy, Map<LocalDate, readonly WindowBounds[]>>()

/** The window bounds of every cap of a policy on a date, computed once per date (bounded cache). */
const boundsFor = (policy: RuntimePolicy, date: LocalDate): readonly WindowBounds[] => {
  let byDate = boundsByPolicy.get(policy)
  if (byDate === undefined) {
    byDate = new Map()
    boundsByPolicy.set(policy, byDate)
  }
  let b = byDate.get(date)
  if (b === undefined) {
    b = policy.caps.map((c) => cachedBounds(date, c.window, policy.timeZone))
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

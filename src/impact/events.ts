import type { CompiledPolicy } from '../compile/compile'
import type { HistoryEvent } from '../decode/request-codec'
import { epochAt } from '../evaluate/evaluate'
import { issue } from '../issues/issue'
import { EventCtx, type RuntimeCap } from '../runtime/context'
import { dateReader, type LocalDate } from '../time/local-date'
import { windowBounds } from '../time/window'
import { lineProblem, problemOf } from '../audit/auditor'

/**
 * Recorded events (as the audit reads them: requests without `history`) replayed as the requests
 * they were: each event with its community's earlier events that a cap of either policy counts,
 * within the longest window that can still count them, as its `history`. Memory holds, per
 * community, those events only (as the audit's open windows do).
 *
 * @module
 */

/** A line that is not an event, marked as the audit marks one (judgeRequest reports it as malformed). */
const problem = lineProblem
const isProblem = (item: unknown): boolean => problemOf(item) !== undefined

interface Held {
  readonly date: LocalDate
  readonly event: HistoryEvent
}

interface Community {
  latest: LocalDate
  held: Held[]
}

/** Days of date disorder per community tolerated, as the audit's default `reorderDays`. */
const REORDER_DAYS = 7
const daysBefore = (d: LocalDate, n: number): LocalDate => {
  const t = Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) - n * 86_400_000
  const x = new Date(t)
  return Number.isNaN(t) || x.getUTCFullYear() < 1 ? d : x.toISOString().slice(0, 10)
}
/** The fields a history event may have (the request's others, such as its id, are left out). */
const HISTORY_FIELDS = ['kind', 'date', 'requester', 'community', 'item', 'certificate', 'plaque', 'meeting', 'inspection', 'evaluation', 'form'] as const
const historyEvent = (v: Record<string, unknown>): HistoryEvent => {
  const out: Record<string, unknown> = {}
  for (const k of HISTORY_FIELDS) if (v[k] !== undefined) out[k] = v[k]
  return out as unknown as HistoryEvent
}

const isObj = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u)

/**
 * A transformer from events to requests, one item out for each item in (so line numbers stay):
 * a request (as a JSON text) with its history, a blank line as it came, or a line problem (not
 * JSON, not an object, no `community.id`, no readable date, a `history` of its own, or dated
 * before an event of its community already read: events must come in date order per community).
 *
 * @example
 * const toRequest = eventsToRequests([before, after])
 * toRequest('{"kind":"inspection","date":"2026-03-20","requester":{"level":"street"},"community":{"id":"c1"}}')
 * // '{"kind":"inspection",…,"history":[…the community's earlier inspections this month…]}'
 * @since 0.2.0
 */
export const eventsToRequests = (policies: readonly CompiledPolicy[]): ((item: unknown) => unknown) => {
  const ps = (Array.isArray(policies) ? policies : []).filter((p): p is CompiledPolicy => isObj(p) && (p as { kind?: unknown }).kind === 'zhunru/compiled-policy')
  const zone = ps[0]?.timeZone ?? 'Asia/Shanghai'
  const readDate = dateReader(zone)
  const communities = new Map<string, Community>()
  const ctxs = new Map<object, EventCtx>()
  /** Does a cap of a policy count this event? */
  const counted = (event: HistoryEvent, date: LocalDate): boolean =>
    ps.some((p) => {
      const epoch = epochAt(p, date)
      if (epoch === undefined) return false
      let ctx = ctxs.get(epoch.env)
      if (ctx === undefined) ctxs.set(epoch.env, (ctx = new EventCtx(p.capNodes, epoch.env)))
      ctx.req = event
      ctx.date = date
      return p.caps.some((c: RuntimeCap) => c.match(ctx as EventCtx))
    })
  /** The earliest date a window of a cap holding `date` starts on. */
  const starts = new Map<LocalDate, LocalDate>()
  const earliest = (date: LocalDate): LocalDate => {
    let s = starts.get(date)
    if (s === undefined) {
      s = date
      for (const p of ps)
        for (const c of p.caps) {
          const b = windowBounds(date, c.window, p.timeZone).start
          if (b !== '' && b < s) s = b
        }
      if (starts.size > 10_000) starts.clear()
      starts.set(date, s)
    }
    return s
  }
  return (item) => {
    if (isProblem(item)) return item
    let value: unknown = item
    if (typeof item === 'string') {
      if (item.trim() === '') return item
      try {
        value = JSON.parse(item)
      } catch (e) {
        return problem([issue('json/syntax', '', { received: e instanceof Error ? e.message : String(e) })])
      }
    }
    if (!isObj(value)) return problem([issue('request/invalid', '', { expected: 'object (an event)', received: Array.isArray(value) ? 'array' : String(value) })])
    if (value.history !== undefined) return problem([issue('request/invalid', '/history', { expected: 'no history (--events builds it from the events before)', received: 'history' })])
    const id = isObj(value.community) ? value.community.id : undefined
    if (typeof id !== 'string') return problem([issue('request/missing', '/community/id', { expected: 'string (the community)' })])
    const date = readDate(value.date)
    if (date === undefined) return problem([value.date === undefined ? issue('request/missing', '/date', { expected: 'date' }) : issue('request/bad-date', '/date', { received: String(JSON.stringify(value.date)).slice(0, 80) })])
    let c = communities.get(id)
    if (c === undefined) communities.set(id, (c = { latest: date, held: [] }))
    // events up to REORDER_DAYS before the latest of their community are still judged rightly:
    // what their windows count is still held (a later event in the history is not counted)
    const oldest = daysBefore(c.latest, REORDER_DAYS)
    if (date < oldest) return problem([issue('request/invalid', '/date', { expected: `events of a community in date order (at most ${REORDER_DAYS} days before ${c.latest})`, received: date })])
    if (date > c.latest) {
      c.latest = date
      // drop what no window holding a date still to come can count
      const from = earliest(daysBefore(date, REORDER_DAYS))
      let k = 0
      while (k < c.held.length && (c.held[k] as Held).date < from) k++
      if (k > 0) c.held = c.held.slice(k)
    }
    const request = { ...value, history: c.held.map((h) => h.event) }
    const event = historyEvent(value)
    if (counted(event, date)) {
      // kept in date order
      let at = c.held.length
      while (at > 0 && (c.held[at - 1] as Held).date > date) at--
      c.held.splice(at, 0, { date, event })
    }
    return JSON.stringify(request)
  }
}

import { TZDate } from '@date-fns/tz'
import { addHours, getISODay } from 'date-fns'
import * as E from 'fp-ts/lib/Either.js'
import { CatalogueEntry, TimeLimit } from '../decode/pack-codec'
import { reportErrors, unknownFields } from '../decode/report'
import { issue, showValue, type Issue } from '../issues/issue'
import { dateParts, formatLocalDate, isLocalDate, isTimeZone, pad, toLocalDate, type LocalDate } from '../time/local-date'
import { shiftDate } from '../time/window'
import { decodeWorkCalendar, indexCalendar, isCovered, isWorkingDay, type CalendarIndex, type WorkCalendar } from './work-calendar'

/**
 * Service deadlines (source 000's catalogue with legal and promised time limits; source 003's
 * 即办事项不过夜, 承诺事项不过日, 联办事项不过期): when a catalogue entry received at an instant is due,
 * computed in the pack's time zone with date-fns and `@date-fns/tz`, whatever the host's zone.
 *
 * - `calendar-days` N: the period starts the day after receipt (the day of receipt does not count)
 *   and ends at the end (23:59:59.999 local) of the N-th day; when a work calendar is given and
 *   that day is a rest day (weekend or holiday), the period ends with the first working day after
 *   it (民法典第二百零三条: 期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日).
 * - `working-days` N: the end of the N-th working day after the day of receipt, by the calendar
 *   (weekends, holidays and make-up working days as data). A calendar is required.
 * - `hours` N: the instant N hours after receipt.
 * - `same-day` (即办): before the local day of receipt ends, 23:59:59.999 local — not overnight.
 * - joint items (联办): each department's limit is computed; the latest due governs, together with
 *   the entry's own limit.
 *
 * @module
 */

/**
 * One due instant.
 *
 * @example
 * const d: Due = { limit: { unit: 'same-day' }, at: '2026-03-10T23:59:59.999+08:00', utc: '2026-03-10T15:59:59.999Z', date: '2026-03-10' }
 * d.date // '2026-03-10'
 * @since 0.1.0
 */
export interface Due {
  readonly limit: TimeLimit
  /** for a joint item, the department whose limit this is */
  readonly department?: string
  /** the instant, in the zone, with its offset: `2026-03-18T23:59:59.999+08:00` */
  readonly at: string
  /** the same instant in UTC: `2026-03-18T15:59:59.999Z` */
  readonly utc: string
  /** the local date it falls on */
  readonly date: LocalDate
  /** the computation went past the dates the calendar is known for: holidays there are unknown */
  readonly beyondCalendar?: boolean
}

/**
 * A due instant that may come from several departments (联办).
 *
 * @example
 * const r = deadline({ id: 'x', name: '联办事项', joint: [{ department: 'a', limit: { unit: 'same-day' } }] }, '2026-03-10T09:00:00+08:00', { timeZone: 'Asia/Shanghai' })
 * const due: DueResult | undefined = E.isRight(r) ? r.right.promised : undefined
 * due?.department // 'a'
 * @since 0.1.0
 */
export interface DueResult extends Due {
  /** for a joint item, every department's own due, in the order given */
  readonly joint?: readonly Due[]
}

/**
 * Both due instants of an entry.
 *
 * @example
 * const r = deadline({ id: 'x', name: '即办事项', promisedLimit: { unit: 'same-day' } }, '2026-03-10T23:50:00+08:00', { timeZone: 'Asia/Shanghai' })
 * const d: Deadlines | undefined = E.isRight(r) ? r.right : undefined
 * d?.promised?.at // '2026-03-10T23:59:59.999+08:00'
 * @since 0.1.0
 */
export interface Deadlines {
  readonly entry: string
  readonly timeZone: string
  /** the instant of receipt, in UTC */
  readonly receivedAt: string
  /** the legal time limit (法定时限), if the entry states one or is joint */
  readonly legal?: DueResult
  /** the promised time limit (承诺时限), if the entry states one or is joint */
  readonly promised?: DueResult
}

/**
 * Options of {@link deadline}.
 *
 * @example
 * const options: DeadlineOptions = { timeZone: 'Asia/Shanghai', calendar: CN_2026 }
 * @since 0.1.0
 */
export interface DeadlineOptions {
  /** the pack's time zone (`policy.timeZone`) */
  readonly timeZone: string
  /** a work calendar (for working days, and for a calendar-day period ending on a rest day) */
  readonly calendar?: WorkCalendar | unknown
  /** move a calendar-day period that ends on a rest day to the next working day (default true) */
  readonly extendOverRestDays?: boolean
}

const MAX_VALUE = { 'calendar-days': 3660, 'working-days': 2600, hours: 87_840 } as const

const INSTANT = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|z|[+-]\d{2}:?\d{2})$/
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/

/** An instant of receipt: a `Date`, epoch milliseconds, an ISO instant with offset, or a local date-time in the zone. */
const receivedMs = (u: unknown, zone: string): number | undefined => {
  // as requests: a real calendar date, and a date in the zone within 1949–2200 (YEAR_RANGE)
  if (u instanceof Date || typeof u === 'number') {
    const ms = u instanceof Date ? u.getTime() : u
    if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return undefined
    return toLocalDate(new Date(ms).toISOString(), zone) === undefined ? undefined : ms
  }
  if (typeof u !== 'string' || u.length > 40) return undefined
  if (INSTANT.test(u)) {
    if (toLocalDate(u, zone) === undefined) return undefined
    const ms = Date.parse(u.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2'))
    return Number.isFinite(ms) ? ms : undefined
  }
  const m = LOCAL.exec(u)
  if (m === null || !isLocalDate(`${m[1]}-${m[2]}-${m[3]}`)) return undefined
  const [hh, mi, ss] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)]
  if (hh > 23 || mi > 59 || ss > 59) return undefined
  return new TZDate(Number(m[1]), Number(m[2]) - 1, Number(m[3]), hh, mi, ss, Number((m[7] ?? '0').padEnd(3, '0')), zone).getTime()
}

const localDateOf = (ms: number, zone: string): LocalDate => formatLocalDate(new TZDate(ms, zone))

/** RFC 3339 with milliseconds and the zone's offset, as date-fns' `formatRFC3339(z, { fractionDigits: 3 })` writes it (test/time-format.test.ts holds it to that). @since 0.1.0 */
export const rfc3339 = (z: Date): string => {
  const o = z.getTimezoneOffset()
  const a = Math.abs(o)
  const offset = o === 0 ? 'Z' : `${o < 0 ? '+' : '-'}${pad(Math.trunc(a / 60))}:${pad(a % 60)}`
  return `${formatLocalDate(z)}T${pad(z.getHours())}:${pad(z.getMinutes())}:${pad(z.getSeconds())}.${pad(z.getMilliseconds(), 3)}${offset}`
}
const isoWeekday = (d: LocalDate, zone: string): number => {
  const p = dateParts(d)
  return getISODay(new TZDate(p.year, p.month - 1, p.day, 12, 0, 0, zone))
}
const endOfLocalDay = (d: LocalDate, zone: string): number => {
  const p = dateParts(d)
  return new TZDate(p.year, p.month - 1, p.day, 23, 59, 59, 999, zone).getTime()
}

const due = (ms: number, zone: string, limit: TimeLimit, extra: { department?: string; beyond?: boolean }): Due => {
  const z = new TZDate(ms, zone)
  return {
    limit,
    ...(extra.department !== undefined ? { department: extra.department } : {}),
    at: rfc3339(z),
    utc: new Date(ms).toISOString(),
    date: formatLocalDate(z),
    ...(extra.beyond === true ? { beyondCalendar: true } : {}),
  }
}

interface Ctx {
  readonly zone: string
  readonly received: number
  readonly calendar?: CalendarIndex
  readonly extend: boolean
}

const checkLimit = (limit: TimeLimit, at: string, hasCalendar: boolean): Issue[] => {
  if (limit.unit === 'same-day') return []
  const v = limit.value
  if (v === undefined) return [issue('schema/missing', `${at}/value`, { expected: `number of ${limit.unit}` })]
  if (!Number.isInteger(v) || v < 0 || v > MAX_VALUE[limit.unit])
    return [issue('schema/invalid', `${at}/value`, { expected: `whole number 0–${MAX_VALUE[limit.unit]}`, received: showValue(v) })]
  if (limit.unit === 'working-days' && !hasCalendar) return [issue('schema/missing', '/calendar', { expected: 'a work calendar (for working days)' })]
  return []
}

/** The due instant of one limit, from the instant of receipt. */
const dueOf = (limit: TimeLimit, c: Ctx, department?: string): Due => {
  const day0 = localDateOf(c.received, c.zone)
  const dep = department !== undefined ? { department } : {}
  switch (limit.unit) {
    case 'same-day':
      return due(endOfLocalDay(day0, c.zone), c.zone, limit, dep)
    case 'hours':
      return due(addHours(new TZDate(c.received, c.zone), limit.value ?? 0).getTime(), c.zone, limit, dep)
    case 'calendar-days': {
      let d = shiftDate(day0, limit.value ?? 0, c.zone)
      let beyond = false
      if (c.calendar !== undefined && c.extend) {
        for (let guard = 0; guard < 400 && !isWorkingDay(c.calendar, d, isoWeekday(d, c.zone)); guard++) d = shiftDate(d, 1, c.zone)
        beyond = !isCovered(c.calendar.calendar, d)
      }
      return due(endOfLocalDay(d, c.zone), c.zone, limit, { ...dep, beyond })
    }
    case 'working-days': {
      const cal = c.calendar as CalendarIndex
      let d = day0
      let counted = 0
      let beyond = false
      const n = limit.value ?? 0
      for (let guard = 0; counted < n && guard < 10_000; guard++) {
        d = shiftDate(d, 1, c.zone)
        if (!isCovered(cal.calendar, d)) beyond = true
        if (isWorkingDay(cal, d, isoWeekday(d, c.zone))) counted++
      }
      return due(endOfLocalDay(d, c.zone), c.zone, limit, { ...dep, beyond })
    }
  }
}

const latest = (own: Due | undefined, joint: readonly Due[]): DueResult | undefined => {
  const all = [...(own !== undefined ? [own] : []), ...joint]
  if (all.length === 0) return undefined
  const best = all.reduce((a, b) => (b.utc > a.utc ? b : a))
  return joint.length > 0 ? { ...best, joint } : best
}

/**
 * When a catalogue entry received at `receivedAt` is due: the legal and the promised instant, in
 * the pack's time zone. Never throws; bad input gives issues (JSON pointers into the entry, or
 * `/receivedAt`, `/timeZone`, `/calendar`).
 *
 * @example
 * deadline(
 *   { id: 'senior-card', name: '老年证', legalLimit: { unit: 'working-days', value: 3 }, promisedLimit: { unit: 'same-day' } },
 *   '2026-03-13T15:30:00+08:00', // a Friday afternoon
 *   { timeZone: 'Asia/Shanghai', calendar: CN_2026 },
 * )
 * // Right({ legal: { at: '2026-03-18T23:59:59.999+08:00', ... }, promised: { at: '2026-03-13T23:59:59.999+08:00', ... }, ... })
 * @since 0.1.0
 */
export const deadline = (entry: unknown, receivedAt: unknown, options: DeadlineOptions): E.Either<Issue[], Deadlines> => {
  try {
    return deadlineChecked(entry, receivedAt, options)
  } catch (e) {
    // a last guard (a throwing getter or Proxy among the arguments): an issue, never an exception
    return E.left([issue('request/invalid', '', { expected: 'a catalogue entry, an instant and options', received: e instanceof Error ? e.message : String(e) })])
  }
}

const deadlineChecked = (entry: unknown, receivedAt: unknown, options: DeadlineOptions): E.Either<Issue[], Deadlines> => {
  const issues: Issue[] = []
  const zone = options?.timeZone
  if (typeof zone !== 'string' || !isTimeZone(zone)) return E.left([issue('compile/bad-timezone', '/timeZone', { received: showValue(zone) })])
  const decoded = CatalogueEntry.decode(entry)
  if (E.isLeft(decoded)) return E.left([...reportErrors(decoded.left, ''), ...unknownFields(CatalogueEntry, entry, '')])
  const e = decoded.right
  issues.push(...unknownFields(CatalogueEntry, entry, ''))
  let calendar: CalendarIndex | undefined
  if (options.calendar !== undefined) {
    const c = decodeWorkCalendar(options.calendar)
    if (E.isLeft(c)) issues.push(...c.left.map((i) => ({ ...i, path: `/calendar${i.path}` })))
    else if (c.right.timeZone !== zone)
      issues.push(issue('schema/invalid', '/calendar/timeZone', { expected: zone, received: c.right.timeZone }))
    else calendar = indexCalendar(options.calendar as WorkCalendar)
  }
  const received = receivedMs(receivedAt, zone)
  if (received === undefined) issues.push(issue('request/bad-date', '/receivedAt', { received: showValue(receivedAt) }))
  const hasCalendar = options.calendar !== undefined
  if (e.legalLimit !== undefined) issues.push(...checkLimit(e.legalLimit, '/legalLimit', hasCalendar))
  if (e.promisedLimit !== undefined) issues.push(...checkLimit(e.promisedLimit, '/promisedLimit', hasCalendar))
  ;(e.joint ?? []).forEach((j, i) => issues.push(...checkLimit(j.limit, `/joint/${i}/limit`, hasCalendar)))
  if (issues.length > 0 || received === undefined) return E.left(dedupe(issues))
  const c: Ctx = { zone, received, ...(calendar !== undefined ? { calendar } : {}), extend: options.extendOverRestDays !== false }
  const joint = (e.joint ?? []).map((j) => dueOf(j.limit, c, j.department))
  const legal = latest(e.legalLimit !== undefined ? dueOf(e.legalLimit, c) : undefined, joint)
  const promised = latest(e.promisedLimit !== undefined ? dueOf(e.promisedLimit, c) : undefined, joint)
  return E.right({
    entry: e.id,
    timeZone: zone,
    receivedAt: new Date(received).toISOString(),
    ...(legal !== undefined ? { legal } : {}),
    ...(promised !== undefined ? { promised } : {}),
  })
}

const dedupe = (issues: readonly Issue[]): Issue[] => {
  const seen = new Set<string>()
  return issues.filter((i) => {
    const k = `${i.code}|${i.path}`
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
}

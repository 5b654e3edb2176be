import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { Localized } from '../decode/pack-codec'
import { reportErrors, unknownFields } from '../decode/report'
import { issue, showValue, type Issue } from '../issues/issue'
import { isLocalDate, isTimeZone, type LocalDate } from '../time/local-date'

/**
 * A work calendar as data: which days are working days in a place. Weekends by ISO weekday,
 * official holidays (法定节假日, every rest day of each holiday block) and make-up working days
 * (调休上班, weekend days worked instead) as lists of dates. Nothing about holidays is hard-coded.
 *
 * @module
 */

/**
 * The io-ts codec of a work calendar.
 *
 * @example
 * WorkCalendar.is(CN_2026) // true
 * @since 0.1.0
 */
export const WorkCalendar = t.intersection(
  [
    t.type({
      id: t.string,
      timeZone: t.string,
      /** ISO weekdays that are rest days (6 Saturday, 7 Sunday) */
      weekend: t.array(t.number),
      /** official rest days, every day of each holiday block */
      holidays: t.array(t.string),
      /** make-up working days (调休上班): weekend days that are working days */
      workdays: t.array(t.string),
    }),
    t.partial({
      title: Localized,
      /** the dates the calendar is known for; outside them only weekends are known */
      covers: t.type({ from: t.string, until: t.string }),
      /** where the dates come from */
      source: t.string,
      note: t.string,
    }),
  ],
  'WorkCalendar',
)
export type WorkCalendar = t.TypeOf<typeof WorkCalendar>

/**
 * Decode a work calendar: the shape, then real dates, weekdays 1–7, a zone the host knows, and no
 * date both a holiday and a make-up working day. Every problem at once.
 *
 * @example
 * decodeWorkCalendar(CN_2026) // Right(calendar)
 * decodeWorkCalendar({ id: 'x', timeZone: 'Asia/Shanghai', weekend: [8], holidays: [], workdays: [] })
 * // Left([{ code: 'schema/invalid', path: '/weekend/0', ... }])
 * @since 0.1.0
 */
export const decodeWorkCalendar = (u: unknown): E.Either<Issue[], WorkCalendar> => {
  const r = WorkCalendar.decode(u)
  if (E.isLeft(r)) return E.left([...reportErrors(r.left, ''), ...unknownFields(WorkCalendar, u, '')])
  const c = r.right
  const issues: Issue[] = [...unknownFields(WorkCalendar, u, '')]
  if (!isTimeZone(c.timeZone)) issues.push(issue('compile/bad-timezone', '/timeZone', { received: c.timeZone }))
  c.weekend.forEach((d, i) => {
    if (!Number.isInteger(d) || d < 1 || d > 7) issues.push(issue('schema/invalid', `/weekend/${i}`, { expected: 'ISO weekday 1–7', received: showValue(d) }))
  })
  for (const k of ['holidays', 'workdays'] as const)
    c[k].forEach((d, i) => {
      if (!isLocalDate(d)) issues.push(issue('schema/invalid', `/${k}/${i}`, { expected: 'date YYYY-MM-DD', received: showValue(d) }))
    })
  const holidays = new Set(c.holidays)
  c.workdays.forEach((d, i) => {
    if (holidays.has(d)) issues.push(issue('schema/invalid', `/workdays/${i}`, { expected: 'a date that is not also a holiday', received: d }))
  })
  if (c.covers !== undefined)
    for (const k of ['from', 'until'] as const)
      if (!isLocalDate(c.covers[k])) issues.push(issue('schema/invalid', `/covers/${k}`, { expected: 'date YYYY-MM-DD', received: showValue(c.covers[k]) }))
  return issues.length > 0 ? E.left(issues) : E.right(c)
}

/**
 * A decoded calendar, as fast lookups.
 *
 * @example
 * const index: CalendarIndex = indexCalendar(CN_2026)
 * index.holidays.has('2026-10-01') // true
 * @since 0.1.0
 */
export interface CalendarIndex {
  readonly calendar: WorkCalendar
  readonly weekend: ReadonlySet<number>
  readonly holidays: ReadonlySet<LocalDate>
  readonly workdays: ReadonlySet<LocalDate>
}

const indexes = new WeakMap<WorkCalendar, CalendarIndex>()
const EMPTY_CALENDAR = { timeZone: '', from: '', until: '', weekend: [], holidays: [], workdays: [] } as unknown as WorkCalendar

/**
 * The lookups of a calendar, built once per calendar object.
 *
 * @example
 * indexCalendar(CN_2026).workdays.has('2026-02-14') // true
 * @since 0.1.0
 */
export const indexCalendar = (calendar: WorkCalendar): CalendarIndex => {
  if (typeof calendar !== 'object' || calendar === null) calendar = EMPTY_CALENDAR
  let i = indexes.get(calendar)
  if (i === undefined) {
    const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : [])
    i = { calendar, weekend: new Set(list(calendar.weekend) as number[]), holidays: new Set(list(calendar.holidays) as string[]), workdays: new Set(list(calendar.workdays) as string[]) }
    indexes.set(calendar, i)
  }
  return i
}

/**
 * Whether a local date is a working day: a make-up working day is; a holiday is not; a weekend
 * day is not; any other day is.
 *
 * @example
 * isWorkingDay(indexCalendar(CN_2026), '2026-02-14', 6) // true (调休上班, a Saturday)
 * isWorkingDay(indexCalendar(CN_2026), '2026-05-04', 1) // false (劳动节)
 * @since 0.1.0
 */
export const isWorkingDay = (c: CalendarIndex, date: LocalDate, isoWeekday: number): boolean =>
  !(c?.workdays instanceof Set && c.holidays instanceof Set && c.weekend instanceof Set)
    ? false
    : c.workdays.has(date) ? true : c.holidays.has(date) ? false : !c.weekend.has(isoWeekday)

/** Whether a date lies within the dates a calendar is known for. @since 0.1.0 */
export const isCovered = (c: WorkCalendar, date: LocalDate): boolean =>
  c.covers === undefined || (date >= c.covers.from && date <= c.covers.until)

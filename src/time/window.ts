import { TZDate } from '@date-fns/tz'
import { addDays } from 'date-fns'
import type { Window } from '../decode/pack-codec'
import { checkDate, dateParts, formatLocalDate, isTimeZone, pad, type LocalDate } from './local-date'

/**
 * The calendar window a cap counts in. A local date is already a date of the pack's zone, so its
 * month, year, ISO week or last n days are calendar arithmetic on day numbers (proleptic
 * Gregorian), the same whatever the host's zone; the zone is only checked to be one. (Where a zone
 * skipped a day, as Kiritimati skipped 1994-12-31, the month still ends on its last calendar
 * date: date-fns gave 1995-01-01, which put that New Year's Day in December's count too.) Until issue
 * 16 this went through date-fns and `@date-fns/tz` (about 118 µs a new date and window, which the
 * audit of a year pays some 1,800 times a thread); test/window.test.ts holds the arithmetic to
 * that implementation on every date of 1948–2201 and random windows.
 *
 * @module
 */

/** A closed range of local dates, and its name for people (`2026-03`, `2026-W09`). */
export interface WindowBounds {
  readonly start: LocalDate
  readonly end: LocalDate
  readonly label: string
}

const DAY = 86_400_000

/** The day number (0 = 1970-01-01) of a date of the years 0001–9999 (setUTCFullYear, unlike Date.UTC, keeps years below 100). */
const daysFromCivil = (y: number, m: number, d: number): number => new Date(0).setUTCFullYear(y, m - 1, d) / DAY

/** The `YYYY-MM-DD` of a day number, or '' outside the years 0001–9999. */
const dateOfDay = (n: number): LocalDate => {
  const s = new Date(n * DAY).toISOString()
  return s.length === 24 ? s.slice(0, 10) : ''
}

/** Year, month and day of a `YYYY-MM-DD` that names a real date (years 0001–9999), or undefined. */
const civil = (d: unknown): [number, number, number] | undefined => {
  if (typeof d !== 'string' || d.length !== 10 || !checkDate(d, 1, 9999)) return undefined
  const p = dateParts(d)
  return [p.year, p.month, p.day]
}

const zones = new Map<string, boolean>()
const knownZone = (zone: unknown): boolean => {
  if (typeof zone !== 'string') return false
  let ok = zones.get(zone)
  if (ok === undefined) {
    ok = isTimeZone(zone)
    if (zones.size > 1_000) zones.clear()
    zones.set(zone, ok)
  }
  return ok
}

const NONE: WindowBounds = Object.freeze({ start: '', end: '', label: '' })

/**
 * The window of kind `window` that contains the local date `d`, in `zone`.
 *
 * @example
 * windowBounds('2026-02-15', 'month', 'Asia/Shanghai')
 * // { start: '2026-02-01', end: '2026-02-28', label: '2026-02' }
 * windowBounds('2026-01-01', 'isoWeek', 'Asia/Shanghai')
 * // { start: '2025-12-29', end: '2026-01-04', label: '2026-W01' }
 * windowBounds('2026-03-10', { rollingDays: 30 }, 'Asia/Shanghai')
 * // { start: '2026-02-09', end: '2026-03-10', label: '30d..2026-03-10' }
 * @since 0.1.0
 */
export const windowBounds = (d: LocalDate, window: Window, zone: string): WindowBounds => {
  const c = civil(d)
  if (c === undefined || !knownZone(zone)) return NONE // not a date, a window and a zone
  const [y, m, day] = c
  const n = daysFromCivil(y, m, day)
  if (typeof window === 'object' && window !== null) {
    const k = Math.max(1, Math.floor((window as { rollingDays?: unknown }).rollingDays as number))
    if (!Number.isSafeInteger(k) || k > 3_000_000) return NONE
    const start = dateOfDay(n - (k - 1))
    return start === '' ? NONE : { start, end: d, label: `${k}d..${d}` }
  }
  switch (window) {
    case 'day':
      return { start: d, end: d, label: d }
    case 'year':
      return { start: `${d.slice(0, 4)}-01-01`, end: `${d.slice(0, 4)}-12-31`, label: d.slice(0, 4) }
    case 'month': {
      const next = m === 12 ? daysFromCivil(y + 1, 1, 1) : daysFromCivil(y, m + 1, 1)
      return { start: `${d.slice(0, 7)}-01`, end: dateOfDay(next - 1), label: d.slice(0, 7) }
    }
    case 'isoWeek': {
      const monday = n - ((((n + 3) % 7) + 7) % 7) // 1970-01-01 was a Thursday
      const thursday = monday + 3
      const [start, end, thursdayDate] = [dateOfDay(monday), dateOfDay(monday + 6), dateOfDay(thursday)]
      if (start === '' || end === '' || thursdayDate === '') return NONE
      const isoYear = Number(thursdayDate.slice(0, 4))
      const week = Math.floor((thursday - daysFromCivil(isoYear, 1, 1)) / 7) + 1
      return { start, end, label: `${pad(isoYear, 4)}-W${pad(week)}` }
    }
    default:
      return NONE
  }
}

/**
 * The local date `n` days after `d` (negative for before), in `zone`.
 *
 * @example
 * shiftDate('2026-02-28', 1, 'Asia/Shanghai') // '2026-03-01'
 * @since 0.1.0
 */
export const shiftDate = (d: LocalDate, n: number, zone: string): LocalDate => {
  // Zone-aware, unlike the windows: a day the zone skipped (Apia's 2011-12-30) is not a day of its
  // calendar, so the day after 2011-12-29 there is 2011-12-31. date-fns and @date-fns/tz know this.
  if (civil(d) === undefined) return ''
  try {
    const p = dateParts(d)
    const at = new TZDate(p.year, p.month - 1, p.day, 12, 0, 0, zone)
    const r = formatLocalDate(addDays(at, n))
    return isLocalDateText(r) ? r : ''
  } catch {
    return ''
  }
}

const isLocalDateText = (s: string): boolean => civil(s) !== undefined

import { TZDate } from '@date-fns/tz'
import {
  addDays,
  endOfISOWeek,
  endOfMonth,
  endOfYear,
  getISOWeek,
  getISOWeekYear,
  startOfISOWeek,
  startOfMonth,
  startOfYear,
  subDays,
} from 'date-fns'
import type { Window } from '../src/decode/pack-codec'
import { dateParts, formatLocalDate, type LocalDate } from '../src/time/local-date'

/**
 * The calendar window a cap counts in, computed in the pack's time zone with date-fns and
 * `@date-fns/tz`, whatever the host's zone.
 *
 * @module
 */

/** A closed range of local dates, and its name for people (`2026-03`, `2026-W09`). */
interface WindowBounds {
  readonly start: LocalDate
  readonly end: LocalDate
  readonly label: string
}

const at = (d: LocalDate, zone: string): TZDate => {
  const p = dateParts(d)
  return new TZDate(p.year, p.month - 1, p.day, 12, 0, 0, zone)
}

const fmt = formatLocalDate

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
export const referenceWindowBounds = (d: LocalDate, window: Window, zone: string): WindowBounds => {
  try {
    return boundsUnchecked(d, window, zone)
  } catch {
    return { start: '', end: '', label: '' } // not a date, a window and a zone
  }
}

const boundsUnchecked = (d: LocalDate, window: Window, zone: string): WindowBounds => {
  const date = at(d, zone)
  if (typeof window === 'object') {
    const n = Math.max(1, Math.floor(window.rollingDays))
    return { start: fmt(subDays(date, n - 1)), end: d, label: `${n}d..${d}` }
  }
  switch (window) {
    case 'day':
      return { start: d, end: d, label: d }
    case 'year':
      return { start: fmt(startOfYear(date)), end: fmt(endOfYear(date)), label: d.slice(0, 4) }
    case 'month':
      return { start: fmt(startOfMonth(date)), end: fmt(endOfMonth(date)), label: d.slice(0, 7) }
    case 'isoWeek':
      return {
        start: fmt(startOfISOWeek(date)),
        end: fmt(endOfISOWeek(date)),
        label: `${getISOWeekYear(date)}-W${String(getISOWeek(date)).padStart(2, '0')}`,
      }
  }
}

/**
 * The local date `n` days after `d` (negative for before), in `zone`.
 *
 * @example
 * shiftDate('2026-02-28', 1, 'Asia/Shanghai') // '2026-03-01'
 * @since 0.1.0
 */
export const referenceShiftDate = (d: LocalDate, n: number, zone: string): LocalDate => fmt(addDays(at(d, zone), n))

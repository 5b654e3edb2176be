import { tzOffset } from '@date-fns/tz'

/**
 * Calendar dates in the policy's time zone. A `LocalDate` is a `YYYY-MM-DD` string: it compares
 * correctly as text, never depends on the host's time zone, and serialises as itself.
 *
 * @module
 */

/** A calendar date `YYYY-MM-DD` in the pack's time zone. @since 0.1.0 */
export type LocalDate = string

const INSTANT_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|z|[+-]\d{2}:?\d{2})$/

const daysIn = (y: number, m: number): number =>
  m === 2 ? ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31

/** The earliest and latest years zhunru accepts. @since 0.1.0 */
export const YEAR_RANGE = { min: 1949, max: 2200 } as const

/**
 * Whether a string is a real calendar date `YYYY-MM-DD` within {@link YEAR_RANGE}.
 *
 * @example
 * isLocalDate('2024-02-29') // true
 * isLocalDate('2026-02-30') // false
 * @since 0.1.0
 */
export const isLocalDate = (s: unknown): s is LocalDate => typeof s === 'string' && s.length === 10 && checkDate(s, true)

// digit by digit: no regular expression, no allocation (this runs for every date of every request)
const digit = (s: string, i: number): number => {
  const c = s.charCodeAt(i) - 48
  return c >= 0 && c <= 9 ? c : -1
}
const checkDate = (s: string, inRange: boolean): boolean => {
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return false
  const y0 = digit(s, 0)
  const y1 = digit(s, 1)
  const y2 = digit(s, 2)
  const y3 = digit(s, 3)
  const m0 = digit(s, 5)
  const m1 = digit(s, 6)
  const d0 = digit(s, 8)
  const d1 = digit(s, 9)
  if ((y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1) < 0) return false
  const y = y0 * 1000 + y1 * 100 + y2 * 10 + y3
  const mo = m0 * 10 + m1
  const d = d0 * 10 + d1
  return (!inRange || (y >= YEAR_RANGE.min && y <= YEAR_RANGE.max)) && mo >= 1 && mo <= 12 && d >= 1 && d <= daysIn(y, mo)
}

/**
 * Whether a time zone name is one the host's Intl knows.
 *
 * @example
 * isTimeZone('Asia/Shanghai') // true
 * @since 0.1.0
 */
export const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

/** `n` with leading zeros to `w` digits. @since 0.1.0 */
export const pad = (n: number, w = 2): string => String(n).padStart(w, '0')

/**
 * A date's calendar date as `YYYY-MM-DD`, read from its own getters: a `TZDate` gives it in its
 * zone (what date-fns' `lightFormat(d, 'yyyy-MM-dd')` gives, without its formatter in the bundle).
 *
 * @example
 * formatLocalDate(new Date(2026, 2, 1)) // '2026-03-01'
 * @since 0.1.0
 */
export const formatLocalDate = (d: Date): LocalDate => `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`

/**
 * The calendar date, in `zone`, of a date or instant. A plain `YYYY-MM-DD` is taken as already
 * local; an instant must carry `Z` or an offset. Returns `undefined` for anything else, including
 * impossible dates such as `2026-02-30`.
 *
 * @example
 * toLocalDate('2026-02-28T16:30:00Z', 'Asia/Shanghai') // '2026-03-01'
 * toLocalDate('2026-03-01', 'Asia/Shanghai') // '2026-03-01'
 * @since 0.1.0
 */
export const toLocalDate = (input: unknown, zone: string): LocalDate | undefined => {
  if (typeof input !== 'string' || input.length > 40 || typeof zone !== 'string') return undefined
  if (input.length === 10) return isLocalDate(input) ? input : undefined
  const m = INSTANT_RE.exec(input)
  if (m === null) return undefined
  const datePart = `${m[1]}-${m[2]}-${m[3]}`
  const hh = Number(m[4])
  const mi = Number(m[5])
  const ss = m[6] === undefined ? 0 : Number(m[6])
  // a real calendar date as written; the year range is checked on the date in the zone, below
  if (!checkDate(datePart, false) || hh > 23 || mi > 59 || ss > 59) return undefined
  const off = m[8] as string
  if (off !== 'Z' && off !== 'z') {
    const oh = Number(off.slice(1, 3))
    const om = Number(off.slice(-2))
    if (oh > 14 || om > 59) return undefined
  }
  const ms = Date.parse(input.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2'))
  if (!Number.isFinite(ms)) return undefined
  const offset = offsetAt(zone, ms)
  if (offset === undefined) return undefined
  // the wall clock in the zone, read as if it were UTC
  const wall = new Date(ms + offset * 60_000)
  const y = wall.getUTCFullYear()
  if (!Number.isFinite(y) || y < YEAR_RANGE.min || y > YEAR_RANGE.max) return undefined
  return `${pad(y, 4)}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}`
}

// The zone's UTC offset (minutes) at an instant, from @date-fns/tz, memoised per quarter hour:
// offsets change only at transitions, which fall on whole quarter hours of UTC.
const offsets = new Map<string, number>()
const offsetAt = (zone: string, ms: number): number | undefined => {
  const key = `${zone}|${Math.floor(ms / 900_000)}`
  let o = offsets.get(key)
  if (o === undefined) {
    o = tzOffset(zone, new Date(ms))
    if (!Number.isFinite(o)) return undefined
    if (offsets.size > 100_000) offsets.clear()
    offsets.set(key, o)
  }
  return o
}

/**
 * The parts of a local date.
 *
 * @example
 * dateParts('2026-03-01') // { year: 2026, month: 3, day: 1 }
 * @since 0.1.0
 */
export const dateParts = (d: LocalDate): { year: number; month: number; day: number } => ({
  year: Number(d.slice(0, 4)),
  month: Number(d.slice(5, 7)),
  day: Number(d.slice(8, 10)),
})

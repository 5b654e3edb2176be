import { tzOffset } from '@date-fns/tz'

/**
 * Calendar dates in the policy's time zone. A `LocalDate` is a `YYYY-MM-DD` string: it compares
 * correctly as text, never depends on the host's time zone, and serialises as itself.
 *
 * An instant is read with integer arithmetic: its UTC time from its digits and offset, then the
 * zone's UTC offset at that time from a table built once per zone (a block of 32 days at a time,
 * when an instant first falls in it), then the local day, whose `YYYY-MM-DD` string is made once
 * per day and shared. The table's offsets and the instants of its transitions come from
 * `@date-fns/tz` (`Intl`); test/local-date-property.test.ts holds the result to `@date-fns/tz`.
 *
 * @module
 */

/** A calendar date `YYYY-MM-DD` in the pack's time zone. @since 0.1.0 */
export type LocalDate = string

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
export const isLocalDate = (s: unknown): s is LocalDate => typeof s === 'string' && s.length === 10 && checkDate(s, YEAR_RANGE.min, YEAR_RANGE.max)

// digit by digit: no regular expression, no allocation (this runs for every date of every
// request). A character that is not a digit (or none: NaN) makes a pair read as -1, which every
// comparison after rejects (integers only: no NaN, no doubles).
/** The two digits at i and i + 1 as a number 0..99, or -1 when either is not a digit (or is past the end: NaN). */
const d2 = (s: string, i: number): number => {
  const a = s.charCodeAt(i) - 48
  const b = s.charCodeAt(i + 1) - 48
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1
}
/** `YYYY-MM-DD` at the start of `s`, a real date with its year in lo..hi. */
/** Whether `s` (10 characters) is a real `YYYY-MM-DD` of the years lo–hi. */
export const checkDate = (s: string, lo: number, hi: number): boolean => {
  const y1 = d2(s, 0)
  const y2 = d2(s, 2)
  const mo = d2(s, 5)
  const d = d2(s, 8)
  if (y1 < 0 || y2 < 0 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return false
  const y = y1 * 100 + y2
  return y >= lo && y <= hi && mo >= 1 && mo <= 12 && d >= 1 && d <= daysIn(y, mo)
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

// ------------------------------------------------------------------------------------------------
// days: the proleptic Gregorian calendar as day numbers (0 = 1970-01-01), integer arithmetic only
// ------------------------------------------------------------------------------------------------

const DAY = 86_400_000

/** The day number of the first of each month of 1948–2201, as they are needed. */
const monthDays = new Float64Array(254 * 12 + 1).fill(NaN)
/** The day number of a date written in 1948–2201. */
const dayNumber = (y: number, m: number, d: number): number => {
  const k = (y - 1948) * 12 + m
  let first = monthDays[k] as number
  if (first !== first) monthDays[k] = first = Date.UTC(y, m - 1, 1) / DAY
  return first + d - 1
}
/** The first and last local day accepted (1949-01-01 and 2200-12-31). */
const FIRST_DAY = dayNumber(YEAR_RANGE.min, 1, 1)
const LAST_DAY = dayNumber(YEAR_RANGE.max, 12, 31)

/** A day's `YYYY-MM-DD`, made once per day (the array made whole at the first, to stay a fast one). */
let dayStrings: (LocalDate | undefined)[] | undefined
/** The `YYYY-MM-DD` of a day in the accepted range: one shared string per day. */
const dayString = (n: number): LocalDate => {
  const i = n - FIRST_DAY
  const all = (dayStrings ??= new Array<undefined>(LAST_DAY - FIRST_DAY + 1).fill(undefined))
  let s = all[i]
  if (s === undefined) all[i] = s = new Date(n * DAY).toISOString().slice(0, 10)
  return s
}

// ------------------------------------------------------------------------------------------------
// a zone's UTC offsets, a table per zone
// ------------------------------------------------------------------------------------------------

/**
 * The UTC offsets of one zone, filled a block of 32 days at a time. `start[b]` is the offset (ms)
 * at the block's first instant (NaN until the block is filled); `changes[b]`, when the offset
 * changes inside the block, the instants and new offsets, in order: `[t0, o0, t1, o1, …]`.
 */
interface ZoneTable {
  readonly zone: string
  readonly start: Float64Array
  readonly changes: (number[] | undefined)[]
}

const BLOCK_SHIFT = 5
const BLOCK_DAYS = 1 << BLOCK_SHIFT
/** The instants whose local date may lie in 1949–2200: UTC days one each side of the range. */
const TABLE_FIRST_DAY = FIRST_DAY - 1
const TABLE_LAST_DAY = LAST_DAY + 1
const BLOCKS = ((TABLE_LAST_DAY - TABLE_FIRST_DAY) >> BLOCK_SHIFT) + 1
/**
 * The offset is sampled every STEP inside a block, then each change between two samples found to
 * the second by bisection. A change undone within less than STEP would be missed: no zone of the
 * tz database does so between 1949 and 2040 (shortest period between two changes: see
 * docs/performance.md), and its rules repeat after that.
 */
const STEP = 4 * DAY

const offsetMs = (zone: string, t: number): number => {
  const o = tzOffset(zone, new Date(t))
  return Number.isFinite(o) ? Math.round(o * 60_000) : NaN
}

/** The first whole second in (lo, hi] whose offset is not `from` (the offset at lo; hi's is not `from`). */
const changeIn = (zone: string, lo: number, hi: number, from: number): number => {
  let a = Math.floor(lo / 1000)
  let b = Math.ceil(hi / 1000)
  while (b - a > 1) {
    const mid = Math.floor((a + b) / 2)
    if (offsetMs(zone, mid * 1000) === from) a = mid
    else b = mid
  }
  return b * 1000
}

const fill = (t: ZoneTable, b: number): boolean => {
  const t0 = (TABLE_FIRST_DAY + b * BLOCK_DAYS) * DAY
  const end = t0 + BLOCK_DAYS * DAY
  const first = offsetMs(t.zone, t0)
  if (Number.isNaN(first)) return false
  let changes: number[] | undefined
  let lo = t0
  let cur = first
  while (lo < end) {
    const hi = Math.min(lo + STEP, end)
    // the offset at hi, and every change before it (there may be more than one)
    const atHi = offsetMs(t.zone, hi)
    if (Number.isNaN(atHi)) return false
    while (atHi !== cur) {
      const at = changeIn(t.zone, lo, hi, cur)
      if (at >= end) break
      cur = offsetMs(t.zone, at)
      ;(changes ??= []).push(at, cur)
      lo = at
    }
    lo = hi
    cur = atHi
  }
  t.changes[b] = changes
  t.start[b] = first
  return true
}

const tables = new Map<string, ZoneTable | null>()
/** The offset table of a zone (`undefined` for a zone Intl does not know). */
const tableOf = (zone: string): ZoneTable | undefined => {
  let t = tables.get(zone)
  if (t === undefined) {
    t = isTimeZone(zone) ? { zone, start: new Float64Array(BLOCKS).fill(NaN), changes: new Array(BLOCKS).fill(undefined) } : null
    if (tables.size > 1000) tables.clear()
    tables.set(zone, t)
  }
  return t ?? undefined
}

// ------------------------------------------------------------------------------------------------
// reading a date or an instant
// ------------------------------------------------------------------------------------------------

/**
 * The date written at the start of `s` (`YYYY-MM-DD`, the separators not checked) as the number
 * YYYYMMDD, or -1 when one of its eight digits is not one: each character read once, the digits
 * checked at once ((c | 9 - c) is negative unless 0 <= c <= 9), without allocating.
 */
const ymd = (s: string): number => {
  const y0 = s.charCodeAt(0) - 48
  const y1 = s.charCodeAt(1) - 48
  const y2 = s.charCodeAt(2) - 48
  const y3 = s.charCodeAt(3) - 48
  const m0 = s.charCodeAt(5) - 48
  const m1 = s.charCodeAt(6) - 48
  const d0 = s.charCodeAt(8) - 48
  const d1 = s.charCodeAt(9) - 48
  if ((y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1 | (9 - y0) | (9 - y1) | (9 - y2) | (9 - y3) | (9 - m0) | (9 - m1) | (9 - d0) | (9 - d1)) < 0) return -1
  return (((y0 * 10 + y1) * 10 + y2) * 10 + y3) * 10_000 + (m0 * 10 + m1) * 100 + d0 * 10 + d1
}

/**
 * The day number of a plain date `YYYY-MM-DD` (all of `s`, 10 characters) with its year in
 * {@link YEAR_RANGE}, or NaN: each character read once, without allocating.
 */
const plainDay = (s: string): number => {
  const n = ymd(s)
  if (n < 0 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return NaN
  const y = (n / 10_000) | 0
  const mo = ((n / 100) | 0) % 100
  const d = n % 100
  return y >= YEAR_RANGE.min && y <= YEAR_RANGE.max && mo >= 1 && mo <= 12 && d >= 1 && (d <= 28 || d <= daysIn(y, mo)) ? dayNumber(y, mo, d) : NaN
}

/**
 * The local day number, in the table's zone, of the instant written in `s`
 * (`YYYY-MM-DD[T ]hh:mm[:ss[.fraction]]` then `Z`, `z`, `±hh:mm` or `±hhmm`, offsets up to
 * ±14:59), or NaN. The date must be a real one, written in 1948–2201, and the local day in
 * {@link YEAR_RANGE}; the fraction is cut to the millisecond, as `Date.parse` does. Each digit is
 * read once. The UTC day and the time in it are kept apart (the time within a day either side of
 * it), so the UTC day, the zone's block and the local day come from comparisons, not divisions.
 */
const instantDay = (t: ZoneTable, s: string): number => {
  const n = s.length
  // the shortest is YYYY-MM-DDThh:mmZ. Each character read once; the date's digits by `ymd`, the
  // time's four checked at once
  if (n < 17) return NaN
  const date = ymd(s)
  const h0 = s.charCodeAt(11) - 48
  const h1 = s.charCodeAt(12) - 48
  const i0 = s.charCodeAt(14) - 48
  const i1 = s.charCodeAt(15) - 48
  if ((date | h0 | h1 | i0 | i1 | (9 - h0) | (9 - h1) | (9 - i0) | (9 - i1)) < 0) return NaN
  const sep = s.charCodeAt(10)
  if ((sep !== 84 && sep !== 32) || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(13) !== 58) return NaN
  const y = (date / 10_000) | 0
  const mo = ((date / 100) | 0) % 100
  const dd = date % 100
  const hh = h0 * 10 + h1
  const mi = i0 * 10 + i1
  if (y < YEAR_RANGE.min - 1 || y > YEAR_RANGE.max + 1 || mo < 1 || mo > 12 || dd < 1 || hh > 23 || mi > 59 || (dd > 28 && dd > daysIn(y, mo))) return NaN
  let i = 16
  let ss = 0
  let frac = 0
  let z = s.charCodeAt(16)
  if (z === 58) {
    if (n < 20) return NaN
    ss = d2(s, 17)
    if (ss < 0 || ss > 59) return NaN
    i = 19
    z = s.charCodeAt(19)
    if (z === 46) {
      const from = ++i
      // up to 9 digits; the first three are the milliseconds
      let c = s.charCodeAt(i) - 48
      while (c >= 0 && c <= 9 && i - from < 9) {
        const k = i - from
        if (k < 3) frac += c * (k === 0 ? 100 : k === 1 ? 10 : 1)
        c = s.charCodeAt(++i) - 48
      }
      if (i === from) return NaN
      z = s.charCodeAt(i)
    }
  }
  let off = 0
  if (z === 90 || z === 122) {
    if (i + 1 !== n) return NaN
  } else if (z === 43 || z === 45) {
    const colon = s.charCodeAt(i + 3) === 58 ? 1 : 0
    if (i + 5 + colon !== n) return NaN
    const oh = d2(s, i + 1)
    const om = d2(s, i + 3 + colon)
    if (oh < 0 || oh > 14 || om < 0 || om > 59) return NaN
    off = (z === 43 ? 60_000 : -60_000) * (oh * 60 + om)
  } else return NaN
  // the UTC day and the time (ms) in it: the written day, moved by the written offset (less than
  // a day either way)
  let day = dayNumber(y, mo, dd)
  let tod = ((hh * 60 + mi) * 60 + ss) * 1000 + frac - off
  if (tod < 0) {
    tod += DAY
    day--
  } else if (tod >= DAY) {
    tod -= DAY
    day++
  }
  // the zone's offset then: its block's, or the last change in the block at or before the instant
  if (day < TABLE_FIRST_DAY || day > TABLE_LAST_DAY) return NaN
  const b = (day - TABLE_FIRST_DAY) >> BLOCK_SHIFT
  let o = t.start[b] as number
  if (o !== o) {
    if (!fill(t, b)) return NaN
    o = t.start[b] as number
  }
  const ch = t.changes[b]
  if (ch !== undefined) {
    const ms = day * DAY + tod
    for (let k = 0; k < ch.length && ms >= (ch[k] as number); k += 2) o = ch[k + 1] as number
  }
  // the local day: the UTC day, moved by the zone's offset (less than a day either way)
  const lt = tod + o
  const local = lt < 0 ? day - 1 : lt >= DAY ? day + 1 : day
  return local < FIRST_DAY || local > LAST_DAY ? NaN : local
}

/**
 * A reader of dates as day numbers for one zone: the local day (0 = 1970-01-01) of a plain date
 * or an instant, or NaN for anything {@link toLocalDate} refuses. No `Date`, no string, no
 * object: what the decoder reads a history with.
 *
 * @since 0.3.0
 */
export type DayReader = (input: unknown) => number

const dayReaders = new Map<string, DayReader>()
/**
 * The {@link DayReader} of a zone (one per zone, shared).
 *
 * @example
 * const day = dayReader('Asia/Shanghai')
 * day('2026-02-28T16:30:00Z') // 20513 (2026-03-01)
 * day('2026-02-30') // NaN
 * @since 0.3.0
 */
export const dayReader = (zone: string): DayReader => {
  let r = dayReaders.get(zone)
  if (r === undefined) {
    const t = typeof zone === 'string' ? tableOf(zone) : undefined
    r =
      t === undefined
        ? (input) => (typeof input === 'string' && input.length === 10 ? plainDay(input) : NaN)
        : (input) => {
            if (typeof input !== 'string') return NaN
            const n = input.length
            // a plain date is already local
            if (n === 10) return plainDay(input)
            return n > 40 ? NaN : instantDay(t, input)
          }
    if (dayReaders.size > 1000) dayReaders.clear()
    dayReaders.set(zone, r)
  }
  return r
}

/**
 * The `YYYY-MM-DD` of a day number in {@link YEAR_RANGE} (one shared string per day), or
 * `undefined` outside it.
 *
 * @example
 * localDateOfDay(20513) // '2026-03-01'
 * @since 0.3.0
 */
export const localDateOfDay = (n: number): LocalDate | undefined =>
  Number.isInteger(n) && n >= FIRST_DAY && n <= LAST_DAY ? dayString(n) : undefined

/**
 * The day number (0 = 1970-01-01) of a local date, or NaN when it is not one.
 *
 * @example
 * dayOfLocalDate('2026-03-01') // 20513
 * @since 0.3.0
 */
export const dayOfLocalDate = (d: unknown): number => (typeof d === 'string' && d.length === 10 ? plainDay(d) : NaN)

/**
 * A reader of dates for one zone: what {@link toLocalDate} does, with the zone's table looked up
 * once (the decoder makes one per request and reads every date of its history with it).
 *
 * @since 0.1.0
 */
export type DateReader = (input: unknown) => LocalDate | undefined

const readers = new Map<string, DateReader>()
/**
 * The {@link DateReader} of a zone (one per zone, shared).
 *
 * @example
 * const read = dateReader('Asia/Shanghai')
 * read('2026-02-28T16:30:00Z') // '2026-03-01'
 * @since 0.1.0
 */
export const dateReader = (zone: string): DateReader => {
  let r = readers.get(zone)
  if (r === undefined) {
    const t = typeof zone === 'string' ? tableOf(zone) : undefined
    r = (input) => {
      if (typeof input !== 'string') return undefined
      const n = input.length
      // a plain date is already local: the string itself, checked without allocating
      if (n === 10) return checkDate(input, YEAR_RANGE.min, YEAR_RANGE.max) ? input : undefined
      if (n > 40 || t === undefined) return undefined
      const day = instantDay(t, input)
      return day !== day ? undefined : dayString(day)
    }
    if (readers.size > 1000) readers.clear()
    readers.set(zone, r)
  }
  return r
}

/**
 * The calendar date, in `zone`, of a date or instant. A plain `YYYY-MM-DD` is taken as already
 * local; an instant must carry `Z` or an offset. Returns `undefined` for anything else, including
 * impossible dates such as `2026-02-30`, and for a local date outside {@link YEAR_RANGE} (the
 * local date: `1948-12-31T16:00:00Z` is 1949-01-01 in Shanghai, and accepted there).
 *
 * @example
 * toLocalDate('2026-02-28T16:30:00Z', 'Asia/Shanghai') // '2026-03-01'
 * toLocalDate('2026-03-01', 'Asia/Shanghai') // '2026-03-01'
 * @since 0.1.0
 */
export const toLocalDate = (input: unknown, zone: string): LocalDate | undefined => dateReader(zone)(input)

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

/**
 * The instants in `from` ≤ t < `to` (ms) at which the zone's offset changes, and the offset (ms)
 * from each on, as the reader's table has them (for tests and the docs; `undefined` for a zone
 * Intl does not know). Only instants whose local date may lie in 1949–2200 are in the table.
 *
 * @example
 * offsetChanges('Asia/Shanghai', Date.UTC(1986, 0, 1), Date.UTC(1987, 0, 1))
 * // [{ at: 515527200000, offset: 32400000 }, { at: 526741200000, offset: 28800000 }]
 * @since 0.1.0
 */
export const offsetChanges = (zone: string, from: number, to: number): { at: number; offset: number }[] | undefined => {
  const t = tableOf(zone)
  if (t === undefined) return undefined
  const out: { at: number; offset: number }[] = []
  const lo = Math.max(Math.floor(from / DAY), TABLE_FIRST_DAY)
  const hi = Math.min(Math.floor(to / DAY), TABLE_LAST_DAY)
  let last = NaN
  for (let b = (lo - TABLE_FIRST_DAY) >> BLOCK_SHIFT; b <= (hi - TABLE_FIRST_DAY) >> BLOCK_SHIFT; b++) {
    if (Number.isNaN(t.start[b] as number) && !fill(t, b)) return undefined
    const t0 = (TABLE_FIRST_DAY + b * BLOCK_DAYS) * DAY
    // a change on the first instant of a block is its start
    const ch = [t0, t.start[b] as number, ...(t.changes[b] ?? [])]
    for (let i = 0; i < ch.length; i += 2) {
      const at = ch[i] as number
      const o = ch[i + 1] as number
      if (o !== last && !Number.isNaN(last) && at >= from && at < to) out.push({ at, offset: o })
      last = o
    }
  }
  return out
}

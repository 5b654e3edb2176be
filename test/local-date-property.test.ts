import { tzOffset } from '@date-fns/tz'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { dateReader, dayOfLocalDate, dayReader, localDateOfDay, offsetChanges, toLocalDate, YEAR_RANGE } from '../src/time/local-date'

/**
 * The date reader converts instants with integer arithmetic and a table of each zone's offsets
 * (src/time/local-date.ts). These hold it to @date-fns/tz (`tzOffset`, from Intl), instant by
 * instant, in zones with daylight saving, skipped days (Apia 2011, Kiritimati 1994), summer time
 * that ended decades ago (Shanghai 1986–1991), offsets of 45 minutes and of seconds
 * (Monrovia's -00:44:30 until 1972), Casablanca's and Cairo's Ramadan changes, and the shortest
 * summer time of the tz database since 1949 (Noronha, 7 days in October 2000).
 */
const ZONES = [
  'Asia/Shanghai', 'America/New_York', 'Europe/London', 'Pacific/Apia', 'Pacific/Kiritimati', 'Australia/Lord_Howe',
  'Pacific/Chatham', 'Asia/Kathmandu', 'America/St_Johns', 'Africa/Monrovia', 'Africa/Casablanca', 'America/Sao_Paulo',
  'Europe/Moscow', 'Asia/Tehran', 'Africa/Cairo', 'America/Noronha',
]
const DAY = 86_400_000
const pad = (n: number, w = 2): string => String(Math.abs(n)).padStart(w, '0')
const ymd = (ms: number): string => new Date(ms).toISOString().slice(0, 10)

/** The local date by @date-fns/tz: the zone's offset at the instant (minutes), added to it; in range or undefined. */
const reference = (ms: number, zone: string, offset = tzOffset(zone, new Date(ms))): string | undefined => {
  const local = ms + Math.round(offset * 60_000)
  const y = new Date(local).getUTCFullYear()
  return y < YEAR_RANGE.min || y > YEAR_RANGE.max ? undefined : ymd(local)
}

/** The instant `ms` written with the offset `off` (minutes), in one of the accepted spellings. */
const write = (ms: number, off: number, style: number): string => {
  const wall = new Date(ms + off * 60_000)
  const iso = wall.toISOString() // YYYY-MM-DDThh:mm:ss.sssZ, the wall clock in `off`
  const sep = style & 1 ? ' ' : 'T'
  const hm = iso.slice(11, 16)
  const sec = iso.slice(16, 19)
  const frac = iso.slice(19, 23)
  // seconds and fraction dropped only when they are zero
  const time = style & 2 && sec === ':00' && frac === '.000' ? hm : style & 4 ? `${hm}${sec}${frac}${style & 8 ? '999' : ''}` : `${hm}${sec}`
  const z = off === 0 && style & 16 ? (style & 32 ? 'z' : 'Z') : `${off < 0 ? '-' : '+'}${pad(Math.trunc(Math.abs(off) / 60))}${style & 32 ? '' : ':'}${pad(Math.abs(off) % 60)}`
  return `${iso.slice(0, 10)}${sep}${time}${z}`
}

describe('the date reader against @date-fns/tz', () => {
  const lo = Date.UTC(YEAR_RANGE.min, 0, 1) - 2 * DAY
  const hi = Date.UTC(YEAR_RANGE.max, 11, 31) + 3 * DAY

  it('reads every instant as @date-fns/tz does, in 16 zones, over 1949–2200 and around every change of offset', () => {
    // seeded (mulberry32): the same instants on every run
    let seed = 20261206
    const rnd = (): number => {
      seed = (seed + 0x6d2b79f5) >>> 0
      let t = seed
      t = Math.imul(t ^ (t >>> 15), t | 1)
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296
    }
    let instants = 0
    let strings = 0
    const bad: string[] = []
    const check = (zone: string, read: (s: string) => string | undefined, ms: number): void => {
      const offset = tzOffset(zone, new Date(ms))
      const want = reference(ms, zone, offset)
      instants++
      // each instant written as Z, in the zone's own offset and in two other offsets, in several spellings
      const own = Math.round(offset)
      const offsets = [0, own, Math.floor(rnd() * 57) * 30 - 840, -300]
      const seconds = ms % 1000 === 0
      for (let k = 0; k < offsets.length; k++) {
        const off = offsets[k] as number
        if (Number.isInteger(off) === false) continue
        const style = Math.floor(rnd() * 64) | (seconds ? 0 : 4) | (k === 0 ? 16 : 0)
        const s = write(ms, off, style)
        strings++
        const got = read(s)
        if (got !== want && bad.length < 20) bad.push(`${zone} ${s} (${new Date(ms).toISOString()}): ${got} ≠ ${want}`)
      }
    }
    for (const zone of ZONES) {
      const read = dateReader(zone) as (s: string) => string | undefined
      // around each change of offset (as the table has it; the reference says whether it is right):
      // the last and first millisecond, second and minute of each side, and the local midnights
      const changes = offsetChanges(zone, lo, hi) ?? []
      expect(changes.length).toBeGreaterThan(0)
      for (const { at } of changes)
        for (const d of [-DAY, -3_600_000, -60_000, -1000, -1, 0, 1000, 60_000, 3_600_000, DAY]) check(zone, read, at + d)
      // random instants over the whole range, half of them whole seconds
      for (let i = 0; i < 14_000; i++) {
        const ms = lo + Math.floor(rnd() * (hi - lo))
        check(zone, read, rnd() < 0.5 ? ms - (ms % 1000) : ms)
      }
      // the local midnights of random days (where the date turns), a millisecond each side
      for (let i = 0; i < 3_000; i++) {
        const day = Math.floor((lo + rnd() * (hi - lo)) / DAY) * DAY
        const mid = day - Math.round(tzOffset(zone, new Date(day)) * 60_000)
        check(zone, read, mid - 1)
        check(zone, read, mid)
      }
    }
    expect(bad).toEqual([])
    expect(instants).toBeGreaterThan(300_000)
    expect(strings).toBeGreaterThan(1_000_000)
  })

  it('the table has every change of offset a daily scan of @date-fns/tz finds, 1949–2040, in zones with short periods', () => {
    for (const zone of ['America/Noronha', 'Africa/Cairo', 'Africa/Casablanca', 'Asia/Shanghai', 'Pacific/Apia']) {
      const from = Date.UTC(1949, 0, 1)
      const to = Date.UTC(2040, 0, 1)
      // samples at noon UTC: each change is named by the first sample that sees it, and its new offset
      const H12 = DAY / 2
      const scanned: string[] = []
      let prev = tzOffset(zone, new Date(from + H12))
      for (let t = from + DAY + H12; t < to; t += DAY) {
        const o = tzOffset(zone, new Date(t))
        if (o !== prev) scanned.push(`${ymd(t)} ${o}`)
        prev = o
      }
      const table = (offsetChanges(zone, from + H12, to) ?? []).map((c) => `${ymd(Math.ceil((c.at - H12) / DAY) * DAY + H12)} ${c.offset / 60_000}`)
      expect(table).toEqual(scanned)
    }
  })

  it('accepts the spellings of docs/request.md and nothing else (fast-check: any string of the instant grammar)', () => {
    const d2 = fc.integer({ min: 0, max: 99 }).map((n) => pad(n))
    const part = fc.oneof(d2, fc.constantFrom('', '0', '000', 'x', '1a'))
    const instant = fc
      .tuple(
        fc.integer({ min: 0, max: 9999 }).map((n) => pad(n, 4)), part, part, fc.constantFrom('T', ' ', 't', '_'), part, part,
        fc.option(part), fc.option(fc.stringMatching(/^\d{0,11}$/)), fc.constantFrom('Z', 'z', '+', '-', '', 'UTC'), fc.option(d2), fc.boolean(), fc.option(d2),
      )
      .map(([y, mo, d, t, hh, mm, ss, frac, z, oh, colon, om]) =>
        `${y}-${mo}-${d}${t}${hh}:${mm}${ss !== null ? `:${ss}${frac !== null ? `.${frac}` : ''}` : ''}${z}${z === '+' || z === '-' ? `${oh ?? ''}${colon ? ':' : ''}${om ?? ''}` : ''}`,
      )
    // the grammar, by regular expression, and the instant by Date.parse: what zhunru read before
    const RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|z|[+-]\d{2}:?\d{2})$/
    const daysIn = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate()
    const expected = (s: string, zone: string): string | undefined => {
      const m = RE.exec(s)
      if (m === null) return undefined
      const [y, mo, d, hh, mi, ss] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as number[]
      if (mo! < 1 || mo! > 12 || d! < 1 || d! > daysIn(y!, mo!) || hh! > 23 || mi! > 59 || ss! > 59) return undefined
      const off = m[8] as string
      if (off !== 'Z' && off !== 'z' && (Number(off.slice(1, 3)) > 14 || Number(off.slice(-2)) > 59)) return undefined
      const ms = Date.parse(s.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2').replace(/z$/, 'Z'))
      // years before 100 and far years: Date.parse reads them all the same
      return Number.isFinite(ms) ? reference(ms, zone) : undefined
    }
    fc.assert(
      fc.property(instant, fc.constantFrom(...ZONES), (s, zone) => {
        const want = expected(s, zone)
        expect(toLocalDate(s, zone)).toBe(want)
        // the day reader (what decodeRequest reads a history with) reads the same day, or none
        const day = dayReader(zone)(s)
        expect(Number.isNaN(day) ? undefined : localDateOfDay(day)).toBe(want)
      }),
      { numRuns: 30_000 },
    )
    // and near-valid instants around the range's ends
    fc.assert(
      fc.property(fc.integer({ min: lo - 3 * DAY, max: lo + 3 * DAY }), fc.integer({ min: -14 * 60, max: 14 * 60 }), fc.constantFrom(...ZONES), (ms, off, zone) => {
        const s = write(ms - (ms % 1000), off, 0)
        expect(toLocalDate(s, zone)).toBe(expected(s, zone))
        const t = write(hi - (ms - lo), off, 0)
        expect(toLocalDate(t, zone)).toBe(expected(t, zone))
      }),
      { numRuns: 5_000 },
    )
  })

  it('plain dates: real dates in 1949–2200, the string itself', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), (y, m, d) => {
        const s = `${pad(y, 4)}-${pad(m)}-${pad(d)}`
        const real = m >= 1 && m <= 12 && d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate() && y >= YEAR_RANGE.min && y <= YEAR_RANGE.max
        expect(toLocalDate(s, 'Asia/Shanghai')).toBe(real ? s : undefined)
        // as a day number: the days since 1970-01-01, and back
        const day = dayReader('Asia/Shanghai')(s)
        expect(Number.isNaN(day) ? undefined : day).toBe(real ? Date.UTC(y, m - 1, d) / DAY : undefined)
        expect(dayOfLocalDate(s)).toBe(real ? day : NaN)
        if (real) expect(localDateOfDay(day)).toBe(s)
      }),
      { numRuns: 20_000 },
    )
    for (const bad of ['2026-3-01', '2026-03-1 ', '２０２６-03-01', '2026/03/01', '+2026-03-0', '2026-03-0a']) expect(toLocalDate(bad, 'Asia/Shanghai')).toBeUndefined()
  })

  it('the examples of docs/request.md, Apia\'s skipped day and Shanghai\'s summer time', () => {
    expect(toLocalDate('2026-02-28T16:30:00Z', 'Asia/Shanghai')).toBe('2026-03-01')
    expect(toLocalDate('2026-03-01 09:00+0800', 'Asia/Shanghai')).toBe('2026-03-01')
    expect(toLocalDate('2026-02-28T17:00:00+08:00', 'Asia/Shanghai')).toBe('2026-02-28')
    expect(toLocalDate('2026-03-01T09:00', 'Asia/Shanghai')).toBeUndefined()
    // Apia skipped 30 December 2011: the last second of the 29th, then the 31st
    expect(toLocalDate('2011-12-30T09:59:59Z', 'Pacific/Apia')).toBe('2011-12-29')
    expect(toLocalDate('2011-12-30T10:00:00Z', 'Pacific/Apia')).toBe('2011-12-31')
    // Shanghai's summer time: 1986-05-04 02:00 became 03:00 (+09:00) until 1986-09-14
    expect(toLocalDate('1986-07-01T15:30:00Z', 'Asia/Shanghai')).toBe('1986-07-02')
    expect(toLocalDate('1986-07-01T14:30:00Z', 'Asia/Shanghai')).toBe('1986-07-01')
    expect(toLocalDate('1987-01-01T15:30:00Z', 'Asia/Shanghai')).toBe('1987-01-01')
    expect(toLocalDate('1987-01-01T16:30:00Z', 'Asia/Shanghai')).toBe('1987-01-02')
    expect(toLocalDate('2026-03-01T09:00:00Z', 'Not/AZone')).toBeUndefined()
    expect(toLocalDate('2026-03-01', 'Not/AZone')).toBe('2026-03-01')
  })
})

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { shiftDate, windowBounds } from '../src/time/window'
import { referenceShiftDate, referenceWindowBounds } from './_window-date-fns'

// windowBounds and shiftDate are calendar arithmetic on day numbers; until issue 16 they went
// through date-fns and @date-fns/tz (test/_window-date-fns.ts keeps that implementation as the
// reference). Every date of 1948-2201 and every window kind must give the reference's bounds,
// in zones with and without summer time and with Apia's skipped day.

// Zones that never skipped a calendar day (Apia and Kiritimati did: see the last test).
const ZONES = ['Asia/Shanghai', 'UTC', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'America/Sao_Paulo']
const pad = (n: number, w = 2) => String(n).padStart(w, '0')
const dayString = (n: number) => new Date(n * 86_400_000).toISOString().slice(0, 10)
const FIRST = Date.UTC(1948, 0, 1) / 86_400_000
const LAST = Date.UTC(2201, 11, 31) / 86_400_000

describe('window bounds by arithmetic, as date-fns gives them', () => {
  it('every date of 1948-1951, 2023-2028 and 2198-2201: day, isoWeek, month, year (Shanghai)', () => {
    let checked = 0
    const spans: [number, number][] = [[FIRST, Date.UTC(1951, 11, 31) / 86_400_000], [Date.UTC(2023, 0, 1) / 86_400_000, Date.UTC(2028, 11, 31) / 86_400_000], [Date.UTC(2198, 0, 1) / 86_400_000, LAST]]
    let days = 0
    for (const [a, b] of spans) for (let n = a; n <= b; n++, days++) {
      const d = dateOf(n)
      for (const w of ['day', 'isoWeek', 'month', 'year'] as const) {
        const got = windowBounds(d, w, 'Asia/Shanghai')
        const want = referenceWindowBounds(d, w, 'Asia/Shanghai')
        if (got.start !== want.start || got.end !== want.end || got.label !== want.label) expect({ d, w, got }).toEqual({ d, w, got: want })
        checked++
      }
    }
    expect(checked).toBe(days * 4)
  })

  it('random dates, windows (rolling 1-3660 days included) and zones', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: FIRST, max: LAST }),
        fc.oneof(fc.constantFrom('day', 'isoWeek', 'month', 'year'), fc.record({ rollingDays: fc.integer({ min: 1, max: 3660 }) })),
        fc.constantFrom(...ZONES),
        (n, w, zone) => {
          const d = dateOf(n)
          expect(windowBounds(d, w as never, zone)).toEqual(referenceWindowBounds(d, w as never, zone))
        },
      ),
      { numRuns: 20_000, seed: 1616 },
    )
  })

  it('a zone that skipped a day: the window still ends on the last calendar date; shiftDate skips the missing day', () => {
    // Kiritimati went from UTC-10 to UTC+14 over 1994-12-31, which it never had.
    expect(windowBounds('1994-12-15', 'month', 'Pacific/Kiritimati')).toEqual({ start: '1994-12-01', end: '1994-12-31', label: '1994-12' })
    expect(windowBounds('1995-01-01', 'month', 'Pacific/Kiritimati').start).toBe('1995-01-01')
    expect(referenceWindowBounds('1994-12-15', 'month', 'Pacific/Kiritimati').end).toBe('1995-01-01') // date-fns: in two months
    expect(windowBounds('2012-01-10', { rollingDays: 30 }, 'Pacific/Apia')).toEqual(referenceWindowBounds('2012-01-10', { rollingDays: 30 }, 'Pacific/Apia'))
    expect(shiftDate('2011-12-29', 1, 'Pacific/Apia')).toBe('2011-12-31')
  })

  it('shiftDate: n days on, as addDays gives it', () => {
    fc.assert(
      fc.property(fc.integer({ min: FIRST, max: LAST }), fc.integer({ min: -800, max: 800 }), fc.constantFrom(...ZONES), (n, k, zone) => {
        const d = dateOf(n)
        expect(shiftDate(d, k, zone)).toBe(referenceShiftDate(d, k, zone))
      }),
      { numRuns: 20_000, seed: 1617 },
    )
  })

  it('what is not a date, a window or a zone gives empty bounds, not NaN text', () => {
    for (const [d, w, z] of [
      ['2026-02-15', 'month', 'Bad/Zone'],
      ['2026-02-30', 'month', 'UTC'],
      ['2026-13-01', 'month', 'UTC'],
      ['x', 'year', 'UTC'],
      ['2026-03-10', { rollingDays: Number.NaN }, 'UTC'],
      ['2026-03-10', { rollingDays: 1e9 }, 'UTC'],
      ['2026-03-10', 'fortnight', 'UTC'],
    ] as const) expect(windowBounds(d, w as never, z)).toEqual({ start: '', end: '', label: '' })
    expect(shiftDate('2026-02-30', 1, 'UTC')).toBe('')
    expect(shiftDate('2026-02-28', Number.NaN, 'UTC')).toBe('')
  })
})

function dateOf(n: number): string {
  const s = dayString(n)
  return `${pad(Number(s.slice(0, 4)), 4)}${s.slice(4)}`
}

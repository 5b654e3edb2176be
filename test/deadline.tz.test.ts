import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { catalogueDeadline, CN_2026, deadline, decodeWorkCalendar, type Deadlines } from '../src/node/index'
import { loadPolicy } from '../src/node/load'

// Service deadlines in the pack's zone (Asia/Shanghai), whatever the host's zone: this file runs
// under UTC, Asia/Shanghai, America/New_York and Pacific/Apia (scripts/tz-matrix.mjs).

const SH = { timeZone: 'Asia/Shanghai', calendar: CN_2026 }
const ok = (r: E.Either<unknown, Deadlines>): Deadlines => {
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
  return r.right
}
const entry = (fields: Record<string, unknown>): Record<string, unknown> => ({ id: 'svc', name: '便民服务事项', ...fields })

describe('a Friday afternoon', () => {
  const friday = '2026-03-13T15:30:00+08:00' // Friday 13 March 2026, 15:30 in Shanghai

  it('3 working days: Monday, Tuesday, Wednesday; due at the end of Wednesday', () => {
    const d = ok(deadline(entry({ legalLimit: { unit: 'working-days', value: 3 } }), friday, SH))
    expect(d.legal?.at).toBe('2026-03-18T23:59:59.999+08:00')
    expect(d.legal?.utc).toBe('2026-03-18T15:59:59.999Z')
  })

  it('1 calendar day ends on Saturday, a rest day: it runs to the end of Monday', () => {
    const d = ok(deadline(entry({ legalLimit: { unit: 'calendar-days', value: 1 } }), friday, SH))
    expect(d.legal?.date).toBe('2026-03-16')
    const plain = ok(deadline(entry({ legalLimit: { unit: 'calendar-days', value: 1 } }), friday, { ...SH, extendOverRestDays: false }))
    expect(plain.legal?.at).toBe('2026-03-14T23:59:59.999+08:00')
  })

  it('24 hours: Saturday 15:30', () => {
    const d = ok(deadline(entry({ promisedLimit: { unit: 'hours', value: 24 } }), friday, SH))
    expect(d.promised?.at).toBe('2026-03-14T15:30:00.000+08:00')
  })

  it('a same-day item is due before Friday ends', () => {
    const d = ok(deadline(entry({ promisedLimit: { unit: 'same-day' } }), friday, SH))
    expect(d.promised?.at).toBe('2026-03-13T23:59:59.999+08:00')
  })
})

describe('a holiday week with a make-up Saturday (劳动节 2026: 1–5 May off, Saturday 9 May worked)', () => {
  const thursday = '2026-04-30T10:00:00+08:00'

  it('counts Wednesday 6, Thursday 7, Friday 8 May, then the make-up Saturday 9 May', () => {
    expect(ok(deadline(entry({ legalLimit: { unit: 'working-days', value: 1 } }), thursday, SH)).legal?.date).toBe('2026-05-06')
    expect(ok(deadline(entry({ legalLimit: { unit: 'working-days', value: 3 } }), thursday, SH)).legal?.date).toBe('2026-05-08')
    expect(ok(deadline(entry({ legalLimit: { unit: 'working-days', value: 4 } }), thursday, SH)).legal?.at).toBe('2026-05-09T23:59:59.999+08:00')
    expect(ok(deadline(entry({ legalLimit: { unit: 'working-days', value: 5 } }), thursday, SH)).legal?.date).toBe('2026-05-11')
  })

  it('a calendar-day period ending in the holiday runs to the first working day after it', () => {
    expect(ok(deadline(entry({ legalLimit: { unit: 'calendar-days', value: 3 } }), '2026-04-28T09:00:00+08:00', SH)).legal?.date).toBe('2026-05-06')
  })

  it('the Spring Festival: Saturday 14 February is worked, 15–23 February are not', () => {
    const friday = '2026-02-13T16:00:00+08:00'
    expect(ok(deadline(entry({ legalLimit: { unit: 'working-days', value: 1 } }), friday, SH)).legal?.date).toBe('2026-02-14')
    expect(ok(deadline(entry({ legalLimit: { unit: 'working-days', value: 2 } }), friday, SH)).legal?.date).toBe('2026-02-24')
  })

  it('without the calendar\'s holidays the same count lands elsewhere (the calendar is what decides)', () => {
    const weekendsOnly = { ...CN_2026, id: 'weekends', holidays: [], workdays: [] }
    expect(ok(deadline(entry({ legalLimit: { unit: 'working-days', value: 4 } }), thursday, { ...SH, calendar: weekendsOnly })).legal?.date).toBe('2026-05-06')
  })
})

describe('a same-day item received at 23:50 Shanghai time', () => {
  const same = entry({ promisedLimit: { unit: 'same-day' } })

  it('is due at 23:59:59.999 the same Shanghai day, however the instant is written', () => {
    for (const at of ['2026-03-10T23:50:00+08:00', '2026-03-10T15:50:00Z', '2026-03-10 23:50', new Date(Date.UTC(2026, 2, 10, 15, 50)), Date.UTC(2026, 2, 10, 15, 50)]) {
      const d = ok(deadline(same, at, SH))
      expect(d.promised?.at, String(at)).toBe('2026-03-10T23:59:59.999+08:00')
      expect(d.promised?.utc, String(at)).toBe('2026-03-10T15:59:59.999Z')
      expect(d.receivedAt).toBe('2026-03-10T15:50:00.000Z')
    }
  })

  it('ten minutes later it is the next Shanghai day, and due at the end of that day', () => {
    expect(ok(deadline(same, '2026-03-10T16:00:00Z', SH)).promised?.at).toBe('2026-03-11T23:59:59.999+08:00')
  })
})

describe('joint items (联办)', () => {
  it('the longest of the departments\' limits governs, each department\'s due kept', () => {
    const d = ok(
      deadline(
        entry({
          joint: [
            { department: '区民政局', limit: { unit: 'working-days', value: 2 } },
            { department: '区人社局', limit: { unit: 'working-days', value: 5 } },
            { department: '街道', limit: { unit: 'same-day' } },
          ],
        }),
        '2026-03-10T09:00:00+08:00',
        SH,
      ),
    )
    expect(d.promised?.department).toBe('区人社局')
    expect(d.promised?.date).toBe('2026-03-17')
    expect(d.promised?.joint?.map((j) => j.date)).toEqual(['2026-03-12', '2026-03-17', '2026-03-10'])
  })
})

describe('bad input gives issues, never throws', () => {
  it('names each problem with a path', () => {
    const r = deadline(entry({ legalLimit: { unit: 'working-days' }, promisedLimit: { unit: 'hours', value: -1 } }), 'yesterday', SH)
    expect(E.isLeft(r)).toBe(true)
    if (E.isRight(r)) return
    expect(r.left.map((i) => `${i.code} ${i.path}`).sort()).toEqual(['request/bad-date /receivedAt', 'schema/invalid /promisedLimit/value', 'schema/missing /legalLimit/value'])
  })

  it('working days need a calendar; the zone must be known; the entry must be an entry', () => {
    const wd = deadline(entry({ legalLimit: { unit: 'working-days', value: 1 } }), '2026-03-10T09:00:00+08:00', { timeZone: 'Asia/Shanghai' })
    expect(E.isLeft(wd) && wd.left[0]?.path).toBe('/calendar')
    const tz = deadline(entry({}), '2026-03-10T09:00:00+08:00', { timeZone: 'Mars/Olympus' })
    expect(E.isLeft(tz) && tz.left[0]?.code).toBe('compile/bad-timezone')
    const bad = deadline({ name: 1 }, '2026-03-10T09:00:00+08:00', SH)
    expect(E.isLeft(bad) && bad.left.map((i) => i.path)).toEqual(expect.arrayContaining(['/id', '/name']))
    expect(E.isLeft(deadline(entry({ legalLimit: { unit: 'fortnights', value: 1 } }), '2026-03-10', SH))).toBe(true)
  })

  it('a calendar is checked: a date both holiday and make-up working day, a weekday 8, another zone', () => {
    const cal = decodeWorkCalendar({ ...CN_2026, weekend: [6, 8], workdays: ['2026-01-01'] })
    expect(E.isLeft(cal) && cal.left.map((i) => i.path).sort()).toEqual(['/weekend/1', '/workdays/0'])
    const other = deadline(entry({ promisedLimit: { unit: 'same-day' } }), '2026-03-10T09:00:00+08:00', { timeZone: 'Asia/Urumqi', calendar: CN_2026 })
    expect(E.isLeft(other) && other.left[0]?.path).toBe('/calendar/timeZone')
  })

  it('marks a due date past the dates the calendar knows', () => {
    const d = ok(deadline(entry({ legalLimit: { unit: 'working-days', value: 5 } }), '2026-12-29T09:00:00+08:00', SH))
    expect(d.legal?.beyondCalendar).toBe(true)
    expect(ok(deadline(entry({ legalLimit: { unit: 'working-days', value: 1 } }), '2026-12-29T09:00:00+08:00', SH)).legal?.beyondCalendar).toBeUndefined()
  })
})

describe('the 2026 calendar data (国务院办公厅关于2026年部分节假日安排的通知)', () => {
  it('decodes; 33 rest days in seven blocks; six make-up working days, each a weekend day', () => {
    expect(E.isRight(decodeWorkCalendar(CN_2026))).toBe(true)
    expect(CN_2026.holidays).toHaveLength(3 + 9 + 3 + 5 + 3 + 3 + 7)
    expect(CN_2026.workdays).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'])
    for (const d of CN_2026.workdays) expect([0, 6]).toContain(new Date(`${d}T00:00:00Z`).getUTCDay())
  })
})

describe('the catalogue of a pack', () => {
  it('an entry whose source states no limit has no due date (Hunnan\'s 106-item catalogue names four, without limits)', () => {
    const p = loadPolicy('cn-liaoning-shenyang-hunnan')
    if (E.isLeft(p)) throw new Error('pack')
    const d = ok(catalogueDeadline(p.right, 'senior-citizen-card', '2026-03-13T15:30:00+08:00', { calendar: CN_2026 }))
    expect(d.legal).toBeUndefined()
    expect(d.promised).toBeUndefined()
    expect(E.isLeft(catalogueDeadline(p.right, 'no-such-entry', '2026-03-13T15:30:00+08:00'))).toBe(true)
  })
})

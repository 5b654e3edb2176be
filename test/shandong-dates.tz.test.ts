import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { evaluate, explain, type CompiledPolicy } from '../src/node/index'
import { loadPolicy } from '../src/node/load'

// Date-dependent expectations on the real Shandong pack (rules/cn-shandong, time zone
// Asia/Shanghai). Run by scripts/tz-matrix.mjs under TZ=UTC, Asia/Shanghai, America/New_York and
// Pacific/Apia: every expectation must hold whatever the host's zone, because the caps count in
// the pack's zone (第五条 meetings: district 2 a year, street 4 a month, one regular meeting a
// week; 第六条 street inspections 3 a month, one comprehensive evaluation a year).

const loaded = loadPolicy('rules/cn-shandong')
const policy = (): CompiledPolicy => {
  if (E.isLeft(loaded)) throw new Error(JSON.stringify(loaded.left))
  return loaded.right
}

/** The deciding rule, the outcome and the request's Shanghai date. */
const decide = (req: Record<string, unknown>): [string, string, string] => {
  const d = evaluate(policy(), req)
  if (E.isLeft(d)) throw new Error(JSON.stringify(d.left))
  return [d.right.decidedBy.id, d.right.outcome, d.right.date]
}
/** The English summary of the decision (it names the cap's window). */
const summary = (req: Record<string, unknown>): string => {
  const d = evaluate(policy(), req)
  if (E.isLeft(d)) throw new Error(JSON.stringify(d.left))
  const e = explain(d.right, { locale: 'en' })
  return E.isRight(e) ? e.right.summary : ''
}

const inspection = (date: string) => ({ kind: 'inspection', date, requester: { level: 'street' } })
const districtMeeting = (date: string) => ({ kind: 'meeting', date, requester: { level: 'district' }, meeting: { attendees: 'head' } })
const streetMeeting = (date: string) => ({ kind: 'meeting', date, requester: { level: 'street' }, meeting: { attendees: 'head' } })
const regularMeeting = (date: string) => ({ kind: 'meeting', date, requester: { level: 'street' }, meeting: { attendees: 'head', regular: true } })
const evaluation = (date: string) => ({ kind: 'evaluation', date, requester: { level: 'district' }, evaluation: { comprehensive: true } })

describe('an instant is counted on its Shanghai day, not its UTC day', () => {
  const march = ['2026-03-02', '2026-03-09', '2026-03-16'].map(inspection)
  it('2026-03-31T17:00Z is 1 April in Shanghai: the first inspection of April', () => {
    expect(decide({ ...inspection('2026-03-31T17:00:00Z'), history: march })).toEqual(['street-inspection-within-cap', 'permitted', '2026-04-01'])
    expect(summary({ ...inspection('2026-03-31T17:00:00Z'), history: march })).toContain('2026-04')
  })
  it('2026-03-31T15:00Z is still 31 March in Shanghai: the 4th inspection of March is refusable', () => {
    expect(decide({ ...inspection('2026-03-31T15:00:00Z'), history: march })).toEqual(['street-inspection-cap', 'refusable', '2026-03-31'])
    expect(summary({ ...inspection('2026-03-31T15:00:00Z'), history: march })).toContain('2026-03')
  })
  it('the same instant written with -05:00 and +08:00 offsets is the same Shanghai day', () => {
    expect(decide({ ...inspection('2026-03-31T12:00:00-05:00'), history: march })[2]).toBe('2026-04-01')
    expect(decide({ ...inspection('2026-04-01T01:00:00+08:00'), history: march })[2]).toBe('2026-04-01')
    expect(decide({ ...inspection('2026-03-31T23:59:59+08:00'), history: march })).toEqual(['street-inspection-cap', 'refusable', '2026-03-31'])
  })
  it('a history event at 2026-02-28T16:30Z happened on 1 March in Shanghai and counts for March', () => {
    const h = ['2026-02-28T16:30:00Z', '2026-03-09', '2026-03-16'].map(inspection)
    expect(decide({ ...inspection('2026-03-20'), history: h })[0]).toBe('street-inspection-cap')
    const before = ['2026-02-28T15:30:00Z', '2026-03-09', '2026-03-16'].map(inspection)
    expect(decide({ ...inspection('2026-03-20'), history: before })[0]).toBe('street-inspection-within-cap')
  })
})

describe('month boundaries', () => {
  const feb = ['2026-02-02', '2026-02-09', '2026-02-16', '2026-02-23'].map(streetMeeting)
  it('a 5th street-office meeting on 28 February is refusable; on 1 March (Shanghai) it is the first of March', () => {
    expect(decide({ ...streetMeeting('2026-02-28T15:30:00Z'), history: feb })).toEqual(['street-meeting-cap', 'refusable', '2026-02-28'])
    expect(decide({ ...streetMeeting('2026-02-28T16:30:00Z'), history: feb })).toEqual(['street-meeting-within-cap', 'permitted', '2026-03-01'])
  })
  it('a leap day closes February 2024', () => {
    const h = ['2024-02-01', '2024-02-10', '2024-02-20'].map(inspection)
    expect(decide({ ...inspection('2024-02-29T15:59:59Z'), history: h })).toEqual(['street-inspection-cap', 'refusable', '2024-02-29'])
    expect(decide({ ...inspection('2024-02-29T16:00:00Z'), history: h })).toEqual(['street-inspection-within-cap', 'permitted', '2024-03-01'])
  })
})

describe('year boundaries', () => {
  const two = ['2026-03-02', '2026-06-09'].map(districtMeeting)
  it('a 3rd district-level meeting on 31 December (Shanghai) is refusable; one second later it is 2027', () => {
    expect(decide({ ...districtMeeting('2026-12-31T15:59:59Z'), history: two })).toEqual(['district-meeting-cap', 'refusable', '2026-12-31'])
    expect(decide({ ...districtMeeting('2026-12-31T16:00:00Z'), history: two })).toEqual(['district-meeting-within-cap', 'permitted', '2027-01-01'])
    expect(summary({ ...districtMeeting('2026-12-31T16:00:00Z'), history: two })).toContain('2027')
  })
  it('a second comprehensive evaluation in a year is refusable, the first of the next year is not', () => {
    const h = [evaluation('2026-01-10')]
    expect(decide({ ...evaluation('2026-12-31T15:30:00Z'), history: h })).toEqual(['comprehensive-evaluation-cap', 'refusable', '2026-12-31'])
    expect(decide({ ...evaluation('2026-12-31T16:30:00Z'), history: h })).toEqual(['evaluation-comprehensive-within-cap', 'permitted', '2027-01-01'])
  })
})

describe('the ISO week of the weekly regular meeting (2026-W01 is 2025-12-29 to 2026-01-04)', () => {
  const monday = [regularMeeting('2025-12-29')]
  it('a second regular meeting on Sunday 4 January is in the same week: refusable', () => {
    expect(decide({ ...regularMeeting('2026-01-04'), history: monday })).toEqual(['street-regular-meeting-cap', 'refusable', '2026-01-04'])
    expect(summary({ ...regularMeeting('2026-01-04'), history: monday })).toContain('2026-W01')
  })
  it('Monday 5 January starts 2026-W02: within the cap, permitted', () => {
    expect(decide({ ...regularMeeting('2026-01-05'), history: monday })).toEqual(['street-regular-meeting', 'permitted', '2026-01-05'])
    expect(summary({ ...regularMeeting('2026-01-05'), history: monday })).toContain('2026-W02')
  })
  it('2026-01-04T16:30Z is Monday 5 January in Shanghai (W02); 15:59Z is still Sunday (W01)', () => {
    expect(decide({ ...regularMeeting('2026-01-04T16:30:00Z'), history: monday })).toEqual(['street-regular-meeting', 'permitted', '2026-01-05'])
    expect(decide({ ...regularMeeting('2026-01-04T15:59:00Z'), history: monday })).toEqual(['street-regular-meeting-cap', 'refusable', '2026-01-04'])
  })
  it('a history event at 2025-12-28T16:30Z was on Monday 29 December in Shanghai, in W01', () => {
    expect(decide({ ...regularMeeting('2026-01-02'), history: [regularMeeting('2025-12-28T16:30:00Z')] })[0]).toBe('street-regular-meeting-cap')
    expect(decide({ ...regularMeeting('2026-01-02'), history: [regularMeeting('2025-12-28T15:30:00Z')] })[0]).toBe('street-regular-meeting')
  })
  it('regular meetings do not count toward the 4 street-office meetings a month', () => {
    const h = ['2026-03-02', '2026-03-09', '2026-03-16', '2026-03-23'].map(regularMeeting)
    expect(decide({ ...streetMeeting('2026-03-25'), history: h })[0]).toBe('street-meeting-within-cap')
  })
})

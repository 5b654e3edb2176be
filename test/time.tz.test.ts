import * as E from 'fp-ts/lib/Either.js'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { compile, evaluate, toLocalDate, windowBounds } from '../src/node/index'

// Run by scripts/tz-matrix.mjs under TZ=UTC, Asia/Shanghai, America/New_York and Pacific/Apia:
// every expectation here must hold whatever the host's time zone.

describe('local dates in the policy time zone, whatever the host zone', () => {
  it('reads an instant as the Shanghai calendar date', () => {
    expect(toLocalDate('2026-02-28T16:30:00Z', 'Asia/Shanghai')).toBe('2026-03-01')
    expect(toLocalDate('2026-02-28T15:59:59Z', 'Asia/Shanghai')).toBe('2026-02-28')
    expect(toLocalDate('2026-03-01T00:30:00+08:00', 'Asia/Shanghai')).toBe('2026-03-01')
    expect(toLocalDate('2026-03-01T00:30:00+0800', 'Asia/Shanghai')).toBe('2026-03-01')
    expect(toLocalDate('2026-02-28T16:30:00Z', 'America/New_York')).toBe('2026-02-28')
  })
  it('rejects impossible and unanchored dates', () => {
    for (const bad of ['2026-02-30', '2026-13-01', '2025-02-29', '2026-03-01T25:00:00Z', '2026-03-01T09:00:00', 'yesterday', '20260301', '1800-01-01', '9999-12-31'])
      expect(toLocalDate(bad, 'Asia/Shanghai')).toBeUndefined()
    expect(toLocalDate('2024-02-29', 'Asia/Shanghai')).toBe('2024-02-29')
  })
  it('computes calendar windows in the zone', () => {
    expect(windowBounds('2026-02-15', 'month', 'Asia/Shanghai')).toEqual({ start: '2026-02-01', end: '2026-02-28', label: '2026-02' })
    expect(windowBounds('2024-02-29', 'month', 'Asia/Shanghai').end).toBe('2024-02-29')
    expect(windowBounds('2026-01-01', 'isoWeek', 'Asia/Shanghai')).toEqual({ start: '2025-12-29', end: '2026-01-04', label: '2026-W01' })
    expect(windowBounds('2026-12-31', 'year', 'Pacific/Apia')).toEqual({ start: '2026-01-01', end: '2026-12-31', label: '2026' })
    expect(windowBounds('2026-03-10', { rollingDays: 30 }, 'Asia/Shanghai').start).toBe('2026-02-09')
    expect(windowBounds('2026-03-31', 'month', 'America/New_York')).toEqual({ start: '2026-03-01', end: '2026-03-31', label: '2026-03' })
  })
})

describe('a cap counted in the Shanghai month', () => {
  const policy = compile({ text: readFileSync('test/fixtures/mini/pack.yaml', 'utf8'), file: 'mini.yaml' })
  const street = { level: 'street' }
  const insp = (date: string) => ({ kind: 'inspection', date, requester: street })
  const decide = (date: string, history: string[]) => {
    if (E.isLeft(policy)) throw new Error('fixture pack must compile')
    const d = evaluate(policy.right, { ...insp(date), history: history.map(insp) })
    if (E.isLeft(d)) throw new Error(JSON.stringify(d.left))
    return d.right
  }
  it('the 3rd inspection in a month is within the cap, the 4th is refusable', () => {
    expect(decide('2026-03-20', ['2026-03-02', '2026-03-09']).decidedBy.id).toBe('default')
    const fourth = decide('2026-03-20', ['2026-03-02', '2026-03-09', '2026-03-16'])
    expect(fourth.outcome).toBe('refusable')
    expect(fourth.decidedBy.id).toBe('insp-cap')
  })
  it('counts an instant by its Shanghai date', () => {
    // 2026-03-31T17:00Z is 1 April in Shanghai: March's three do not count (in UTC it would be the 4th in March)
    expect(decide('2026-03-31T17:00:00Z', ['2026-03-02', '2026-03-09', '2026-03-16']).decidedBy.id).toBe('default')
    expect(decide('2026-03-31T15:00:00Z', ['2026-03-02', '2026-03-09', '2026-03-16']).decidedBy.id).toBe('insp-cap')
    // 2026-02-28T16:30Z is 1 March in Shanghai: an inspection earlier that Shanghai day counts for March
    expect(decide('2026-03-20', ['2026-03-02', '2026-03-09', '2026-02-28T16:30:00Z']).decidedBy.id).toBe('insp-cap')
    // an event at 2026-02-28T23:00Z is 1 March 07:00 in Shanghai
    expect(decide('2026-03-20', ['2026-03-02', '2026-03-09', '2026-02-28T23:00:00Z']).decidedBy.id).toBe('insp-cap')
    expect(decide('2026-03-20', ['2026-03-02', '2026-03-09', '2026-02-28T15:00:00Z']).decidedBy.id).toBe('default')
  })
  it('does not count events after the request date', () => {
    expect(decide('2026-03-05', ['2026-03-02', '2026-03-10', '2026-03-20', '2026-03-25']).decidedBy.id).toBe('default')
  })
  it('the last day of a month closes the window', () => {
    expect(decide('2026-03-31', ['2026-03-02', '2026-03-09', '2026-03-16']).decidedBy.id).toBe('insp-cap')
    expect(decide('2026-04-01', ['2026-03-02', '2026-03-09', '2026-03-16']).decidedBy.id).toBe('default')
  })
})

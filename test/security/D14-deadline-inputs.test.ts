/**
 * D14: deadline() validates the instant of receipt like requests do and returns an Either, never
 * throws: numbers beyond the Date range, impossible dates and years outside 1949–2200 (in the
 * zone) are request/bad-date.
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { CN_2026, deadline } from '../../src/index'

const entry = { id: 'x', name: '即办事项', legalLimit: { unit: 'calendar-days', value: 3 }, promisedLimit: { unit: 'same-day' } }
const opts = { timeZone: 'Asia/Shanghai', calendar: CN_2026 }

describe('D14 deadline validates its inputs', () => {
  for (const bad of [8.64e15 + 1, 1e308, -1e308, 2 ** 53, '2026-02-30T10:00:00Z', '2026-02-30T10:00:00', '9999-12-31T23:59:59Z', '0000-01-01T00:00:00Z', '1948-12-31T15:59:59Z', '2201-01-01T00:00:00+08:00', new Date(8.64e15), new Date(Date.UTC(1900, 0, 1))])
    it(`receivedAt ${String(bad)} is request/bad-date`, () => {
      let r: ReturnType<typeof deadline> | undefined
      expect(() => (r = deadline(entry, bad, opts))).not.toThrow()
      expect(r !== undefined && E.isLeft(r) ? r.left.map((i) => [i.code, i.path]) : r).toEqual([['request/bad-date', '/receivedAt']])
    })
  it('a valid receipt still gives due dates after it', () => {
    const r = deadline(entry, '2026-03-10T09:00:00+08:00', opts)
    expect(E.isRight(r) ? r.right.promised?.at : r).toBe('2026-03-10T23:59:59.999+08:00')
  })
  it('the first instant of 1949 in the zone is accepted whatever its spelling', () => {
    expect(E.isRight(deadline(entry, '1948-12-31T16:00:00Z', { timeZone: 'Asia/Shanghai' }))).toBe(true)
  })
})

import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { decodeRequest, toLocalDate } from '../../src/index'

/**
 * D15 (security review): the 1949–2200 range applies to the LOCAL date in the pack's zone, not to
 * the year written in an instant. The same instant has the same answer however it is written.
 */
const ZONE = 'Asia/Shanghai'
const request = (date: string) => ({ kind: 'task', date, requester: { level: 'street' } })
const localDate = (date: string): string | undefined => {
  const d = decodeRequest(request(date), ZONE)
  return E.isRight(d) ? d.right.date : undefined
}

describe('D15: the year range applies to the local date', () => {
  it('1948-12-31T16:00:00Z is 1949-01-01 in Shanghai, accepted like its +08:00 spelling', () => {
    expect(toLocalDate('1948-12-31T16:00:00Z', ZONE)).toBe('1949-01-01')
    expect(localDate('1948-12-31T16:00:00Z')).toBe('1949-01-01')
    expect(localDate('1949-01-01T00:00:00+08:00')).toBe('1949-01-01')
  })
  it('2201-01-01T00:00:00+14:00 is 2200-12-31 in Shanghai, accepted', () => {
    expect(toLocalDate('2201-01-01T00:00:00+14:00', ZONE)).toBe('2200-12-31')
    expect(localDate('2201-01-01T00:00:00+14:00')).toBe('2200-12-31')
  })
  it('an instant whose local date is outside 1949–2200 is rejected, whatever year it is written with', () => {
    // 15:59:59Z is still 1948-12-31 in Shanghai, as is 1949-01-01T00:30+14:00 (18:30 the day before);
    // 16:00Z on 2200-12-31 is already 2201-01-01
    for (const bad of ['1948-12-31T15:59:59Z', '1949-01-01T00:30:00+14:00', '2200-12-31T16:00:00Z', '2201-01-01T00:00:00+08:00']) {
      expect(toLocalDate(bad, ZONE)).toBeUndefined()
      const d = decodeRequest(request(bad), ZONE)
      expect(E.isLeft(d) && d.left.map((i) => `${i.code} ${i.path}`)).toEqual(['request/bad-date /date'])
    }
  })
  it('history events and approval dates are read the same way', () => {
    const d = decodeRequest(
      { ...request('1949-01-02'), kind: 'meeting', history: [{ kind: 'meeting', date: '1948-12-31T16:30:00Z' }], approval: { approved: true, validUntil: '2201-01-01T00:00:00+14:00' } },
      ZONE,
    )
    expect(E.isRight(d) && [d.right.historyDates, d.right.approvalDates]).toEqual([['1949-01-01'], { until: '2200-12-31' }])
  })
})

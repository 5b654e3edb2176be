/**
 * D15: the 1949–2200 year range applies to the local date in the pack's zone, not to the year as
 * written: the same instant is accepted or refused whatever its offset.
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { compile, evaluate, toLocalDate } from '../../src/node/index'
import { miniText, right } from './_helpers'

describe('D15 the year range is on the local date', () => {
  const same = [
    ['1949-01-01T00:00:00+08:00', '1948-12-31T16:00:00Z', '1949-01-01'],
    ['2200-12-31T23:59:59+08:00', '2200-12-31T15:59:59Z', '2200-12-31'],
    ['2201-01-01T00:00:00+14:00', '2200-12-31T10:00:00Z', '2200-12-31'],
  ] as const
  for (const [a, b, local] of same)
    it(`${a} and ${b} are both ${local} in Shanghai`, () => {
      expect(toLocalDate(a, 'Asia/Shanghai')).toBe(local)
      expect(toLocalDate(b, 'Asia/Shanghai')).toBe(local)
    })
  it('an instant whose Shanghai date is before 1949 or after 2200 is refused', () => {
    expect(toLocalDate('1948-12-31T15:59:59Z', 'Asia/Shanghai')).toBeUndefined()
    expect(toLocalDate('2200-12-31T16:00:00Z', 'Asia/Shanghai')).toBeUndefined()
    expect(toLocalDate('2201-01-01T00:00:00-12:00', 'Asia/Shanghai')).toBeUndefined()
  })
  it('evaluate accepts the Z spelling of the first day of 1949', () => {
    const policy = right(compile({ text: miniText }))
    const d = evaluate(policy, { kind: 'task', date: '1948-12-31T16:00:00Z', requester: { level: 'street' } })
    expect(E.isRight(d) ? d.right.date : d).toBe('1949-01-01')
  })
})

/**
 * D18: request decoding stops after a bounded number of issues (limits.maxIssues, default 100)
 * and a bounded number of keys (limits.maxRequestKeys, default 1,000,000).
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { compile, decodeRequest, DEFAULT_LIMITS, evaluate } from '../../src/node/index'
import { miniText, right } from './_helpers'

const policy = right(compile({ text: miniText }))
const base = { kind: 'task', date: '2026-03-02', requester: { level: 'street' } }

describe('D18 bounded keys and issues', () => {
  it('200,000 unknown keys give at most maxIssues issues and one eval/limit, reading a bounded number of their values', () => {
    const plain: Record<string, unknown> = { ...base }
    for (let i = 0; i < 200_000; i++) plain[`k${i}`] = i
    // the values of the unknown keys read while deciding: the work done on them, counted
    let reads = 0
    const req = new Proxy(plain, {
      get: (t, k, r) => {
        if (typeof k === 'string' && /^k\d+$/.test(k)) reads++
        return Reflect.get(t, k, r) as unknown
      },
    })
    const r = evaluate(policy, req)
    expect(E.isLeft(r)).toBe(true)
    const issues = E.isLeft(r) ? r.left : []
    expect(issues.length).toBe(DEFAULT_LIMITS.maxIssues + 1)
    expect(issues[issues.length - 1]).toMatchObject({ code: 'eval/limit', params: { limit: 'maxIssues' } })
    // the decoder stops looking once it has more unknown fields than it reports: not one read per key
    expect(reads).toBeGreaterThan(0)
    expect(reads).toBeLessThanOrEqual(64 + DEFAULT_LIMITS.maxIssues)
  })
  it('100,000 history events with an unknown field each give a bounded list', () => {
    const history = Array.from({ length: 100_000 }, (_, i) => ({ kind: 'meeting', date: '2026-03-01', requester: { level: 'street' }, [`x${i % 7}`]: 1 }))
    const r = decodeRequest({ ...base, history }, 'Asia/Shanghai', { maxHistory: 100_000, maxStringLength: 10_000 })
    expect(E.isLeft(r) ? r.left.length : 0).toBe(101)
  })
  it('maxIssues and maxRequestKeys are limits of compile', () => {
    const small = right(compile({ text: miniText }, { limits: { maxIssues: 3, maxRequestKeys: 50 } }))
    const many: Record<string, unknown> = { ...base }
    for (let i = 0; i < 10; i++) many[`k${i}`] = i
    const r = evaluate(small, many)
    expect(E.isLeft(r) ? r.left.map((i) => i.code) : r).toEqual(['request/unknown-field', 'request/unknown-field', 'request/unknown-field', 'eval/limit'])
    for (let i = 10; i < 60; i++) many[`k${i}`] = i
    const r2 = evaluate(small, many)
    expect(E.isLeft(r2) ? r2.left.map((i) => [i.code, i.params?.limit]) : r2).toEqual([['eval/limit', 'maxRequestKeys']])
  })
})

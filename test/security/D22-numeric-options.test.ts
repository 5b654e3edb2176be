/**
 * D22: every numeric option of the API refuses NaN, infinities, fractions and out-of-range values
 * with an issue (whatIf's budgets and target, audit's reorderDays, compile limits, request limits).
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { audit, compile, createAuditor, decodeRequest, whatIf } from '../../src/node/index'
import { auditFile } from '../../src/node/index'
import { miniText, right } from './_helpers'

const policy = right(compile({ text: miniText }))
const req = { kind: 'task', date: '2026-03-02', requester: { level: 'street' } }
const BAD = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -1, 1.5, 1e9, 2 ** 53]

describe('D22 numeric options', () => {
  for (const v of BAD)
    it(`whatIf refuses maxCandidates/maxChanges/maxResults = ${v}`, () => {
      for (const k of ['maxCandidates', 'maxChanges', 'maxResults']) {
        const r = whatIf(policy, req, { [k]: v })
        expect(E.isLeft(r) ? r.left.map((i) => i.code) : r).toEqual(['request/invalid'])
      }
    })
  it('whatIf refuses an unknown target', () => {
    for (const target of ['bogus', ['required'], 7]) expect(E.isLeft(whatIf(policy, req, { target: target as never }))).toBe(true)
  })
  for (const v of [Number.NaN, Number.POSITIVE_INFINITY, -1, 0.5, 1e6])
    it(`audit, createAuditor and auditFile refuse reorderDays = ${v}`, async () => {
      const run = audit(policy, [JSON.stringify({ ...req, community: { id: 'c' } })], { reorderDays: v })
      const found = []
      for await (const f of run.findings) found.push(f)
      expect(found.map((f) => f.type)).toEqual(['malformed'])
      expect((await run.summary).judged).toBe(0)
      const a = createAuditor(policy, { reorderDays: v })
      const seen: string[] = []
      a.push(JSON.stringify({ ...req, community: { id: 'c' } }), (f) => seen.push(f.type))
      expect(seen).toEqual(['malformed'])
      const r = await auditFile('package.json', { pack: 'cn-shandong', reorderDays: v })()
      expect(E.isLeft(r) ? r.left.map((i) => i.code) : r).toEqual(['request/invalid'])
    })
  for (const v of [Number.NaN, Number.POSITIVE_INFINITY, 0, -3, 2.5])
    it(`compile limits and decodeRequest limits refuse ${v}`, () => {
      const c = compile({ text: miniText }, { limits: { maxHistory: v } })
      expect(E.isLeft(c) ? c.left.map((i) => [i.code, i.params?.limit]) : c).toEqual([['compile/limit', 'maxHistory']])
      const d = decodeRequest(req, 'Asia/Shanghai', { maxHistory: v, maxStringLength: 100 })
      expect(E.isLeft(d) ? d.left.map((i) => [i.code, i.params?.limit]) : d).toEqual([['compile/limit', 'maxHistory']])
    })
})

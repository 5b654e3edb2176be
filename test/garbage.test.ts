import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { compile, evaluate, explain, evaluateAsync } from '../src/node/index'

const policy = compile({ text: readFileSync('test/fixtures/mini/pack.yaml', 'utf8'), file: 'mini.yaml' })
const compiled = () => {
  if (E.isLeft(policy)) throw new Error('fixture must compile')
  return policy.right
}

// requests that look almost right: real field names, wrong values
const nearRequest = fc.record(
  {
    kind: fc.oneof(fc.constantFrom('task', 'certificate', 'inspection', 'meeting'), fc.anything()),
    date: fc.oneof(fc.constantFrom('2026-03-01', '2026-02-30', '2026-02-28T16:30:00Z', ''), fc.anything()),
    requester: fc.oneof(fc.record({ level: fc.constantFrom('street', 'district', 'moon') }), fc.anything()),
    certificate: fc.anything(),
    history: fc.oneof(fc.array(fc.anything(), { maxLength: 5 }), fc.anything()),
    approval: fc.anything(),
  },
  { requiredKeys: [] },
)

describe('evaluate never throws', () => {
  it('on arbitrary values: issues or a decision, never an exception', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), nearRequest), (u) => {
        const r = evaluate(compiled(), u)
        expect(r._tag === 'Left' || r._tag === 'Right').toBe(true)
        if (E.isRight(r)) expect(['required', 'permitted', 'refusable', 'forbidden']).toContain(r.right.outcome)
        else expect(r.left.length).toBeGreaterThan(0)
      }),
      { numRuns: 3000, seed: 20261123 },
    )
  })
  it('on a policy that is not one', () => {
    expect(E.isLeft(evaluate(null as never, {}))).toBe(true)
    expect(E.isLeft(evaluate({} as never, {}))).toBe(true)
  })
  it('explain never throws, even on decisions it did not make', () => {
    fc.assert(fc.property(fc.anything(), (u) => E.isLeft(explain(u as never))), { numRuns: 500, seed: 7 })
  })
  it('the async entry resolves with issues on garbage', async () => {
    await fc.assert(
      fc.asyncProperty(fc.anything(), async (u) => {
        const r = await evaluateAsync(compiled(), u)
        return r._tag === 'Left' || r._tag === 'Right'
      }),
      { numRuns: 300, seed: 11 },
    )
  })
  it('does not mutate a frozen request', () => {
    const deepFreeze = <T>(o: T): T => {
      if (o && typeof o === 'object') {
        for (const v of Object.values(o)) deepFreeze(v)
        Object.freeze(o)
      }
      return o
    }
    const req = deepFreeze({
      kind: 'inspection',
      date: '2026-03-20',
      requester: { level: 'street' },
      history: [{ kind: 'inspection', date: '2026-03-02', requester: { level: 'street' } }],
    })
    const before = JSON.stringify(req)
    expect(E.isRight(evaluate(compiled(), req))).toBe(true)
    expect(JSON.stringify(req)).toBe(before)
  })
})

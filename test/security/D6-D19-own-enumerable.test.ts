/**
 * D6 and D19: a request's facts are its own enumerable properties, on both evaluation paths.
 * An inherited value (Object.create, a polluted Object.prototype) is never read as a fact; an own
 * non-enumerable property is treated as absent by evaluate and evaluateAsync alike.
 */
import * as E from 'fp-ts/lib/Either.js'
import { afterEach, describe, expect, it } from 'vitest'
import { evaluate, evaluateAsync } from '../../src/node/index'
import { loadPolicy } from '../../src/node/load'
import { right } from './_helpers'

const policy = right(loadPolicy('cn-shandong'))
const task = { kind: 'task', date: '2026-03-02', requester: { level: 'district', department: 'x' }, item: { name: '某项调查', category: '其他' } }
const seal = { kind: 'certificate', date: '2026-03-02', requester: { level: 'district' }, certificate: { kind: '无犯罪记录证明' } }
const outcomeOf = (d: E.Either<readonly { code: string }[], { outcome: string; decidedBy: { id: string } }>): string =>
  E.isLeft(d) ? d.left.map((i) => i.code).join(',') : `${d.right.outcome} ${d.right.decidedBy.id}`
const both = async (req: unknown): Promise<[string, string]> => [outcomeOf(evaluate(policy, req)), outcomeOf(await evaluateAsync(policy, req))]

describe('D6 inherited request fields are never facts', () => {
  afterEach(() => {
    delete (Object.prototype as Record<string, unknown>).approval
    delete (Object.prototype as Record<string, unknown>).certificate
  })
  it('a request whose fields are all inherited is request/missing on both paths', async () => {
    const [a, b] = await both(Object.create(task))
    expect(a).toMatch(/^request\/missing/)
    expect(b).toBe(a)
  })
  it('Object.prototype.approval set by other code does not turn a refusable task into required', async () => {
    const before = await both(task)
    expect(before[0]).toBe('refusable admission-unapproved')
    ;(Object.prototype as Record<string, unknown>).approval = { approved: true, funds: 1000, validFrom: '2026-01-01', validUntil: '2026-12-31', authorisation: { content: 'a', object: 'b', authority: 'c', timeLimit: 'd' } }
    expect(await both(task)).toEqual(before)
    expect(await both(JSON.parse(JSON.stringify(task)))).toEqual(before)
  })
  it('Object.prototype.certificate does not decide a certificate request without one', async () => {
    const noCert = { kind: 'certificate', date: '2026-03-02', requester: { level: 'district' } }
    const before = await both(noCert)
    ;(Object.prototype as Record<string, unknown>).certificate = { kind: '居住证明' }
    expect(await both(noCert)).toEqual(before)
  })
})

describe('D19 evaluate and evaluateAsync agree on own non-enumerable fields', () => {
  for (const field of ['kind', 'certificate'] as const)
    it(`a non-enumerable ${field} is absent on both paths`, async () => {
      const req: Record<string, unknown> = { ...seal }
      delete req[field]
      Object.defineProperty(req, field, { value: seal[field], enumerable: false })
      const [a, b] = await both(req)
      expect(a).toBe(b)
      const without: Record<string, unknown> = { ...seal }
      delete without[field]
      expect(a).toBe(outcomeOf(evaluate(policy, without)))
    })
  it('a non-enumerable nested field is absent too', async () => {
    const cert = {}
    Object.defineProperty(cert, 'kind', { value: '无犯罪记录证明', enumerable: false })
    const [a, b] = await both({ ...seal, certificate: cert })
    expect(a).toBe(b)
    expect(a).toBe(outcomeOf(evaluate(policy, { ...seal, certificate: {} })))
  })
})

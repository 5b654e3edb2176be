import * as E from 'fp-ts/lib/Either.js'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { compile, DEFAULT_LIMITS, evaluate, evaluateAsync, parseText, type CompiledPolicy, type Issue, type Limits } from '../src/node/index'
import { loadPolicy } from '../src/node/load'

// The compile-time limits (src/compile/compile.ts `Limits`): each is enforced with an issue that
// names it, never with a partial answer, and each can be set at compile time.

const miniText = readFileSync('test/fixtures/mini/pack.yaml', 'utf8')
const miniValue = (): Record<string, any> => structuredClone((parseText(miniText) as E.Right<{ value: Record<string, any> }>).right.value)
const mini = (limits?: Limits): CompiledPolicy => {
  const p = compile({ text: miniText, file: 'mini.yaml' }, limits ? { limits } : {})
  if (E.isLeft(p)) throw new Error(JSON.stringify(p.left))
  return p.right
}
const ev = { kind: 'inspection', date: '2026-03-02', requester: { level: 'street' } }
const req = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({ kind: 'inspection', date: '2026-03-20', requester: { level: 'street' }, ...extra })
const limitsNamed = (r: E.Either<Issue[], unknown>): unknown => (E.isLeft(r) ? r.left.map((i) => [i.code, i.params?.limit, i.expected]) : 'an answer')
const deep = (n: number): unknown => {
  let c: unknown = { fact: 'kind', operator: 'equal', value: 'task' }
  for (let i = 1; i < n; i++) c = { not: c }
  return c
}
/** The mini pack with one more rule whose tree is `n` levels below `all` (depth n). */
const withDepth = (n: number): Record<string, any> => {
  const p = miniValue()
  p.rules.push({ id: 'deep', outcome: 'forbidden', priority: 90, conditions: { all: [deep(n)] }, citation: { source: 'src.txt', article: 'x', quote: 'y' }, message: { 'zh-CN': '深', en: 'deep' } })
  return p
}
const withRules = (n: number): Record<string, any> => {
  const p = miniValue()
  for (let i = 0; i < n; i++)
    p.rules.push({ id: `r${i}`, outcome: 'permitted', priority: 2, conditions: { all: [{ fact: 'kind', operator: 'equal', value: `k${i}` }] }, citation: { source: 'src.txt', article: 'x', quote: 'y' }, message: { 'zh-CN': '多', en: 'many' } })
  return p
}

describe('the defaults', () => {
  it('are documented values', () => {
    expect(DEFAULT_LIMITS).toEqual({ maxHistory: 100_000, maxConditionDepth: 64, maxRules: 5_000, maxStringLength: 10_000, maxPackBytes: 5_000_000, maxPackNodes: 1_000_000, maxRequestKeys: 1_000_000, maxIssues: 100 })
    expect(mini().limits).toEqual(DEFAULT_LIMITS)
  })
})

describe('maxHistory', () => {
  it('past the limit: eval/limit naming maxHistory, no decision, from both entries', async () => {
    const p = mini()
    const over = req({ history: Array.from({ length: DEFAULT_LIMITS.maxHistory + 1 }, () => ev) })
    expect(limitsNamed(evaluate(p, over))).toEqual([['eval/limit', 'maxHistory', String(DEFAULT_LIMITS.maxHistory)]])
    expect(limitsNamed(await evaluateAsync(p, over))).toEqual([['eval/limit', 'maxHistory', String(DEFAULT_LIMITS.maxHistory)]])
  })
  it('at the limit: an answer', () => {
    const d = evaluate(mini(), req({ history: Array.from({ length: DEFAULT_LIMITS.maxHistory }, () => ev) }))
    expect(E.isRight(d) ? d.right.decidedBy.id : d.left).toBe('insp-cap')
  })
  it('is configurable', () => {
    const p = mini({ maxHistory: 3 })
    expect(p.limits.maxHistory).toBe(3)
    expect(limitsNamed(evaluate(p, req({ history: [ev, ev, ev, ev] })))).toEqual([['eval/limit', 'maxHistory', '3']])
    expect(E.isRight(evaluate(p, req({ history: [ev, ev, ev] })))).toBe(true)
    const big = mini({ maxHistory: 200_000 })
    expect(E.isRight(evaluate(big, req({ history: Array.from({ length: 150_000 }, () => ev) })))).toBe(true)
  })
})

describe('maxStringLength', () => {
  const long = (n: number) => 'x'.repeat(n)
  it('past the limit anywhere in a request: eval/limit naming maxStringLength, with the pointer', async () => {
    const p = mini()
    const n = DEFAULT_LIMITS.maxStringLength + 1
    for (const [at, r] of [
      ['/legalBasis', req({ legalBasis: long(n) })],
      ['/requester/department', req({ requester: { level: 'street', department: long(n) } })],
      ['/history/1/requester/name', req({ history: [ev, { ...ev, requester: { level: 'street', name: long(n) } }] })],
      ['/item/tags/2', req({ item: { tags: ['a', 'b', long(n)] } })],
      ['/date', req({ date: long(n) })],
    ] as const) {
      const d = evaluate(p, r)
      expect(E.isLeft(d) ? d.left.map((i) => [i.code, i.path, i.params?.limit]) : 'an answer').toEqual([['eval/limit', at, 'maxStringLength']])
      const a = await evaluateAsync(p, r)
      expect(E.isLeft(a) ? a.left.map((i) => i.code) : 'an answer').toEqual(['eval/limit'])
    }
  })
  it('at the limit: an answer', () => {
    expect(E.isRight(evaluate(mini(), req({ legalBasis: long(DEFAULT_LIMITS.maxStringLength) })))).toBe(true)
  })
  it('is configurable', () => {
    // 'inspection', the longest other string of the request, has 10 characters
    const p = mini({ maxStringLength: 12 })
    expect(limitsNamed(evaluate(p, req({ legalBasis: '1234567890123' })))).toEqual([['eval/limit', 'maxStringLength', '12']])
    expect(E.isRight(evaluate(p, req({ legalBasis: '123456789012' })))).toBe(true)
    expect(E.isRight(evaluate(mini({ maxStringLength: 50_000 }), req({ legalBasis: long(40_000) })))).toBe(true)
  })
})

describe('maxConditionDepth', () => {
  it('past the limit: compile/limit naming maxConditionDepth, with the pointer, no policy', () => {
    const r = compile(withDepth(DEFAULT_LIMITS.maxConditionDepth + 1))
    expect(E.isLeft(r)).toBe(true)
    const lim = E.isLeft(r) ? r.left.filter((i) => i.code === 'compile/limit') : []
    expect(lim.map((i) => [i.params?.limit, i.expected])).toEqual([['maxConditionDepth', '64']])
    expect(lim[0]?.path.startsWith('/rules/4/conditions/all/0/not')).toBe(true)
  })
  it('at the limit: compiles', () => {
    expect(E.isRight(compile(withDepth(DEFAULT_LIMITS.maxConditionDepth)))).toBe(true)
  })
  it('counts through named conditions and cap matches', () => {
    const p = withDepth(1)
    p.conditions = { inner: { all: [deep(5)] } }
    p.rules[4].conditions = { all: [{ condition: 'inner' }] }
    expect(E.isRight(compile(p, { limits: { maxConditionDepth: 8 } }))).toBe(true)
    expect(limitsNamed(compile(p, { limits: { maxConditionDepth: 6 } }))).toContainEqual(['compile/limit', 'maxConditionDepth', '6'])
    const c = miniValue()
    c.caps.street_inspections.match = { all: [deep(10)] }
    expect(limitsNamed(compile(c, { limits: { maxConditionDepth: 5 } }))).toContainEqual(['compile/limit', 'maxConditionDepth', '5'])
  })
  it('is configurable', () => {
    expect(E.isRight(compile(withDepth(100), { limits: { maxConditionDepth: 100 } }))).toBe(true)
    expect(limitsNamed(compile(withDepth(4), { limits: { maxConditionDepth: 3 } }))).toEqual([['compile/limit', 'maxConditionDepth', '3']])
  })
})

describe('maxRules', () => {
  it('past the limit: compile/limit naming maxRules, no policy', () => {
    const r = compile(withRules(6), { limits: { maxRules: 9 } })
    expect(limitsNamed(r)).toEqual([['compile/limit', 'maxRules', '9']])
  })
  it('at the limit: compiles', () => {
    expect(E.isRight(compile(withRules(5), { limits: { maxRules: 9 } }))).toBe(true)
  })
  it('counts the rules of every layer: the shipped Shandong chain', () => {
    const full = loadPolicy('rules/cn-shandong')
    if (E.isLeft(full)) throw new Error('cn-shandong must load')
    const n = full.right.rules.length
    expect(E.isRight(loadPolicy('rules/cn-shandong', { limits: { maxRules: n } }))).toBe(true)
    expect(limitsNamed(loadPolicy('rules/cn-shandong', { limits: { maxRules: n - 1 } }))).toEqual([['compile/limit', 'maxRules', String(n - 1)]])
  })
  it('the default allows 5,000 rules and refuses 5,001', () => {
    expect(E.isRight(compile(withRules(DEFAULT_LIMITS.maxRules - 4)))).toBe(true)
    expect(limitsNamed(compile(withRules(DEFAULT_LIMITS.maxRules - 3)))).toEqual([['compile/limit', 'maxRules', '5000']])
  })
})

import * as E from 'fp-ts/lib/Either.js'
import { readdirSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { generateCondition, generatedSource, generateRuleMask, generateRuleSet, MASK_RULES } from '../src/compile/codegen'
import type { ConditionJson } from '../src/decode/condition-codec'
import type { EvalCtx } from '../src/compile/condition'
import { compile, evaluate, loadPolicy, type CompiledPolicy, type PackSource } from '../src/node/index'
import { bundledChain } from '../src/packs/index'
import { generateRequests, vocabOf } from '../bench/requests'
import fc from 'fast-check'
import { compileCondition } from '../src/compile/condition'
import { conditionArb, factsArb, listsArb, namedArb, NAMED } from './_arbitraries'

// The generated fast path (src/compile/codegen.ts): pack values never become code, and a policy
// compiled with and without generated code decides every request the same. The semantics of
// generated conditions against json-rules-engine are checked pair by pair in
// test/differential.test.ts.

interface Ctx extends EvalCtx {
  req: Record<string, unknown>
}
const has = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k)
const fact = (name: string) => (ctx: Ctx) => (has(ctx.req, name) ? ctx.req[name] : undefined)
const env = { fact, named: new Map<string, ConditionJson>(), rawFacts: new Set(['item', 'kind']) }
const ctxOf = (req: Record<string, unknown>): Ctx => ({ nodes: new Uint8Array(8), env: { lists: new Map([['L', { id: 'L', members: new Set(['a']), incomplete: false }]]) }, req })

const HOSTILE = [
  '"); globalThis.pwned = 1; ("',
  "'); globalThis.pwned = 1; ('",
  '`${globalThis.pwned = 1}`',
  '*/ globalThis.pwned = 1 /*',
  '\u2028globalThis.pwned = 1',
  '__proto__',
  'a.b',
  'x] = 1; globalThis.pwned = 1; [y',
]

describe('generated conditions', () => {
  it('never write a pack value, path or list name into the code', () => {
    for (const h of HOSTILE) {
      const trees: ConditionJson[] = [
        { all: [{ fact: 'item', path: `$.${h}`, operator: 'equal', value: h }] },
        { any: [{ fact: 'item', path: `$['${h}']`, operator: 'notEqual', value: h }, { fact: 'kind', operator: 'inList', value: h }] },
        { all: [{ fact: 'item', path: `$["${h}"].x`, operator: 'in', value: [h] }, { not: { fact: 'kind', operator: 'contains', value: h } }] },
      ] as never
      for (const t of trees) {
        const src = generatedSource(t, env)
        expect(src, h).toBeDefined()
        expect(src).not.toContain(h)
        expect(src).not.toContain('pwned')
        const run = generateCondition<Ctx>(t, env)
        expect(run, h).toBeDefined()
        ;(run as (c: Ctx) => boolean)(ctxOf({ kind: h, item: { [h]: h } }))
        expect((globalThis as { pwned?: unknown }).pwned).toBeUndefined()
      }
    }
  })

  it('read a path segment that is a plain identifier directly, and only as an own property', () => {
    const t = { all: [{ fact: 'item', path: '$.toString', operator: 'equal', value: 'x' }] } as never
    expect(generatedSource(t, env)).toContain('.toString')
    const run = generateCondition<Ctx>(t, env) as (c: Ctx) => boolean
    expect(run(ctxOf({ item: {} }))).toBe(false) // inherited: not read
    expect(run(ctxOf({ item: { toString: 'x' } }))).toBe(true)
  })

  it('run several rules in one function, reading each fact once', () => {
    let reads = 0
    const counted = (name: string) => (ctx: Ctx) => {
      reads++
      return ctx.req[name]
    }
    const rules = [
      { all: [{ fact: 'n', operator: 'greaterThan', value: 1 }] },
      { all: [{ fact: 'n', operator: 'lessThan', value: 5 }, { fact: 'kind', operator: 'equal', value: 'task' }] },
      { any: [] },
    ] as ConditionJson[]
    const runAll = generateRuleSet<Ctx, string>(rules, { fact: counted, named: new Map(), rawFacts: new Set(['kind']) })
    expect(runAll).toBeDefined()
    const fired: string[] = []
    ;(runAll as NonNullable<typeof runAll>)(ctxOf({ n: 3, kind: 'task' }), fired, ['r1', 'r2', 'r3'])
    expect(fired).toEqual(['r1', 'r2', 'r3'])
    expect(reads).toBe(1)
  })
})

describe('rules run together in one generated function', () => {
  // several random rules over the same facts share leaves and paths, which the fused function
  // computes once: it must fire exactly the rules the closures fire, in order, or throw where
  // one of them throws
  it('fire what the closures fire, on 1,000 random rule sets × 20 fact objects', () => {
    let fused = 0
    let fired = 0
    let threw = 0
    const o = { maxDepth: 3 }
    fc.assert(
      fc.property(
        fc.array(conditionArb(o, NAMED), { minLength: 2, maxLength: 6 }),
        namedArb(o),
        listsArb(),
        fc.array(factsArb(), { minLength: 20, maxLength: 20 }),
        (trees, named, lists, factsList) => {
          const namedMap = new Map(Object.entries(named))
          const facts = (name: string) => (ctx: Ctx) => (has(ctx.req, name) ? ctx.req[name] : undefined)
          const env = { fact: facts, named: namedMap, next: 0 }
          const closures = trees.map((t) => compileCondition<Ctx>(t, env, 'fast').run)
          const opEnv = { lists: new Map(lists.map((l) => [l.id, { id: l.id, members: new Set(l.members), incomplete: l.incomplete }])) }
          const runAll = generateRuleSet<Ctx, number>(trees, { fact: facts, named: namedMap })
          // as compile builds a kind's function: the epoch's lists bound into it
          const bound = generateRuleSet<Ctx, number>(trees, { fact: facts, named: namedMap, lists: opEnv.lists })
          // and as a bit set, as compile builds it for a kind of at most 30 rules
          const mask = generateRuleMask<Ctx>(trees, { fact: facts, named: namedMap, lists: opEnv.lists })
          if (runAll === undefined || bound === undefined || mask === undefined) return
          fused++
          for (const req of factsList) {
            const ctx: Ctx = { nodes: new Uint8Array(env.next + 1), env: opEnv, req }
            let want: number[] | 'throws' = []
            try {
              closures.forEach((run, i) => {
                if (run(ctx)) (want as number[]).push(i)
              })
            } catch {
              want = 'throws'
            }
            const firedBy = (f: typeof runAll): number[] | 'throws' => {
              const out: number[] = []
              try {
                f(ctx, out, trees.map((_, i) => i))
                return out
              } catch {
                return 'throws'
              }
            }
            const got = firedBy(runAll)
            expect(got).toEqual(want)
            expect(firedBy(bound)).toEqual(want)
            let bits: number[] | 'throws'
            try {
              const m = mask(ctx)
              bits = trees.map((_, i) => i).filter((i) => (m & (2 ** i)) !== 0)
            } catch {
              bits = 'throws'
            }
            expect(bits).toEqual(want)
            if (got === 'throws') threw++
            else fired += got.length
          }
        },
      ),
      { seed: 20261123, numRuns: 1_000 },
    )
    expect(fused).toBe(1_000)
    expect(fired).toBeGreaterThan(1_000)
    expect(threw).toBeGreaterThan(100)
  })
})

const packs = existsSync('rules') ? readdirSync('rules').filter((d) => existsSync(join('rules', d, 'pack.yaml'))).sort() : []

describe('every shipped pack decides the same with and without generated code', () => {
  const strip = (d: unknown): unknown => JSON.parse(JSON.stringify(d))
  for (const id of packs)
    it(id, () => {
      const gen = loadPolicy(id)
      const closures = loadPolicy(id, { codegen: false })
      if (E.isLeft(gen) || E.isLeft(closures)) throw new Error(id)
      const vocab = vocabOf(gen.right.resolved.lists)
      const requests = [
        ...generateRequests(3_000, vocab, { seed: 7 }),
        ...generateRequests(500, vocab, { seed: 8, from: '2014-01-01', days: 4_000 }),
      ]
      let decided = 0
      for (const r of requests) {
        const a = evaluate(gen.right as CompiledPolicy, r)
        const b = evaluate(closures.right as CompiledPolicy, r)
        expect(strip(a)).toEqual(strip(b))
        if (E.isRight(a)) decided++
      }
      expect(decided).toBeGreaterThan(requests.length / 2)
    })
})

describe('a bit set for at most MASK_RULES rules', () => {
  it('sets bit i for rule i, up to the last bit, and gives way to pushes beyond', () => {
    const env = { fact: (name: string) => (ctx: Ctx) => (has(ctx.req, name) ? ctx.req[name] : undefined), named: new Map() }
    const rule = (i: number) => ({ all: [{ fact: 'n', operator: 'greaterThanInclusive', value: i }] })
    const trees = Array.from({ length: MASK_RULES }, (_, i) => rule(i))
    const mask = generateRuleMask<Ctx>(trees, env)
    expect(mask).toBeDefined()
    const ctx = (n: number): Ctx => ({ nodes: new Uint8Array(1), env: { lists: new Map() }, req: { n } })
    // n fires rules 0 .. n: the n + 1 lowest bits
    for (const n of [0, 1, 17, MASK_RULES - 1]) expect(mask?.(ctx(n))).toBe(2 ** (n + 1) - 1)
    expect(mask?.(ctx(-1))).toBe(0)
    expect(generateRuleMask<Ctx>([...trees, rule(MASK_RULES)], env)).toBeUndefined()
  })
})

describe('a kind of more than MASK_RULES rules runs as pushes, and decides as the closures do', () => {
  it('cn-shandong with 16 more task rules (copies under new ids)', () => {
    const chain = bundledChain('cn-shandong')
    if (E.isLeft(chain)) throw new Error('cn-shandong')
    const [floor, head] = chain.right as [PackSource, PackSource]
    const value = structuredClone(head.value) as { rules: { id: string; conditions: { all?: unknown[] } }[] }
    const tasks = value.rules.filter((r) => JSON.stringify(r.conditions).includes('"value":"task"'))
    for (let i = 0; i < 16; i++) {
      const r = structuredClone(tasks[i % tasks.length]) as { id: string }
      r.id = `${r.id}-copy-${i}`
      value.rules.push(r as (typeof value.rules)[number])
    }
    const sources = [floor, { ...head, value }]
    const gen = compile(sources, { target: 'cn-shandong' })
    const closures = compile(sources, { target: 'cn-shandong', codegen: false })
    if (E.isLeft(gen) || E.isLeft(closures)) throw new Error(JSON.stringify(E.isLeft(gen) ? gen.left : []))
    const epoch = gen.right.epochs[gen.right.epochs.length - 1]
    const runner = epoch?.runnerFor('task')
    expect(runner?.refs.length).toBeGreaterThan(MASK_RULES)
    expect(runner?.mask).toBeUndefined()
    expect(runner?.fused).toBeDefined()
    const strip = (d: unknown): unknown => JSON.parse(JSON.stringify(d))
    for (const r of generateRequests(2_000, vocabOf(gen.right.resolved.lists), { seed: 9 })) expect(strip(evaluate(gen.right, r))).toEqual(strip(evaluate(closures.right, r)))
  })
})

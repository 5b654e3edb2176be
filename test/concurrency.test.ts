import * as E from 'fp-ts/lib/Either.js'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { compile, evaluate, evaluateAsync, explain, parseText, type CompiledPolicy, type Decision, type Issue } from '../src/node/index'
import { findCaseFiles, loadPolicy, packChainSources, readDataFile } from '../src/node/load'
import { decodeCaseFile } from '../src/testing/cases'

// Concurrency: many evaluations in flight on one compiled policy give exactly the answers they
// give one at a time; compiling packs concurrently shares no state.

const miniText = readFileSync('test/fixtures/mini/pack.yaml', 'utf8')
const load = (id: string): CompiledPolicy => {
  const p = loadPolicy(`rules/${id}`)
  if (E.isLeft(p)) throw new Error(JSON.stringify(p.left))
  return p.right
}
const casesOf = (id: string): unknown[] =>
  findCaseFiles([`rules/${id}`]).flatMap((f) => {
    const v = readDataFile(f)
    if (E.isLeft(v)) return []
    const c = decodeCaseFile(v.right)
    return E.isLeft(c) ? [] : c.right.cases.map((x) => x.request)
  })
/** What must be equal: the whole decision as JSON, or the issues. */
const key = (r: E.Either<Issue[], Decision>): string => JSON.stringify(r)

/** Small requests for the mini pack: inspections (the cap), certificates (the list), garbage. */
const miniRequests = (n: number): unknown[] =>
  Array.from({ length: n }, (_, i) => {
    const day = String(1 + (i % 28)).padStart(2, '0')
    const street = { level: i % 3 === 0 ? 'district' : 'street' }
    const history = Array.from({ length: i % 5 }, (_, k) => ({ kind: 'inspection', date: `2026-03-0${1 + k}`, requester: { level: 'street' } }))
    switch (i % 4) {
      case 0:
        return { kind: 'inspection', date: `2026-03-${day}`, requester: street, history }
      case 1:
        return { kind: 'certificate', date: `2026-03-${day}`, requester: street, certificate: { kind: ['居住', '政审', 'x', 'residence'][i % 4 === 1 ? (i >> 2) % 4 : 0] } }
      case 2:
        return { kind: 'inspection', date: `2026-03-${day}T${String(i % 24).padStart(2, '0')}:30:00Z`, requester: street, history }
      default:
        return i % 8 === 3 ? { kind: 'task', date: '2026-02-30', requester: street } : { kind: 'task', date: `2026-03-${day}`, requester: street }
    }
  })

describe('many evaluations in flight on one compiled policy', () => {
  it('10,000 concurrent evaluateAsync calls, interleaved with sync evaluate, equal the sequential results', async () => {
    const p = compile({ text: miniText, file: 'mini.yaml' })
    if (E.isLeft(p)) throw new Error('mini must compile')
    const policy = p.right
    const reqs = miniRequests(10_000)
    const sequential: string[] = []
    for (const r of reqs) sequential.push(key(await evaluateAsync(policy, r)))
    // the sync path decides the same (the differential suite checks it node by node)
    expect(reqs.map((r) => key(evaluate(policy, r)))).toEqual(sequential)
    const interleaved: string[] = new Array(reqs.length)
    const inFlight = reqs.map((r, i) => {
      // a sync evaluation of another request between each async start: it shares the policy's
      // scratch buffer, which the async runs must never see
      interleaved[(i * 7919) % reqs.length] = key(evaluate(policy, reqs[(i * 7919) % reqs.length]))
      return evaluateAsync(policy, r)
    })
    const concurrent = (await Promise.all(inFlight)).map(key)
    expect(concurrent).toEqual(sequential)
    expect(interleaved).toEqual(sequential)
    expect(new Set(sequential).size).toBeGreaterThan(10) // the requests really differ
  })

  it('500 concurrent evaluateAsync calls on the Shandong pack (its cases, repeated) equal the sequential results', async () => {
    const policy = load('cn-shandong')
    const cases = casesOf('cn-shandong')
    expect(cases.length).toBeGreaterThan(20)
    const reqs = Array.from({ length: 500 }, (_, i) => cases[(i * 31) % cases.length])
    const sequential: string[] = []
    for (const r of reqs) sequential.push(key(await evaluateAsync(policy, r)))
    const concurrent = (await Promise.all(reqs.map((r) => evaluateAsync(policy, r)))).map(key)
    expect(concurrent).toEqual(sequential)
  })

  it('explanations of decisions made concurrently are those of decisions made alone', async () => {
    const policy = load('cn-shandong')
    const reqs = casesOf('cn-shandong')
    const text = (r: E.Either<Issue[], Decision>): string => {
      if (E.isLeft(r)) return JSON.stringify(r.left)
      const e = explain(r.right, { locale: 'en', verbose: true })
      return E.isRight(e) ? e.right.text : 'no explanation'
    }
    const alone: string[] = []
    for (const r of reqs) alone.push(text(evaluate(policy, r)))
    const together = await Promise.all(reqs.map(async (r, i) => (i % 2 === 0 ? text(await evaluateAsync(policy, r)) : text(evaluate(policy, r)))))
    expect(together).toEqual(alone)
  })

  it('a slow portal fact in one run does not cut short the runs beside it (json-rules-engine keeps a run status per engine)', async () => {
    const v = (parseText(miniText) as E.Right<{ value: Record<string, any> }>).right.value
    v.rules.push({ id: 'slow-check', outcome: 'forbidden', priority: 90, conditions: { all: [{ fact: 'delay', operator: 'greaterThan', value: 1000 }] }, citation: { source: 'src.txt', article: 'x', quote: 'y' }, message: { 'zh-CN': '慢', en: 'slow' } })
    const p = compile(v, { externalFacts: ['delay'] })
    if (E.isLeft(p)) throw new Error(JSON.stringify(p.left))
    const req = { kind: 'inspection', date: '2026-03-20', requester: { level: 'street' }, history: Array.from({ length: 3 }, () => ({ kind: 'inspection', date: '2026-03-02', requester: { level: 'street' } })) }
    const after = (ms: number, x: number) => () => new Promise((resolve) => setTimeout(() => resolve(x), ms))
    const id = (r: E.Either<Issue[], Decision>): string => (E.isLeft(r) ? r.left.map((i) => i.code).join() : `${r.right.decidedBy.id} ${r.right.fired.map((f) => f.id).join(',')}`)
    const alone = id(await evaluateAsync(p.right, req, { facts: { delay: after(30, 0) } }))
    expect(alone).toBe('insp-cap insp-cap,default')
    const runs = await Promise.all([30, 0, 10, 0, 20].map((ms, i) => evaluateAsync(p.right, req, { facts: { delay: after(ms, i === 2 ? 5000 : 0) } })))
    expect(runs.map(id)).toEqual([alone, alone, 'slow-check slow-check,insp-cap,default', alone, alone])
  })
})

describe('compiling concurrently shares no state', () => {
  const requests = [...casesOf('cn-shandong'), ...casesOf('cn-beijing')]
  const decisions = (p: CompiledPolicy): string[] => requests.map((r) => key(evaluate(p, r)))
  const shape = (p: CompiledPolicy): string =>
    JSON.stringify({ id: p.id, chain: p.chain, rules: p.rules.map((r) => [r.ref.id, r.ref.pack, r.order]), epochs: p.epochs.map((e) => [e.start, e.end, e.rules.map((r) => r.ref.id)]), limits: p.limits, nodes: p.nodeCount })
  const sources = (id: string) => {
    const c = packChainSources(`rules/${id}`)
    if (E.isLeft(c)) throw new Error(JSON.stringify(c.left))
    return c.right
  }

  it('two packs compiled concurrently (Promise.all of async wrappers) equal each compiled alone', async () => {
    const shd = sources('cn-shandong')
    const bj = sources('cn-beijing')
    const aloneShd = compile(shd.sources, { target: shd.target })
    const aloneBj = compile(bj.sources, { target: bj.target, limits: { maxHistory: 5 } })
    if (E.isLeft(aloneShd) || E.isLeft(aloneBj)) throw new Error('packs must compile')
    const tick = () => new Promise((r) => setTimeout(r, 0))
    const [a, b, c] = await Promise.all([
      (async () => {
        await tick()
        return compile(shd.sources, { target: shd.target })
      })(),
      (async () => {
        await tick()
        return compile(bj.sources, { target: bj.target, limits: { maxHistory: 5 } })
      })(),
      (async () => {
        await tick()
        return compile(bj.sources, { target: bj.target })
      })(),
    ])
    if (E.isLeft(a) || E.isLeft(b) || E.isLeft(c)) throw new Error('packs must compile')
    expect(shape(a.right)).toBe(shape(aloneShd.right))
    expect(shape(b.right)).toBe(shape(aloneBj.right))
    expect(b.right.limits.maxHistory).toBe(5)
    expect(c.right.limits.maxHistory).toBe(100_000)
    expect(decisions(a.right)).toEqual(decisions(aloneShd.right))
    expect(decisions(b.right)).toEqual(decisions(aloneBj.right))
    // and evaluating one does not change the other's answers
    const shdFirst = decisions(a.right)
    await Promise.all(requests.map((r) => evaluateAsync(b.right, r)))
    expect(decisions(a.right)).toEqual(shdFirst)
  })

  it('two compiled copies of one pack are independent objects with equal answers', () => {
    const one = load('cn-national')
    const two = load('cn-national')
    expect(one).not.toBe(two)
    expect(one.epochs[0]).not.toBe(two.epochs[0])
    expect(decisions(one)).toEqual(decisions(two))
  })
})

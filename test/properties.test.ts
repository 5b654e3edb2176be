import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  compile,
  decodeCaseFile,
  decodePack,
  decodeRequest,
  evaluate,
  evaluateAsync,
  explain,
  formatIssue,
  formatIssues,
  ISSUE_CODES,
  issueHelp,
  issueMessage,
  issuePlace,
  parseText,
  pathResolver,
  runCase,
  runCases,
  toLocalDate,
  windowBounds,
  type CompiledPolicy,
  type Decision,
  type Issue,
} from '../src/node/index'
import { anyInputArb, deepFreeze, jsonArb, listVocabulary, loadShipped, localDateArb, nearRequestArb, SHIPPED_PACKS, validRequestArb } from './hostile-inputs'

// Properties of every public function of the package root, with fixed seeds.
// - arbitrary input → issues (or plain values) out, never an exception;
// - any VALID request (derived from the request codec) → exactly one of the four outcomes, for
//   every shipped pack;
// - the same input twice → byte-identical decision and explanation;
// - deep-frozen inputs are never mutated, and decide as the unfrozen ones do.

const OUTCOMES = ['required', 'permitted', 'refusable', 'forbidden']
const CODES = new Set<string>(ISSUE_CODES)
const ZONES = ['Asia/Shanghai', 'UTC', 'America/New_York', 'Pacific/Apia', 'Asia/Kathmandu', 'Nowhere/Atlantis', '', 'asia/shanghai']

const policies = loadShipped()
const vocab = listVocabulary(policies.values())
const shandong = (): CompiledPolicy => policies.get('cn-shandong') as CompiledPolicy
const miniText = readFileSync('test/fixtures/mini/pack.yaml', 'utf8')

/** A well-formed issue list: non-empty, each with a known code and a JSON pointer path. */
const isIssues = (xs: unknown): boolean =>
  Array.isArray(xs) &&
  xs.length > 0 &&
  xs.every((i: Issue) => CODES.has(i.code) && typeof i.path === 'string' && (i.path === '' || i.path.startsWith('/')))

/** An Either whose Left is a well-formed issue list. */
const wellFormed = (r: E.Either<unknown, unknown>): boolean => (E.isLeft(r) ? isIssues(r.left) : true)

describe('arbitrary input never throws: issues out', () => {
  it('compile: values, text, lists of both', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          anyInputArb,
          fc.string(),
          fc.array(fc.oneof(anyInputArb, fc.string(), fc.record({ text: fc.string() }), fc.record({ value: jsonArb })), { minLength: 1, maxLength: 3 }),
        ),
        (u) => {
          // compile([]) is held to its own test in test/hostile.test.ts
          const r = compile(u as never)
          expect(E.isLeft(r)).toBe(true)
          expect(wellFormed(r)).toBe(true)
        },
      ),
      { numRuns: 400, seed: 601 },
    )
  })

  it('compile: garbage spliced into a real pack (YAML text)', () => {
    const lines = miniText.split('\n')
    fc.assert(
      fc.property(fc.integer({ min: 0, max: lines.length }), fc.string({ maxLength: 30 }), (at, junk) => {
        const text = [...lines.slice(0, at), junk, ...lines.slice(at)].join('\n')
        const r = compile({ text, file: 'junk.yaml' })
        expect(wellFormed(r)).toBe(true)
      }),
      { numRuns: 150, seed: 602 },
    )
  })

  it('decodePack, parseText', () => {
    fc.assert(
      fc.property(anyInputArb, fc.string({ maxLength: 200 }), (u, s) => {
        const d = decodePack(u)
        if (E.isLeft(d)) expect(isIssues(d.left.issues)).toBe(true)
        const p = parseText(s)
        expect(wellFormed(p)).toBe(true)
        const j = parseText(s, { file: 'x.json' })
        expect(wellFormed(j)).toBe(true)
      }),
      { numRuns: 500, seed: 603 },
    )
  })

  it('decodeRequest in any zone', () => {
    fc.assert(
      fc.property(fc.oneof(anyInputArb, nearRequestArb(vocab)), fc.constantFrom(...ZONES), (u, zone) => {
        expect(wellFormed(decodeRequest(u, zone))).toBe(true)
      }),
      { numRuns: 500, seed: 604 },
    )
  })

  it('evaluate and explain, on every shipped pack', () => {
    fc.assert(
      fc.property(fc.oneof(anyInputArb, nearRequestArb(vocab)), fc.constantFrom(...SHIPPED_PACKS), (u, id) => {
        const r = evaluate(policies.get(id) as CompiledPolicy, u)
        expect(wellFormed(r)).toBe(true)
        if (E.isRight(r)) expect(E.isRight(explain(r.right))).toBe(true)
        expect(E.isLeft(explain(u as Decision))).toBe(true)
      }),
      { numRuns: 600, seed: 605 },
    )
  })

  it('evaluate on things that are not a compiled policy', () => {
    fc.assert(
      fc.property(anyInputArb, (p) => {
        const r = evaluate(p as CompiledPolicy, { kind: 'task', date: '2026-03-01', requester: { level: 'street' } })
        expect(E.isLeft(r) && isIssues(r.left)).toBe(true)
      }),
      { numRuns: 200, seed: 606 },
    )
  })

  it('evaluateAsync resolves (never rejects) with issues or a decision', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(anyInputArb, nearRequestArb(vocab)), async (u) => {
        const r = await evaluateAsync(shandong(), u)
        expect(wellFormed(r)).toBe(true)
      }),
      { numRuns: 200, seed: 607 },
    )
  })

  it('toLocalDate: a real YYYY-MM-DD or undefined', () => {
    fc.assert(
      fc.property(fc.oneof(anyInputArb, fc.string({ maxLength: 30 }), localDateArb), fc.constantFrom(...ZONES), (u, zone) => {
        const d = toLocalDate(u, zone)
        if (d !== undefined) expect(d).toMatch(/^\d{4}-\d{2}-\d{2}$/)
      }),
      { numRuns: 1000, seed: 608 },
    )
  })

  it('windowBounds: the window holds its date, in any zone', () => {
    fc.assert(
      fc.property(
        localDateArb,
        fc.oneof(fc.constantFrom('day', 'isoWeek', 'month', 'year'), fc.record({ rollingDays: fc.integer({ min: 1, max: 3660 }) })),
        fc.constantFrom('Asia/Shanghai', 'UTC', 'America/New_York', 'Pacific/Apia', 'Pacific/Kiritimati'),
        (d, w, zone) => {
          const b = windowBounds(d, w as never, zone)
          expect(b.start <= d && d <= b.end).toBe(true)
        },
      ),
      { numRuns: 500, seed: 609 },
    )
  })

  it('pathResolver: a value or undefined, for any value and any path', () => {
    fc.assert(
      fc.property(anyInputArb, fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('$', '$.a', '$..a', "$['__proto__']", '$.constructor', '$[0]')), (u, path) => {
        pathResolver(u, path)
      }),
      { numRuns: 1000, seed: 610 },
    )
  })

  it('decodeCaseFile, runCase, runCases', () => {
    fc.assert(
      fc.property(anyInputArb, fc.oneof(anyInputArb, nearRequestArb(vocab), validRequestArb(vocab)), (u, req) => {
        const cf = decodeCaseFile(u)
        if (E.isLeft(cf)) expect(isIssues(cf.left)).toBe(true)
        const r = runCase(shandong(), { name: 'x', request: req, expect: { outcome: 'required' } })
        expect(typeof r.pass).toBe('boolean')
        expect(runCases(shandong(), [{ name: 'y', request: u, expect: {} }])).toHaveLength(1)
      }),
      { numRuns: 300, seed: 611 },
    )
  })

  it('formatIssue(s), issueMessage, issueHelp, issuePlace: text for every issue', () => {
    const issueArb = fc.record(
      {
        code: fc.constantFrom(...ISSUE_CODES),
        path: fc.string({ maxLength: 20 }),
        file: fc.string({ maxLength: 10 }),
        line: fc.integer({ min: 1, max: 9999 }),
        column: fc.integer({ min: 1, max: 999 }),
        expected: fc.string({ maxLength: 20 }),
        received: fc.string({ maxLength: 20 }),
        params: fc.dictionary(fc.constantFrom('limit', 'operator', 'first', '__proto__', 'constructor'), fc.oneof(fc.string(), fc.integer())),
      },
      { requiredKeys: ['code', 'path'] },
    )
    fc.assert(
      fc.property(fc.array(issueArb, { maxLength: 4 }), fc.constantFrom('zh-CN', 'en'), (issues, locale) => {
        expect(typeof formatIssues(issues as Issue[], locale as 'en')).toBe('string')
        for (const i of issues as Issue[]) {
          expect(typeof formatIssue(i, locale as 'en')).toBe('string')
          expect(typeof issueMessage(i, locale as 'en')).toBe('string')
          expect(['string', 'undefined']).toContain(typeof issueHelp(i, locale as 'en'))
          expect(typeof issuePlace(i)).toBe('string')
        }
      }),
      { numRuns: 500, seed: 612 },
    )
  })
})

describe('valid requests: exactly one of the four outcomes, deterministic, inputs untouched', () => {
  it.each(SHIPPED_PACKS)('%s decides every valid request', (id) => {
    const policy = policies.get(id) as CompiledPolicy
    fc.assert(
      fc.property(validRequestArb(vocab), (req) => {
        const r = evaluate(policy, req)
        expect(E.isRight(r) ? 'decision' : JSON.stringify(r.left)).toBe('decision')
        const d = (r as E.Right<Decision>).right
        expect(OUTCOMES.filter((o) => o === d.outcome)).toHaveLength(1)
        expect(d.decidedBy).toBe(d.fired[0])
        expect(d.outcome).toBe(d.decidedBy.outcome)
        expect(d.date).toMatch(/^\d{4}-\d{2}-\d{2}$/)
      }),
      { numRuns: 250, seed: 620 + SHIPPED_PACKS.indexOf(id) },
    )
  })

  it('the same request twice: byte-identical decisions and explanations (both locales)', () => {
    fc.assert(
      fc.property(validRequestArb(vocab), fc.constantFrom(...SHIPPED_PACKS), (req, id) => {
        const policy = policies.get(id) as CompiledPolicy
        const a = evaluate(policy, req)
        const b = evaluate(policy, structuredClone(req))
        expect(JSON.stringify(b)).toBe(JSON.stringify(a))
        if (E.isLeft(a) || E.isLeft(b)) return
        for (const locale of ['zh-CN', 'en'] as const) {
          const ea = explain(a.right, { locale, verbose: true })
          const eb = explain(b.right, { locale, verbose: true })
          expect(E.isRight(ea) && E.isRight(eb)).toBe(true)
          if (E.isRight(ea) && E.isRight(eb)) {
            expect(eb.right.text).toBe(ea.right.text)
            expect(JSON.stringify(eb.right)).toBe(JSON.stringify(ea.right))
          }
        }
        // explaining twice gives the same text too (explain replays; it must not depend on state)
        const again = explain(a.right, { locale: 'en' })
        const once = explain(a.right, { locale: 'en' })
        expect(E.isRight(again) && E.isRight(once) && again.right.text === once.right.text).toBe(true)
      }),
      { numRuns: 150, seed: 630 },
    )
  })

  it('a decision explained after other evaluations still explains itself', () => {
    fc.assert(
      fc.property(validRequestArb(vocab), fc.array(validRequestArb(vocab), { minLength: 1, maxLength: 4 }), (req, others) => {
        const first = evaluate(shandong(), req)
        if (E.isLeft(first)) return
        const before = explain(first.right, { locale: 'en', verbose: true })
        for (const o of others) evaluate(shandong(), o)
        const after = explain(first.right, { locale: 'en', verbose: true })
        expect(E.isRight(before) && E.isRight(after) && after.right.text === before.right.text).toBe(true)
      }),
      { numRuns: 100, seed: 631 },
    )
  })

  it('deep-frozen requests are not mutated and decide as unfrozen ones', () => {
    fc.assert(
      fc.property(fc.oneof(validRequestArb(vocab), nearRequestArb(vocab)), fc.constantFrom(...SHIPPED_PACKS), (req, id) => {
        const policy = policies.get(id) as CompiledPolicy
        const plain = evaluate(policy, structuredClone(req))
        const frozen = deepFreeze(structuredClone(req))
        const text = JSON.stringify(frozen)
        const r = evaluate(policy, frozen)
        expect(JSON.stringify(frozen)).toBe(text)
        expect(JSON.stringify(r)).toBe(JSON.stringify(plain))
        if (E.isRight(r)) explain(r.right)
        expect(JSON.stringify(frozen)).toBe(text)
      }),
      { numRuns: 200, seed: 640 },
    )
  })

  it('deep-frozen requests through evaluateAsync: not mutated, same outcome as evaluate', async () => {
    await fc.assert(
      fc.asyncProperty(validRequestArb(vocab), async (req) => {
        const frozen = deepFreeze(structuredClone(req))
        const text = JSON.stringify(frozen)
        const slow = await evaluateAsync(shandong(), frozen)
        const fast = evaluate(shandong(), req)
        expect(JSON.stringify(frozen)).toBe(text)
        expect(E.isRight(slow) ? slow.right.outcome : slow.left).toEqual(E.isRight(fast) ? fast.right.outcome : fast.left)
      }),
      { numRuns: 100, seed: 641 },
    )
  })

  it('a deep-frozen pack value compiles, is not mutated, and decides as the unfrozen pack', () => {
    const value = (parseText(miniText) as E.Right<{ value: unknown }>).right.value
    const frozen = deepFreeze(structuredClone(value))
    const text = JSON.stringify(frozen)
    const a = compile(structuredClone(value) as Record<string, unknown>)
    const b = compile(frozen as Record<string, unknown>)
    expect(JSON.stringify(frozen)).toBe(text)
    expect(E.isRight(a) && E.isRight(b)).toBe(true)
    if (E.isLeft(a) || E.isLeft(b)) return
    fc.assert(
      fc.property(validRequestArb(['residence', '居住', '政审', 'x']), (req) => {
        expect(JSON.stringify(evaluate(b.right, req))).toBe(JSON.stringify(evaluate(a.right, req)))
      }),
      { numRuns: 200, seed: 642 },
    )
    expect(JSON.stringify(frozen)).toBe(text)
  })
})

import { transformSync } from 'esbuild'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { GENERATED_FILE, generateRequestValidator, generateValidator } from '../scripts/gen-request-validator'
import { decodeRequest } from '../src/decode/decode-request'
import { compileValidator } from '../src/decode/fast-validator'
import { unknownFields } from '../src/decode/report'
import { Request } from '../src/decode/request-codec'
import { isRequest } from '../src/decode/request-validator.generated'
import { anyInputArb, jsonArb, nearRequestArb, PROTO_KEYS, validRequestArb } from './hostile-inputs'

// The generated check of a request (src/decode/request-validator.generated.ts) must accept exactly
// what the closure check compiled from the same codec (src/decode/fast-validator.ts) accepts, and,
// on JSON values, exactly what io-ts accepts with no unknown field: decodeRequest trusts a request
// it accepts without decoding it.

const VOCAB = ['政审', '居住证明', '垃圾分类督导', 'street', 'task', 'kind', '__proto__', 'x']
const MAX = 10_000

// ---------------------------------------------------------------------------------------------
// Hostile changes anywhere inside a valid request
// ---------------------------------------------------------------------------------------------

/** A deep copy that keeps undefined fields, prototypes aside (plain objects and arrays). */
const clone = (u: unknown): unknown => {
  if (Array.isArray(u)) return u.map(clone)
  if (u !== null && typeof u === 'object') {
    const out: Record<string, unknown> = {}
    for (const k of Object.keys(u)) Object.defineProperty(out, k, { value: clone((u as Record<string, unknown>)[k]), enumerable: true, writable: true, configurable: true })
    return out
  }
  return u
}

/** Every object and array inside a value, the value included. */
const containers = (u: unknown, out: object[] = []): object[] => {
  if (u !== null && typeof u === 'object') {
    out.push(u)
    for (const v of Object.values(u)) containers(v, out)
  }
  return out
}

const own = (o: object, k: string, v: unknown): void => {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true })
}

const KINDS = ['set', 'add', 'delete', 'undefined', 'long', 'array', 'empty', 'inherit', 'nullProto', 'hidden', 'freeze'] as const
type Kind = (typeof KINDS)[number]

/**
 * Change one container of `value` (by `at`) in one way: set a field to anything, add a stranger
 * or a prototype-named key, drop a field, set it to undefined, lengthen a string past the bound,
 * turn an object into an array (of its values, or empty) and an array into an object, move
 * fields onto the prototype, drop the prototype, hide a field (non-enumerable), freeze.
 */
const change = (value: unknown, at: number, which: number, kind: Kind, payload: unknown, key: string, max: number): unknown => {
  const root = clone(value)
  const all = containers(root)
  const o = all[at % all.length] as Record<string, unknown>
  const keys = Object.keys(o)
  const k = keys.length > 0 ? (keys[which % keys.length] as string) : key
  const swap = (to: unknown): unknown => {
    if (o === root) return to
    for (const c of all) for (const ck of Object.keys(c)) if ((c as Record<string, unknown>)[ck] === o) (c as Record<string, unknown>)[ck] = to
    return root
  }
  switch (kind) {
    case 'set':
      own(o, k, payload)
      return root
    case 'add':
      own(o, key, payload)
      return root
    case 'delete':
      delete o[k]
      return root
    case 'undefined':
      own(o, k, undefined)
      return root
    case 'long': {
      const s = keys.find((x) => typeof o[x] === 'string')
      if (s !== undefined) own(o, s, (o[s] as string) + 'x'.repeat(Math.max(0, max + 1 - (o[s] as string).length)))
      return root
    }
    case 'array':
      return swap(Array.isArray(o) ? Object.assign({}, o) : Object.values(o))
    case 'empty':
      return swap(Array.isArray(o) ? {} : [])
    case 'inherit': {
      // the first half of the fields move to an enumerable prototype; `key` is planted there too
      const proto: Record<string, unknown> = {}
      const mine: Record<string, unknown> = Object.create(proto) as Record<string, unknown>
      keys.forEach((x, i) => own(i < keys.length / 2 ? proto : mine, x, o[x]))
      own(proto, key, payload)
      return swap(mine)
    }
    case 'nullProto': {
      const n = Object.create(null) as Record<string, unknown>
      for (const x of keys) own(n, x, o[x])
      return swap(n)
    }
    case 'hidden':
      Object.defineProperty(o, k, { value: o[k], enumerable: false, writable: true, configurable: true })
      return root
    case 'freeze':
      Object.freeze(o)
      return root
  }
}

const changedArb = (max: number): fc.Arbitrary<unknown> =>
  fc
    .tuple(
      validRequestArb(VOCAB),
      fc.nat(),
      fc.nat(),
      fc.constantFrom(...KINDS),
      fc.oneof(anyInputArb, jsonArb, fc.constantFrom('task', 'street', true, 0, '', [], {}, { level: 'street' }, { id: 'c' }, undefined, null)),
      fc.constantFrom(...PROTO_KEYS, 'extra', 'kind', 'date', 'level', 'id', 'name', 'tags', 'history'),
    )
    .map(([v, at, which, kind, payload, key]) => change(v, at, which, kind, payload, key, max))

// ---------------------------------------------------------------------------------------------
// The generated check against the closure check
// ---------------------------------------------------------------------------------------------

/** Whether a value has an own non-enumerable property anywhere (the closure check's blind spot). */
const hasHidden = (u: unknown, depth = 0): boolean => {
  if (u === null || typeof u !== 'object' || depth > 20) return false
  for (const k of Object.getOwnPropertyNames(u)) {
    const d = Object.getOwnPropertyDescriptor(u, k)
    if (d !== undefined && !d.enumerable && !(Array.isArray(u) && k === 'length')) return true
    if (d !== undefined && 'value' in d && hasHidden(d.value, depth + 1)) return true
  }
  return false
}

const agreeWithClosures = (u: unknown, max: number): void => {
  const closure = compileValidator(Request, max)
  const generated = isRequest(u, max)
  if (hasHidden(u)) {
    // a hidden field is never accepted on trust: the full decoder decides
    if (generated) expect(closure(u, 0)).toBe(true)
  } else expect(generated).toBe(closure(u, 0))
}

describe('the generated request validator', () => {
  it('is what the generator writes from the codec now (run npm run gen:validator if not)', () => {
    expect(readFileSync(GENERATED_FILE, 'utf8')).toBe(generateRequestValidator())
  })

  it('accepts a minimal request and rejects the obvious mistakes', () => {
    const ok = { kind: 'task', date: '2026-03-01', requester: { level: 'street' } }
    expect(isRequest(ok, MAX)).toBe(true)
    expect(isRequest({ ...ok, item: undefined }, MAX)).toBe(true)
    expect(isRequest({ ...ok, kind: 'tasks' }, MAX)).toBe(false)
    expect(isRequest({ ...ok, extras: 1 }, MAX)).toBe(false) // an unknown field (`extra` is the packs' declared fields, checked by evaluate)
    expect(isRequest({ ...ok, date: undefined }, MAX)).toBe(false)
    expect(isRequest({ kind: 'task', date: '2026-03-01' }, MAX)).toBe(false)
    expect(isRequest({ ...ok, requester: { level: 'street', extra: 1 } }, MAX)).toBe(false)
    expect(isRequest({ ...ok, history: [{ kind: 'task', date: '2026-03-01' }, null] }, MAX)).toBe(false)
    expect(isRequest({ ...ok, history: { 0: { kind: 'task', date: '2026-03-01' }, length: 1 } }, MAX)).toBe(false)
    expect(isRequest({ ...ok, item: [] }, MAX)).toBe(false)
    expect(isRequest({ ...ok, item: { tags: ['a', 'x'.repeat(10)] } }, 10)).toBe(true)
    expect(isRequest({ ...ok, item: { tags: ['a', 'x'.repeat(11)] } }, 10)).toBe(false)
    expect(isRequest(ok, 9)).toBe(false)
    expect(isRequest(JSON.parse('{"kind":"task","date":"2026-03-01","requester":{"level":"street"},"__proto__":{"kind":"task"}}'), MAX)).toBe(false)
    for (const k of PROTO_KEYS) expect(isRequest(JSON.parse(`{"kind":"task","date":"2026-03-01","requester":{"level":"street","${k}":"x"}}`), MAX), k).toBe(false)
    // fields on the prototype are not the request's
    expect(isRequest(Object.assign(Object.create({ kind: 'task' }) as object, { date: '2026-03-01', requester: { level: 'street' } }), MAX)).toBe(false)
    expect(isRequest(Object.assign(Object.create({ extras: 1 }) as object, ok), MAX)).toBe(true)
    for (const u of [null, undefined, 0, '', 'task', [], [ok], new Date(0), () => ok]) expect(isRequest(u, MAX)).toBe(false)
  })

  it('reads absent fields by name only where Object.prototype (or the object\'s own prototype) could supply them', () => {
    const ok = { kind: 'task', date: '2026-03-01', requester: { level: 'street' }, item: { name: '某项调查' } }
    const proto = Object.prototype as Record<string, unknown>
    // without a prototype: nothing inherited, nothing read
    const bare = Object.assign(Object.create(null) as object, { ...ok, requester: Object.assign(Object.create(null) as object, ok.requester) })
    expect(isRequest(bare, MAX)).toBe(true)
    // other code in the process puts a field on Object.prototype (not enumerable: for…in does not see it)
    for (const enumerable of [false, true])
      try {
        Object.defineProperty(proto, 'department', { value: '某局', enumerable, configurable: true, writable: true })
        expect(isRequest(ok, MAX), `enumerable ${enumerable}`).toBe(false)
        agreeWithClosures(ok, MAX)
        // a request that has the field itself is still its own
        if (!enumerable) expect(isRequest({ ...ok, requester: { level: 'street', department: '区民政局' } }, MAX)).toBe(true)
        expect(isRequest(bare, MAX)).toBe(true)
      } finally {
        delete proto.department
      }
    expect(isRequest(ok, MAX)).toBe(true)
    // an own key that is not enumerable and not a field: the object is counted by name, and accepted
    const hiddenId = { ...ok, item: { name: '某项调查' } }
    Object.defineProperty(hiddenId.item, '_rowid', { value: 7, enumerable: false })
    expect(isRequest(hiddenId, MAX)).toBe(true)
    agreeWithClosures(hiddenId, MAX)
    // a hidden field is not
    Object.defineProperty(hiddenId.item, 'assist', { value: true, enumerable: false })
    expect(isRequest(hiddenId, MAX)).toBe(false)
  })

  it('agrees with the closure check on valid, near-valid and arbitrary values (seeded)', () => {
    fc.assert(
      fc.property(fc.oneof(validRequestArb(VOCAB), nearRequestArb(VOCAB), anyInputArb, jsonArb), fc.integer({ min: 0, max: 14 }), (u, max) => {
        agreeWithClosures(u, max)
        agreeWithClosures(u, MAX)
      }),
      { numRuns: 3000, seed: 5001 },
    )
  })

  it('agrees with the closure check on hostile changes deep inside valid requests (seeded)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 14 }).chain((max) => changedArb(max).map((u) => [u, max] as const)), ([u, max]) => {
        agreeWithClosures(u, max)
        agreeWithClosures(u, MAX)
      }),
      { numRuns: 4000, seed: 5002 },
    )
  })

  it('on JSON values, accepts exactly what io-ts accepts with no unknown field and no string too long (seeded)', () => {
    const longest = (u: unknown): number =>
      typeof u === 'string' ? u.length : u !== null && typeof u === 'object' ? Math.max(0, ...Object.values(u).map(longest)) : 0
    const json = fc.oneof(validRequestArb(VOCAB), nearRequestArb(VOCAB), changedArb(MAX), jsonArb).map((u) => {
      const s = JSON.stringify(u)
      return s === undefined ? null : (JSON.parse(s) as unknown)
    })
    let accepted = 0
    fc.assert(
      fc.property(json, (u) => {
        const ioTs = Request.is(u) && unknownFields(Request, u, '').length === 0 && longest(u) <= MAX
        expect(isRequest(u, MAX)).toBe(ioTs)
        if (ioTs) accepted++
      }),
      { numRuns: 4000, seed: 5003 },
    )
    // the property is not vacuous: a good share of the values are requests
    expect(accepted).toBeGreaterThan(500)
  })

  it('a hidden (non-enumerable) field goes to the full decoder, which reads own enumerable fields only (D19)', () => {
    const hidden = (kind: unknown): object => {
      const u = { date: '2026-03-01', requester: { level: 'street' } }
      Object.defineProperty(u, 'kind', { value: kind, enumerable: false })
      return u
    }
    expect(compileValidator(Request, MAX)(hidden(5), 0)).toBe(false)
    expect(isRequest(hidden(5), MAX)).toBe(false)
    expect(isRequest(hidden('task'), MAX)).toBe(false)
    expect(E.isLeft(decodeRequest(hidden(5), 'Asia/Shanghai'))).toBe(true)
    // a non-enumerable kind is absent, as evaluateAsync (json-rules-engine) sees it
    const missing = decodeRequest(hidden('task'), 'Asia/Shanghai')
    expect(E.isLeft(missing) ? missing.left.map((i) => [i.code, i.path]) : missing).toEqual([['request/missing', '/kind']])
  })
})

// ---------------------------------------------------------------------------------------------
// The generator on the codec kinds the request does not use (yet)
// ---------------------------------------------------------------------------------------------

describe('the validator generator', () => {
  const Leaf = t.intersection([t.type({ n: t.number, lit: t.union([t.literal('a'), t.literal(1), t.literal(true)]) }), t.partial({ any: t.unknown, 'odd-key': t.string, "it's": t.boolean })], 'Leaf')
  const Codec = t.intersection([
    t.type({ tag: t.keyof(JSON.parse('{"x":null,"__proto__":null,"constructor":null}') as Record<string, null>), leaves: t.array(t.array(Leaf)) }),
    t.partial({
      either: t.union([t.string, t.array(t.number), Leaf, t.partial({ only: t.literal('only') })]),
      empty: t.partial({}),
      nested: t.type({ deeper: t.partial({ leaf: Leaf, list: t.array(t.union([t.string, t.array(t.string)])) }) }),
    }),
  ])
  const load = (): ((u: unknown, max: number) => boolean) => {
    const js = transformSync(generateValidator(Codec, 'isThing', 'a test codec'), { loader: 'ts', format: 'cjs' }).code
    const module = { exports: {} as Record<string, unknown> }
    // only in this test: the shipped file is imported as code, never evaluated from text
    new Function('module', 'exports', js)(module, module.exports)
    return module.exports.isThing as (u: unknown, max: number) => boolean
  }
  const isThing = load()

  it('refuses a codec kind it does not know instead of guessing', () => {
    expect(() => generateValidator(t.record(t.string, t.string), 'x', 'x')).toThrow(/not supported/)
    expect(() => generateValidator(t.intersection([t.type({ a: t.string }), t.union([t.type({ b: t.string }), t.type({ c: t.string })])]), 'x', 'x')).toThrow(/mixes/)
  })

  it('agrees with the closure check on unions, literals, nested arrays and odd keys (seeded)', () => {
    const leaf = fc.record(
      { n: fc.oneof(fc.double(), fc.constant('1')), lit: fc.constantFrom('a', 1, true, 'b', 0, false), any: anyInputArb, 'odd-key': fc.string({ maxLength: 6 }), "it's": fc.oneof(fc.boolean(), fc.constant(1)) },
      { requiredKeys: [] },
    )
    const value = fc.record(
      {
        tag: fc.constantFrom('x', '__proto__', 'constructor', 'toString', 'y'),
        leaves: fc.oneof(fc.array(fc.array(leaf, { maxLength: 3 }), { maxLength: 3 }), fc.array(leaf, { maxLength: 2 })),
        either: fc.oneof(fc.string({ maxLength: 8 }), fc.array(fc.oneof(fc.double(), fc.string()), { maxLength: 3 }), leaf, fc.constant({ only: 'only' }), fc.constant({ only: 'x' }), anyInputArb),
        empty: fc.oneof(fc.constant({}), fc.constant({ a: 1 }), fc.constant([]), fc.constant(null)),
        nested: fc.record({ deeper: fc.record({ leaf, list: fc.array(fc.oneof(fc.string({ maxLength: 8 }), fc.array(fc.string({ maxLength: 8 }), { maxLength: 2 }), fc.integer()), { maxLength: 3 }) }, { requiredKeys: [] }) }, { requiredKeys: [] }),
        extra: fc.constant(1),
      },
      { requiredKeys: [] },
    )
    fc.assert(
      fc.property(fc.oneof({ arbitrary: value, weight: 4 }, { arbitrary: anyInputArb, weight: 1 }), fc.integer({ min: 0, max: 10 }), (u, max) => {
        expect(isThing(u, max)).toBe(compileValidator(Codec, max)(u, 0))
      }),
      { numRuns: 3000, seed: 5004 },
    )
  })
})

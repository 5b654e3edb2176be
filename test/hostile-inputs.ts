import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import type * as t from 'io-ts'
import { Request } from '../src/decode/request-codec'
import type { CompiledPolicy } from '../src/node/index'
import { formatIssues } from '../src/node/index'
import { loadPolicy } from '../src/node/load'

/**
 * Shared generators and checks for the hostile-input, property and concurrency suites
 * (`test/properties*.test.ts`, `test/hostile*.test.ts`, `test/concurrency.test.ts`,
 * `test/limits.test.ts`) and the long run (`scripts/fuzz-long.ts`).
 *
 * - {@link validRequestArb}: VALID requests, derived from the io-ts codec of a request
 *   (`src/decode/request-codec.ts`), so a field added there is generated here without an edit.
 * - {@link nearRequestArb}: requests one mistake away from valid.
 * - {@link PATH_PAYLOADS}: the published JSONPath remote-code payloads, rewritten to set a
 *   global sentinel ({@link SENTINEL}) instead of running a shell command.
 * - {@link protoSnapshot} / {@link polluted}: whether `Object.prototype` changed.
 */

// ---------------------------------------------------------------------------------------------
// The shipped packs
// ---------------------------------------------------------------------------------------------

/** The ids of the packs under rules/ (each folder with a pack.yaml). */
export const SHIPPED_PACKS: readonly string[] = existsSync('rules')
  ? readdirSync('rules')
      .filter((d) => existsSync(join('rules', d, 'pack.yaml')))
      .sort()
  : []

/** Every shipped pack compiled by `loadPolicy('rules/<id>')`; throws if one does not compile. */
export const loadShipped = (): ReadonlyMap<string, CompiledPolicy> =>
  new Map(
    SHIPPED_PACKS.map((id) => {
      const p = loadPolicy(join('rules', id))
      if (E.isLeft(p)) throw new Error(`${id}: ${formatIssues(p.left, 'en')}`)
      return [id, p.right] as const
    }),
  )

/** Every string a shipped pack's lists know (ids, names, aliases): what real requests name. */
export const listVocabulary = (policies: Iterable<CompiledPolicy>): string[] => {
  const out = new Set<string>()
  for (const p of policies)
    for (const l of p.resolved.lists.values())
      for (const it of l.items) {
        const item = it.item
        if (typeof item === 'string') out.add(item)
        else {
          out.add(item.id)
          if (item.name !== undefined) out.add(item.name)
          for (const a of item.aliases ?? []) out.add(a)
        }
      }
  return [...out].sort()
}

// ---------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------

const pad = (n: number, w = 2): string => String(n).padStart(w, '0')

/** A real calendar date from 1950 to 2100 (leap days included). */
export const localDateArb: fc.Arbitrary<string> = fc
  .date({ min: new Date(Date.UTC(1950, 0, 1)), max: new Date(Date.UTC(2100, 11, 31)), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10))

/** Dates people get wrong: month and year ends, leap days, the ISO week turn, 2026 around today. */
const edgeDateArb: fc.Arbitrary<string> = fc.constantFrom(
  '2024-02-29',
  '2026-02-28',
  '2026-03-01',
  '2025-12-29',
  '2026-01-04',
  '2026-01-05',
  '2026-12-31',
  '2027-01-01',
  '2015-07-12',
  '2015-07-13',
  '2020-04-30',
  '2020-05-01',
  '2024-08-31',
  '2024-09-01',
)

/** An instant with `Z` or an offset, from 1950 to 2100. */
export const instantArb: fc.Arbitrary<string> = fc
  .tuple(
    fc.date({ min: new Date(Date.UTC(1950, 0, 2)), max: new Date(Date.UTC(2100, 11, 30)), noInvalidDate: true }),
    fc.constantFrom('Z', '+08:00', '-05:00', '+14:00', '-11:00', '+0530', 'z'),
  )
  .map(([d, off]) => {
    if (off === 'Z' || off === 'z') return d.toISOString().slice(0, 19) + off
    const sign = off[0] === '-' ? -1 : 1
    const mins = sign * (Number(off.slice(1, 3)) * 60 + Number(off.slice(-2)))
    const local = new Date(d.getTime() + mins * 60_000)
    return local.toISOString().slice(0, 19) + off
  })

/** A date or instant a valid request may carry. */
export const requestDateArb: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: localDateArb, weight: 4 },
  { arbitrary: edgeDateArb, weight: 2 },
  { arbitrary: instantArb, weight: 2 },
)

// ---------------------------------------------------------------------------------------------
// Valid requests, derived from the io-ts codec
// ---------------------------------------------------------------------------------------------

type Tagged = {
  readonly _tag?: string
  readonly name?: string
  readonly props?: Record<string, t.Mixed>
  readonly types?: readonly t.Mixed[]
  readonly type?: t.Mixed
  readonly keys?: Record<string, unknown>
}

/** What a string field is filled with: the pack vocabulary, plain text, odd text. */
const textArb = (vocabulary: readonly string[]): fc.Arbitrary<string> =>
  fc.oneof(
    { arbitrary: fc.constantFrom(...(vocabulary.length > 0 ? vocabulary : ['x'])), weight: 6 },
    { arbitrary: fc.string({ maxLength: 12 }), weight: 2 },
    { arbitrary: fc.constantFrom('', ' ', '__proto__', 'constructor', '政审', '居住证明', '街道', '区民政局'), weight: 1 },
  )

/**
 * An arbitrary of the values a codec accepts. `field` overrides chosen fields by name (dates,
 * the history, reviews), and `depth` bounds recursion.
 */
const fromCodec = (
  codec: t.Mixed,
  text: fc.Arbitrary<string>,
  field: (name: string) => fc.Arbitrary<unknown> | undefined,
): fc.Arbitrary<unknown> => {
  const c = codec as unknown as Tagged
  switch (c._tag) {
    case 'StringType':
      return text
    case 'NumberType':
      return fc.oneof(fc.integer({ min: -5, max: 1_000_000 }), fc.double({ noNaN: true, noDefaultInfinity: true }))
    case 'BooleanType':
      return fc.boolean()
    case 'KeyofType':
      return fc.constantFrom(...Object.keys(c.keys ?? {}))
    case 'ArrayType':
      return fc.array(fromCodec(c.type as t.Mixed, text, field), { maxLength: 3 })
    case 'InterfaceType':
    case 'PartialType':
    case 'IntersectionType': {
      const required: Record<string, fc.Arbitrary<unknown>> = {}
      const optional: Record<string, fc.Arbitrary<unknown>> = {}
      const collect = (x: Tagged): void => {
        if (x._tag === 'IntersectionType') for (const m of x.types ?? []) collect(m as unknown as Tagged)
        else
          for (const [k, v] of Object.entries(x.props ?? {})) {
            // extra: the fields a pack declares; the shipped packs declare none, so a valid request has none
            if ((v as unknown as Tagged)._tag === 'UnknownType') continue
            ;(x._tag === 'InterfaceType' ? required : optional)[k] = field(k) ?? fromCodec(v, text, field)
          }
      }
      collect(c)
      return fc
        .record({ ...required, ...optional }, { requiredKeys: Object.keys(required) })
        .map((r) => ({ ...r }))
    }
    default:
      throw new Error(`validRequestArb: no generator for codec ${c._tag ?? '?'} ${c.name ?? ''}`)
  }
}

/** A yearly review whose counts are whole, non-negative and within the respondents. */
const reviewArb = (itemIds: readonly string[]): fc.Arbitrary<unknown> =>
  fc
    .record({
      itemId: fc.constantFrom(...(itemIds.length > 0 ? itemIds : ['x'])),
      year: fc.integer({ min: 1990, max: 2100 }),
      respondents: fc.integer({ min: 0, max: 500 }),
      s: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
      d: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
    })
    .map(({ itemId, year, respondents, s, d }) => ({
      itemId,
      year,
      respondents,
      ...(s === undefined ? {} : { satisfied: Math.floor(s * respondents) }),
      ...(d === undefined ? {} : { dissatisfied: Math.floor(d * respondents) }),
    }))

/**
 * VALID requests, derived from `Request` in `src/decode/request-codec.ts`: every kind, level and
 * detail the codec knows, strings drawn mostly from the packs' own lists, dates and instants
 * from 1950 to 2100, a short history and well-formed reviews.
 */
export const validRequestArb = (vocabulary: readonly string[]): fc.Arbitrary<Record<string, unknown>> => {
  const text = textArb(vocabulary)
  const dateFields = new Set(['date', 'validFrom', 'validUntil'])
  const eventField = (name: string): fc.Arbitrary<unknown> | undefined =>
    dateFields.has(name) ? requestDateArb : undefined
  const historyCodec = (((Request as unknown as Tagged).types?.[1] as unknown as Tagged).props?.history as unknown as Tagged).type as t.Mixed
  const event = fromCodec(historyCodec, text, eventField)
  const field = (name: string): fc.Arbitrary<unknown> | undefined => {
    if (dateFields.has(name)) return requestDateArb
    if (name === 'history') return fc.array(event, { maxLength: 6 })
    if (name === 'reviews') return fc.array(reviewArb(vocabulary), { maxLength: 3 })
    return undefined
  }
  return fromCodec(Request, text, field) as fc.Arbitrary<Record<string, unknown>>
}

// ---------------------------------------------------------------------------------------------
// Arbitrary and near-valid input
// ---------------------------------------------------------------------------------------------

/** Keys that name Object.prototype members or reach it. */
export const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty'] as const

/**
 * Any JSON value, objects built as JSON.parse builds them (an own `__proto__` key is an own data
 * property), with prototype-reaching keys mixed in.
 */
export const jsonArb: fc.Arbitrary<unknown> = fc
  .jsonValue({ maxDepth: 4 })
  .chain((v) =>
    fc.constantFrom(...PROTO_KEYS).map((k) => {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return v
      const inner = JSON.stringify(v).slice(1, -1)
      return JSON.parse(`{"${k}":{"polluted":1,"isNew":true}${inner === '' ? '' : ','}${inner}}`) as unknown
    }),
  )

/** Anything: fast-check's `anything` (functions, symbols excluded), JSON, and proto-keyed JSON. */
export const anyInputArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({ maxDepth: 3, withBoxedValues: true, withMap: true, withSet: true, withNullPrototype: true, withSparseArray: true, withTypedArray: true, withDate: true }),
  jsonArb,
)

/** One change that makes a valid value wrong: a field dropped, retyped, or a stranger added. */
export const mutate = (value: Record<string, unknown>): fc.Arbitrary<Record<string, unknown>> => {
  const keys = Object.keys(value)
  return fc.oneof(
    fc.constantFrom(...(keys.length > 0 ? keys : ['kind'])).map((k) => {
      const { [k]: _dropped, ...rest } = value
      return rest
    }),
    fc.tuple(fc.constantFrom(...(keys.length > 0 ? keys : ['kind'])), anyInputArb).map(([k, v]) => ({ ...value, [k]: v })),
    fc.tuple(fc.constantFrom(...PROTO_KEYS, 'extra', 'kindd'), jsonArb).map(([k, v]) => JSON.parse(JSON.stringify({ ...value, [`${k}`]: v ?? null }))),
  )
}

/** Requests one mistake away from valid. */
export const nearRequestArb = (vocabulary: readonly string[]): fc.Arbitrary<Record<string, unknown>> =>
  validRequestArb(vocabulary).chain(mutate)

// ---------------------------------------------------------------------------------------------
// Hostile payloads
// ---------------------------------------------------------------------------------------------

/** The global a payload would set if it ran. */
export const SENTINEL = '__zhunruPwned'

const code = `globalThis.${SENTINEL}=1`

/**
 * The published JSONPath remote-code payloads, each rewritten to set {@link SENTINEL}:
 * CVE-2024-21534 (jsonpath-plus < 10.0.7, several bypasses of its fixes), CVE-2025-1302
 * (< 10.3.0, non-string property names and `@.constructor`), and the `__lookupGetter__` /
 * `__defineGetter__` route fixed in 10.4.0.
 */
export const PATH_PAYLOADS: readonly string[] = [
  // CVE-2024-21534: the original report, and the bypasses of 10.0.0 - 10.1.0
  `$[(this.constructor.constructor("${code}")())]`,
  `$..[?(p="${code}";a=''[['constructor']][['constructor']](p);a())]`,
  `$..[?(p="console.log(this.constructor.constructor('return process')().mainModule.require('child_process').execSync('id').toString())";a=''[['constructor']][['constructor']](p);a())]`,
  `$[?(var _$_root=[].constructor.constructor("${code}");@root())]`,
  `$[?(this.constructor.constructor("return process")().mainModule.require("child_process").execSync("id"))]`,
  `$..[?((function a(arr){a([...arr, ...arr])})([1]);)]`,
  // CVE-2025-1302: @.constructor and non-string property names
  `$..[?(@.constructor.constructor('${code}')())]`,
  `$[?(@[['constructor']][['constructor']]('${code}')())]`,
  `$..[?(EQST=''[['constructor']][['constructor']]('${code}');EQST())]`,
  `$[?(@.constructor.constructor.call(null,'${code}')())]`,
  `$[?(@.constructor.constructor.apply(null,['${code}'])())]`,
  `$[?(@.constructor.constructor.bind(null,'${code}')()())]`,
  // fixed in 10.4.0: reaching Function through the getter/setter helpers
  `$[?(@.__lookupGetter__('__proto__').call(@).constructor.constructor('${code}')())]`,
  `$[?(g=@.__lookupGetter__;g.call(@,'__proto__').constructor.constructor('${code}')())]`,
  `$[?(@.__defineGetter__('x',@.constructor.constructor('${code}'));@.x)]`,
  `$[?(@.__lookupSetter__('__proto__').constructor('${code}')())]`,
  // the plain-path grammar's edges: recursive descent, wildcards, scripts, filters, slices
  '$..*',
  '$.*',
  '$[*]',
  '$[(@.length-1)]',
  '$[?(@.level)]',
  '$[0:2]',
  '$..level',
  '$["a"]["b"]..c',
]

/** Whether a payload ran. */
export const sentinelSet = (): boolean => (globalThis as Record<string, unknown>)[SENTINEL] !== undefined

// ---------------------------------------------------------------------------------------------
// Object.prototype
// ---------------------------------------------------------------------------------------------

/** Object.prototype's own keys and their descriptors' values, as text. */
export const protoSnapshot = (): string =>
  JSON.stringify(
    Reflect.ownKeys(Object.prototype).map((k) => {
      const d = Object.getOwnPropertyDescriptor(Object.prototype, k)
      return [String(k), typeof d?.value, typeof d?.get, typeof d?.set]
    }),
  ) + String(Object.getPrototypeOf(Object.prototype))

/** Whether Object.prototype (or Array.prototype) changed since `before`, or `{}` sees a planted key. */
export const polluted = (before: string): boolean => {
  const probe = {} as Record<string, unknown>
  return protoSnapshot() !== before || probe.polluted !== undefined || probe.isNew !== undefined || ([] as unknown as Record<string, unknown>).polluted !== undefined
}

// ---------------------------------------------------------------------------------------------
// Misc
// ---------------------------------------------------------------------------------------------

/** Freeze a value and everything in it. */
export const deepFreeze = <T>(o: T): T => {
  if (o !== null && typeof o === 'object' && !Object.isFrozen(o) && !ArrayBuffer.isView(o)) {
    Object.freeze(o)
    for (const k of Reflect.ownKeys(o)) deepFreeze((o as Record<PropertyKey, unknown>)[k])
  }
  return o
}

/** Pad a number: `pad(3) === '03'`. */
export { pad }

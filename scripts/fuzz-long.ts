/**
 * Long fuzz run: generated inputs through compile, evaluate, evaluateAsync, explain and
 * pathResolver, watching for exceptions, prototype pollution and code execution.
 *
 *   npx tsx scripts/fuzz-long.ts [count] [--seed N] [--minutes M] [--io-every N] [--cli-every N]
 *   npm run fuzz:hour            # the nightly run: an hour, whatever the machine's speed
 *
 * `count` defaults to 1,000,000 inputs; `--minutes M` runs for M minutes instead (no count).
 * Every `--io-every` inputs (default 20,000) a round of scripts/fuzz-io.ts runs: a file of
 * hostile lines through the audit (1 and 2 threads, standard input in random chunks), a folder of
 * hostile packs, case files and link loops through lint, test and the pack scan, and the
 * commands on a hostile request; every `--cli-every` inputs (default 200,000) the real CLI is
 * spawned with hostile arguments. The mix: valid requests (derived from the request codec),
 * near-valid requests (one mistake), arbitrary values and JSON with prototype keys, requests
 * carrying the published JSONPath payloads, those payloads as paths (straight to pathResolver
 * and inside packs), and garbage packs (spliced YAML text, mutated values). Each input goes
 * through every shipped pack in turn (one pack per input).
 *
 * Sentinels: a global the payloads would set; the Function constructor (reached through
 * `x.constructor.constructor`) and `eval` wrapped to count calls made while zhunru runs; and a
 * snapshot of Object.prototype (cheap check every input, full snapshot every 1,000).
 *
 * Prints the counts: inputs, exceptions, prototype pollutions, code executions, time. Exits 1
 * if any of the three is not 0. Not part of `npm test`.
 */
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { readFileSync } from 'node:fs'
import { cliRound, ioRound, type IoCounts } from './fuzz-io'
import { compile, evaluate, evaluateAsync, explain, parseText, pathResolver, type CompiledPolicy } from '../src/node/index'
import {
  anyInputArb,
  jsonArb,
  listVocabulary,
  loadShipped,
  mutate,
  nearRequestArb,
  PATH_PAYLOADS,
  protoSnapshot,
  requestDateArb,
  SENTINEL,
  sentinelSet,
  SHIPPED_PACKS,
  validRequestArb,
} from '../test/hostile-inputs'

const args = process.argv.slice(2)
let total = 1_000_000
let seed = 20261123
let minutes: number | undefined
let ioEvery = 20_000
let cliEvery = 200_000
const positive = (s: string | undefined): number => {
  const n = Number(s)
  if (!(Number.isSafeInteger(n) && n > 0)) {
    console.error('usage: npx tsx scripts/fuzz-long.ts [count] [--seed N] [--minutes M] [--io-every N] [--cli-every N]')
    process.exit(2)
  }
  return n
}
for (let i = 0; i < args.length; i++) {
  const a = args[i] as string
  if (a === '--seed') seed = Number(args[++i])
  else if (a === '--minutes') minutes = positive(args[++i])
  else if (a === '--io-every') ioEvery = positive(args[++i])
  else if (a === '--cli-every') cliEvery = positive(args[++i])
  else if (/^\d[\d_,]*$/.test(a)) total = Number(a.replace(/[_,]/g, ''))
  else positive(undefined)
}
if (minutes !== undefined) total = Number.POSITIVE_INFINITY

// --- sentinels ------------------------------------------------------------------------------
let codeRuns = 0
let armed = false
const RealFunction = Function
const functionTrap = new Proxy(RealFunction, {
  apply(target, self, argv) {
    if (armed) codeRuns++
    return Reflect.apply(target, self, argv)
  },
  construct(target, argv, nt) {
    if (armed) codeRuns++
    return Reflect.construct(target, argv, nt)
  },
})
Object.defineProperty(RealFunction.prototype, 'constructor', { value: functionTrap, writable: true, configurable: true })
const realEval = globalThis.eval
globalThis.eval = new Proxy(realEval, {
  apply(target, self, argv) {
    if (armed) codeRuns++
    return Reflect.apply(target, self, argv)
  },
})
// self-check: the traps do count a payload that runs (jsonpath-plus with its native eval)
{
  const { JSONPath } = await import('jsonpath-plus')
  armed = true
  try {
    JSONPath({ path: PATH_PAYLOADS[0] as string, json: {}, eval: 'native', wrap: false })
  } catch {
    // the payload runs, then jsonpath-plus trips over its result
  }
  armed = false
  if (!sentinelSet() || codeRuns === 0) {
    console.error('sentinel self-check failed: a payload ran unseen')
    process.exit(3)
  }
  delete (globalThis as Record<string, unknown>)[SENTINEL]
  codeRuns = 0
}
const protoBefore = protoSnapshot()
const protoKeys = Reflect.ownKeys(Object.prototype).length
let pollutions = 0
const cheapPolluted = (): boolean => {
  const probe = {} as Record<string, unknown>
  return probe.polluted !== undefined || probe.isNew !== undefined || Reflect.ownKeys(Object.prototype).length !== protoKeys
}

// --- what runs ------------------------------------------------------------------------------
const policies = loadShipped()
const list = SHIPPED_PACKS.map((id) => policies.get(id) as CompiledPolicy)
const vocab = listVocabulary(list)
const miniText = readFileSync('test/fixtures/mini/pack.yaml', 'utf8')
const miniValue = (parseText(miniText) as E.Right<{ value: Record<string, unknown> }>).right.value

let exceptions = 0
const samples: string[] = []
const counts: Record<string, number> = {}
const outcomes: Record<string, number> = {}
const guard = (label: string, f: () => void): void => {
  try {
    armed = true
    f()
  } catch (e) {
    exceptions++
    if (samples.length < 5) samples.push(`${label}: ${e instanceof Error ? e.stack?.split('\n').slice(0, 3).join(' | ') : String(e)}`)
  } finally {
    armed = false
  }
}
const tally = (r: E.Either<unknown, { outcome: string }>): void => {
  const k = E.isRight(r) ? r.right.outcome : 'issues'
  outcomes[k] = (outcomes[k] ?? 0) + 1
}

const POOL = 20_000
const lines = miniText.split('\n')
const payloadArb = fc.constantFrom(...PATH_PAYLOADS)

// Generating a request with fast-check costs about a millisecond, evaluating it a fraction of
// that: so fast-check fills pools once (seeded), and each input is drawn from them and varied
// with a seeded PRNG (a date, a field dropped or retyped, a stranger or a payload added).
const mulberry32 = (a: number) => (): number => {
  a |= 0
  a = (a + 0x6d2b79f5) | 0
  let t = Math.imul(a ^ (a >>> 15), 1 | a)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const rnd = mulberry32(seed)
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T

process.stderr.write('  filling the pools ...\n')
const validPool = fc.sample(validRequestArb(vocab), { numRuns: POOL, seed })
const nearPool = fc.sample(nearRequestArb(vocab), { numRuns: POOL / 4, seed: seed + 1 })
const anyPool = fc.sample(anyInputArb, { numRuns: POOL, seed: seed + 2 })
const jsonPool = fc.sample(jsonArb, { numRuns: POOL / 4, seed: seed + 3 })
const datePool = fc.sample(requestDateArb, { numRuns: 2_000, seed: seed + 4 })
const pathPool = [...PATH_PAYLOADS, ...fc.sample(fc.oneof(payloadArb, fc.string({ maxLength: 30 })), { numRuns: 2_000, seed: seed + 5 })]
const packTextPool = fc.sample(
  fc.tuple(fc.integer({ min: 0, max: lines.length }), fc.oneof(fc.string({ maxLength: 40 }), payloadArb.map((p) => `    path: "${p}"`))),
  { numRuns: 2_000, seed: seed + 6 },
).map(([at, junk]) => [...lines.slice(0, at), junk, ...lines.slice(at)].join('\n'))
const packValuePool = fc.sample(mutate(miniValue), { numRuns: 2_000, seed: seed + 7 })
const STRANGERS = ['__proto__', 'constructor', 'prototype', 'toString', 'extra', 'kindd', 'history', 'date', 'requester', 'item']

/** One cheap change: a fresh date, a field dropped, retyped or added (prototype keys included). */
const vary = (r: Record<string, unknown>): Record<string, unknown> => {
  const x = rnd()
  if (x < 0.4) return { ...r, date: pick(datePool) }
  const keys = Object.keys(r)
  if (x < 0.55) {
    const k = pick(keys)
    const { [k]: _drop, ...rest } = r
    return rest
  }
  if (x < 0.8) return { ...r, [pick(keys)]: pick(anyPool) }
  return JSON.parse(`{"${pick(STRANGERS)}":${JSON.stringify(pick(jsonPool)) ?? 'null'},${JSON.stringify(r).slice(1)}`) as Record<string, unknown>
}

const KINDS = [
  ['valid', 150],
  ['near', 125],
  ['any', 72],
  ['hostile-request', 50],
  ['path', 100],
  ['pack-text', 2],
  ['pack-value', 1],
] as const
const WEIGHT = KINDS.reduce((a, [, w]) => a + w, 0)
const kindOf = (): (typeof KINDS)[number][0] => {
  let x = rnd() * WEIGHT
  for (const [k, w] of KINDS) if ((x -= w) < 0) return k
  return 'valid'
}

const started = Date.now()
let inputs = 0
let asyncPending: Promise<unknown>[] = []

const request = (kind: 'valid' | 'near' | 'any' | 'hostile-request'): unknown => {
  switch (kind) {
    case 'valid':
      return rnd() < 0.5 ? pick(validPool) : { ...pick(validPool), date: pick(datePool) }
    case 'near':
      return rnd() < 0.3 ? pick(nearPool) : vary(pick(validPool))
    case 'any':
      return pick(anyPool)
    case 'hostile-request': {
      const r = pick(validPool)
      const p = pick(PATH_PAYLOADS)
      return { ...r, legalBasis: p, requester: { ...(r.requester as object), department: p }, item: { ...((r.item as object) ?? {}), id: p, tags: [p] } }
    }
  }
}

const io: IoCounts = { rounds: 0, files: 0, lines: 0, folders: 0, commands: 0, spawns: 0, inconsistencies: 0, samples: [] }
const ioPools = {
  rnd,
  events: validPool.filter((r): r is Record<string, unknown> => typeof r === 'object' && r !== null),
  packTexts: [miniText, ...packTextPool.slice(0, 200)],
  policy: policies.get('cn-shandong') as CompiledPolicy,
}
const deadline = minutes === undefined ? Number.POSITIVE_INFINITY : started + minutes * 60_000

const run = async (): Promise<void> => {
  while (inputs < total && Date.now() < deadline) {
    const i = inputs++
    const kind = kindOf()
    counts[kind] = (counts[kind] ?? 0) + 1
    const policy = list[i % list.length] as CompiledPolicy
    switch (kind) {
      case 'valid':
      case 'near':
      case 'any':
      case 'hostile-request': {
        const value = request(kind)
        guard(`evaluate ${kind}`, () => {
          const r = evaluate(policy, value)
          tally(r)
          if (E.isRight(r) && i % 20 === 0) explain(r.right, { locale: i % 40 === 0 ? 'en' : 'zh-CN', verbose: i % 80 === 0 })
        })
        if (i % 100 === 0)
          asyncPending.push(
            (async () => {
              armed = true
              try {
                await evaluateAsync(policy, value)
              } catch (e) {
                exceptions++
                if (samples.length < 5) samples.push(`evaluateAsync: ${String(e)}`)
              } finally {
                armed = false
              }
            })(),
          )
        break
      }
      case 'path': {
        const path = pick(pathPool)
        const value = rnd() < 0.5 ? pick(jsonPool) : pick(validPool)
        guard('pathResolver', () => void pathResolver(value, path))
        if (i % 2_000 === 0)
          guard('compile path', () => {
            const p = structuredClone(miniValue) as { rules: Record<string, unknown>[] }
            p.rules.push({ id: 'x', outcome: 'forbidden', priority: 9, conditions: { all: [{ fact: 'requester', path, operator: 'equal', value: 'x' }] }, citation: { source: 'src.txt', article: 'a', quote: 'q' }, message: { 'zh-CN': 'x', en: 'x' } })
            compile(p)
          })
        break
      }
      case 'pack-text': {
        const text = pick(packTextPool)
        guard('compile text', () => {
          const r = compile({ text, file: 'fuzz.yaml' })
          if (E.isRight(r)) tally(evaluate(r.right, { kind: 'inspection', date: pick(datePool), requester: { level: 'street' } }))
        })
        break
      }
      case 'pack-value': {
        const value = pick(packValuePool)
        guard('compile value', () => void compile(value))
        break
      }
    }
    if (sentinelSet()) {
      codeRuns++
      delete (globalThis as Record<string, unknown>)[SENTINEL]
    }
    if (cheapPolluted() || (i % 1_000 === 0 && protoSnapshot() !== protoBefore)) pollutions++
    if (asyncPending.length >= 100) {
      await Promise.all(asyncPending)
      asyncPending = []
    }
    if ((i + 1) % ioEvery === 0) {
      armed = false
      await ioRound(ioPools, io, seed)
    }
    if ((i + 1) % cliEvery === 0) cliRound(ioPools, io, seed)
    if ((i + 1) % 100_000 === 0) process.stderr.write(`  ${(i + 1).toLocaleString('en')} inputs, ${Math.round((Date.now() - started) / 1000)} s\n`)
  }
  await Promise.all(asyncPending)
}

await run()
if (protoSnapshot() !== protoBefore) pollutions++
const seconds = (Date.now() - started) / 1000
const fmt = (n: number): string => n.toLocaleString('en')
console.log(`zhunru fuzz-long (seed ${seed})`)
console.log(`inputs:               ${fmt(inputs)}  (${Object.entries(counts).map(([k, v]) => `${k} ${fmt(v)}`).join(', ')})`)
console.log(`answers:              ${Object.entries(outcomes).map(([k, v]) => `${k} ${fmt(v)}`).join(', ')}`)
console.log(`exceptions:           ${fmt(exceptions)}`)
console.log(`prototype pollutions: ${fmt(pollutions)}`)
console.log(`code executions:      ${fmt(codeRuns)}`)
console.log(`files and commands:   ${fmt(io.rounds)} rounds: ${fmt(io.files)} files of ${fmt(io.lines)} hostile lines (1 and 2 threads, standard input), ${fmt(io.folders)} hostile folders, ${fmt(io.commands)} commands, ${fmt(io.spawns)} CLI spawns`)
console.log(`inconsistencies:      ${fmt(io.inconsistencies)}`)
console.log(`time:                 ${seconds.toFixed(1)} s (${fmt(Math.round(inputs / seconds))} inputs/s)`)
for (const s of samples) console.log(`  first exceptions: ${s}`)
for (const s of io.samples) console.log(`  first inconsistencies: ${s}`)
process.exit(exceptions === 0 && pollutions === 0 && codeRuns === 0 && io.inconsistencies === 0 ? 0 : 1)

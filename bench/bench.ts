/**
 * `npm run bench`: zhunru's figures, side by side, in one process, on the BUILT package (dist/,
 * what users get: the npm script runs tsup first; the harness itself runs under tsx).
 *
 * - evaluate on each shipped pack, 10,000 seeded requests each, parsed from JSON as a portal's
 *   server holds them (p50, p99 per call; throughput)
 * - on cn-shandong (on the national floor): plain json-rules-engine with one reused Engine holding
 *   the same resolved rules of the current epoch, facts precomputed per request as the adapter
 *   does (jre_rps), and a hand-written function (floor_rps); both checked against evaluate
 * - the long-history mix on each shipped pack: every request with 0..200 past events (mean 100),
 *   half of them (and half the requests' dates) written as instants with offsets or Z, some in
 *   another zone's offset, parsed from JSON as a portal's server holds them (p50, p99 per call);
 *   on cn-shandong its throughput beside the floor (reading every event's date, as zhunru must;
 *   and reading only the dates its caps count) and json-rules-engine reading the same requests,
 *   and the cost of one event of a history beside issue 16's hand-written loop (historyLoop)
 * - compile of the largest layered pack (compile_ms)
 * - audit of 100,000 and 1,000,000 generated events for 3,200 communities (time, peak heap):
 *   `auditFile` as `zhunru audit` runs it (the default threads), and `audit()` on one thread
 *
 * Writes bench/results.json and prints the ratios against the targets of issue 5.
 * Options (environment): BENCH_TIME_MS (per task, default 1500), BENCH_AUDIT=0 to skip the audit.
 */
import { createReadStream, existsSync, mkdirSync, readFileSync, statSync, writeFileSync, createWriteStream } from 'node:fs'
import { once } from 'node:events'
import { cpus, loadavg, tmpdir, totalmem } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Bench, type Task } from 'tinybench'
import { Almanac, Engine, Operator, Rule } from 'json-rules-engine'
import * as E from 'fp-ts/lib/Either.js'
import { RequestCtx } from '../src/runtime/context'
import { linesOf as cliLines } from '../src/cli/audit'
import { generateRequests, vocabOf } from './requests'
import { historyLoop, makeFloor } from './floor'
import { generateEvents } from './events'
import { auditFloor } from './audit-floor'

type Zhunru = typeof import('../src/index')
type ZhunruNode = typeof import('../src/node/index')
type Policy = import('../src/index').CompiledPolicy

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '..')
const dist = join(root, 'dist')
if (!existsSync(join(dist, 'index.js')) || !existsSync(join(dist, 'node.js'))) {
  process.stderr.write('dist/ is missing: run `npx tsup` first (npm run bench does)\n')
  process.exit(2)
}
const z = (await import(pathToFileURL(join(dist, 'index.js')).href)) as Zhunru
const zn = (await import(pathToFileURL(join(dist, 'node.js')).href)) as ZhunruNode
// YAML text is compiled by zhunru/text (the browser core reads values and JSON text only)
const zt = (await import(pathToFileURL(join(dist, 'text.js')).href)) as typeof import('../src/text/index')

const TIME = Number(process.env.BENCH_TIME_MS ?? 1500)
const N = 10_000
const PACKS = ['cn-national', 'cn-shandong', 'cn-beijing', 'cn-liaoning-shenyang-hunnan', 'cn-sichuan-neijiang-shizhong', 'cn-gansu-lanzhou-chengguan']
const SHANDONG = 'cn-shandong'
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined)
const log = (s: string): void => {
  process.stdout.write(`${s}\n`)
}
const us = (ms: number | undefined): number => Math.round((ms ?? NaN) * 1000 * 1000) / 1000
const load = (id: string): Policy => {
  const p = zn.loadPolicy(id)
  if (E.isLeft(p)) throw new Error(`${id}: ${p.left.map((i) => i.code).join(', ')}`)
  return p.right
}
const stats = (t: Task): { mean: number; p50: number; p99: number; samples: number } => {
  const r = t.result as unknown as { latency: { mean: number; p50: number; p99: number; samples: number[] } } | undefined
  if (r === undefined) throw new Error(`${t.name}: no result`)
  return { mean: r.latency.mean, p50: r.latency.p50, p99: r.latency.p99, samples: r.latency.samples.length }
}

const machine = {
  cpu: (() => {
    try {
      return /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model
    } catch {
      return cpus()[0]?.model
    }
  })(),
  nproc: cpus().length,
  node: process.version,
  memory_gb: Math.round(totalmem() / 2 ** 30),
  loadavg_start: loadavg().map((x) => Math.round(x * 100) / 100),
}
log(`zhunru bench — ${machine.cpu}, ${machine.nproc} CPUs, node ${machine.node}, load ${machine.loadavg_start.join(' ')}`)

// ------------------------------------------------------------------------------------------------
// evaluate on every pack; json-rules-engine and the floor on Shandong
// ------------------------------------------------------------------------------------------------
const packs = PACKS.map((id) => {
  const policy = load(id)
  // as a portal's server holds them: parsed from the JSON it was sent (or its database gave), like
  // the long mix (objects built in code have other shapes: V8 would see twice the shapes of a
  // history's events, which no portal sends)
  const requests = JSON.parse(JSON.stringify(generateRequests(N, vocabOf(policy.resolved.lists), { seed: 20260301 }))) as Record<string, unknown>[]
  let issues = 0
  for (const r of requests) if (E.isLeft(z.evaluate(policy, r))) issues++
  if (issues > 0) log(`!! ${id}: ${issues} generated requests gave issues`)
  return { id, policy, requests, issues }
})

// the long-history mix: fewer requests (each carries 100 events on average)
const N_LONG = Number(process.env.BENCH_LONG_N ?? 600)
const longPacks = packs.map(({ id, policy }) => {
  // as a portal's server holds them: parsed from the JSON it was sent (or its database gave)
  const requests = JSON.parse(JSON.stringify(generateRequests(N_LONG, vocabOf(policy.resolved.lists), { seed: 20261206, history: 'long' }))) as Record<string, unknown>[]
  let issues = 0
  let events = 0
  let instants = 0
  for (const r of requests) {
    if (E.isLeft(z.evaluate(policy, r))) issues++
    for (const e of r.history as { date: string }[]) {
      events++
      if (e.date.length > 10) instants++
    }
  }
  if (issues > 0) log(`!! ${id}: ${issues} long-history requests gave issues`)
  return { id, policy, requests, issues, events, instants }
})

const sd = packs.find((p) => p.id === SHANDONG) as (typeof packs)[number]
const epoch = sd.policy.epochs[sd.policy.epochs.length - 1] as Policy['epochs'][number]
for (const r of sd.requests) if (String(r.date) < (epoch.start ?? '')) throw new Error('a request before the current epoch')

// the floor, checked on every request
const floor = makeFloor(vocabOf(sd.policy.resolved.lists), sd.policy.chain.includes('cn-national'))
// on the long mix, the floor that reads the same instants as zhunru: every event's date (as a
// decoder of untrusted input must, and as issue 16's hand-written loop does)
const floorEvery = makeFloor(vocabOf(sd.policy.resolved.lists), sd.policy.chain.includes('cn-national'), { everyDate: true })
let floorDisagreements = 0
for (const r of sd.requests) {
  const d = z.evaluate(sd.policy, r)
  const f = floor(r)
  if (E.isLeft(d) || d.right.outcome !== f.outcome || d.right.decidedBy.id !== f.rule) floorDisagreements++
}

// plain json-rules-engine: one Engine, the epoch's resolved rules, zhunru's operators bound to the epoch's lists
const engine = new Engine([], { allowUndefinedFacts: true, allowUndefinedConditions: false, pathResolver: z.pathResolver })
for (const op of z.OPERATORS.values())
  if (op.custom === true) {
    const cb = op.cb
    engine.addOperator(new Operator(op.name, (a: unknown, b: unknown) => cb(a, b, epoch.env), op.factValueValidator))
  }
for (const [name, c] of sd.policy.resolved.conditions) engine.setCondition(name, c.value as never)
for (const r of epoch.rules) {
  const source = sd.policy.resolved.rules[r.order]
  if (source !== undefined) engine.addRule(new Rule({ name: r.ref.id, conditions: source.rule.conditions as never, event: { type: r.ref.id } }))
}
const rank = new Map(epoch.rules.map((r, i) => [r.ref.id, i]))
const outcomeOf = new Map(epoch.rules.map((r) => [r.ref.id, r.ref.outcome]))
// facts per request, as src/adapter/json-rules-engine.ts computes them: precomputed for the short
// mix; computed inside the timing for the long mix (decoding its history is most of the work)
const factsOf = (req: unknown): [string, unknown][] => {
  const d = z.decodeRequest(req, sd.policy.timeZone)
  if (E.isLeft(d)) throw new Error('bad request')
  const ctx = new RequestCtx(sd.policy, epoch.env, d.right.request, d.right.date, d.right.historyDates, new Uint8Array(Math.max(1, sd.policy.nodeCount)), d.right.approvalDates)
  const facts: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(d.right.request)) if (v !== undefined && k !== 'history' && k !== 'reviews') facts[k] = v
  facts.localDate = d.right.date
  facts.year = ctx.year
  facts.caps = ctx.caps()
  facts.approvalStatus = ctx.approval()
  const review = ctx.priorReview()
  if (review !== undefined) facts.priorReview = review
  facts.params = sd.policy.params
  return Object.entries(facts)
}
const jreFacts = sd.requests.map(factsOf)
const jre = (i: number): Promise<string> => jreRun(jreFacts[i] as [string, unknown][])
const jreRun = async (facts: [string, unknown][]): Promise<string> => {
  const almanac = new Almanac({ allowUndefinedFacts: true, pathResolver: z.pathResolver })
  for (const [k, v] of facts) almanac.addFact(k, v)
  const { events } = await engine.run({}, { almanac })
  let best = ''
  let bestRank = Infinity
  for (const e of events) {
    const k = rank.get(e.type) ?? Infinity
    if (k < bestRank) {
      bestRank = k
      best = e.type
    }
  }
  return outcomeOf.get(best) ?? 'none'
}
let jreDisagreements = 0
for (let i = 0; i < N; i++) {
  const d = z.evaluate(sd.policy, sd.requests[i])
  if (E.isLeft(d) || d.right.outcome !== (await jre(i))) jreDisagreements++
}
log(`checked on ${N} Shandong requests: floor disagrees with evaluate on ${floorDisagreements}, json-rules-engine on ${jreDisagreements}`)
const sdLong = longPacks.find((p) => p.id === SHANDONG) as (typeof longPacks)[number]
// the same requests without their histories: what one event of a history costs is the difference
const sdLongBare = sdLong.requests.map((r) => ({ ...r, history: [] }))
let longFloorDisagreements = 0
let longJreDisagreements = 0
for (const r of sdLong.requests) {
  const d = z.evaluate(sd.policy, r)
  for (const f of [floor(r), floorEvery(r)]) if (E.isLeft(d) || d.right.outcome !== f.outcome || d.right.decidedBy.id !== f.rule) longFloorDisagreements++
  if (E.isLeft(d) || d.right.outcome !== (await jreRun(factsOf(r)))) longJreDisagreements++
}
log(`checked on ${N_LONG} long-history Shandong requests (${sdLong.events} events, ${sdLong.instants} of them instants): floor disagrees with evaluate on ${longFloorDisagreements}, json-rules-engine on ${longJreDisagreements}`)

// compile of the largest layered pack, from its text, as `compile` takes it
const largest = [...packs].sort((a, b) => b.policy.rules.length - a.policy.rules.length)[0] as (typeof packs)[number]
const chain = zn.packChainSources(largest.id)
if (E.isLeft(chain)) throw new Error('pack sources')
const sources = chain.right.sources

const bench = new Bench({ time: TIME, warmupTime: 300 })
const cursor = new Map<string, number>()
const next = (key: string): number => {
  const i = ((cursor.get(key) ?? -1) + 1) % N
  cursor.set(key, i)
  return i
}
// one call per sample; the request cursor is a plain counter, so the harness adds as little as it
// can to each sample beyond the timer itself
for (const p of packs) {
  const { policy, requests } = p
  let i = 0
  bench.add(`evaluate ${p.id}`, () => {
    z.evaluate(policy, requests[i])
    if (++i === N) i = 0
  })
}
for (const p of longPacks) {
  const { policy, requests } = p
  let i = 0
  bench.add(`long ${p.id}`, () => {
    z.evaluate(policy, requests[i])
    if (++i === N_LONG) i = 0
  })
}
const BATCH = 1_000
const JRE_BATCH = 100
let sink = 0
const evalBatch = (): void => {
  for (let k = 0; k < BATCH; k++) if (E.isRight(z.evaluate(sd.policy, sd.requests[next('tp-eval')]))) sink++
}
const floorBatch = (): void => {
  for (let k = 0; k < BATCH; k++) if (floor(sd.requests[next('tp-floor')] as Record<string, unknown>).outcome !== 'permitted') sink++
}
const jreBatch = async (): Promise<void> => {
  for (let k = 0; k < JRE_BATCH; k++) if ((await jre(next('tp-jre'))) !== 'permitted') sink++
}
// compile proper: the packs as values (what a portal compiles from zhunru/packs), and the same
// packs from YAML text through zhunru/text (the YAML parser's time included)
const values = sources.map((src) => {
  const p = zt.parseText((src as { text: string }).text)
  if (E.isLeft(p)) throw new Error('parse failed')
  return { value: p.right.value, ...((src as { file?: string }).file ? { file: (src as { file: string }).file } : {}) }
})
bench.add(`compile ${largest.id}`, () => {
  if (E.isLeft(z.compile(values, { target: chain.right.target }))) throw new Error('compile failed')
})
bench.add(`compile-text ${largest.id}`, () => {
  if (E.isLeft(zt.compile(sources, { target: chain.right.target }))) throw new Error('compile failed')
})
gc()
// every task of this Bench is synchronous: run it without an await between samples
bench.runSync()
if (sink < 0) log('')

const perPack: Record<string, { p50_us: number; p99_us: number; rps: number; rules: number; samples: number }> = {}
for (const p of packs) {
  const s = stats(bench.getTask(`evaluate ${p.id}`) as Task)
  perPack[p.id] = { p50_us: us(s.p50), p99_us: us(s.p99), rps: Math.round(1000 / s.mean), rules: p.policy.rules.length, samples: s.samples }
}
const perPackLong: Record<string, { p50_us: number; p99_us: number; rps: number; events: number; instants: number; samples: number }> = {}
for (const p of longPacks) {
  const s = stats(bench.getTask(`long ${p.id}`) as Task)
  perPackLong[p.id] = { p50_us: us(s.p50), p99_us: us(s.p99), rps: Math.round(1000 / s.mean), events: p.events, instants: p.instants, samples: s.samples }
}
// throughput: the three side by side in interleaved rounds (the machine is shared, its load
// moves); each figure is the median over the rounds, each ratio the median of the rounds' ratios
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 11)
const rounds: { evaluate: number; floor: number; jre: number }[] = []
for (let round = 0; round < ROUNDS; round++) {
  const b = new Bench({ time: Math.max(200, TIME / 3), warmupTime: 100, iterations: 8 })
  const fresh = { beforeAll: gc }
  b.add('evaluate', evalBatch, fresh).add('floor', floorBatch, fresh).add('jre', jreBatch, fresh)
  await b.run()
  const rps = (name: string, batch: number): number => Math.round((1000 * batch) / stats(b.getTask(name) as Task).mean)
  rounds.push({ evaluate: rps('evaluate', BATCH), floor: rps('floor', BATCH), jre: rps('jre', JRE_BATCH) })
}
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2
}
// the long mix on Shandong, the same way: evaluate, the floor and json-rules-engine (facts computed
// in the timing) on the same requests, and evaluate and the floor on them without their histories
const LONG_BATCH = 100
let cursorLong = 0
const longBatch = (f: (r: Record<string, unknown>) => unknown, rs: Record<string, unknown>[]) => (): void => {
  for (let k = 0; k < LONG_BATCH; k++) {
    if (f(rs[cursorLong] as Record<string, unknown>) === undefined) sink++
    if (++cursorLong === N_LONG) cursorLong = 0
  }
}
const longJreBatch = async (): Promise<void> => {
  for (let k = 0; k < 10; k++) {
    if ((await jreRun(factsOf(sdLong.requests[cursorLong]))) !== 'permitted') sink++
    if (++cursorLong === N_LONG) cursorLong = 0
  }
}
const longRounds: {
  evaluate: number
  floor: number
  floor_skip: number
  loop: number
  jre: number
  evaluate_bare: number
  floor_bare: number
  floor_skip_bare: number
  loop_bare: number
}[] = []
for (let round = 0; round < ROUNDS; round++) {
  const b = new Bench({ time: Math.max(200, TIME / 3), warmupTime: 100, iterations: 8 })
  // each task from a collected heap: json-rules-engine's garbage is not collected in another's time
  const fresh = { beforeAll: gc }
  b.add('evaluate', longBatch((r) => z.evaluate(sd.policy, r), sdLong.requests), fresh)
    .add('floor', longBatch(floorEvery, sdLong.requests), fresh)
    .add('floor-skip', longBatch(floor, sdLong.requests), fresh)
    .add('loop', longBatch(historyLoop, sdLong.requests), fresh)
    .add('evaluate-bare', longBatch((r) => z.evaluate(sd.policy, r), sdLongBare), fresh)
    .add('floor-bare', longBatch(floorEvery, sdLongBare), fresh)
    .add('floor-skip-bare', longBatch(floor, sdLongBare), fresh)
    .add('loop-bare', longBatch(historyLoop, sdLongBare), fresh)
    .add('jre', longJreBatch, fresh)
  await b.run()
  const rps = (name: string, batch: number): number => (1000 * batch) / stats(b.getTask(name) as Task).mean
  longRounds.push({
    evaluate: rps('evaluate', LONG_BATCH),
    floor: rps('floor', LONG_BATCH),
    floor_skip: rps('floor-skip', LONG_BATCH),
    loop: rps('loop', LONG_BATCH),
    jre: rps('jre', 10),
    evaluate_bare: rps('evaluate-bare', LONG_BATCH),
    floor_bare: rps('floor-bare', LONG_BATCH),
    floor_skip_bare: rps('floor-skip-bare', LONG_BATCH),
    loop_bare: rps('loop-bare', LONG_BATCH),
  })
}
const meanEvents = sdLong.events / N_LONG
// ns per event: (time per request with the history − without it) / events per request
const perEvent = (withH: number, bare: number): number => ((1e9 / withH - 1e9 / bare) / meanEvents)
const longFigures = {
  rps: Math.round(median(longRounds.map((r) => r.evaluate))),
  floor_rps: Math.round(median(longRounds.map((r) => r.floor))),
  jre_rps: Math.round(median(longRounds.map((r) => r.jre))),
  over_floor: median(longRounds.map((r) => r.evaluate / r.floor)),
  over_jre: median(longRounds.map((r) => r.evaluate / r.jre)),
  event_ns: median(longRounds.map((r) => perEvent(r.evaluate, r.evaluate_bare))),
  floor_event_ns: median(longRounds.map((r) => perEvent(r.floor, r.floor_bare))),
  event_over_floor: median(longRounds.map((r) => perEvent(r.evaluate, r.evaluate_bare) / perEvent(r.floor, r.floor_bare))),
  floor_skip_rps: Math.round(median(longRounds.map((r) => r.floor_skip))),
  over_floor_skip: median(longRounds.map((r) => r.evaluate / r.floor_skip)),
  floor_skip_event_ns: median(longRounds.map((r) => perEvent(r.floor_skip, r.floor_skip_bare))),
  loop_event_ns: median(longRounds.map((r) => perEvent(r.loop, r.loop_bare))),
  event_over_loop: median(longRounds.map((r) => perEvent(r.evaluate, r.evaluate_bare) / perEvent(r.loop, r.loop_bare))),
}
const evaluateRps = Math.round(median(rounds.map((r) => r.evaluate)))
const floorRps = Math.round(median(rounds.map((r) => r.floor)))
const jreRps = Math.round(median(rounds.map((r) => r.jre)))
const overJre = median(rounds.map((r) => r.evaluate / r.jre))
const overFloor = median(rounds.map((r) => r.evaluate / r.floor))
const compileMs = Math.round(stats(bench.getTask(`compile ${largest.id}`) as Task).p50 * 1000) / 1000
const compileTextMs = Math.round(stats(bench.getTask(`compile-text ${largest.id}`) as Task).p50 * 1000) / 1000

// ------------------------------------------------------------------------------------------------
// audit last: 100,000 and 1,000,000 events for 3,200 communities. It runs after the evaluate
// figures so that they are taken in the state a portal's process is in (the audit's million
// parsed events would otherwise leave their shapes in the shared code and a large old space);
// the evaluate data is dropped first, so the heap figures are the audit's own
// ------------------------------------------------------------------------------------------------
const auditFigures: Record<string, number> = {}
if (process.env.BENCH_AUDIT !== '0') {
  for (const p of packs) p.requests.length = 0
  for (const p of longPacks) p.requests.length = 0
  sdLongBare.length = 0
  jreFacts.length = 0
  const shandong = load(SHANDONG)
  const vocab = vocabOf(shandong.resolved.lists)
  const dir = join(tmpdir(), 'zhunru-bench')
  mkdirSync(dir, { recursive: true })
  for (const [n, name] of [[100_000, '100k'], [1_000_000, '1m']] as const) {
    // -i: half the dates written as instants (the files before had plain dates only)
    const file = join(dir, `events-${name}-i.ndjson`)
    if (!existsSync(file) || statSync(file).size === 0) {
      const out = createWriteStream(file)
      let buf = ''
      for (const line of generateEvents(n, vocab, { seed: 2026, lateEvery: 100_000, malformedEvery: 250_000 })) {
        buf += `${line}\n`
        if (buf.length > 1 << 16) {
          if (!out.write(buf)) await once(out, 'drain')
          buf = ''
        }
      }
      out.end(buf)
      await once(out, 'finish')
    }
    gc()
    const base = process.memoryUsage().heapUsed
    let peak = base
    let lines = 0
    // read as `zhunru audit` reads (its own line reader), sampling the heap every 4,096 lines
    async function* linesOf(): AsyncGenerator<unknown> {
      for await (const l of cliLines(createReadStream(file, { highWaterMark: 1 << 20 }))) {
        if ((++lines & 4095) === 0) {
          const h = process.memoryUsage().heapUsed
          if (h > peak) peak = h
        }
        yield l
      }
    }
    const t0 = performance.now()
    const c0 = process.cpuUsage()
    const run = z.audit(shandong, linesOf())
    let found = 0
    for await (const _ of run.findings) found++
    const summary = await run.summary
    const secs = (performance.now() - t0) / 1000
    const cpu = process.cpuUsage(c0)
    const cpuSecs = (cpu.user + cpu.system) / 1e6
    const h = process.memoryUsage().heapUsed
    if (h > peak) peak = h
    auditFigures[`audit_${name}_single_s`] = Math.round(secs * 1000) / 1000
    auditFigures[`audit_${name}_single_heap_mb`] = Math.round(peak / 2 ** 20)
    auditFigures[`audit_${name}_single_cpu_s`] = Math.round(cpuSecs * 1000) / 1000
    auditFigures[`audit_${name}_violations`] = summary.violations
    log(`audit ${name}, audit() on one thread: ${secs.toFixed(2)} s (CPU ${cpuSecs.toFixed(2)} s), peak heap ${(peak / 2 ** 20).toFixed(0)} MB (${(base / 2 ** 20).toFixed(0)} MB before), read ${summary.read}, skipped ${summary.skipped}, judged ${summary.judged}, late ${summary.late}, violations ${summary.violations}, findings ${found}, held at most ${summary.peakHeld}`)

    // the same file as `zhunru audit` judges it: auditFile (zhunru/node), on the default number of
    // threads; findings made and counted (format none), as above. The heap is the most the
    // threads held at once, from their samples taken together (the main thread only waits).
    gc()
    const t1 = performance.now()
    const c1 = process.cpuUsage()
    const r = await zn.auditFile(file, { pack: SHANDONG, format: 'none' })()
    const fileSecs = (performance.now() - t1) / 1000
    const fileCpu = process.cpuUsage(c1)
    if (E.isLeft(r)) throw new Error(`auditFile: ${r.left.map((i) => i.code).join(', ')}`)
    const s2 = r.right.summary
    if (s2.violations !== summary.violations || s2.judged !== summary.judged || s2.skipped !== summary.skipped || s2.late !== summary.late)
      throw new Error(`auditFile disagrees with audit(): ${JSON.stringify(s2)} vs ${JSON.stringify(summary)}`)
    const fileCpuSecs = (fileCpu.user + fileCpu.system) / 1e6
    auditFigures[`audit_${name}_s`] = Math.round(fileSecs * 1000) / 1000
    auditFigures[`audit_${name}_heap_mb`] = Math.round(r.right.peakHeap / 2 ** 20)
    auditFigures[`audit_${name}_heap_sum_mb`] = Math.round(r.right.peakHeapSum / 2 ** 20)
    auditFigures[`audit_${name}_cpu_s`] = Math.round(fileCpuSecs * 1000) / 1000
    auditFigures[`audit_${name}_threads`] = r.right.threads
    log(`audit ${name}, auditFile on ${r.right.threads} threads: ${fileSecs.toFixed(2)} s (CPU ${fileCpuSecs.toFixed(2)} s), peak heap ${(r.right.peakHeap / 2 ** 20).toFixed(0)} MB over the threads at once (${(r.right.peakHeapSum / 2 ** 20).toFixed(0)} MB summing each thread's peak), the same counts`)

    // the floor: the same threads reading, cutting, sharing out and JSON.parse-ing the same lines,
    // with the audit's own code, and judging nothing (bench/audit-floor.ts)
    gc()
    const floor = await auditFloor(file, r.right.threads)
    auditFigures[`audit_${name}_floor_s`] = Math.round(floor.wallSecs * 1000) / 1000
    auditFigures[`audit_${name}_floor_read_s`] = Math.round(floor.secs * 1000) / 1000
    auditFigures[`audit_${name}_floor_cpu_s`] = Math.round(floor.cpuSecs * 1000) / 1000
    log(`audit ${name}, its floor on ${r.right.threads} threads (read, cut, share out, JSON.parse; judge nothing): ${floor.wallSecs.toFixed(2)} s (${floor.secs.toFixed(2)} s from first read to end; CPU ${floor.cpuSecs.toFixed(2)} s), ${floor.parsed} lines parsed`)
  }
}

const results = {
  evaluate_p50_us: Math.max(...Object.values(perPack).map((p) => p.p50_us)),
  evaluate_p99_us: Math.max(...Object.values(perPack).map((p) => p.p99_us)),
  evaluate_rps: evaluateRps,
  jre_rps: jreRps,
  floor_rps: floorRps,
  long_history_p50_us: Math.max(...Object.values(perPackLong).map((p) => p.p50_us)),
  long_history_p99_us: Math.max(...Object.values(perPackLong).map((p) => p.p99_us)),
  long_history_rps: longFigures.rps,
  long_history_floor_rps: longFigures.floor_rps,
  long_history_jre_rps: longFigures.jre_rps,
  long_history_event_ns: Math.round(longFigures.event_ns * 10) / 10,
  long_history_floor_event_ns: Math.round(longFigures.floor_event_ns * 10) / 10,
  long_history_loop_event_ns: Math.round(longFigures.loop_event_ns * 10) / 10,
  long_history_floor_skip_rps: longFigures.floor_skip_rps,
  long_history_floor_skip_event_ns: Math.round(longFigures.floor_skip_event_ns * 10) / 10,
  compile_ms: compileMs,
  compile_text_ms: compileTextMs,
  audit_100k_s: auditFigures.audit_100k_s ?? null,
  audit_1m_s: auditFigures.audit_1m_s ?? null,
  audit_1m_heap_mb: auditFigures.audit_1m_heap_mb ?? null,
  notes: {
    evaluate_p50_us: 'worst p50 over the shipped packs (per call, tinybench, includes the harness timer)',
    evaluate_p99_us: 'worst p99 over the shipped packs',
    evaluate_rps: 'cn-shandong, batches of 1,000 seeded requests (parsed from JSON, as every mix of the bench); median of interleaved rounds',
    jre_rps: 'cn-shandong, plain json-rules-engine, one reused Engine, facts precomputed outside the timing; batches of 100; median of rounds',
    floor_rps: 'cn-shandong, hand-written function (bench/floor.ts), batches of 1,000; median of rounds',
    ratios: 'medians of the per-round ratios (evaluate, floor and json-rules-engine run side by side in each round)',
    long_history: `the long-history mix (bench/requests.ts, history: 'long'): ${N_LONG} requests per pack, each with 0..200 past events (mean 100), half of them and half the requests' dates instants (+08:00, Z, other zones' offsets), parsed from JSON as a portal's server holds them. long_history_p50_us/p99_us: the worst pack's per-call figures (each pack's in packs_long); long_history_rps, _floor_rps, _jre_rps: cn-shandong, batches of ${LONG_BATCH} (json-rules-engine: 10, its facts computed in the timing by zhunru's decoder and context, as the adapter does), median of interleaved rounds. The floor (bench/floor.ts) reads the same instants as zhunru: every event's date, whatever the request; long_history_floor_skip_*: the same floor reading only the dates of the events a cap of the request counts (none for a task or a certificate). long_history_loop_event_ns: issue 16's hand-written loop (historyLoop: every event's date into a Shanghai day, the month's and year's inspections counted). *_event_ns: the cost of one event, (time per request with its history - without it) / ${meanEvents.toFixed(1)} events, median of rounds`,
    compile_ms: `p50 of compile of the ${sources.length} packs as values (as from zhunru/packs) for ${largest.id}, the largest layered pack`,
    compile_text_ms: `p50 of compile from the YAML text of the ${sources.length} packs (zhunru/text: the YAML parser's time included)`,
    audit: 'audit_*_s and audit_1m_heap_mb: auditFile (zhunru/node, as zhunru audit runs it) on the default threads, findings counted; the heap is the most the threads held at once (the sum of their latest samples, each thread sampling every 4,096 lines; audit.*_heap_sum_mb sums each thread\'s own peak). audit.*_single_*: audit() on one thread over the CLI line reader, as before auditFile. audit.*_floor_*: the same threads reading, cutting, sharing out and JSON.parse-ing the same lines with the audit\'s code, judging nothing (bench/audit-floor.ts): _floor_s from starting the threads to their end, _floor_read_s from first read to end',
  },
  ratios: {
    evaluate_over_jre: Math.round(overJre * 10) / 10,
    evaluate_over_floor: Math.round(overFloor * 1000) / 1000,
    long_history_over_floor: Math.round(longFigures.over_floor * 1000) / 1000,
    long_history_over_jre: Math.round(longFigures.over_jre * 10) / 10,
    long_history_event_over_floor: Math.round(longFigures.event_over_floor * 10) / 10,
    long_history_event_over_loop: Math.round(longFigures.event_over_loop * 10) / 10,
    long_history_over_floor_skip: Math.round(longFigures.over_floor_skip * 1000) / 1000,
    audit_1m_over_100k: auditFigures.audit_1m_s !== undefined && auditFigures.audit_100k_s ? Math.round((auditFigures.audit_1m_s / auditFigures.audit_100k_s) * 100) / 100 : null,
    audit_1m_over_floor: auditFigures.audit_1m_s !== undefined && auditFigures.audit_1m_floor_s ? Math.round((auditFigures.audit_1m_s / auditFigures.audit_1m_floor_s) * 100) / 100 : null,
    audit_1m_over_100k_cpu: auditFigures.audit_1m_cpu_s !== undefined && auditFigures.audit_100k_cpu_s ? Math.round((auditFigures.audit_1m_cpu_s / auditFigures.audit_100k_cpu_s) * 100) / 100 : null,
  },
  checks: {
    floor_disagreements: floorDisagreements,
    jre_disagreements: jreDisagreements,
    requests_per_pack: N,
    request_issues: Object.fromEntries(packs.map((p) => [p.id, p.issues])),
    long_floor_disagreements: longFloorDisagreements,
    long_jre_disagreements: longJreDisagreements,
    long_requests_per_pack: N_LONG,
    long_request_issues: Object.fromEntries(longPacks.map((p) => [p.id, p.issues])),
  },
  packs: perPack,
  packs_long: perPackLong,
  audit: auditFigures,
  throughput_rounds: rounds,
  long_history_rounds: longRounds.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Math.round(v)]))),
  machine: { ...machine, loadavg_end: loadavg().map((x) => Math.round(x * 100) / 100) },
  date: new Date().toISOString(),
}
writeFileSync(join(here, 'results.json'), `${JSON.stringify(results, null, 2)}\n`)

const row = (name: string, value: string, target: string, ok: boolean | null): string =>
  `${name.padEnd(32)}${value.padStart(16)}   ${target.padEnd(22)}${ok === null ? '' : ok ? 'met' : 'NOT MET'}`
log('')
log(row('per pack', 'p50 µs / p99 µs', 'p50 ≤ 2, p99 ≤ 20', null))
for (const [id, p] of Object.entries(perPack)) log(row(`  ${id}`, `${p.p50_us} / ${p.p99_us}`, '', p.p50_us <= 2 && p.p99_us <= 20))
log(row('evaluate_rps (Shandong)', evaluateRps.toLocaleString('en'), '', null))
log(row('jre_rps', jreRps.toLocaleString('en'), '', null))
log(row('floor_rps', floorRps.toLocaleString('en'), '', null))
log(row('evaluate / jre', `${results.ratios.evaluate_over_jre}×`, '≥ 100×', results.ratios.evaluate_over_jre >= 100))
log(row('evaluate / floor', `${results.ratios.evaluate_over_floor}`, '≥ 0.333', results.ratios.evaluate_over_floor >= 1 / 3))
// issue 16: the short mix no slower than before it (138× json-rules-engine, worst p99 10.2 µs)
log(row('short mix: evaluate / jre', `${results.ratios.evaluate_over_jre}×`, '≥ 138× (issue 16)', results.ratios.evaluate_over_jre >= 138))
log(row('short mix: worst p99 µs', `${results.evaluate_p99_us}`, '≤ 10.2 (issue 16)', results.evaluate_p99_us <= 10.2))
log(row('long history per pack', 'p50 µs / p99 µs', 'p99 ≤ 20', null))
for (const [id, p] of Object.entries(perPackLong)) log(row(`  ${id}`, `${p.p50_us} / ${p.p99_us}`, '', p.p99_us <= 20))
log(row('long_history_rps (Shandong)', longFigures.rps.toLocaleString('en'), '', null))
log(row('long_history_floor_rps', longFigures.floor_rps.toLocaleString('en'), '', null))
log(row('long_history_jre_rps', longFigures.jre_rps.toLocaleString('en'), '', null))
log(row('long history / floor', `${results.ratios.long_history_over_floor}`, '≥ 0.333', results.ratios.long_history_over_floor >= 1 / 3))
log(row('  / floor reading fewer dates', `${results.ratios.long_history_over_floor_skip}`, `(${longFigures.floor_skip_rps.toLocaleString('en')} rps)`, null))
log(row('long history / jre', `${results.ratios.long_history_over_jre}×`, '', null))
log(row('one event: evaluate / loop', `${results.long_history_event_ns} / ${results.long_history_loop_event_ns} ns`, '≤ 3×', results.ratios.long_history_event_over_loop <= 3))
log(row('one event: evaluate / floor', `${results.long_history_event_ns} / ${results.long_history_floor_event_ns} ns`, `${results.ratios.long_history_event_over_floor}×`, null))
log(row('compile_ms', `${compileMs}`, '≤ 20', compileMs <= 20))
log(row('compile_text_ms', `${compileTextMs}`, '(with YAML parsing)', null))
if (results.audit_1m_s !== null) {
  log(row('audit_100k_s', `${results.audit_100k_s}`, '', null))
  log(row('audit_1m_s', `${results.audit_1m_s}`, '≤ 5', results.audit_1m_s <= 5))
  log(row('  its floor (read + JSON.parse)', `${auditFigures.audit_1m_floor_s} s`, `audit / floor ${results.ratios.audit_1m_over_floor}×`, null))
  log(row('audit_1m_heap_mb', `${results.audit_1m_heap_mb}`, '≤ 200', (results.audit_1m_heap_mb as number) <= 200))
  log(row('audit 1m / 100k', `${results.ratios.audit_1m_over_100k}`, '≤ 11', (results.ratios.audit_1m_over_100k as number) <= 11))
  log(row('audit 1m / 100k (CPU time)', `${results.ratios.audit_1m_over_100k_cpu}`, '≤ 11', (results.ratios.audit_1m_over_100k_cpu as number) <= 11))
  log(row('  on one thread (audit())', `${auditFigures.audit_1m_single_s} s, ${auditFigures.audit_1m_single_heap_mb} MB`, '≤ 5 s, ≤ 200 MB', (auditFigures.audit_1m_single_s as number) <= 5 && (auditFigures.audit_1m_single_heap_mb as number) <= 200))
}
log(row('floor disagreements', `${floorDisagreements}`, '0', floorDisagreements === 0))
log(row('jre disagreements', `${jreDisagreements}`, '0', jreDisagreements === 0))
log(row('long: floor / jre disagreements', `${longFloorDisagreements} / ${longJreDisagreements}`, '0', longFloorDisagreements + longJreDisagreements === 0))
log(`load average ${machine.loadavg_start.join(' ')} → ${results.machine.loadavg_end.join(' ')} (other processes share these ${machine.nproc} CPUs)`)
log('wrote bench/results.json')
if (floorDisagreements > 0 || jreDisagreements > 0 || longFloorDisagreements > 0 || longJreDisagreements > 0) process.exitCode = 1

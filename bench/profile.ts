/**
 * `npm run bench:profile`: where evaluate spends its time on the Shandong request mix. Loads the
 * built package (dist/node.js, which carries the whole core), warms evaluate up on 10,000 seeded
 * requests, then profiles only the steady loop with the V8 CPU profiler (node:inspector, the same
 * profiler as `node --cpu-prof`) and prints the functions with the most self time, with file:line
 * in dist/ and their callers.
 *
 *   npx tsup && npx tsx bench/profile.ts [seconds=4] [top=15] [--save profile.cpuprofile] [--long]
 *
 * `--long`: the long-history mix instead (600 requests, 0..200 past events each, half instants).
 * Either mix is parsed from JSON first, as the bench times it.
 */
import { writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import * as E from 'fp-ts/lib/Either.js'
import { generateRequests, vocabOf } from './requests'

const here = dirname(fileURLToPath(import.meta.url))
const dist = join(here, '..', 'dist')
const args = process.argv.slice(2).filter((a) => !a.startsWith('--'))
const seconds = Number(args[0] ?? 4)
const top = Number(args[1] ?? 15)
const saveAt = process.argv.indexOf('--save')

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}

const zn = (await import(pathToFileURL(join(dist, 'node.js')).href)) as typeof import('../src/node/index')
const p = zn.loadPolicy('cn-shandong')
if (E.isLeft(p)) throw new Error('cn-shandong does not load')
const policy = p.right
const long = process.argv.includes('--long')
// parsed from JSON, as the bench times them (a portal's server holds them so)
const requests = JSON.parse(
  JSON.stringify(
    long
      ? generateRequests(600, vocabOf(policy.resolved.lists), { seed: 20261206, history: 'long' })
      : generateRequests(10_000, vocabOf(policy.resolved.lists), { seed: 20260301 }),
  ),
) as Record<string, unknown>[]
let n = 0
const loop = (ms: number): void => {
  const until = performance.now() + ms
  while (performance.now() < until) for (let i = 0; i < 1000; i++) if (E.isRight(zn.evaluate(policy, requests[n++ % requests.length]))) n += 0
}
loop(1000) // warm up: the profile shows the optimised steady state

const session = new Session()
session.connect()
await session.post('Profiler.enable')
await session.post('Profiler.setSamplingInterval', { interval: 100 })
await session.post('Profiler.start')
const before = n
loop(seconds * 1000)
const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: { nodes: ProfileNode[]; samples: number[] } }
session.disconnect()
if (saveAt > 0 && process.argv[saveAt + 1] !== undefined) writeFileSync(process.argv[saveAt + 1] as string, JSON.stringify(profile))

const byId = new Map(profile.nodes.map((x) => [x.id, x]))
const parent = new Map<number, number>()
for (const x of profile.nodes) for (const c of x.children ?? []) parent.set(c, x.id)
const name = (x: ProfileNode | undefined): string => {
  if (x === undefined) return '?'
  const cf = x.callFrame
  const where = cf.url === '' ? '' : ` ${cf.url.replace(/^.*\/(dist|node_modules)\//, '$1/')}:${cf.lineNumber + 1}`
  return `${cf.functionName || '(anonymous)'}${where}`
}
const self = new Map<string, { count: number; callers: Map<string, number> }>()
for (const s of profile.samples) {
  const node = byId.get(s)
  const k = name(node)
  const e = self.get(k) ?? { count: 0, callers: new Map<string, number>() }
  e.count++
  const caller = name(byId.get(parent.get(s) ?? -1))
  e.callers.set(caller, (e.callers.get(caller) ?? 0) + 1)
  self.set(k, e)
}
const total = profile.samples.length
process.stdout.write(`${(n - before).toLocaleString('en')} evaluations in ${seconds} s on cn-shandong${long ? ' (long-history mix)' : ''}; top ${top} by self time (${total} samples)\n`)
for (const [k, e] of [...self].sort((a, b) => b[1].count - a[1].count).slice(0, top)) {
  const callers = [...e.callers].sort((a, b) => b[1] - a[1]).slice(0, 2).map(([c]) => c).join('; ')
  process.stdout.write(`${((100 * e.count) / total).toFixed(1).padStart(5)}%  ${k}   ← ${callers}\n`)
}

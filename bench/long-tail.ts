/**
 * What the costliest requests of the long-history mix cost, apart from the machine's noise: each
 * of the 600 requests (cn-shandong, parsed from JSON as the bench times them) evaluated 5 times in
 * a row, 40 times over, and its best time kept; then the costliest and the percentiles of those
 * bests, with each request's events, kind and deciding rule. The bench's p99 is of single calls,
 * which a shared machine's interruptions land on too; this says how much of it is the work.
 *
 *   npx tsup && npx tsx bench/long-tail.ts [pack=cn-shandong]
 */
import { pathToFileURL } from 'node:url'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as E from 'fp-ts/lib/Either.js'
import { generateRequests, vocabOf } from './requests'

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist')
const z = (await import(pathToFileURL(join(dist, 'index.js')).href)) as typeof import('../src/index')
const zn = (await import(pathToFileURL(join(dist, 'node.js')).href)) as typeof import('../src/node/index')
const pack = process.argv[2] ?? 'cn-shandong'
const p = zn.loadPolicy(pack)
if (E.isLeft(p)) throw new Error(`${pack} does not load`)
const policy = p.right
type Req = { kind: string; history: unknown[]; requester?: { level?: string } }
const reqs = JSON.parse(JSON.stringify(generateRequests(600, vocabOf(policy.resolved.lists), { seed: 20261206, history: 'long' }))) as Req[]
for (let k = 0; k < 30; k++) for (const r of reqs) z.evaluate(policy, r)
const best = reqs.map(() => Infinity)
for (let k = 0; k < 40; k++)
  for (let i = 0; i < reqs.length; i++) {
    const t = performance.now()
    for (let j = 0; j < 5; j++) z.evaluate(policy, reqs[i])
    const us = ((performance.now() - t) * 1000) / 5
    if (us < (best[i] as number)) best[i] = us
  }
const rows = reqs.map((r, i) => {
  const d = z.evaluate(policy, r)
  return { us: best[i] as number, events: r.history.length, kind: r.kind, level: r.requester?.level ?? '', rule: E.isRight(d) ? d.right.decidedBy.id : 'issues' }
})
rows.sort((a, b) => b.us - a.us)
const at = (q: number): string => (rows[Math.min(rows.length - 1, Math.floor(rows.length * q))] as (typeof rows)[number]).us.toFixed(1)
process.stdout.write(`${pack}, ${rows.length} long-history requests, best of 40 × 5 calls each: p50 ${at(0.5)} µs, p99 ${at(0.01)} µs, costliest ${at(0)} µs\n`)
for (const x of rows.slice(0, 8)) process.stdout.write(`${x.us.toFixed(1).padStart(7)} µs  ${String(x.events).padStart(3)} events  ${x.kind} (${x.level})  ${x.rule}  ${((x.us * 1000) / Math.max(1, x.events)).toFixed(0)} ns an event\n`)

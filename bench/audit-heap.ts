/**
 * The audit of the bench's 1,000,000 events in a heap capped by V8, to show it fits: run it as
 *
 *   npx tsup && node --max-old-space-size=200 --import tsx bench/audit-heap.ts
 *
 * (after `npm run bench` has generated $TMPDIR/zhunru-bench/events-1m.ndjson, or with a file as
 * argument). A run that ends, rather than dying of "heap out of memory", holds less than the cap;
 * it prints the time and the peak `heapUsed` sampled every 8,192 findings.
 */
import { createReadStream, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { getHeapStatistics } from 'node:v8'
import * as E from 'fp-ts/lib/Either.js'
import { linesOf } from '../src/cli/audit'

const here = dirname(fileURLToPath(import.meta.url))
const dist = join(here, '..', 'dist')
const file = process.argv[2] ?? join(tmpdir(), 'zhunru-bench', 'events-1m.ndjson')
if (!existsSync(file)) {
  process.stderr.write(`no ${file}: run npm run bench first, or give an NDJSON file\n`)
  process.exit(2)
}
const z = (await import(pathToFileURL(join(dist, 'index.js')).href)) as typeof import('../src/index')
const zn = (await import(pathToFileURL(join(dist, 'node.js')).href)) as typeof import('../src/node/index')
const policy = zn.loadPolicy('cn-shandong')
if (E.isLeft(policy)) throw new Error('cn-shandong does not load')

// read as `zhunru audit` reads: its own line reader
const lines = (): AsyncGenerator<unknown> => linesOf(createReadStream(file, { highWaterMark: 1 << 20 }))

const t0 = performance.now()
let peak = 0
let n = 0
const run = z.audit(policy.right, lines())
for await (const _ of run.findings) if ((++n & 8191) === 0) peak = Math.max(peak, process.memoryUsage().heapUsed)
const s = await run.summary
peak = Math.max(peak, process.memoryUsage().heapUsed)
const limit = getHeapStatistics().heap_size_limit
process.stdout.write(
  `judged ${s.judged} of ${s.read} lines in ${((performance.now() - t0) / 1000).toFixed(1)} s; peak heapUsed ${(peak / 2 ** 20).toFixed(0)} MB; V8 heap limit ${(limit / 2 ** 20).toFixed(0)} MB; events held at most ${s.peakHeld}\n`,
)

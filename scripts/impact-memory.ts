/**
 * The 1,000,000-request run of docs/impact.md: requests on standard input, `impactFile` on two
 * threads, and what it held: the main thread's peak heap (sampled after each batch, garbage
 * included), its live heap (after a full collection every 2 s, with node's --expose-gc) and the
 * process's peak resident memory (sampled every 200 ms, the threads included).
 *
 *   npx tsx scripts/gen-requests.ts 1000000 --communities 3000 | node --expose-gc --import tsx scripts/impact-memory.ts
 *   npx tsx scripts/gen-requests.ts 200000 --communities 3000 | node --expose-gc --import tsx scripts/impact-memory.ts --threads 1
 */
import * as E from 'fp-ts/lib/Either.js'
import { impactFile } from '../src/node/impact-file'

const args = process.argv.slice(2)
const opt = (name: string, d: string): string => {
  const i = args.indexOf(name)
  return i === -1 ? d : (args[i + 1] ?? d)
}
let rss = 0
const timer = setInterval(() => {
  rss = Math.max(rss, process.memoryUsage().rss)
}, 200)
// the live heap: after a full collection, every 2 s (when node runs with --expose-gc)
const gc = (globalThis as { gc?: () => void }).gc
const live: number[] = []
const collector =
  gc === undefined
    ? undefined
    : setInterval(() => {
        gc()
        live.push(process.memoryUsage().heapUsed)
      }, 2000)
const started = Date.now()
const r = await impactFile('-', { before: opt('--before', 'cn-shandong'), after: opt('--after', 'examples/amend-shandong'), threads: Number(opt('--threads', '2')), stdin: true })
clearInterval(timer)
if (collector !== undefined) clearInterval(collector)
rss = Math.max(rss, process.memoryUsage().rss)
if (E.isLeft(r)) {
  process.stderr.write(`${JSON.stringify(r.left)}\n`)
  process.exitCode = 2
} else {
  const s = r.right.summary
  const mb = (n: number): string => `${(n / 2 ** 20).toFixed(0)} MB`
  process.stdout.write(
    `requests ${s.read}, changed ${s.changed}, threads ${r.right.threads}, ${((Date.now() - started) / 1000).toFixed(1)} s, main-thread peak heap ${mb(r.right.peakHeap)}${live.length > 0 ? `, live heap after GC: first ${mb(live[0] as number)}, largest ${mb(Math.max(...live))}, last ${mb(live[live.length - 1] as number)}` : ''}, peak resident ${mb(rss)}\n`,
  )
}

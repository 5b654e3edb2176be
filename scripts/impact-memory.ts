/**
 * The 1,000,000-request run of docs/impact.md: requests on standard input, `impactFile` on two
 * threads, and what it held: the main thread's peak heap (sampled after each batch) and the
 * process's peak resident memory (sampled every 200 ms, the threads included).
 *
 *   npx tsx scripts/gen-requests.ts 1000000 --communities 3000 | npx tsx scripts/impact-memory.ts
 *   npx tsx scripts/gen-requests.ts 200000 --communities 3000 | npx tsx scripts/impact-memory.ts --threads 1
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
const started = Date.now()
const r = await impactFile('-', { before: opt('--before', 'cn-shandong'), after: opt('--after', 'examples/amend-shandong'), threads: Number(opt('--threads', '2')), stdin: true })
clearInterval(timer)
rss = Math.max(rss, process.memoryUsage().rss)
if (E.isLeft(r)) {
  process.stderr.write(`${JSON.stringify(r.left)}\n`)
  process.exitCode = 2
} else {
  const s = r.right.summary
  const mb = (n: number): string => `${(n / 2 ** 20).toFixed(0)} MB`
  process.stdout.write(
    `requests ${s.read}, changed ${s.changed}, threads ${r.right.threads}, ${((Date.now() - started) / 1000).toFixed(1)} s, main-thread peak heap ${mb(r.right.peakHeap)}, peak resident ${mb(rss)}\n`,
  )
}

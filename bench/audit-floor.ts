/**
 * The audit's floor: the time `zhunru audit` needs on a file before it judges a single event. Each
 * of `threads` worker threads reads the whole file, cuts it into lines, finds each line's thread
 * and decodes and `JSON.parse`s its own lines, with the audit's own code
 * (bench/audit-floor-worker.ts); nothing is validated, judged or written. What the audit takes
 * beyond this is the judging (validation, the caps and rules, the findings and what it holds).
 *
 *   npx tsx bench/audit-floor.ts /tmp/events-1m.ndjson [threads=2]
 *
 * Gives the wall time from starting the threads to their end (as `auditFile`'s is measured; the
 * threads here load their code through tsx, which the built audit does not), the threads' own
 * time (from each one's first read to its end), the process's CPU time, and the lines parsed.
 */
import { Worker } from 'node:worker_threads'

export interface FloorResult {
  /** from starting the threads to the last one's end (s): what `auditFile`'s time is comparable to */
  readonly wallSecs: number
  /** the longest of the threads' own times, from first read to end (s) */
  readonly secs: number
  /** the process's CPU time from starting the threads to their end (s), loading included */
  readonly cpuSecs: number
  /** the lines parsed, over the threads */
  readonly parsed: number
}

const workerSource = `(async () => { (await import('tsx/esm/api')).register(); await import(${JSON.stringify(new URL('./audit-floor-worker.ts', import.meta.url).href)}) })()`

/** Run the floor on `threads` threads (the audit's default on this machine when not given). */
export const auditFloor = async (file: string, threads: number): Promise<FloorResult> => {
  const c = process.cpuUsage()
  const t = performance.now()
  const results = await Promise.all(
    Array.from(
      { length: threads },
      (_, me) =>
        new Promise<{ parsed: number; ms: number }>((resolve, reject) => {
          const w = new Worker(workerSource, { eval: true, workerData: { file, threads, me } })
          w.once('message', (m: { parsed: number; ms: number }) => {
            resolve(m)
            void w.terminate()
          })
          w.once('error', reject)
        }),
    ),
  )
  const u = process.cpuUsage(c)
  return {
    wallSecs: (performance.now() - t) / 1000,
    secs: Math.max(...results.map((r) => r.ms)) / 1000,
    cpuSecs: (u.user + u.system) / 1e6,
    parsed: results.reduce((n, r) => n + r.parsed, 0),
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2] ?? '/tmp/events-1m.ndjson'
  const threads = Number(process.argv[3] ?? 2)
  const r = await auditFloor(file, threads)
  console.log(`floor on ${threads} threads: ${r.wallSecs.toFixed(2)} s wall, ${r.secs.toFixed(2)} s from first read to end (CPU ${r.cpuSecs.toFixed(2)} s), ${r.parsed} lines parsed`)
}

import { closeSync, openSync, readSync } from 'node:fs'
import { parentPort, workerData } from 'node:worker_threads'
import { ChunkIndex, threadOfLine, threadOfValue } from '../src/node/audit-partition'
import { LineSplitter, MAX_LINE_BYTES, type LineSink } from '../src/node/line-splitter'

/**
 * One thread of the audit's floor (bench/audit-floor.ts): what a thread of `zhunru audit` does
 * before it judges anything, with the same code: read the whole file in 1 MB chunks, cut it into
 * lines, find each line's thread (src/node/audit-partition.ts), decode its own lines and
 * `JSON.parse` them. Posts the lines it parsed and the milliseconds from its first read to its end.
 */
const { file, threads, me } = workerData as { file: string; threads: number; me: number }
const t0 = performance.now()
let parsed = 0
let index: ChunkIndex | undefined
const own = (s: string): void => {
  try {
    JSON.parse(s)
    parsed++
  } catch {
    // a malformed line: the audit reports it; the floor only counts what parses
  }
}
const sink: LineSink = {
  chunk: (b) => {
    index = threads > 1 ? new ChunkIndex(b) : undefined
  },
  line: (b, start, end) => {
    if (threads === 1) return own(b.toString('utf8', start, end))
    const t = index !== undefined ? index.threadOf(start, end, threads) : threadOfLine(b.subarray(start, end), threads)
    if (t === me) own(b.toString('utf8', start, end))
    else if (t === -1) {
      const s = b.toString('utf8', start, end)
      if (threadOfValue(s, threads) === me) own(s)
    }
  },
  tooLong: () => undefined,
}
const splitter = new LineSplitter(file, MAX_LINE_BYTES)
const fd = openSync(file, 'r')
const buf = Buffer.allocUnsafe(1 << 20)
for (;;) {
  const got = readSync(fd, buf, 0, buf.length, null)
  if (got === 0) break
  index = undefined
  splitter.push(buf.subarray(0, got), sink)
}
index = undefined
splitter.end(sink)
closeSync(fd)
parentPort?.postMessage({ parsed, ms: performance.now() - t0 })

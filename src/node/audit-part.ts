import { closeSync, openSync, readSync } from 'node:fs'
import { getHeapStatistics } from 'node:v8'
import * as E from 'fp-ts/lib/Either.js'
import { createAuditor } from '../audit/auditor'
import type { AuditSummary, Finding } from '../audit/finding'
import { issue, type Issue } from '../issues/issue'
import type { Locale } from '../issues/format'
import { auditRow, type AuditFormat } from './audit-format'
import { ChunkIndex, threadOfLine, threadOfValue } from './audit-partition'
import type { CompiledPolicy } from '../compile/compile'
import { compile, type PackSource } from '../load/compile-packs'

/**
 * One thread's share of a file audit ({@link auditFile}): it reads the whole file in chunks,
 * judges the lines of its communities (audit-partition.ts) with their line numbers, and hands on,
 * chunk by chunk, the rows of the findings they gave. With one thread it is the whole audit.
 *
 * @module
 */

/** What a share is told (a worker's `workerData`). */
export interface PartParams {
  readonly file: string
  /** the pack and those it extends, as values (parsed once by the main thread), and its id */
  readonly packs: readonly PackSource[]
  readonly target: string
  readonly threads: number
  readonly me: number
  readonly format: AuditFormat
  readonly lang: Locale
  readonly reorderDays?: number
  readonly fullHistory?: boolean
}

/**
 * The rows of a piece of output by what gave them: pairs of numbers, the line whose reading gave
 * the rows (or, at the end, the line of the community's first event) and the rows' length in
 * characters. A line gives rows on one thread only (the one that reads it), so merging several
 * threads' rows by these lines puts them in the order one thread would have written them.
 */
export type Groups = readonly number[]

/** What a share gives at the end. */
export interface PartResult {
  readonly summary: AuditSummary
  /** the rows of the findings given at the end (the events still held, judged last) */
  readonly text: string
  /** their groups (with more than one thread) */
  readonly groups?: Groups
  /** the chunks handed on before */
  readonly chunks: number
  /** the bytes read: every thread reads the same, unless the file changed under them */
  readonly bytes: number
  /** the most heap this thread used, sampled every 4,096 lines (bytes) */
  readonly peakHeap: number
  /** the samples: pairs of time (ms since the epoch) and heap used (bytes) */
  readonly heapSamples: readonly number[]
}

const CHUNK = 1 << 20

/**
 * Run a share. `onChunk` gets, after each chunk of the file, the rows found while reading it, the
 * bytes and lines read so far; it may return a promise to slow the reading down. `compiled`: the
 * policy when the caller has it already (else compiled from `packs`). Left when the pack does not
 * compile or the file cannot be read.
 */
export const auditPart = async (
  p: PartParams,
  onChunk: (text: string, bytes: number, lines: number, groups?: Groups) => void | Promise<void>,
  compiled?: CompiledPolicy,
): Promise<E.Either<Issue[], PartResult>> => {
  const policy = compiled !== undefined ? E.right(compiled) : compile(p.packs, { target: p.target })
  if (E.isLeft(policy)) return policy
  const auditor = createAuditor(policy.right, {
    ...(p.reorderDays !== undefined ? { reorderDays: p.reorderDays } : {}),
    ...(p.fullHistory !== undefined ? { fullHistory: p.fullHistory } : {}),
  })
  const row = auditRow(p.format, p.lang)
  let text = ''
  const emit =
    p.format === 'none'
      ? () => undefined
      : (f: Finding): void => {
          text += row(f)
        }
  const { threads, me } = p
  // with several threads, which line gave which rows (see Groups)
  let groups: number[] | undefined = threads > 1 && p.format !== 'none' ? [] : undefined
  const push = (item: string, at: number): void => {
    if (groups === undefined) {
      auditor.push(item, emit, at)
      return
    }
    const before = text.length
    auditor.push(item, emit, at)
    if (text.length > before) groups.push(at, text.length - before)
  }
  let line = 0
  let peakHeap = 0
  const heapSamples: number[] = []
  // the chunk being read, indexed (with several threads); undefined for a line made of two chunks
  let index: ChunkIndex | undefined
  const onLine = (b: Buffer, start: number, end: number): void => {
    line++
    if ((line & 4095) === 0) {
      const h = getHeapStatistics().used_heap_size
      if (h > peakHeap) peakHeap = h
      heapSamples.push(performance.timeOrigin + performance.now(), h)
    }
    // as `zhunru audit` reads a line: cut at the newline byte, without a CR before it
    if (end > start && b[end - 1] === 0x0d) end--
    if (threads === 1) {
      auditor.push(b.toString('utf8', start, end), emit, line)
      return
    }
    const t = index !== undefined ? index.threadOf(start, end, threads) : threadOfLine(b.subarray(start, end), threads)
    if (t === me) push(b.toString('utf8', start, end), line)
    else if (t === -1) {
      const s = b.toString('utf8', start, end)
      if (threadOfValue(s, threads) === me) push(s, line)
    }
  }
  let fd: number
  try {
    fd = openSync(p.file, 'r')
  } catch (e) {
    return E.left([issue('load/not-found', '', { received: `${p.file}: ${e instanceof Error ? e.message : String(e)}` })])
  }
  // the rows of the chunk just read, and their groups, to onChunk
  const handOn = (): void | Promise<void> => {
    const out = text
    const g = groups
    text = ''
    if (groups !== undefined) groups = []
    chunks++
    return onChunk(out, bytes, line, g)
  }
  const buf = Buffer.allocUnsafe(CHUNK)
  let rest: Buffer | undefined
  let bytes = 0
  let chunks = 0
  try {
    for (;;) {
      const got = readSync(fd, buf, 0, CHUNK, null)
      if (got === 0) break
      bytes += got
      const b = buf.subarray(0, got)
      let start = 0
      let nl = b.indexOf(10)
      if (rest !== undefined) {
        if (nl === -1) {
          rest = Buffer.concat([rest, b])
          continue
        }
        const l = Buffer.concat([rest, b.subarray(0, nl)])
        rest = undefined
        index = undefined
        onLine(l, 0, l.length)
        start = nl + 1
        nl = b.indexOf(10, start)
      }
      index = threads > 1 ? new ChunkIndex(b) : undefined
      while (nl !== -1) {
        onLine(b, start, nl)
        start = nl + 1
        nl = b.indexOf(10, start)
      }
      // the buffer is read into again: keep a copy of the unfinished line
      if (start < b.length) rest = Buffer.from(b.subarray(start))
      await handOn()
    }
    // a last line without a newline: a chunk of its own (on every thread alike)
    if (rest !== undefined && rest.length > 0) {
      index = undefined
      onLine(rest, 0, rest.length)
      await handOn()
    }
  } catch (e) {
    return E.left([issue('load/not-found', '', { received: `${p.file}: ${e instanceof Error ? e.message : String(e)}` })])
  } finally {
    closeSync(fd)
  }
  if (groups === undefined) auditor.end(emit)
  else {
    // the end's rows, grouped by the first line of their community
    const g: number[] = []
    let tag = -1
    let from = text.length
    auditor.end(emit, (first) => {
      if (text.length > from) g.push(tag, text.length - from)
      tag = first
      from = text.length
    })
    if (text.length > from) g.push(tag, text.length - from)
    groups = g
  }
  const h = getHeapStatistics().used_heap_size
  if (h > peakHeap) peakHeap = h
  heapSamples.push(performance.timeOrigin + performance.now(), h)
  return E.right({ summary: auditor.summary(), text, chunks, bytes, peakHeap, heapSamples, ...(groups !== undefined ? { groups } : {}) })
}

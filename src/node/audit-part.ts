import { isUtf8 } from 'node:buffer'
import { closeSync, openSync, readSync } from 'node:fs'
import { getHeapStatistics } from 'node:v8'
import * as E from 'fp-ts/lib/Either.js'
import { createAuditor, lineProblem, type LineProblem } from '../audit/auditor'
import type { AuditSummary, Finding } from '../audit/finding'
import { issue, type Issue } from '../issues/issue'
import type { Locale } from '../issues/format'
import { auditRow, type AuditFormat } from './audit-format'
import { ChunkIndex, threadOfLine, threadOfValue } from './audit-partition'
import type { CompiledPolicy } from '../compile/compile'
import { describePolicy } from '../compile/fingerprint'
import { compile, type PackSource } from '../load/compile-packs'
import { LineSplitter, MAX_LINE_BYTES, tooLongIssue, type LineSink } from './line-splitter'
import { fsIssue, type TextEncodingName } from './read-text'

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
  /** the longest line read (bytes; default 1 MiB): a longer one is reported and skipped */
  readonly maxLineBytes?: number
  /** the file's encoding (default UTF-8; a UTF-8 byte-order mark is dropped) */
  readonly encoding?: TextEncodingName
}

/** The issue of a line whose bytes are not valid in the file's encoding. */
const encodingIssue = (encoding: string): Issue =>
  issue('load/encoding', '', { received: 'this line', expected: `${encoding} (name the file's encoding with --encoding gb18030, or save it as UTF-8)` })

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
  // a CSV row names the chain this thread's policy was compiled from (every thread compiles the same)
  const row = auditRow(p.format, p.lang, p.format === 'csv' ? describePolicy(policy.right.fingerprint) : '')
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
  const push = (item: unknown, at: number): void => {
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
  const maxLine = p.maxLineBytes ?? MAX_LINE_BYTES
  // GB18030 (and GBK) lines are decoded by a decoder; UTF-8 ones by Buffer, checked below
  const gb = p.encoding === 'gb18030' ? new TextDecoder('gb18030', { fatal: true }) : undefined
  const lossy = p.encoding === 'gb18030' ? new TextDecoder('gb18030') : undefined
  const decode = (b: Buffer, start: number, end: number): string => (lossy !== undefined ? lossy.decode(b.subarray(start, end)) : b.toString('utf8', start, end))
  /** The line's text, or a problem when its bytes are not valid in the file's encoding. */
  const item = (b: Buffer, start: number, end: number, s: string): string | LineProblem => {
    if (gb !== undefined) {
      try {
        return gb.decode(b.subarray(start, end))
      } catch {
        return lineProblem([encodingIssue('GB18030')])
      }
    }
    // a U+FFFD in the text is either a replaced byte or written as such: the bytes tell
    return s.includes('\uFFFD') && !isUtf8(b.subarray(start, end)) ? lineProblem([encodingIssue('UTF-8')]) : s
  }
  // the chunk being read, indexed (with several threads); undefined for a line made of two chunks
  let index: ChunkIndex | undefined
  const asciiOnly = gb !== undefined
  const sample = (): void => {
    if ((line & 4095) === 0) {
      const h = getHeapStatistics().used_heap_size
      if (h > peakHeap) peakHeap = h
      heapSamples.push(performance.timeOrigin + performance.now(), h)
    }
  }
  const sink: LineSink = {
    chunk: (b) => {
      index = threads > 1 ? new ChunkIndex(b, asciiOnly) : undefined
    },
    line: (b, start, end) => {
      line++
      sample()
      if (threads === 1) {
        auditor.push(item(b, start, end, decode(b, start, end)), emit, line)
        return
      }
      // the line carried over from the chunk before is read before the chunk is indexed
      const t = index !== undefined ? index.threadOf(start, end, threads) : threadOfLine(b.subarray(start, end), threads, asciiOnly)
      if (t === me) push(item(b, start, end, decode(b, start, end)), line)
      else if (t === -1) {
        const s = decode(b, start, end)
        if (threadOfValue(s, threads) === me) push(item(b, start, end, s), line)
      }
    },
    // a line too long to hold: thread 0 reports it (as it does every line without a community)
    tooLong: (bytes) => {
      line++
      sample()
      if (me === 0) push(lineProblem([tooLongIssue(bytes, maxLine)]), line)
    },
  }
  const splitter = new LineSplitter(p.file, maxLine)
  let fd: number
  try {
    fd = openSync(p.file, 'r')
  } catch (e) {
    return E.left([fsIssue(p.file, e)])
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
  let bytes = 0
  let chunks = 0
  try {
    for (;;) {
      const got = readSync(fd, buf, 0, CHUNK, null)
      if (got === 0) break
      bytes += got
      index = undefined
      const stop = splitter.push(buf.subarray(0, got), sink)
      if (stop !== undefined) return E.left(stop)
      await handOn()
    }
    // a last line without a line end: a chunk of its own (on every thread alike)
    index = undefined
    const before = line
    splitter.end(sink)
    if (line > before) await handOn()
  } catch (e) {
    return E.left([fsIssue(p.file, e)])
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

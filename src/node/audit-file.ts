import { statSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { getHeapStatistics } from 'node:v8'
import { Worker } from 'node:worker_threads'
import * as E from 'fp-ts/lib/Either.js'
import type * as TE from 'fp-ts/lib/TaskEither.js'
import { auditOptionIssues, byRuleId } from '../audit/auditor'
import { closeSync, openSync } from 'node:fs'
import type { AuditOptions, AuditSummary } from '../audit/finding'
import type { Locale } from '../issues/format'
import { issue, type Issue } from '../issues/issue'
import { auditHead, auditTail, type AuditFormat } from './audit-format'
import { auditPart, type PartParams, type PartResult } from './audit-part'
import { compile, type PackSource } from '../load/compile-packs'
import { parseText } from '../decode/parse-text'
import { packChainSources } from './load'
import { fsIssue, type TextEncodingName } from './read-text'

/**
 * `zhunru audit` on a file, on several threads: each judges the events of its share of the
 * communities (the caps count per community, so a community's events all go to one thread), and
 * the main thread merges their rows into the order one thread would have written them in.
 *
 * @module
 */

/** Options of {@link auditFile}. @since 0.1.0 */
export interface AuditFileOptions extends AuditOptions {
  /** the pack, as {@link loadPolicy} takes it: an id or a folder */
  readonly pack: string
  /**
   * threads that judge (default: the machine's cores, at most 4, and 1 for a file under 64 MB,
   * where starting threads costs more than it saves); 1 judges on the calling thread
   */
  readonly threads?: number
  /** how findings are written (default `none`: counted in the summary only) */
  readonly format?: AuditFormat
  /** the language of the table (default zh-CN) */
  readonly lang?: Locale
  /** receives the output in order, in pieces: head, rows, tail; may return a promise (backpressure) */
  readonly write?: (text: string) => void | Promise<void>
  /** called after each chunk (1 MB) of the file with the bytes and lines read so far */
  readonly onProgress?: (bytes: number, lines: number) => void
  /**
   * the longest line read, in bytes (default 1 MiB, from 16 to 1 GiB): a longer line is reported
   * as malformed (`load/too-large`) and skipped; a line past 64 times this ends the audit (an
   * endless input such as /dev/zero)
   */
  readonly maxLineBytes?: number
  /**
   * the file's encoding: `utf-8` (default) or `gb18030` (GB18030, GBK, GB2312). A UTF-8
   * byte-order mark is dropped (and means UTF-8); a line not valid in the encoding is malformed
   * (`load/encoding`)
   */
  readonly encoding?: TextEncodingName
}

/** What {@link auditFile} gives. @since 0.1.0 */
export interface AuditFileResult {
  /**
   * the counts, summed over the threads; `peakHeld` is the sum of each thread's peak (an upper
   * bound of the events held at once)
   */
  readonly summary: AuditSummary
  readonly threads: number
  /**
   * the most heap the judging threads used at once (bytes): each samples its own every 4,096
   * lines, and this is the largest sum of the threads' latest samples at any sample's time
   */
  readonly peakHeap: number
  /** the sum over the threads of the most heap each used (an upper bound of `peakHeap`) */
  readonly peakHeapSum: number
}

const SMALL = 64 << 20

/**
 * The old-generation ceiling of each judging thread (MB), below V8's 2 GB (on 64-bit) from which
 * it lets a heap grow to 4 times what survived the last full collection before the next one:
 * under it the factor falls with the ceiling (about 2 at 2,000 MB), so a thread's heap peaks
 * near twice its live data instead of four times (the 1M-event audit: 155–165 MB for the two
 * threads at once instead of 226–274). The live data of a city's year is 20–30 MB a thread. A
 * process started with a lower limit (`--max-old-space-size`) gives its threads that one.
 */
const THREAD_OLD_SPACE_MB = 2000

/** {@link THREAD_OLD_SPACE_MB}, or the calling process's own heap limit when it is lower. */
const threadOldSpaceMb = (): number => Math.max(16, Math.min(THREAD_OLD_SPACE_MB, Math.floor(getHeapStatistics().heap_size_limit / 2 ** 20)))

/**
 * The most heap the threads held at once, from each thread's samples (pairs of time and bytes):
 * at each sample's time, the sum of every thread's latest sample then (a thread not started yet
 * counts 0, one finished counts its last sample).
 */
const peakTogether = (samples: readonly (readonly number[])[]): number => {
  const events: [number, number, number][] = []
  samples.forEach((s, t) => {
    for (let i = 0; i + 1 < s.length; i += 2) events.push([s[i] as number, t, s[i + 1] as number])
  })
  events.sort((a, b) => a[0] - b[0])
  const latest = samples.map(() => 0)
  let sum = 0
  let peak = 0
  for (const [, t, h] of events) {
    sum += h - (latest[t] as number)
    latest[t] = h
    if (sum > peak) peak = sum
  }
  return peak
}

const merge = (parts: readonly PartResult[]): AuditSummary => {
  // keyed by rule ids (data): no prototype, so `constructor` and `__proto__` count like any id
  const byRule: Record<string, number> = Object.create(null)
  for (const p of parts) for (const [k, v] of Object.entries(p.summary.byRule)) byRule[k] = (byRule[k] ?? 0) + v
  const sum = (f: (s: AuditSummary) => number): number => parts.reduce((n, p) => n + f(p.summary), 0)
  return {
    policy: parts[0]?.summary.policy ?? '',
    ...(parts[0]?.summary.fingerprint !== undefined ? { fingerprint: parts[0].summary.fingerprint } : {}),
    read: sum((s) => s.read),
    blank: sum((s) => s.blank),
    skipped: sum((s) => s.skipped),
    judged: sum((s) => s.judged),
    late: sum((s) => s.late),
    violations: sum((s) => s.violations),
    byRule: byRuleId(byRule),
    communities: sum((s) => s.communities),
    peakHeld: sum((s) => s.peakHeld),
  }
}

/**
 * The worker's file next to this module's: the built one, or, when this module runs from its
 * TypeScript source (under tsx or vitest), the source, through tsx's loader.
 */
const workerOf = (): URL | string => {
  const here = import.meta.url
  if (/\.[cm]?ts$/.test(here))
    return `(async () => { (await import('tsx/esm/api')).register(); await import(${JSON.stringify(new URL('./audit-worker.ts', here).href)}) })()`
  return new URL(here.endsWith('.cjs') ? './audit-worker.cjs' : './audit-worker.js', here)
}

interface Msg {
  readonly type: 'chunk' | 'end' | 'error'
  readonly k?: number
  readonly text?: string
  readonly groups?: Float64Array
  readonly bytes?: number
  readonly lines?: number
  readonly issues?: Issue[]
}

/** One thread's rows of a piece of output, and their groups (see audit-part.ts). */
interface Piece {
  readonly text: string
  readonly groups: ArrayLike<number> | undefined
}

/**
 * The threads' rows of the same piece of output, merged by the line that gave them: the order one
 * thread would have written them in (a line gives rows on one thread only).
 */
const mergePieces = (pieces: readonly Piece[]): string => {
  const live = pieces.filter((p) => p.text !== '')
  if (live.length <= 1) return live[0]?.text ?? ''
  const at = live.map(() => 0)
  const pos = live.map(() => 0)
  let out = ''
  for (;;) {
    let best = -1
    let bestLine = Infinity
    for (let i = 0; i < live.length; i++) {
      const g = (live[i] as Piece).groups as ArrayLike<number>
      const j = at[i] as number
      if (j < g.length && (g[j] as number) < bestLine) {
        bestLine = g[j] as number
        best = i
      }
    }
    if (best === -1) break
    const p = live[best] as Piece
    const g = p.groups as ArrayLike<number>
    const j = at[best] as number
    const len = g[j + 1] as number
    const from = pos[best] as number
    out += p.text.slice(from, from + len)
    pos[best] = from + len
    at[best] = j + 2
  }
  return out
}

const onThreads = (params: Omit<PartParams, 'me'>, put: (text: string) => Promise<void>, onProgress?: (bytes: number, lines: number) => void): Promise<E.Either<Issue[], PartResult[]>> =>
  new Promise((resolve) => {
    const n = params.threads
    const resourceLimits = { maxOldGenerationSizeMb: threadOldSpaceMb() }
    const ctrl = new Int32Array(new SharedArrayBuffer(4))
    const source = workerOf()
    const chunks: Map<number, Piece>[] = []
    const ends: (PartResult | undefined)[] = []
    const workers: Worker[] = []
    let next = 0
    let writing = false
    let done = false
    let progress: [number, number] = [0, 0]
    // the highest chunk each thread has given: every thread reads the same chunks, unless the
    // file changes under them (then one would wait for a chunk that never comes)
    const highest: number[] = []
    const changed = (): boolean =>
      ends.some((e) => e !== undefined && (highest.some((h) => h >= e.chunks) || ends.some((f) => f !== undefined && f.bytes !== e.bytes)))
    const finish = (r: E.Either<Issue[], PartResult[]>): void => {
      if (done) return
      done = true
      for (const w of workers) void w.terminate()
      resolve(r)
    }
    // write the chunks every thread has given, in order; then the ends, in thread order
    const drain = async (): Promise<void> => {
      if (writing || done) return
      writing = true
      try {
        for (;;) {
          if (chunks.every((m) => m.has(next))) {
            const text = mergePieces(chunks.map((m) => m.get(next) as Piece))
            for (const m of chunks) m.delete(next)
            next++
            if (onProgress !== undefined) onProgress(progress[0], progress[1])
            if (text !== '') await put(text)
            Atomics.store(ctrl, 0, next)
            Atomics.notify(ctrl, 0)
            continue
          }
          if (ends.every((e, i) => e !== undefined && e.chunks === next && (chunks[i] as Map<number, Piece>).size === 0)) {
            const parts = ends as PartResult[]
            const text = mergePieces(parts.map((p) => ({ text: p.text, groups: p.groups })))
            if (text !== '') await put(text)
            finish(E.right(parts))
          }
          break
        }
      } catch (e) {
        finish(E.left([issue('request/invalid', '', { received: `writing the output: ${e instanceof Error ? e.message : String(e)}` })]))
      } finally {
        writing = false
      }
    }
    for (let me = 0; me < n; me++) {
      chunks.push(new Map())
      ends.push(undefined)
      highest.push(-1)
      let w: Worker
      try {
        w = new Worker(source, { workerData: { params: { ...params, me }, ctrl: ctrl.buffer }, eval: typeof source === 'string', resourceLimits })
      } catch (e) {
        finish(E.left([issue('request/invalid', '', { received: `could not start a thread of the audit: ${e instanceof Error ? e.message : String(e)}` })]))
        return
      }
      workers.push(w)
      w.on('message', (m: Msg) => {
        if (m.type === 'chunk') {
          ;(chunks[me] as Map<number, Piece>).set(m.k as number, { text: m.text ?? '', groups: m.groups })
          highest[me] = m.k as number
          if (me === 0) progress = [m.bytes ?? 0, m.lines ?? 0]
        } else if (m.type === 'end') ends[me] = { ...(m as unknown as PartResult), ...(m.groups !== undefined ? { groups: Array.from(m.groups) } : {}) }
        else finish(E.left(m.issues ?? [issue('request/invalid', '', { received: 'a thread of the audit failed' })]))
        if (changed()) finish(E.left([issue('load/io', '', { received: `${params.file}: the file changed while it was read` })]))
        else void drain()
      })
      w.on('error', (e) => finish(E.left([issue('request/invalid', '', { received: `a thread of the audit failed: ${e.message}` })])))
      w.on('exit', (code) => {
        if (ends[me] === undefined) finish(E.left([issue('request/invalid', '', { received: `a thread of the audit stopped (exit code ${code})` })]))
      })
    }
  })

/**
 * Audit an NDJSON file of recorded events against a pack, on several threads: the findings and
 * counts {@link audit} gives over the file's lines, in the same order (the output is the same byte
 * for byte whatever the number of threads, but for the summed `peakHeld`), written through `write`
 * in the chosen format, head and tail included. Left when the pack does not load or the file
 * cannot be read.
 *
 * @example
 * const r = await auditFile('events.ndjson', { pack: 'cn-shandong', format: 'csv', write: (t) => void process.stdout.write(t) })()
 * // Right({ summary: { read, skipped, judged, late, violations, ... }, threads: 2, peakHeap })
 * @since 0.1.0
 */
export const auditFile =
  (file: string, options: AuditFileOptions): TE.TaskEither<Issue[], AuditFileResult> =>
  async () => {
    try {
      return await auditFileOrThrow(file, options)
    } catch (e) {
      // a `write` or `onProgress` that throws, say: an issue, not a rejected promise
      return E.left([issue('request/invalid', '', { received: e instanceof Error ? e.message : String(e) })])
    }
  }

const auditFileOrThrow = async (file: string, options: AuditFileOptions): Promise<E.Either<Issue[], AuditFileResult>> => {
  const format = options.format ?? 'none'
  const lang = options.lang ?? 'zh-CN'
  if (!['table', 'csv', 'json', 'ndjson', 'none'].includes(format)) return E.left([issue('request/invalid', '', { expected: 'table | csv | json | ndjson | none', received: String(format) })])
  if (options.threads !== undefined && !(Number.isInteger(options.threads) && options.threads >= 1 && options.threads <= 64))
    return E.left([issue('request/invalid', '', { expected: 'threads: a whole number from 1 to 64', received: String(options.threads) })])
  const badOptions = auditOptionIssues(options)
  if (badOptions.length > 0) return E.left(badOptions)
  if (options.maxLineBytes !== undefined && !(Number.isInteger(options.maxLineBytes) && options.maxLineBytes >= 16 && options.maxLineBytes <= 1 << 30))
    return E.left([issue('request/invalid', '', { expected: 'maxLineBytes: a whole number from 16 to 1073741824', received: String(options.maxLineBytes) })])
  if (options.encoding !== undefined && options.encoding !== 'utf-8' && options.encoding !== 'gb18030')
    return E.left([issue('request/invalid', '', { expected: 'encoding: utf-8 | gb18030', received: String(options.encoding) })])
  // the file must be readable before anything is written: not a folder, and (a regular file) opens
  let size: number
  try {
    const st = statSync(file)
    if (st.isDirectory()) return E.left([issue('load/not-found', '', { received: `${file} (a folder)` })])
    if (st.isFile()) closeSync(openSync(file, 'r'))
    size = st.size
  } catch (e) {
    return E.left([fsIssue(file, e)])
  }
  // the pack is loaded here first (as loadPolicy does), so that a bad one is reported once, with
  // its lines, before any thread starts; the threads get its sources as values, parsed once
  const chain = packChainSources(options.pack)
  if (E.isLeft(chain)) return chain
  const policy = compile(chain.right.sources, { parse: parseText, target: chain.right.target })
  if (E.isLeft(policy)) return policy
  const threads = options.threads ?? (size < SMALL ? 1 : Math.max(1, Math.min(4, availableParallelism())))
  const packs: PackSource[] = []
  if (threads > 1)
    for (const src of chain.right.sources) {
      if (src.text === undefined) packs.push(src)
      else {
        const v = parseText(src.text, src.file !== undefined ? { file: src.file } : {})
        if (E.isLeft(v)) return v
        packs.push({ value: v.right.value, ...(src.file !== undefined ? { file: src.file } : {}) })
      }
    }
  const write = options.write ?? (() => undefined)
  let first = format === 'json'
  // a JSON row starts with its separator: the first one's comma goes
  const put = async (text: string): Promise<void> => {
    if (first) {
      first = false
      text = text.slice(1)
    }
    await write(text)
  }
  const params: Omit<PartParams, 'me'> = {
    file,
    packs,
    target: chain.right.target,
    threads,
    format,
    lang,
    ...(options.reorderDays !== undefined ? { reorderDays: options.reorderDays } : {}),
    ...(options.fullHistory !== undefined ? { fullHistory: options.fullHistory } : {}),
    ...(options.maxLineBytes !== undefined ? { maxLineBytes: options.maxLineBytes } : {}),
    ...(options.encoding !== undefined ? { encoding: options.encoding } : {}),
  }
  const head = auditHead(format, lang)
  if (head !== '') await write(head)
  const parts =
    threads === 1
      ? await auditPart(
          { ...params, me: 0 },
          async (text, bytes, lines) => {
            if (options.onProgress !== undefined) options.onProgress(bytes, lines)
            if (text !== '') await put(text)
            // let the event loop run between chunks (a signal handler, the progress bar)
            await new Promise<void>((resolve) => setImmediate(resolve))
          },
          policy.right,
        ).then(async (r) => {
          if (E.isRight(r) && r.right.text !== '') await put(r.right.text)
          return E.map((p: PartResult) => [p])(r)
        })
      : await onThreads(params, put, options.onProgress)
  if (E.isLeft(parts)) return parts
  const summary = merge(parts.right)
  const tail = auditTail(format, lang, summary)
  if (tail !== '') await write(tail)
  return E.right({ summary, threads, peakHeap: peakTogether(parts.right.map((p) => p.heapSamples)), peakHeapSum: parts.right.reduce((n, p) => n + p.peakHeap, 0) })
}

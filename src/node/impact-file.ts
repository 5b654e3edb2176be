import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import * as E from 'fp-ts/lib/Either.js'
import { getHeapStatistics } from 'node:v8'
import { InputError } from './sources/lines'
import { SourceError } from './sources/types'
import type { CompiledPolicy } from '../compile/compile'
import type { PolicyFingerprint } from '../compile/fingerprint'
import { eventsToRequests } from '../impact/events'
import { createTally, judgeRequest, type ImpactRow, type ImpactSummary } from '../impact/impact'
import { issue, type Issue } from '../issues/issue'
import { compile, type PackSource } from '../load/compile-packs'
import { parseText } from '../decode/parse-text'
import { packChainSources } from './load'
import { requestLines, type ReadRequestsOptions } from './impact-read'
import type { ImpactBatch, ImpactBatchResult, ImpactWorkerData } from './impact-worker'
import { problemOf } from '../audit/auditor'

/**
 * `zhunru impact` on a file or standard input, on several threads: the main thread reads the
 * lines in batches, the threads judge the batches (requests are independent: any thread may judge
 * any batch), and the main thread takes the results back in input order, so the rows and the
 * summary are the same on 1 and N threads. At most two batches per thread are in flight: memory
 * holds those, the counts and the examples, whatever the input's length.
 *
 * @module
 */

/** Options of {@link impactFile}. @since 0.2.0 */
export interface ImpactFileOptions extends ReadRequestsOptions {
  /** the policy before the change: a pack id or folder, as `loadPolicy` takes it */
  readonly before: string
  /** the policy after the change */
  readonly after: string
  /** threads that judge (default: the cores, at most 4; 1 for an input under 8 MB or standard input); 1 judges on this thread */
  readonly threads?: number
  /**
   * the input is recorded events (as `zhunru audit` reads them), not requests: each is replayed as
   * the request it was, with its community's earlier events as history (see `eventsToRequests`)
   */
  readonly events?: boolean
  /** examples kept per group of the summary (default 3) */
  readonly examples?: number
  /** receives each changed decision and malformed line, in input order; may return a promise (backpressure) */
  readonly onRow?: (row: ImpactRow) => void | Promise<void>
  /**
   * called once both policies are loaded, before the first row: the fingerprint (pack chain with
   * versions and content hashes) of each, so that each row written can name both. @since 0.2.0
   */
  readonly onPolicies?: (policies: { readonly before: PolicyFingerprint; readonly after: PolicyFingerprint }) => void
  /**
   * the input's items instead of reading `file` (a CSV file or a query, through `openSource` and
   * `linesOfSource`): each a line of JSON text, a line problem, or '' for a blank line
   */
  readonly items?: AsyncIterable<unknown>
  /** called after each batch with the lines read so far */
  readonly onProgress?: (lines: number) => void
}

/** What {@link impactFile} gives. @since 0.2.0 */
export interface ImpactFileResult {
  readonly summary: ImpactSummary
  readonly threads: number
  /** the most heap this thread used, sampled after each batch (bytes) */
  readonly peakHeap: number
}

const BATCH = 1024
const SMALL = 8 << 20

const workerOf = (): URL | string => {
  const here = import.meta.url
  if (/\.[cm]?ts$/.test(here))
    return `(async () => { (await import('tsx/esm/api')).register(); await import(${JSON.stringify(new URL('./impact-worker.ts', here).href)}) })()`
  return new URL(here.endsWith('.cjs') ? './impact-worker.cjs' : './impact-worker.js', here)
}


/** The sources of a pack chain and the policy they compile to. */
const load = (ref: string): E.Either<Issue[], { packs: PackSource[]; target: string; policy: CompiledPolicy }> => {
  const chain = packChainSources(ref)
  if (E.isLeft(chain)) return chain
  // parsed once here: the threads compile values, not YAML text
  const packs: PackSource[] = []
  for (const s of chain.right.sources) {
    if (s.text === undefined) {
      packs.push(s)
      continue
    }
    const p = parseText(s.text, s.file !== undefined ? { file: s.file } : {})
    if (E.isLeft(p)) return p
    packs.push({ value: p.right.value, ...(s.file !== undefined ? { file: s.file } : {}) })
  }
  const policy = compile(chain.right.sources, { parse: parseText, target: chain.right.target })
  if (E.isLeft(policy)) return policy
  return E.right({ packs, target: chain.right.target, policy: policy.right })
}

/**
 * Replay the requests of `file` (NDJSON; `-` for standard input) under two policies, on threads.
 * Left when a pack cannot be loaded or the file cannot be read (`load/io` for a failure while
 * reading).
 *
 * @example
 * const r = await impactFile('requests.ndjson', { before: 'cn-shandong', after: 'examples/amend-shandong', onRow: (row) => console.log(row) })
 * if (E.isRight(r)) console.log(r.right.summary.changed)
 * @since 0.2.0
 */
export const impactFile = async (file: string, options: ImpactFileOptions): Promise<E.Either<Issue[], ImpactFileResult>> => {
  const o = typeof options === 'object' && options !== null ? options : ({} as ImpactFileOptions)
  if (typeof o.before !== 'string' || typeof o.after !== 'string') return E.left([issue('load/not-found', '', { received: 'before/after' })])
  const a = load(o.before)
  const b = load(o.after)
  const problems = [...(E.isLeft(a) ? a.left : []), ...(E.isLeft(b) ? b.left : [])]
  if (E.isLeft(a) || E.isLeft(b)) return E.left(problems)
  const given = o.items
  const src: E.Either<Issue[], { readonly size?: number; readonly items: AsyncIterable<unknown> }> =
    given !== undefined && given !== null && typeof (given as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator] === 'function'
      ? E.right({ items: given })
      : requestLines(file, o)
  if (E.isLeft(src)) return src
  if (typeof o.onPolicies === 'function') o.onPolicies({ before: a.right.policy.fingerprint, after: b.right.policy.fingerprint })
  const cores = Math.min(4, availableParallelism())
  const threads =
    typeof o.threads === 'number' && Number.isSafeInteger(o.threads) && o.threads >= 1 ? Math.min(64, o.threads) : src.right.size !== undefined && src.right.size >= SMALL ? cores : 1
  const tally = createTally(a.right.policy, b.right.policy, o.examples !== undefined ? { examples: o.examples } : {})
  const onRow = typeof o.onRow === 'function' ? o.onRow : undefined
  const toRequest = o.events === true ? eventsToRequests([a.right.policy, b.right.policy]) : undefined
  const source = src.right.items
  const items: AsyncIterable<unknown> =
    toRequest === undefined
      ? source
      : (async function* () {
          for await (const item of source) yield toRequest(item)
        })()
  let peakHeap = 0
  const sample = (): void => {
    const h = getHeapStatistics().used_heap_size
    if (h > peakHeap) peakHeap = h
  }
  let lines = 0
  const take = async (r: ImpactBatchResult): Promise<void> => {
    for (let i = 0; i < r.blank; i++) tally.add('blank')
    for (let i = 0; i < r.same; i++) tally.add(undefined)
    for (const row of r.rows) {
      tally.add(row)
      if (onRow !== undefined) await onRow(row)
    }
    sample()
    if (o.onProgress !== undefined) o.onProgress(lines)
  }
  const workers: Worker[] = []
  let closing = false
  try {
    if (threads === 1) {
      let rows: ImpactRow[] = []
      let blank = 0
      let same = 0
      for await (const item of items) {
        lines++
        const r = judgeRequest(a.right.policy, b.right.policy, item, lines)
        if (r === 'blank') blank++
        else if (r === undefined) same++
        else rows.push(r)
        if (lines % BATCH === 0) {
          await take({ k: 0, rows, blank, same })
          rows = []
          blank = 0
          same = 0
        }
      }
      await take({ k: 0, rows, blank, same })
    } else {
      const data: ImpactWorkerData = { before: { packs: a.right.packs, target: a.right.target }, after: { packs: b.right.packs, target: b.right.target } }
      const worker = workerOf()
      const waiting = new Map<number, (r: ImpactBatchResult) => void>()
      // a thread that fails: every batch still waiting gets the failure (no promise is raced
      // against one that never settles: each race would hold its batch's rows for ever)
      let crash: Error | undefined
      const failed = (e: Error): void => {
        crash ??= e
        for (const [k, resolve] of waiting) resolve({ k, rows: [], blank: 0, same: 0 })
        waiting.clear()
      }
      const checked = (r: ImpactBatchResult): ImpactBatchResult => {
        if (r.error !== undefined) throw new InputError([...r.error])
        if (crash !== undefined) throw crash
        return r
      }
      for (let i = 0; i < threads; i++) {
        const w = new Worker(worker, { workerData: data, eval: typeof worker === 'string' })
        w.on('message', (r: ImpactBatchResult) => {
          waiting.get(r.k)?.(r)
          waiting.delete(r.k)
        })
        w.on('error', (e) => failed(e))
        // a thread that ends while batches wait for it would leave them waiting for ever
        w.on('exit', (code) => {
          if (!closing) failed(new Error(`a thread of the impact ended (exit code ${code})`))
        })
        workers.push(w)
      }
      const inFlight: Promise<ImpactBatchResult>[] = []
      let k = 0
      let batch: ImpactBatch['items'][number][] = []
      let first = 1
      const send = (): void => {
        const message: ImpactBatch = { k, first, items: batch }
        const w = workers[k % threads] as Worker
        inFlight.push(
          new Promise<ImpactBatchResult>((resolve) => {
            if (crash !== undefined) resolve({ k: message.k, rows: [], blank: 0, same: 0 })
            else waiting.set(message.k, resolve)
          }),
        )
        w.postMessage(message)
        k++
        first += batch.length
        batch = []
      }
      for await (const item of items) {
        lines++
        const p = problemOf(item)
        batch.push(p !== undefined ? { problem: [...p] } : (item as string))
        if (batch.length === BATCH) {
          send()
          while (inFlight.length >= 2 * threads) await take(checked(await (inFlight.shift() as Promise<ImpactBatchResult>)))
        }
      }
      if (batch.length > 0) send()
      while (inFlight.length > 0) await take(checked(await (inFlight.shift() as Promise<ImpactBatchResult>)))
    }
  } catch (e) {
    if (e instanceof InputError) return E.left(e.issues)
    // a CSV file or a query that fails midway (a lost connection): its own issues
    if (e instanceof SourceError) return E.left([...e.issues])
    return E.left([issue('load/io', '', { received: `${file}: ${e instanceof Error ? e.message : String(e)}` })])
  } finally {
    closing = true
    for (const w of workers) void w.terminate()
  }
  return E.right({ summary: tally.summary(), threads, peakHeap })
}

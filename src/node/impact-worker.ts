import { parentPort, workerData } from 'node:worker_threads'
import * as E from 'fp-ts/lib/Either.js'
import { lineProblem } from '../audit/auditor'
import { judgeRequest, type ImpactRow } from '../impact/impact'
import type { Issue } from '../issues/issue'
import { compile, type PackSource } from '../load/compile-packs'

/**
 * A worker thread of `impactFile`: compiles both policies once, then judges each batch of lines it
 * is sent and posts back its rows (changes and malformed lines), with the blank lines and the
 * unchanged decisions counted. Requests are independent, so any thread may judge any batch; the
 * main thread puts the batches back in order.
 *
 * @module
 */

/** What a worker is told. */
export interface ImpactWorkerData {
  readonly before: { readonly packs: readonly PackSource[]; readonly target: string }
  readonly after: { readonly packs: readonly PackSource[]; readonly target: string }
}

/** A batch: its number, the line number of its first item, and the items (a problem as its issues). */
export interface ImpactBatch {
  readonly k: number
  readonly first: number
  readonly items: readonly (string | { readonly problem: readonly Issue[] })[]
}

/** What a worker posts back for a batch. */
export interface ImpactBatchResult {
  readonly k: number
  readonly rows: readonly ImpactRow[]
  readonly blank: number
  readonly same: number
  readonly error?: readonly Issue[]
}

const { before, after } = workerData as ImpactWorkerData
const port = parentPort
const a = compile(before.packs, { target: before.target })
const b = compile(after.packs, { target: after.target })
port?.on('message', (batch: ImpactBatch) => {
  if (E.isLeft(a) || E.isLeft(b)) {
    port.postMessage({ k: batch.k, rows: [], blank: 0, same: 0, error: E.isLeft(a) ? a.left : (b as E.Left<Issue[]>).left } satisfies ImpactBatchResult)
    return
  }
  const rows: ImpactRow[] = []
  let blank = 0
  let same = 0
  batch.items.forEach((item, i) => {
    const r = judgeRequest(a.right, b.right, typeof item === 'string' ? item : lineProblem(item.problem), batch.first + i)
    if (r === 'blank') blank++
    else if (r === undefined) same++
    else rows.push(r)
  })
  port.postMessage({ k: batch.k, rows, blank, same } satisfies ImpactBatchResult)
})

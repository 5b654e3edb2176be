import { parentPort, workerData } from 'node:worker_threads'
import * as E from 'fp-ts/lib/Either.js'
import { auditPart, type PartParams } from './audit-part'

/**
 * A worker thread of {@link auditFile}: runs its share of the audit and posts each chunk's rows
 * with their groups (which line gave which rows), then the result. It stays at most `AHEAD` chunks in front of what the main thread has written
 * (`ctrl[0]`), so memory does not grow when the output is slower than the judging.
 *
 * @module
 */

const AHEAD = 16
const { params, ctrl: sab } = workerData as { params: PartParams; ctrl: SharedArrayBuffer }
const ctrl = new Int32Array(sab)
const port = parentPort
let k = 0
// not a top-level await: the worker is also built as CommonJS
void auditPart(params, (text, bytes, lines, groups) => {
  const g = groups === undefined ? undefined : Float64Array.from(groups)
  port?.postMessage({ type: 'chunk', k: k++, text, bytes, lines, groups: g }, g === undefined ? [] : [g.buffer])
  for (let written = Atomics.load(ctrl, 0); k - written > AHEAD; written = Atomics.load(ctrl, 0)) Atomics.wait(ctrl, 0, written, 1000)
}).then(
  (r) => {
    if (E.isLeft(r)) port?.postMessage({ type: 'error', issues: r.left })
    else {
      const g = r.right.groups === undefined ? undefined : Float64Array.from(r.right.groups)
      port?.postMessage({ type: 'end', ...r.right, groups: g }, g === undefined ? [] : [g.buffer])
    }
  },
  (e: unknown) => port?.postMessage({ type: 'error', issues: [{ code: 'request/invalid', path: '', received: e instanceof Error ? e.message : String(e) }] }),
)

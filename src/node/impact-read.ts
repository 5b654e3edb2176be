import { createReadStream, statSync } from 'node:fs'
import * as E from 'fp-ts/lib/Either.js'
import { InputError, linesOf } from './sources/lines'
import { issue, type Issue } from '../issues/issue'
import { lineProblem, type LineProblem } from '../audit/auditor'
import { fsIssue, type TextEncodingName } from './read-text'

/**
 * Where `zhunru impact` reads its requests from: the one place that knows the input's form, so
 * that another source (a database, a CSV export) can be plugged in beside NDJSON files.
 *
 * @module
 */

/** Options of {@link readRequests}. @since 0.2.0 */
export interface ReadRequestsOptions {
  /** the longest line, in bytes (default 1 MiB); a longer one is given as a problem and skipped */
  readonly maxLineBytes?: number
  /** the file's encoding (default UTF-8; a UTF-8 byte-order mark is dropped) */
  readonly encoding?: TextEncodingName
  /** `-` reads standard input only when this is true (the command sets it; a library caller opts in) */
  readonly stdin?: boolean
  /** counts the bytes read (for a progress bar) */
  readonly read?: { bytes: number }
}

/** The requests of an input, one item per line: its text, or a problem (too long, bad encoding). @since 0.2.0 */
export interface RequestSource {
  /** the input's size in bytes, when known (a file) */
  readonly size?: number
  readonly items: AsyncIterable<string | LineProblem>
}

/**
 * The requests of `file`, NDJSON (one JSON request a line), or of standard input for `-` (with
 * `stdin: true`). Left when the file cannot be opened. The lines are cut and decoded as the
 * audit's are (`linesOf`). Reading never rejects: an input that cannot be read on (an endless
 * line, UTF-16, a read error) ends the items with a last line problem carrying its issues
 * (`load/too-large`, `load/encoding`, `load/io`).
 *
 * @example
 * const src = readRequests('requests.ndjson')
 * if (E.isRight(src)) for await (const line of src.right.items) console.log(line)
 * @since 0.2.0
 */
export const readRequests = (file: string, opts: ReadRequestsOptions = {}): E.Either<Issue[], RequestSource> =>
  E.map((src: RequestSource) => ({ ...src, items: endingInProblem(src.items, file) }))(requestLines(file, opts))

/** Items that end, rather than reject, when reading fails: the failure as a last line problem. */
async function* endingInProblem(items: AsyncIterable<string | LineProblem>, file: string): AsyncGenerator<string | LineProblem> {
  try {
    yield* items
  } catch (e) {
    yield lineProblem(e instanceof InputError ? [...e.issues] : [issue('load/io', '', { received: `${String(file)}: ${e instanceof Error ? e.message : String(e)}` })])
  }
}

/**
 * {@link readRequests} for `impactFile`, which stops with a Left when reading fails: its items
 * reject with an `InputError` on an endless line or a UTF-16 input.
 */
export const requestLines = (file: string, opts: ReadRequestsOptions = {}): E.Either<Issue[], RequestSource> => {
  if (typeof file !== 'string' || file === '') return E.left([issue('load/not-found', '', { received: String(file) })])
  const o = typeof opts === 'object' && opts !== null ? opts : {}
  let size: number | undefined
  let input: AsyncIterable<unknown>
  if (file === '-' && o.stdin === true) input = process.stdin
  else {
    try {
      const st = statSync(file)
      if (st.isDirectory()) return E.left([issue('load/not-found', '', { received: `${file} (a folder)` })])
      if (st.isFile()) size = st.size
      input = createReadStream(file, { highWaterMark: 1 << 20 })
    } catch (e) {
      return E.left([fsIssue(file, e)])
    }
  }
  const items = linesOf(input, o.read ?? { bytes: 0 }, {
    name: file === '-' ? '<stdin>' : file,
    ...(o.maxLineBytes !== undefined ? { maxLineBytes: o.maxLineBytes } : {}),
    ...(o.encoding !== undefined ? { encoding: o.encoding } : {}),
  })
  return E.right({ ...(size !== undefined ? { size } : {}), items })
}

import { isUtf8 } from 'node:buffer'
import { issue, type Issue } from '../../issues/issue'
import { lineProblem, type LineProblem } from '../../audit/auditor'
import { LineSplitter, MAX_LINE_BYTES, tooLongIssue, type LineSink } from '../line-splitter'
import type { TextEncodingName } from '../read-text'

/**
 * The lines of a stream (standard input, a pipe, a file), cut by the bounded {@link LineSplitter}:
 * what `zhunru audit` reads standard input with, and what {@link openSource} reads NDJSON with.
 *
 * @module
 */

/** A problem that ends the reading of standard input (an endless line, UTF-16). */
export class InputError extends Error {
  constructor(readonly issues: Issue[]) {
    super(issues.map((i) => i.received ?? i.code).join('; '))
  }
}

/** Options of {@link linesOf}. */
export interface LinesOptions {
  /** the longest line (bytes, default 1 MiB): a longer one is given as a problem, skipped */
  readonly maxLineBytes?: number
  /** the input's encoding (default UTF-8) */
  readonly encoding?: TextEncodingName
  /** the input's name in issues */
  readonly name?: string
}

/**
 * Lines of a file or standard input, counting the bytes read (for the progress bar). Lines are cut
 * at line ends (LF, CRLF, or CR alone when the input starts so) by a {@link LineSplitter}: linear
 * in the input, holding at most one line of at most `maxLineBytes`; a longer line, or one whose
 * bytes are not valid in the encoding, is given as a {@link LineProblem} (the audit reports it as
 * malformed). Each line is decoded on its own: decoding each chunk as a whole would break a
 * character whose bytes straddle two chunks. Throws an {@link InputError} when a line runs past
 * 64 times the limit (an endless input such as /dev/zero) or the input is UTF-16.
 */
export async function* linesOf(input: AsyncIterable<unknown>, read: { bytes: number } = { bytes: 0 }, o: LinesOptions = {}): AsyncGenerator<string | LineProblem> {
  const max = o.maxLineBytes ?? MAX_LINE_BYTES
  const splitter = new LineSplitter(o.name ?? '<stdin>', max)
  const gb = o.encoding === 'gb18030' ? new TextDecoder('gb18030', { fatal: true }) : undefined
  const out: (string | LineProblem)[] = []
  const sink: LineSink = {
    line: (b, start, end) => {
      if (gb !== undefined) {
        try {
          out.push(gb.decode(b.subarray(start, end)))
        } catch {
          out.push(lineProblem([issue('load/encoding', '', { received: 'this line', expected: 'GB18030' })]))
        }
        return
      }
      const s = b.toString('utf8', start, end)
      out.push(s.includes('\uFFFD') && !isUtf8(b.subarray(start, end)) ? lineProblem([issue('load/encoding', '', { received: 'this line', expected: 'UTF-8 (name the file\'s encoding with --encoding gb18030, or save it as UTF-8)' })]) : s)
    },
    tooLong: (bytes) => {
      out.push(lineProblem([tooLongIssue(bytes, max)]))
    },
  }
  for await (const chunk of input) {
    // a stream with an encoding set gives strings: back to bytes, cut the same way
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : (chunk as Buffer)
    read.bytes += buf.length
    const stop = splitter.push(buf, sink)
    for (let i = 0; i < out.length; i++) yield out[i] as string | LineProblem
    out.length = 0
    if (stop !== undefined) throw new InputError(stop)
  }
  splitter.end(sink)
  for (let i = 0; i < out.length; i++) yield out[i] as string | LineProblem
}


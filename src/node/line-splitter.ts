import { issue, type Issue } from '../issues/issue'

/**
 * Cutting an events file into lines, chunk by chunk, in time linear in its length and memory
 * bounded by the line limit, for both ways the audit reads (a file on threads, standard input).
 *
 * - Line ends are LF or CRLF, or CR alone when the first line end of the input is a CR not
 *   followed by LF (old Mac exports): decided once, at the first line end, so every thread
 *   (reading the same chunks) decides alike.
 * - A UTF-8 byte-order mark at the start is dropped; a UTF-16 one is refused (`load/encoding`).
 * - A line longer than `maxLineBytes` is not held: its bytes are skipped up to its end, and it is
 *   given as too long (the audit reports it as a malformed line, `load/too-large`).
 * - A line still going past `64 × maxLineBytes` ends the reading with `load/too-large`: an
 *   endless input without line ends (`/dev/zero`) stops after that many bytes.
 *
 * @module
 */

/** The default line limit of the audit: 1 MiB (an event is a few hundred bytes). @since 0.1.0 */
export const MAX_LINE_BYTES = 1 << 20

/** How many times the line limit a line may run before the reading gives up. */
export const GIVE_UP_FACTOR = 64

const LF = 0x0a
const CR = 0x0d

/** What a splitter calls. */
export interface LineSink {
  /** a line (its bytes `start` .. `end` of `b`, the line end excluded, a CR before an LF too) */
  line(b: Buffer, start: number, end: number): void
  /** a line longer than the limit (`bytes`: its length), skipped */
  tooLong(bytes: number): void
  /** called with each chunk before its own lines (not before the line carried over into it) */
  chunk?(b: Buffer): void
}

/** Cuts chunks into lines; `push` each chunk, then `end`. */
export class LineSplitter {
  private sep = LF
  private first = true
  private decided = false
  private pieces: Buffer[] = []
  private held = 0
  /** bytes of the too-long line being skipped, or -1 */
  private skipping = -1
  private readonly giveUp: number

  constructor(
    private readonly name: string,
    private readonly maxLineBytes: number = MAX_LINE_BYTES,
  ) {
    this.giveUp = maxLineBytes * GIVE_UP_FACTOR
  }

  /** Read a chunk; Left-like: the issues that end the reading, or undefined. */
  push(b: Buffer, sink: LineSink): Issue[] | undefined {
    let start = 0
    if (this.first && b.length > 0) {
      this.first = false
      if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) start = 3
      else if ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff))
        return [issue('load/encoding', '', { received: `${this.name} (UTF-16)`, expected: 'UTF-8 or GB18030 (one JSON per line)' })]
    }
    if (!this.decided) {
      // the line end is the input's first one: CR alone, or LF (with or without a CR before it)
      const lf = b.indexOf(LF, start)
      const cr = b.indexOf(CR, start)
      if (lf === -1 && cr === -1) {
        this.carry(b, start, b.length)
        return this.skipping > this.giveUp ? this.endless() : undefined
      }
      this.decided = true
      if (cr !== -1 && (lf === -1 || cr < lf) && cr + 1 < b.length && b[cr + 1] !== LF) this.sep = CR
    }
    const sep = this.sep
    let nl = b.indexOf(sep, start)
    if (this.skipping >= 0 || this.held > 0) {
      if (nl === -1) {
        this.carry(b, start, b.length)
        return this.skipping > this.giveUp ? this.endless() : undefined
      }
      this.carry(b, start, nl)
      this.flush(sink)
      start = nl + 1
      nl = b.indexOf(sep, start)
    }
    if (sink.chunk !== undefined) sink.chunk(b)
    const max = this.maxLineBytes
    while (nl !== -1) {
      let end = nl
      if (end > start && b[end - 1] === CR) end--
      if (end - start > max) sink.tooLong(end - start)
      else sink.line(b, start, end)
      start = nl + 1
      nl = b.indexOf(sep, start)
    }
    if (start < b.length) this.carry(b, start, b.length)
    return undefined
  }

  /** The last line, without a line end. */
  end(sink: LineSink): void {
    if (this.skipping >= 0 || this.held > 0) this.flush(sink)
  }

  /** Hold (a copy of) the bytes of an unfinished line, or count them when it is too long. */
  private carry(b: Buffer, start: number, end: number): void {
    if (this.skipping >= 0) {
      this.skipping += end - start
      return
    }
    this.held += end - start
    if (this.held > this.maxLineBytes + 1) {
      this.skipping = this.held
      this.pieces = []
      this.held = 0
      return
    }
    if (end > start) this.pieces.push(Buffer.from(b.subarray(start, end)))
  }

  /** Give the carried line (its end was found). */
  private flush(sink: LineSink): void {
    if (this.skipping >= 0) {
      const n = this.skipping
      this.skipping = -1
      sink.tooLong(n)
      return
    }
    let l = this.pieces.length === 1 ? (this.pieces[0] as Buffer) : Buffer.concat(this.pieces, this.held)
    this.pieces = []
    this.held = 0
    if (l.length > 0 && l[l.length - 1] === CR) l = l.subarray(0, l.length - 1)
    if (l.length > this.maxLineBytes) sink.tooLong(l.length)
    else sink.line(l, 0, l.length)
  }

  private endless(): Issue[] {
    return [issue('load/too-large', '', { received: `${this.name}: a line without a line end`, expected: `${this.giveUp} bytes (64 × --max-line-bytes)` })]
  }
}

/** The issue of a line longer than the limit (a malformed line of the audit). */
export const tooLongIssue = (bytes: number, max: number): Issue =>
  issue('load/too-large', '', { received: `a line of ${bytes} bytes`, expected: `--max-line-bytes ${max}` })

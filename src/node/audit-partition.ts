/**
 * Which thread of a parallel audit ({@link auditFile}) judges a line: the caps count per
 * community, so all the events of a community must go to one thread, and every thread must agree
 * on it from the raw bytes, without parsing lines it will not judge.
 *
 * A line is *sure* when its bytes say its community beyond doubt:
 * - its strings are read as JSON reads them (a quote after a backslash does not end one), and no
 *   key has an escape (one could spell `community`);
 * - it has exactly one `"community"` followed (after JSON spaces) by `:`, and that key's value is
 *   `{"id":"X"}`, with JSON spaces allowed between the tokens (`{"community": {"id": "X"}}`, as
 *   Python's `json.dumps` writes it, is sure too) and nothing else in the object;
 * - X has no escape and is valid UTF-8 (so that its bytes are the UTF-8 of the string every other
 *   line of that community decodes to).
 *
 * Then, if the line is a JSON object whose `community.id` is a string, that string is X. In a
 * line without a backslash every string ends at the next `"`, so the first `"` of the key cannot
 * close a string (`community` would then stand outside a string, which JSON does not allow): it
 * opens the string `"community"` (a line with backslashes is read string by string, which gives
 * the same); followed by `:` it is a key,
 * the only one of that name in the line, so it is the top-level one, and its value is `{"id":"X"}`.
 * A sure line goes to the thread of X's hash. Any other line is *unsure*: every thread parses it,
 * and it goes to the thread of its parsed `community.id`, or to thread 0 when it has none
 * (a blank, broken or malformed line, which thread 0 reports). A line that is sure but not an
 * event (broken JSON, say) is reported by the thread of X: in every case exactly one thread reads
 * each line.
 *
 * @module
 */

const KEY = Buffer.from('"community"')
const KEY_LENGTH = KEY.length
const QUOTE = 0x22
const BACKSLASH = 0x5c
const OPEN = 0x7b
const CLOSE = 0x7d
const COLON = 0x3a
const C = 0x63
const I = 0x69
const D = 0x64

/** FNV-1a over bytes: the same community on every thread, whatever the thread count. */
const hash = (b: Uint8Array, start: number, end: number): number => {
  let h = 0x811c9dc5
  for (let i = start; i < end; i++) {
    h ^= b[i] as number
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

const isSpace = (c: number | undefined): boolean => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a

/** Whether `"community"` starts at `i`. */
const isKeyName = (b: Uint8Array, i: number): boolean => {
  for (let k = 1; k < KEY_LENGTH; k++) if (b[i + k] !== KEY[k]) return false
  return true
}

/** The index of the colon when `"community"` at `i` is a key (a colon after spaces), or -1. */
const colonAfterKey = (b: Uint8Array, i: number, end: number): number => {
  let j = i + KEY_LENGTH
  while (j < end && isSpace(b[j])) j++
  return j < end && b[j] === COLON ? j : -1
}

/**
 * The id's bytes (start, end) when the value after the colon at `j` is `{"id":"X"}` (JSON spaces
 * between the tokens) and X is valid UTF-8, or undefined.
 */
const idAfter = (b: Uint8Array, j: number, end: number, asciiOnly = false): [number, number] | undefined => {
  let k = j + 1
  while (k < end && isSpace(b[k])) k++
  if (b[k] !== OPEN) return undefined
  k++
  while (k < end && isSpace(b[k])) k++
  if (k + 4 > end || b[k] !== QUOTE || b[k + 1] !== I || b[k + 2] !== D || b[k + 3] !== QUOTE) return undefined
  k += 4
  while (k < end && isSpace(b[k])) k++
  if (b[k] !== COLON) return undefined
  k++
  while (k < end && isSpace(b[k])) k++
  if (k >= end || b[k] !== QUOTE) return undefined
  const from = k + 1
  let q = from
  while (q < end && b[q] !== QUOTE) q++
  if (q >= end) return undefined
  k = q + 1
  while (k < end && isSpace(b[k])) k++
  if (k >= end || b[k] !== CLOSE) return undefined
  // an id with escapes (its bytes are not its text), or not in valid UTF-8 (it reads as another
  // string, with U+FFFD, once decoded): unsure
  for (let x = from; x < q; x++) if (b[x] === BACKSLASH) return undefined
  for (let x = from; x < q; x++)
    if ((b[x] as number) >= 0x80) {
      // in another encoding (GB18030) an id's bytes are not the UTF-8 the others hash: unsure
      if (asciiOnly) return undefined
      const id = Buffer.from(b.buffer, b.byteOffset + from, q - from)
      if (!Buffer.from(id.toString('utf8'), 'utf8').equals(id)) return undefined
      break
    }
  return [from, q]
}

/**
 * The thread of a line with backslashes (escapes: `\u4e2d` as Python writes Chinese, `\"`),
 * reading its strings as JSON does: a quote after a backslash does not end one. A key with an
 * escape could spell `community` (`"\u0063ommunity"`): the line is unsure then; so it is when the
 * id has an escape.
 */
const threadOfEscaped = (b: Uint8Array, start: number, end: number, threads: number, asciiOnly = false): number => {
  let colon = -1
  for (let i = start; i < end; i++) {
    if (b[i] !== QUOTE) continue
    // a string: to its closing quote
    const open = i
    let escaped = false
    for (i++; i < end && b[i] !== QUOTE; i++)
      if (b[i] === BACKSLASH) {
        escaped = true
        i++
      }
    if (i >= end) return -1
    // a key when a colon follows, after spaces
    let j = i + 1
    while (j < end && isSpace(b[j])) j++
    if (j >= end || b[j] !== COLON) continue
    if (escaped) return -1
    if (i - open !== KEY_LENGTH - 1 || !isKeyName(b, open)) continue
    if (colon !== -1) return -1
    colon = j
  }
  const id = colon === -1 ? undefined : idAfter(b, colon, end, asciiOnly)
  return id === undefined ? -1 : hash(b, id[0], id[1]) % threads
}

/**
 * The thread of a line (its bytes, newline excluded) among `threads`, or -1 when the line is
 * unsure and must be parsed to tell ({@link threadOfValue}).
 *
 * @example
 * threadOfLine(Buffer.from('{"community":{"id":"c1"},"kind":"task"}'), 2) // 1
 * @since 0.1.0
 */
export const threadOfLine = (b: Uint8Array, threads: number, asciiOnly = false): number => {
  const n = b.length
  if (b.indexOf(BACKSLASH) !== -1) return threadOfEscaped(b, 0, n, threads, asciiOnly)
  let colon = -1
  for (let i = 0; i < n; i++) {
    const c = b[i]
    if (c !== QUOTE || b[i + 1] !== C || !isKeyName(b, i)) continue
    const j = colonAfterKey(b, i, n)
    if (j === -1) continue
    // a second key of that name: unsure
    if (colon !== -1) return -1
    colon = j
    i = j
  }
  const id = colon === -1 ? undefined : idAfter(b, colon, n, asciiOnly)
  return id === undefined ? -1 : hash(b, id[0], id[1]) % threads
}

/**
 * {@link threadOfLine} for the lines of one chunk, asked in order: the chunk's `"community"`s and
 * backslashes are found once, by native searches over the whole chunk, instead of a loop over
 * every byte of every line (each thread of an audit reads every line; this is what it costs them).
 *
 * @example
 * const index = new ChunkIndex(chunk)
 * index.threadOf(0, firstNewline, 2) // the same as threadOfLine(chunk.subarray(0, firstNewline), 2)
 * @since 0.1.0
 */
export class ChunkIndex {
  private readonly keys: number[] = []
  private readonly slashes: number[] = []
  private k = 0
  private s = 0
  /** `asciiOnly`: a file in an encoding other than UTF-8, where only an ASCII id is sure */
  constructor(
    private readonly b: Buffer,
    private readonly asciiOnly = false,
  ) {
    for (let i = b.indexOf(KEY); i !== -1; i = b.indexOf(KEY, i + KEY_LENGTH)) this.keys.push(i)
    for (let i = b.indexOf(BACKSLASH); i !== -1; i = b.indexOf(BACKSLASH, i + 1)) this.slashes.push(i)
  }

  /** The thread of the line at `start` .. `end` (newline excluded); lines must be asked in order. */
  threadOf(start: number, end: number, threads: number): number {
    const { b, keys, slashes } = this
    while (this.s < slashes.length && (slashes[this.s] as number) < start) this.s++
    while (this.k < keys.length && (keys[this.k] as number) < start) this.k++
    if (this.s < slashes.length && (slashes[this.s] as number) < end) return threadOfEscaped(b, start, end, threads, this.asciiOnly)
    let colon = -1
    for (let x = this.k; x < keys.length; x++) {
      const i = keys[x] as number
      if (i + KEY_LENGTH > end) break
      const j = colonAfterKey(b, i, end)
      if (j === -1) continue
      if (colon !== -1) return -1
      colon = j
    }
    const id = colon === -1 ? undefined : idAfter(b, colon, end, this.asciiOnly)
    return id === undefined ? -1 : hash(b, id[0], id[1]) % threads
  }
}

/**
 * The thread of an unsure line, from its text: that of its `community.id` when it is a JSON
 * object with one, thread 0 otherwise.
 *
 * @example
 * threadOfValue('{ "community" : { "id" : "c1" } }', 2) // 1
 * threadOfValue('not json', 2) // 0
 * @since 0.1.0
 */
export const threadOfValue = (text: string, threads: number): number => {
  let v: unknown
  try {
    v = JSON.parse(text)
  } catch {
    return 0
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 0
  const c = (v as { community?: unknown }).community
  if (typeof c !== 'object' || c === null) return 0
  const id = (c as { id?: unknown }).id
  if (typeof id !== 'string') return 0
  const bytes = Buffer.from(id, 'utf8')
  return hash(bytes, 0, bytes.length) % threads
}

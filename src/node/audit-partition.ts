/**
 * Which thread of a parallel audit ({@link auditFile}) judges a line: the caps count per
 * community, so all the events of a community must go to one thread, and every thread must agree
 * on it from the raw bytes, without parsing lines it will not judge.
 *
 * A line is *sure* when its bytes say its community beyond doubt:
 * - it has no backslash, so every string in it is written literally and ends at the next `"`;
 * - it contains `"community":{"id":"X"}` (exactly so: the object has the one key `id`);
 * - no other `"community"` in it is followed, after spaces, by `:` (no second key of that name,
 *   nested or not);
 * - X is valid UTF-8 (so that it decodes to the string every other line of that community does).
 *
 * Then, if the line is a JSON object whose `community.id` is a string, that string is X. The
 * first `"` of the match cannot close a string (`community` would then stand outside a string,
 * which JSON does not allow), so it opens the string `"community"`; followed by `:` it is a key,
 * the only one of that name in the line, so it is the top-level one, and its value is `{"id":"X"}`.
 * A sure line goes to the thread of X's hash. Any other line is *unsure*: every thread parses it,
 * and it goes to the thread of its parsed `community.id`, or to thread 0 when it has none
 * (a blank, broken or malformed line, which thread 0 reports). A line that is sure but not an
 * event (broken JSON, say) is reported by the thread of X: in every case exactly one thread reads
 * each line.
 *
 * @module
 */

const NEEDLE = Buffer.from('"community":{"id":"')
/** `"community"`: the bytes after the first quote of the needle */
const KEY_LENGTH = 11
const QUOTE = 0x22
const BACKSLASH = 0x5c
const CLOSE = 0x7d
const COLON = 0x3a

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

/** Whether `"community"` starts at `i` (one JS pass: no call into C++ per line). */
const isKeyName = (b: Uint8Array, i: number): boolean => {
  for (let k = 1; k < KEY_LENGTH; k++) if (b[i + k] !== NEEDLE[k]) return false
  return true
}

/**
 * The thread of a line (its bytes, newline excluded) among `threads`, or -1 when the line is
 * unsure and must be parsed to tell ({@link threadOfValue}).
 *
 * @example
 * threadOfLine(Buffer.from('{"community":{"id":"c1"},"kind":"task"}'), 2) // 1
 * @since 0.1.0
 */
export const threadOfLine = (b: Uint8Array, threads: number): number => {
  const n = b.length
  let at = -1
  for (let i = 0; i < n; i++) {
    const c = b[i]
    if (c === BACKSLASH) return -1
    if (c !== QUOTE || b[i + 1] !== 0x63 || !isKeyName(b, i)) continue
    // `"community"`: a key when a colon follows, after spaces
    let j = i + KEY_LENGTH
    while (isSpace(b[j])) j++
    if (b[j] !== COLON) continue
    // a second key of that name, or the one key not spelled as the needle: unsure
    if (at !== -1) return -1
    for (let k = KEY_LENGTH; k < NEEDLE.length; k++) if (b[i + k] !== NEEDLE[k]) return -1
    at = i
    i += NEEDLE.length - 1
  }
  if (at === -1) return -1
  const start = at + NEEDLE.length
  let end = start
  while (end < n && b[end] !== QUOTE) end++
  if (end >= n || b[end + 1] !== CLOSE) return -1
  // a community id not in valid UTF-8 reads as another string (U+FFFD) once decoded: unsure
  for (let i = start; i < end; i++)
    if ((b[i] as number) >= 0x80) {
      const x = Buffer.from(b.buffer, b.byteOffset + start, end - start)
      if (!Buffer.from(x.toString('utf8'), 'utf8').equals(x)) return -1
      break
    }
  return hash(b, start, end) % threads
}

const KEY = NEEDLE.subarray(0, KEY_LENGTH)

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
  constructor(private readonly b: Buffer) {
    for (let i = b.indexOf(KEY); i !== -1; i = b.indexOf(KEY, i + KEY_LENGTH)) this.keys.push(i)
    for (let i = b.indexOf(BACKSLASH); i !== -1; i = b.indexOf(BACKSLASH, i + 1)) this.slashes.push(i)
  }

  /** The thread of the line at `start` .. `end` (newline excluded); lines must be asked in order. */
  threadOf(start: number, end: number, threads: number): number {
    const { b, keys, slashes } = this
    while (this.s < slashes.length && (slashes[this.s] as number) < start) this.s++
    while (this.k < keys.length && (keys[this.k] as number) < start) this.k++
    if (this.s < slashes.length && (slashes[this.s] as number) < end) return -1
    let at = -1
    for (let x = this.k; x < keys.length; x++) {
      const i = keys[x] as number
      if (i + KEY_LENGTH > end) break
      let j = i + KEY_LENGTH
      while (j < end && isSpace(b[j])) j++
      if (j >= end || b[j] !== COLON) continue
      if (at !== -1 || i + NEEDLE.length > end) return -1
      for (let m = KEY_LENGTH; m < NEEDLE.length; m++) if (b[i + m] !== NEEDLE[m]) return -1
      at = i
    }
    if (at === -1) return -1
    const from = at + NEEDLE.length
    let q = from
    while (q < end && b[q] !== QUOTE) q++
    if (q + 1 >= end || b[q + 1] !== CLOSE) return -1
    for (let i = from; i < q; i++)
      if ((b[i] as number) >= 0x80) {
        const x = b.subarray(from, q)
        if (!Buffer.from(x.toString('utf8'), 'utf8').equals(x)) return -1
        break
      }
    return hash(b, from, q) % threads
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

import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import * as E from 'fp-ts/lib/Either.js'
import { issue, type Issue } from '../issues/issue'

/**
 * Reading a text file the CLI and `zhunru/node` are given (a request, a case file, a pack):
 * bounded, with its encoding decided the same way everywhere.
 *
 * - At most {@link MAX_FILE_BYTES} bytes are read: a longer file, or an endless one (`/dev/zero`),
 *   is `load/too-large`, after reading one byte past the bound, never more.
 * - A byte-order mark decides the encoding and is dropped: UTF-8 (`EF BB BF`, what Windows
 *   "UTF-8 with BOM" writes), UTF-16 LE (`FF FE`, Excel's "Unicode text") or BE (`FE FF`).
 * - Otherwise the encoding is the one named (`utf-8` by default, or `gb18030`, which also reads
 *   GBK and GB2312), decoded strictly: a byte sequence invalid in it is `load/encoding`, whose hint
 *   says to save the file as UTF-8 or to name `--encoding gb18030`. Nothing is guessed: a GBK
 *   file read as UTF-8 is refused, never shown as mojibake.
 * - A file that does not exist or is a folder is `load/not-found`; any other failure to read
 *   (permissions, a disk error) is `load/io` (the CLI's exit code 3).
 *
 * @module
 */

/** The most bytes of a request, case or pack file read (64 MiB). @since 0.1.0 */
export const MAX_FILE_BYTES = 64 * 1024 * 1024

/** The encodings a file can be named in (aliases: `utf8`, `gbk`, `gb2312`). @since 0.1.0 */
export type TextEncodingName = 'utf-8' | 'gb18030'

/** The encoding an `--encoding` value names, or undefined for an unknown one. @since 0.1.0 */
export const encodingOf = (name: unknown): TextEncodingName | undefined => {
  if (typeof name !== 'string') return undefined
  const n = name.trim().toLowerCase()
  if (n === 'utf-8' || n === 'utf8') return 'utf-8'
  if (n === 'gb18030' || n === 'gbk' || n === 'gb2312') return 'gb18030'
  return undefined
}

/** The issue of an error thrown by `fs` on `file`: not found (a name or a folder) or I/O. */
export const fsIssue = (file: string, e: unknown): Issue => {
  const code = (e as NodeJS.ErrnoException | null)?.code
  if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR' || code === 'ENAMETOOLONG' || code === 'ELOOP')
    return issue('load/not-found', '', { received: code === 'EISDIR' ? `${file} (a folder)` : file })
  return issue('load/io', '', { received: `${file}: ${e instanceof Error ? e.message : String(e)}` })
}

/**
 * Decode the bytes of a file: a byte-order mark decides (and is dropped), else `encoding`,
 * strictly.
 *
 * @since 0.1.0
 */
export const decodeText = (bytes: Uint8Array, name: string, encoding: TextEncodingName = 'utf-8'): E.Either<Issue[], string> => {
  let label: string = encoding
  let start = 0
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    label = 'utf-8'
    start = 3
  } else if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    label = 'utf-16le'
    start = 2
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    label = 'utf-16be'
    start = 2
  }
  try {
    return E.right(new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(bytes.subarray(start)))
  } catch {
    return E.left([issue('load/encoding', '', { received: name, expected: label === 'utf-8' ? 'UTF-8' : label.toUpperCase() })])
  }
}

/**
 * Read a file (or standard input: `0`) as text, bounded and decoded as the module says.
 *
 * @example
 * readTextFile('request.json') // Right('{"kind": …}')
 * readTextFile('/dev/zero')    // Left([{ code: 'load/too-large', … }])
 * @since 0.1.0
 */
export const readTextFile = (
  file: string | 0,
  options: { readonly encoding?: TextEncodingName; readonly maxBytes?: number } = {},
): E.Either<Issue[], string> => {
  const name = file === 0 ? '<stdin>' : file
  const max = options.maxBytes ?? MAX_FILE_BYTES
  let fd: number
  try {
    fd = file === 0 ? 0 : openSync(file, 'r')
  } catch (e) {
    return E.left([fsIssue(name, e)])
  }
  const parts: Buffer[] = []
  let total = 0
  try {
    if (fstatSync(fd).isDirectory()) return E.left([issue('load/not-found', '', { received: `${name} (a folder)` })])
    const chunk = Buffer.allocUnsafe(1 << 16)
    for (;;) {
      let got: number
      try {
        got = readSync(fd, chunk, 0, Math.min(chunk.length, max + 1 - total), null)
      } catch (e) {
        // standard input in non-blocking mode: wait for it
        if ((e as NodeJS.ErrnoException).code === 'EAGAIN') {
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10)
          continue
        }
        if ((e as NodeJS.ErrnoException).code === 'EOF') break
        throw e
      }
      if (got === 0) break
      parts.push(Buffer.from(chunk.subarray(0, got)))
      total += got
      if (total > max) return E.left([issue('load/too-large', '', { received: name, expected: `${max} bytes` })])
    }
  } catch (e) {
    return E.left([fsIssue(name, e)])
  } finally {
    if (file !== 0) closeSync(fd)
  }
  return decodeText(Buffer.concat(parts, total), name, options.encoding)
}

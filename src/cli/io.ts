import * as E from 'fp-ts/lib/Either.js'
import { parseText } from '../decode/parse-text'
import { formatIssues, type Locale } from '../issues/format'
import type { Issue } from '../issues/issue'
import { encodingOf, readTextFile, type TextEncodingName } from '../node/read-text'
import { inert } from '../text/inert'

/**
 * Exit codes of every command: 0 nothing found (pass), 1 findings (failures, problems,
 * violations), 2 bad input or usage, 3 an input/output failure (writing the output, or reading a
 * file that exists).
 */
export const EXIT = { ok: 0, failures: 1, badInput: 2, io: 3 } as const

/**
 * Read a request (YAML or JSON) from a file, or from standard input for `-`: bounded, BOM
 * dropped, decoded strictly in `encoding` (UTF-8 by default; see read-text.ts).
 */
export const readInput = (file: string, encoding?: TextEncodingName): E.Either<Issue[], unknown> => {
  const text = readTextFile(file === '-' ? 0 : file, encoding !== undefined ? { encoding } : {})
  if (E.isLeft(text)) return text
  const p = parseText(text.right, { file: file === '-' ? '<stdin>' : file })
  return E.isLeft(p) ? p : E.right(p.right.value)
}

/** The exit code of issues: 3 when one is an input/output failure, else 2 (bad input). */
export const exitOf = (issues: readonly Issue[]): number => (issues.some((i) => i.code === 'load/io') ? EXIT.io : EXIT.badInput)

/** Print issues to standard error and give their exit code (2, or 3 for an I/O failure). */
export const failWith = (issues: readonly Issue[], lang: Locale): number => {
  process.stderr.write(`${formatIssues(issues, lang)}\n`)
  return exitOf(issues)
}

/** A usage error (a bad option value): one line on standard error, exit code 2. */
export const usage = (message: string): number => {
  process.stderr.write(`${message}\n`)
  return EXIT.badInput
}

/** A whole number from `min` to `max` written in decimal digits only, or undefined. */
export const wholeNumber = (s: unknown, min: number, max: number): number | undefined => {
  if (typeof s === 'number') return Number.isSafeInteger(s) && s >= min && s <= max ? s : undefined
  if (typeof s !== 'string' || !/^[0-9]{1,16}$/.test(s)) return undefined
  const n = Number(s)
  return Number.isSafeInteger(n) && n >= min && n <= max ? n : undefined
}

/**
 * The usage error of `--format`, `--lang` or `--encoding` values a command does not know, or
 * undefined when they are all right (commander checks them on the command line; this checks them
 * for callers of the command functions).
 */
export const badOptions = (o: { readonly format?: unknown; readonly lang?: unknown; readonly encoding?: unknown }, formats: readonly string[]): string | undefined => {
  if (o.format !== undefined && !formats.includes(String(o.format))) return `--format: ${formats.join(' | ')} (received ${inert(o.format)})`
  if (o.lang !== undefined && o.lang !== 'zh-CN' && o.lang !== 'en') return `--lang: zh-CN | en (received ${inert(o.lang)})`
  if (o.encoding !== undefined && encodingOf(o.encoding) === undefined) return `--encoding: utf-8 | gb18030 (received ${inert(o.encoding)})`
  return undefined
}

/** The locale of a `--lang` option. */
export const localeOf = (lang: unknown): Locale => (lang === 'en' ? 'en' : 'zh-CN')

const reported = new WeakSet<object>()
/**
 * Say that the output cannot be written (ENOSPC on a full disk, EPIPE when the reader has gone):
 * one line on standard error, once for each failure. The command that met the failure and the
 * process's own 'error' handler for standard output are given the same error, and may both come
 * here: the clerk reads the line once. Returns the exit code, 3.
 *
 * @example
 * return outputFailed(e, lang) // 3
 * @since 0.3.0
 */
export const outputFailed = (e: unknown, lang: Locale): number => {
  if (typeof e === 'object' && e !== null) {
    if (reported.has(e)) return EXIT.io
    reported.add(e)
  }
  const what = (e as NodeJS.ErrnoException | undefined)?.code ?? (e instanceof Error ? e.message : String(e)).split('\n')[0]
  try {
    process.stderr.write(lang === 'en' ? `zhunru: cannot write the output (${what}); it is incomplete\n` : `zhunru：无法写出结果（${what}），输出不完整\n`)
  } catch {
    // standard error is gone too
  }
  return EXIT.io
}

/** The error of an output that has failed (a full disk, a closed pipe), if it has. */
const outputFailure = (out: NodeJS.WritableStream): unknown => {
  const w = out as { errored?: unknown; destroyed?: boolean }
  return w.errored ?? (w.destroyed === true ? new Error('the output was closed') : undefined)
}

/**
 * Write `text` to a command's output, and when its buffer is full wait until it drains. Rejects
 * with the output's error when it has failed, before this write or while waiting: a stream that
 * has failed emits neither 'drain' nor 'error' again, so waiting for 'drain' alone would wait
 * for ever (a full disk whose error arrived between two writes).
 *
 * @example
 * await writeOut(process.stdout, 'a line\n')
 * @since 0.3.0
 */
export const writeOut = async (out: NodeJS.WritableStream, text: string | Uint8Array): Promise<void> => {
  const before = outputFailure(out)
  if (before != null) throw before
  if (out.write(text)) return
  const now = outputFailure(out)
  if (now != null) throw now
  await new Promise<void>((resolve, reject) => {
    const done = (e?: unknown): void => {
      out.off('drain', onDrain)
      out.off('error', onError)
      out.off('close', onClose)
      if (e === undefined) resolve()
      else reject(e)
    }
    const onDrain = (): void => done()
    const onError = (e: unknown): void => done(e)
    const onClose = (): void => done(outputFailure(out) ?? new Error('the output was closed'))
    out.on('drain', onDrain)
    out.on('error', onError)
    out.on('close', onClose)
  })
}

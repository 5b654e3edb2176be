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

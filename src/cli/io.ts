import { readFileSync } from 'node:fs'
import * as E from 'fp-ts/lib/Either.js'
import { parseText } from '../decode/parse-text'
import { formatIssues, type Locale } from '../issues/format'
import { issue, type Issue } from '../issues/issue'

/** Exit codes of every command: 0 pass, 1 failures found, 2 bad input. */
export const EXIT = { ok: 0, failures: 1, badInput: 2 } as const

/** Read a request (YAML or JSON) from a file, or from standard input for `-`. */
export const readInput = (file: string): E.Either<Issue[], unknown> => {
  let text: string
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8')
  } catch {
    return E.left([issue('load/not-found', '', { received: file })])
  }
  const p = parseText(text, { file: file === '-' ? '<stdin>' : file })
  return E.isLeft(p) ? p : E.right(p.right.value)
}

/** Print issues to standard error and give the bad-input exit code. */
export const failWith = (issues: readonly Issue[], lang: Locale): number => {
  process.stderr.write(`${formatIssues(issues, lang)}\n`)
  return EXIT.badInput
}

/** The locale of a `--lang` option. */
export const localeOf = (lang: unknown): Locale => (lang === 'en' ? 'en' : 'zh-CN')

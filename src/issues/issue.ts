/**
 * Issues: every problem zhunru finds is plain data with a stable code and a place.
 *
 * This module owns the shape of an issue and the list of codes. Turning an issue into text is
 * `format.ts`'s job, with one message catalogue per locale.
 *
 * @module
 */

/**
 * Every stable issue code. The prefix says which stage found it.
 *
 * @since 0.1.0
 */
export const ISSUE_CODES = [
  // reading files
  'yaml/syntax',
  'yaml/duplicate-key',
  'json/syntax',
  'load/not-found',
  'load/outside-folder',
  'load/duplicate-pack',
  'load/io',
  'load/too-large',
  'load/encoding',
  'source/invalid',
  // schema (io-ts decoding)
  'schema/missing',
  'schema/invalid',
  'schema/unknown-field',
  // requests
  'request/invalid',
  'request/missing',
  'request/unknown-field',
  'request/bad-date',
  // layering
  'resolve/unknown-parent',
  'resolve/cycle',
  'resolve/unknown-target',
  'resolve/bad-tz',
  // compile: semantic checks over a decoded pack
  'compile/duplicate-id',
  'compile/unknown-fact',
  'compile/unknown-list',
  'compile/unknown-param',
  'compile/unknown-operator',
  'compile/unknown-cap',
  'compile/unknown-document',
  'compile/bad-citation',
  'compile/unknown-condition',
  'compile/bad-path',
  'compile/bad-value',
  'compile/bad-period',
  'compile/bad-timezone',
  'compile/no-catch-all',
  'compile/limit',
  // evaluate
  'eval/operator-type',
  'eval/no-epoch',
  'eval/limit',
  'eval/needs-async',
  // explain
  'explain/no-trace',
  // decision records
  'record/policy-mismatch',
  'record/decision-mismatch',
  'record/unknown-pack',
] as const

/**
 * A stable issue code such as `schema/missing` or `compile/unknown-list`.
 *
 * @since 0.1.0
 */
export type IssueCode = (typeof ISSUE_CODES)[number]

/**
 * One problem, as data. `path` is a JSON pointer into the file or request (`""` is the whole
 * document). `line` and `column` are 1-based and present for YAML and JSON files read from text.
 *
 * @example
 * const issue: Issue = { code: 'schema/missing', path: '/rules/0/citation', expected: 'object' }
 * @since 0.1.0
 */
export interface Issue {
  readonly code: IssueCode
  readonly path: string
  readonly file?: string
  readonly line?: number
  readonly column?: number
  /** What was expected, in neutral notation (a type, a list of names). */
  readonly expected?: string
  /** What was found, quoted and cut to 80 characters. */
  readonly received?: string
  /** Extra named values the message catalogue can use. */
  readonly params?: Readonly<Record<string, string | number>>
}

/**
 * Make an issue, dropping `undefined` fields so that issues compare and serialise cleanly.
 *
 * @example
 * issue('compile/unknown-list', '/rules/3/conditions/all/0/value', { received: '"assist"' })
 * @since 0.1.0
 */
export const issue = (
  code: IssueCode,
  path: string,
  extra: Omit<Issue, 'code' | 'path'> = {},
): Issue => {
  const out: Record<string, unknown> = { code, path }
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) out[k] = v
  return out as unknown as Issue
}

/**
 * Show any value briefly, for the `received` field of an issue.
 *
 * @example
 * showValue({ a: 1 }) // '{"a":1}'
 * @since 0.1.0
 */
export const showValue = (value: unknown): string => {
  let text: string
  if (value === undefined) text = 'undefined'
  else if (typeof value === 'function') text = 'function'
  else if (typeof value === 'bigint' || typeof value === 'symbol') text = String(value)
  else {
    try {
      text = JSON.stringify(value) ?? String(value)
    } catch {
      text = Object.prototype.toString.call(value)
    }
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text
}

/**
 * Append a key to a JSON pointer, escaping `~` and `/` as RFC 6901 says.
 *
 * @example
 * pointer('/rules', 0) // '/rules/0'
 * @since 0.1.0
 */
export const pointer = (base: string, key: string | number): string =>
  `${base}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`

/**
 * Order issues by file, then line, then path, then code, so that output is stable.
 *
 * @since 0.1.0
 */
export const sortIssues = (issues: readonly Issue[]): Issue[] =>
  [...issues].sort(
    (a, b) =>
      (a.file ?? '').localeCompare(b.file ?? '') ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      a.path.localeCompare(b.path) ||
      a.code.localeCompare(b.code),
  )

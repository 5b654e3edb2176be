/**
 * The stable codes of `zhunru lint`. Problems the library itself finds when loading a pack
 * (YAML syntax, schema, layering) keep the library's own codes; names a rule uses that do not
 * exist are reported under `lint/unknown-*` (the same check as compile's).
 *
 * @module
 */

/** Every lint code. @since 0.1.0 */
export const LINT_CODES = [
  'lint/duplicate-id',
  'lint/unknown-list',
  'lint/unknown-fact',
  'lint/unknown-param',
  'lint/unknown-operator',
  'lint/unknown-cap',
  'lint/unknown-condition',
  'lint/unknown-document',
  'lint/bad-citation',
  'lint/no-citation',
  'lint/missing-message',
  'lint/missing-english',
  'lint/unsatisfiable',
  'lint/tier-conflict',
  'lint/conflicts-capped',
  'lint/shadowed',
  'lint/loosened',
  'lint/cap-quote-differs',
  'lint/expired',
  'lint/expired-item',
  'lint/unknown-prevails-over',
] as const

/** A lint code such as `lint/shadowed`. @since 0.1.0 */
export type LintCode = (typeof LINT_CODES)[number]

/** Compile's codes that lint reports under its own. @since 0.1.0 */
export const FROM_COMPILE: Readonly<Record<string, LintCode>> = {
  'compile/duplicate-id': 'lint/duplicate-id',
  'compile/unknown-list': 'lint/unknown-list',
  'compile/unknown-fact': 'lint/unknown-fact',
  'compile/unknown-param': 'lint/unknown-param',
  'compile/unknown-operator': 'lint/unknown-operator',
  'compile/unknown-cap': 'lint/unknown-cap',
  'compile/unknown-condition': 'lint/unknown-condition',
  'compile/unknown-document': 'lint/unknown-document',
  'compile/bad-citation': 'lint/bad-citation',
}

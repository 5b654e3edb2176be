import { issueHelp, issueMessage, issuePlace, type Locale } from '../issues/format'
import type { Issue, IssueCode } from '../issues/issue'
import { lintCatalog } from './catalog'
import { FROM_COMPILE, LINT_CODES, type LintCode } from './codes'

/**
 * One lint finding: an issue whose code is a lint code or a library code, with its place.
 *
 * @module
 */

/** A lint finding. `witness` is the request that shows a tier conflict. @since 0.1.0 */
export interface LintFinding extends Omit<Issue, 'code'> {
  readonly code: LintCode | IssueCode
  readonly witness?: unknown
  /** `warning`: worth fixing, but the pack is sound (exit 0); absent: a problem */
  readonly severity?: 'warning'
}

/** Whether a finding is only a warning (it does not fail `zhunru lint`). @since 0.3.0 */
export const isWarning = (f: LintFinding): boolean => f.severity === 'warning'

const isLint = (code: string): code is LintCode => (LINT_CODES as readonly string[]).includes(code)

const fill = (template: string, f: LintFinding): string =>
  template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    if (key === 'path') return f.path === '' ? '/' : f.path
    if (key === 'expected') return f.expected ?? '?'
    if (key === 'received') return f.received ?? '?'
    if (key === 'witness') return f.witness === undefined ? '?' : JSON.stringify(f.witness)
    const v = f.params?.[key]
    return v === undefined ? whole : String(v)
  })

/**
 * A library issue as a lint finding (compile's unknown names and duplicate ids under lint codes).
 *
 * @since 0.1.0
 */
export const fromIssue = (i: Issue): LintFinding => ({ ...i, code: FROM_COMPILE[i.code] ?? i.code })

/**
 * The message of a finding in a locale.
 *
 * @example
 * findingMessage({ code: 'lint/expired', path: '/rules/3', received: '2020-12-31', params: { rule: 'old' } }, 'en')
 * // 'the period of rule old ended on 2020-12-31'
 * @since 0.1.0
 */
export const findingMessage = (f: LintFinding, locale: Locale = 'zh-CN'): string => {
  if (!isLint(f.code)) return issueMessage(f as Issue, locale)
  const text = fill(lintCatalog(locale)[f.code].message, f)
  // tier conflicts are grouped per rule: the others it conflicts with, counted
  const more = Number(f.params?.more ?? 0)
  if (f.code !== 'lint/tier-conflict' || !(more > 0)) return text
  return locale === 'en' ? `${text} (and with ${more} more rule(s): ${String(f.params?.others ?? '')})` : `${text}（另与 ${more} 条规则冲突：${String(f.params?.others ?? '')}）`
}

/** The fix hint of a finding. @since 0.1.0 */
export const findingHelp = (f: LintFinding, locale: Locale = 'zh-CN'): string | undefined => {
  if (!isLint(f.code)) return issueHelp(f as Issue, locale)
  const h = lintCatalog(locale)[f.code].help
  return h === undefined ? undefined : fill(h, f)
}

/**
 * A finding as text: `file:line:column /pointer [code] message`, and the hint on the next line.
 *
 * @since 0.1.0
 */
export const formatFinding = (f: LintFinding, locale: Locale = 'zh-CN'): string => {
  const help = findingHelp(f, locale)
  const mark = isWarning(f) ? (locale === 'en' ? 'warning: ' : '提醒：') : ''
  const head = `${issuePlace(f as Issue)} [${f.code}] ${mark}${findingMessage(f, locale)}`
  return help === undefined ? head : `${head}\n  ${locale === 'en' ? 'help' : '提示'}: ${help}`
}

import { showValue, type Issue, type IssueCode } from './issue'
import { EN } from './catalog-en'
import { ZH_CN } from './catalog-zh-cn'
import { inert } from '../text/inert'

/**
 * A locale zhunru speaks. Chinese first.
 *
 * @since 0.1.0
 */
export type Locale = 'zh-CN' | 'en'

/**
 * One catalogue entry: the message and a separate hint on how to fix it (Cedar's style).
 *
 * @since 0.1.0
 */
export interface CatalogEntry {
  readonly message: string
  readonly help?: string
}

/**
 * A message catalogue: every issue code has an entry.
 *
 * @since 0.1.0
 */
export type Catalog = Readonly<Record<IssueCode, CatalogEntry>>

const CATALOGS: Readonly<Record<Locale, Catalog>> = { 'zh-CN': ZH_CN, en: EN }

// anything that is not an issue is shown as one, so formatting never throws
const asIssue = (u: unknown): Issue =>
  typeof u === 'object' && u !== null && typeof (u as Issue).code === 'string' && typeof (u as Issue).path === 'string'
    ? (u as Issue)
    : { code: 'request/invalid', path: '', expected: 'an issue', received: showValue(u) }

/** The type names a decoder puts in `expected`, in Chinese (what a Chinese line shows). */
const ZH_TYPE: Readonly<Record<string, string>> = { string: '文字', number: '数字', boolean: 'true 或 false', object: '对象 {…}' }

/**
 * `expected` as a Chinese line shows it: `one of a, b` → `a、b 之一`, `Array<X>` → `X 的列表`, a
 * type name in words; anything else (values, dates, field names) as it is.
 */
const zhExpected = (s: string): string => {
  const one = /^one of (.+)$/.exec(s)
  if (one !== null) return `${(one[1] as string).split(', ').join('、')} 之一`
  const list = /^Array<(.+)>$/.exec(s)
  if (list !== null) return `${zhExpected(list[1] as string)} 的列表`
  return Object.prototype.hasOwnProperty.call(ZH_TYPE, s) ? (ZH_TYPE[s] as string) : s
}

const fill = (template: string, issue: Issue, locale?: Locale): string =>
  template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    // values come from requests and files: shown inert (no line breaks or terminal controls)
    if (key === 'path') return issue.path === '' ? '/' : inert(issue.path)
    if (key === 'expected') return inert(locale === 'en' || issue.expected === undefined ? (issue.expected ?? '?') : zhExpected(issue.expected))
    if (key === 'received') return inert(issue.received ?? '?')
    const params = issue.params
    const v = params !== undefined && Object.prototype.hasOwnProperty.call(params, key) ? params[key] : undefined
    return v === undefined ? whole : inert(v)
  })

const entryOf = (issue: Issue, locale: Locale): CatalogEntry | undefined => {
  const cat = typeof locale === 'string' && Object.prototype.hasOwnProperty.call(CATALOGS, locale) ? CATALOGS[locale] : CATALOGS['zh-CN']
  return Object.prototype.hasOwnProperty.call(cat, issue.code) ? cat[issue.code] : undefined
}

/**
 * The message of an issue in a locale, without its place.
 *
 * @example
 * issueMessage({ code: 'schema/missing', path: '/id', expected: 'string' }, 'en')
 * // 'required field is missing (expected string)'
 * @since 0.1.0
 */
export const issueMessage = (u: Issue, locale: Locale = 'zh-CN'): string => {
  const issue = asIssue(u)
  const entry = entryOf(issue, locale)
  // an issue from another version of zhunru: its code says what it is
  return entry === undefined ? String(issue.code) : fill(entry.message, issue, locale === 'en' ? 'en' : 'zh-CN')
}

/**
 * The fix hint of an issue in a locale, if the catalogue has one.
 *
 * @since 0.1.0
 */
export const issueHelp = (u: Issue, locale: Locale = 'zh-CN'): string | undefined => {
  const issue = asIssue(u)
  const help = entryOf(issue, locale)?.help
  return help === undefined ? undefined : fill(help, issue, locale === 'en' ? 'en' : 'zh-CN')
}

/**
 * Where an issue is, as `file:line:column path` (each part only when known).
 *
 * @example
 * issuePlace({ code: 'schema/missing', path: '/id', file: 'pack.yaml', line: 3, column: 1 })
 * // 'pack.yaml:3:1 /id'
 * @since 0.1.0
 */
export const issuePlace = (u: Issue): string => {
  const issue = asIssue(u)
  const parts: string[] = []
  if (issue.file !== undefined) {
    parts.push(
      inert(issue.line !== undefined ? `${issue.file}:${issue.line}:${issue.column ?? 1}` : issue.file),
    )
  } else if (issue.line !== undefined) parts.push(`${issue.line}:${issue.column ?? 1}`)
  parts.push(issue.path === '' ? '/' : inert(issue.path))
  return parts.join(' ')
}

/**
 * One line of text for an issue: place, code, message, and the hint on a second line.
 *
 * @example
 * formatIssue({ code: 'schema/missing', path: '/id', expected: 'string' }, 'en')
 * // '/id [schema/missing] required field is missing (expected string)\n  help: add the field'
 * @since 0.1.0
 */
export const formatIssue = (u: Issue, locale: Locale = 'zh-CN'): string => {
  const issue = asIssue(u)
  const help = issueHelp(issue, locale)
  const head = `${issuePlace(issue)} [${issue.code}] ${issueMessage(issue, locale)}`
  return help === undefined ? head : `${head}\n  ${locale === 'en' ? 'help' : '提示'}: ${help}`
}

/**
 * Every issue as text, one per entry.
 *
 * @since 0.1.0
 */
export const formatIssues = (issues: readonly Issue[], locale: Locale = 'zh-CN'): string =>
  (Array.isArray(issues) ? issues : [issues]).map((i) => formatIssue(i, locale)).join('\n')

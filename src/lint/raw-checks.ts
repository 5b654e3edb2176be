import { pointer } from '../issues/issue'
import type { LintFinding } from './finding'

/**
 * Checks on a pack as written, before decoding: a rule with no citation, or a message or title
 * without one of its languages. The decoder would refuse these as schema errors and stop there;
 * lint names them for what they are, then fills a placeholder in a copy so that every other
 * check still runs.
 *
 * @module
 */

const isObj = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u)
const filled = (u: unknown): boolean => typeof u === 'string' && u.trim() !== ''
const short = (s: string): string => (s.length > 30 ? `${s.slice(0, 29)}…` : s)
const CITATION_FIELDS = ['source', 'article', 'quote'] as const

/**
 * Check the rules of a raw pack value. Returns the findings and a repaired copy (the input is
 * not changed).
 *
 * @example
 * rawChecks({ rules: [{ id: 'r', message: { 'zh-CN': '…' } }] }, 'pack.yaml').findings
 * // [lint/no-citation at /rules/0, lint/missing-message at /rules/0/message]
 * @since 0.1.0
 */
export const rawChecks = (value: unknown, file?: string): { findings: LintFinding[]; repaired: unknown } => {
  if (!isObj(value) || !Array.isArray(value.rules)) return { findings: [], repaired: value }
  const findings: LintFinding[] = []
  const docs = Array.isArray(value.documents) ? value.documents : []
  const firstDoc = isObj(docs[0]) && typeof docs[0].id === 'string' ? docs[0].id : '?'
  const where = file !== undefined ? { file } : {}
  const rules = value.rules.map((r: unknown, i: number) => {
    if (!isObj(r)) return r
    const at = pointer('/rules', i)
    const rule = typeof r.id === 'string' ? r.id : `#${i}`
    const copy: Record<string, unknown> = { ...r }
    if (!isObj(r.citation)) {
      findings.push({ code: 'lint/no-citation', ...where, path: at, expected: CITATION_FIELDS.join(', '), params: { rule } })
      copy.citation = { source: firstDoc, article: '?', quote: '?' }
    } else {
      const missing = CITATION_FIELDS.filter((k) => !filled((r.citation as Record<string, unknown>)[k]))
      if (missing.length > 0) {
        findings.push({ code: 'lint/no-citation', ...where, path: `${at}/citation`, expected: missing.join(', '), params: { rule } })
        copy.citation = { ...r.citation, ...Object.fromEntries(missing.map((k) => [k, k === 'source' ? firstDoc : '?'])) }
      }
    }
    for (const field of ['message', 'title'] as const) {
      const m = r[field]
      if (m === undefined && field === 'title') continue
      if (!isObj(m)) {
        findings.push({ code: 'lint/missing-message', ...where, path: at, expected: field, params: { rule } })
        copy[field] = { 'zh-CN': '?', en: '?' }
        continue
      }
      // Chinese is required; English is welcome (its absence is the warning lint/missing-english)
      if (!filled(m['zh-CN'])) {
        findings.push({ code: 'lint/missing-message', ...where, path: `${at}/${field}`, expected: 'zh-CN', params: { rule } })
        copy[field] = { ...m, 'zh-CN': '?' }
      }
    }
    return copy
  })
  findings.push(...missingEnglish(value, where))
  return { findings, repaired: { ...value, rules } }
}

/**
 * Every text of a pack written in Chinese only (an object with `zh-CN` and no `en`): a warning,
 * not an error. At run time the English text falls back to the Chinese one.
 *
 * @since 0.3.0
 */
export const missingEnglish = (value: unknown, where: { readonly file?: string } = {}): LintFinding[] => {
  const out: LintFinding[] = []
  const stack: [unknown, string, number][] = [[value, '', 0]]
  while (stack.length > 0) {
    const [v, at, depth] = stack.pop() as [unknown, string, number]
    if (depth > 400 || v === null || typeof v !== 'object') continue
    if (!Array.isArray(v) && filled((v as Record<string, unknown>)['zh-CN']) && !filled((v as Record<string, unknown>).en)) {
      out.push({ code: 'lint/missing-english', severity: 'warning', ...where, path: at, received: JSON.stringify(short(String((v as Record<string, unknown>)['zh-CN']))) })
      continue
    }
    const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v)
    for (let i = entries.length - 1; i >= 0; i--) {
      const [k, x] = entries[i] as readonly [string, unknown]
      stack.push([x, pointer(at, k), depth + 1])
    }
  }
  return out
}

import { describePolicy } from '../compile/fingerprint'
import type { AuditSummary, Finding, Violation } from '../audit/finding'
import { documentName, PROVENANCE_LABEL } from '../explain/citation-text'
import type { Locale } from '../issues/format'
import { inert } from '../text/inert'

/**
 * How `zhunru audit` writes findings: a table for people (zh-CN or en), CSV, or JSON. Each
 * finding is one row on its own (no state between rows), so the threads of {@link auditFile} can
 * write their rows themselves and the rows can be joined in any grouping.
 *
 * @module
 */

/**
 * The output formats of the audit, and `none`: findings counted only. `ndjson`: one finding a
 * line as JSON, for a program that reads the findings as they come (the command's report reads
 * them so). @since 0.1.0
 */
export type AuditFormat = 'table' | 'csv' | 'json' | 'ndjson' | 'none'

const NEEDS_QUOTES = /[",\n\r]/
/** What a spreadsheet reads as the start of a formula (OWASP's list, and the full-width forms WPS also takes). */
const FORMULA = /^[=+\-@\t\r＝＋－＠]/
/**
 * A text cell: inert (control characters as visible escapes, see `inert`); a cell a spreadsheet
 * would read as a formula gets an apostrophe in front and quotes, as OWASP recommends for CSV
 * injection (Excel and WPS show the text, the apostrophe hidden or plain).
 */
export const csvCell = (v: unknown): string => {
  if (v === undefined) return ''
  const s = inert(v)
  if (FORMULA.test(s) || (typeof v === 'string' && FORMULA.test(v))) return `"'${s.replace(/"/g, '""')}"`
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** The UTF-8 byte-order mark CSV output starts with: Excel and WPS then read it as UTF-8, not GBK. */
export const BOM = '\uFEFF'

const CSV_HEAD = ['type', 'line', 'id', 'community', 'department', 'level', 'kind', 'date', 'outcome', 'rule', 'pack', 'window', 'window_start', 'window_end', 'count', 'max', 'source', 'article', 'provenance', 'reason']

/**
 * The head of the CSV column that names, on every row, the pack chain that decided
 * (`describePolicy`'s line): the same words in this CSV and in the command's report.
 */
export const CHAIN_HEAD: Readonly<Record<Locale, string>> = { 'zh-CN': '规则包链', en: 'packs' }

/** The citation's cells, the same on every row of a rule: made once per citation. */
const citationCells = new WeakMap<object, string>()
const citationCellsOf = (f: Violation): string => {
  let c = citationCells.get(f.citation)
  if (c === undefined) {
    c = `${csvCell(f.citation.source)},${csvCell(f.citation.article)},${f.citation.provenance}`
    citationCells.set(f.citation, c)
  }
  return c
}

/**
 * One CSV row (no newline); the cells as `csvCell` writes them, without an array per row. `chain`
 * is the last cell, the pack chain as `csvCell` writes it (made once per audit).
 */
const csvRow = (f: Finding, chain: string): string => {
  if (f.type === 'violation') {
    const w = f.windows
    const first = w[0]
    const windows = w.length === 0 ? '' : csvCell(w.map((x) => `${x.cap}:${x.label}`).join(' '))
    const span = first === undefined ? ',,,' : `${first.start},${first.end},${first.count},${first.max}`
    // type, line, date, outcome, kind, level and the window's dates and counts never need quotes
    return `violation,${f.line},${csvCell(f.id)},${csvCell(f.community)},${csvCell(f.department)},${csvCell(f.level)},${csvCell(f.kind)},${f.date},${f.outcome},${csvCell(f.rule)},${csvCell(f.pack)},${windows},${span},${citationCellsOf(f)},,${chain}`
  }
  if (f.type === 'malformed') return `malformed,${f.line},,,,,,,,,,,,,,,,,,${csvCell(f.reason)},${chain}`
  return `out-of-order,${f.line},,${csvCell(f.community)},,,,${f.date},,,,,,,,,,,,${csvCell(`judged through ${f.judgedThrough}`)},${chain}`
}

/** Display width: CJK and full-width characters take two columns. */
const width = (s: string): number => {
  let w = 0
  for (const ch of s) w += (ch.codePointAt(0) as number) >= 0x2e80 ? 2 : 1
  return w
}
export const pad = (s: string, n: number): string => {
  let out = s
  while (width(out) > n && out.length > 1) out = out.slice(0, -1)
  if (out !== s) out = `${out.slice(0, -1)}…`
  return out + ' '.repeat(Math.max(0, n - width(out)))
}

const TEXT = {
  'zh-CN': {
    head: ['行', '社区', '部门', '日期', '事项', '结论', '规则', '窗口', '依据'],
    outcome: { refusable: '有权拒绝', forbidden: '不得办理' } as Record<string, string>,
    provenance: PROVENANCE_LABEL['zh-CN'],
    malformed: '格式错误，已跳过',
    late: (d: string, t: string) => `日期 ${d} 早于本社区已判定到的 ${t}，顺序错乱，未判定（计入之后事件的上限）`,
    summary: (s: AuditSummary) =>
      `读入 ${s.read} 行（另有空行 ${s.blank}），跳过 ${s.skipped}，判定 ${s.judged}，顺序错乱 ${s.late}；违规 ${s.violations}，社区 ${s.communities}。${s.fingerprint ? `规则包: ${describePolicy(s.fingerprint)}` : ''}`,
  },
  en: {
    head: ['line', 'community', 'department', 'date', 'kind', 'outcome', 'rule', 'window', 'citation'],
    outcome: { refusable: 'refusable', forbidden: 'forbidden' } as Record<string, string>,
    provenance: PROVENANCE_LABEL.en,
    malformed: 'malformed, skipped',
    late: (d: string, t: string) => `dated ${d}, before ${t} already judged for its community: out of order, not judged (counted for later events)`,
    summary: (s: AuditSummary) =>
      `read ${s.read} lines (and ${s.blank} blank), skipped ${s.skipped}, judged ${s.judged}, out of order ${s.late}; violations ${s.violations}, communities ${s.communities}.${s.fingerprint ? ` Packs: ${describePolicy(s.fingerprint)}` : ''}`,
  },
}
const WIDTHS = [8, 10, 14, 11, 12, 9, 34, 22, 0]

const tableRow = (f: Finding, t: (typeof TEXT)['en']): string => {
  if (f.type === 'malformed') return `${pad(String(f.line), WIDTHS[0] as number)}${t.malformed}: ${inert(f.reason)}`
  if (f.type === 'out-of-order') return `${pad(String(f.line), WIDTHS[0] as number)}${pad(inert(f.community), WIDTHS[1] as number)}${t.late(f.date, f.judgedThrough)}`
  const w = f.windows.map((x) => `${x.label} ${x.count}/${x.max}`).join(' ')
  const cells = [String(f.line), f.community, f.department, f.date, f.kind, t.outcome[f.outcome] ?? f.outcome, f.rule, w, `${documentName(f.citation)} ${f.citation.article} [${t.provenance[f.citation.provenance]}]`]
  // every cell inert: an event's text cannot break the table or drive the terminal
  return cells.map((c, i) => (i === cells.length - 1 ? inert(c) : pad(inert(c), WIDTHS[i] as number))).join('')
}

/**
 * One finding as a row of `format`, newline included. A JSON row starts with `,\n`: the writer
 * drops the comma of the first row (see {@link auditHead}). A CSV row ends with `chain`, the pack
 * chain that decided as `describePolicy` names it, the same on every row (formula-guarded like
 * every cell), so that a sheet filtered, cut or saved apart still names the packs it rests on.
 *
 * @example
 * const row = auditRow('csv', 'en', describePolicy(policy.fingerprint))
 * row({ type: 'malformed', line: 7, reason: 'json/syntax', issues: [] }) // 'malformed,7,,,,,,,,,,,,,,,,,,json/syntax,cn-national@2026.1 #… (policy #…)\n'
 * @since 0.1.0
 */
export const auditRow = (format: AuditFormat, lang: Locale, chain = ''): ((f: Finding) => string) => {
  const t = TEXT[lang]
  switch (format) {
    case 'csv': {
      const cell = csvCell(chain)
      return (f) => `${csvRow(f, cell)}\n`
    }
    case 'json':
      return (f) => `,\n${JSON.stringify(f)}`
    case 'ndjson':
      return (f) => `${JSON.stringify(f)}\n`
    case 'table':
      return (f) => `${tableRow(f, t)}\n`
    default:
      return () => ''
  }
}

/**
 * What the output starts with, before the first row. CSV starts with a UTF-8 byte-order mark
 * (U+FEFF), so that Excel and WPS on a Chinese Windows desktop read the file as UTF-8; its columns
 * are headed by their field names, in English whatever `lang` is (a program reads this CSV; the
 * command's report, for people, heads its columns in the language), the last one, the pack chain,
 * `packs`.
 *
 * @example
 * auditHead('json', 'en') // '{"findings":['
 * @since 0.1.0
 */
export const auditHead = (format: AuditFormat, lang: Locale): string => {
  const t = TEXT[lang]
  if (format === 'csv') return `${BOM}${CSV_HEAD.join(',')},packs\n`
  if (format === 'json') return '{"findings":['
  if (format === 'table') return `${t.head.map((h, i) => (i === t.head.length - 1 ? h : pad(h, WIDTHS[i] as number))).join('')}\n`
  return ''
}

/**
 * What the output ends with: the summary (in the JSON, or a sentence under the table). CSV ends
 * with its last row; its summary goes to standard error ({@link auditSummaryText}).
 *
 * @example
 * auditTail('csv', 'en', summary) // ''
 * @since 0.1.0
 */
export const auditTail = (format: AuditFormat, lang: Locale, summary: AuditSummary): string => {
  if (format === 'json') return `\n],\n"summary":${JSON.stringify(summary)}}\n`
  if (format === 'table') return `\n${TEXT[lang].summary(summary)}\n`
  return ''
}

/**
 * The summary as one sentence.
 *
 * @example
 * auditSummaryText('en', summary) // 'read 3 lines (and 0 blank), skipped 0, judged 3, …'
 * @since 0.1.0
 */
export const auditSummaryText = (lang: Locale, summary: AuditSummary): string => TEXT[lang].summary(summary)

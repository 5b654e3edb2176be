import stringWidth from 'string-width'
import type { AuditSummary } from '../audit/finding'
import { describePolicy } from '../compile/fingerprint'
import type { Locale } from '../issues/format'
import { inert } from '../text/inert'
import { CHAIN_HEAD, csvCell } from './audit-format'
import { COLUMNS, filterText, problemReason, summaryText, TABLE_COLUMNS, tallyCells, tallyHead, totalSections, typeLabel, WORDS } from './report-columns'
import type { ProblemRow, Report, ReportFilter, ReportRow, ReportTotals } from './report-model'

/**
 * The auditor's report as text: a table for a terminal (columns sized by display width, East
 * Asian wide characters counted as two, so that Chinese text never runs into the next column),
 * CSV for a spreadsheet (UTF-8 with a byte-order mark, no cell read as a formula) and JSON.
 * Each format is written whole from a sorted {@link Report}, or row by row as findings come
 * (`--order found`: the table then has fixed column widths, and a cell too wide is cut with …).
 *
 * @module
 */

/** The text formats of the report. */
export type TextFormat = 'table' | 'csv' | 'json'

/** The widest a table cell is shown (display columns); the last column is never cut. */
const MAX_CELL = 60
/** Between two columns. */
const GAP = '  '

/** `s` cut to `n` display columns (with … when cut) and padded to `n`. */
export const fit = (s: string, n: number): string => {
  let w = stringWidth(s)
  let out = s
  if (w > n) {
    const chars = [...s]
    while (chars.length > 0 && stringWidth(chars.join('')) > n - 1) chars.pop()
    out = `${chars.join('')}…`
    w = stringWidth(out)
  }
  return out + ' '.repeat(Math.max(0, n - w))
}

/** Lines of a table: every cell inert, each column as wide as its widest cell (at most MAX_CELL). */
const table = (rows: readonly (readonly (string | number)[])[], widths?: readonly number[]): string[] => {
  const text = rows.map((r) => r.map((c) => inert(String(c))))
  const cols = text[0]?.length ?? 0
  const w = widths ?? Array.from({ length: cols }, (_, i) => Math.min(MAX_CELL, Math.max(...text.map((r) => stringWidth(r[i] ?? '')))))
  return text.map((r) => r.map((c, i) => (i === cols - 1 ? c : fit(c, w[i] as number))).join(GAP).trimEnd())
}

const rowCells = (r: ReportRow, lang: Locale): (string | number)[] => TABLE_COLUMNS.map((c) => c.cell(r, lang))
const problemCells = (p: ProblemRow, lang: Locale): (string | number)[] => [p.line, p.type === 'out-of-order' ? p.community : '', problemReason(lang, p)]

const totalsLines = (lang: Locale, totals: ReportTotals): string[] => {
  const out: string[] = []
  for (const s of totalSections(lang)) {
    out.push('', s.title)
    const list = totals[s.key]
    if (list.length === 0) out.push(WORDS[lang].none)
    else out.push(...table([tallyHead(lang, s.level, s.name), ...list.map((t) => tallyCells(lang, t, s.level))]))
  }
  return out
}

/** The report's first line: its name and the filter. */
const title = (lang: Locale, f: ReportFilter): string => {
  const w = WORDS[lang]
  return lang === 'en' ? `${w.report} (${w.filter}: ${inert(filterText(lang, f))})` : `${w.report}（${w.filter}：${inert(filterText(lang, f))}）`
}

/** The fixed widths of a table written as findings come (display columns). */
const STREAM_WIDTHS = [12, 10, 7, 16, 12, 10, 9, 34, 8, 5, 8, 30, 0]

/**
 * The CSV's header row: the row columns, the reason of a problem line, then the pack chain that
 * decided (规则包链 / packs), which every row repeats so that a sheet cut from the file or
 * filtered in a spreadsheet still names the packs, their versions and content hashes.
 */
const csvHead = (lang: Locale): string => `\uFEFF${[...COLUMNS.map((c) => c.head[lang]), lang === 'en' ? 'reason' : '说明', CHAIN_HEAD[lang]].map(csvCell).join(',')}\n`
/** A row; `chain` is the chain's cell, made once per report. */
const csvRow = (r: ReportRow, lang: Locale, chain: string): string => `${COLUMNS.map((c) => csvCell(c.cell(r, lang))).join(',')},,${chain}\n`
const csvProblem = (p: ProblemRow, lang: Locale, chain: string): string =>
  `${COLUMNS.map((c) => {
    if (c.key === 'type') return csvCell(typeLabel(lang, p.type))
    if (c.key === 'line') return String(p.line)
    if (c.key === 'community' && p.type === 'out-of-order') return csvCell(p.community)
    if (c.key === 'date' && p.type === 'out-of-order') return p.date
    return ''
  }).join(',')},${csvCell(problemReason(lang, p))},${chain}\n`

/** The totals as JSON: named fields rather than keys. */
const totalsJson = (t: ReportTotals): unknown => ({
  byDepartment: t.byDepartment.map((x) => ({ department: x.label, level: x.level, breaches: x.breaches, refusals: x.refusals })),
  byCommunity: t.byCommunity.map((x) => ({ community: x.label, breaches: x.breaches, refusals: x.refusals })),
  byRule: t.byRule.map((x) => ({ ...(x.key.startsWith('cap:') ? { cap: x.label } : { rule: x.label }), ...(x.title !== undefined ? { title: x.title } : {}), breaches: x.breaches, refusals: x.refusals })),
  byMonth: t.byMonth.map((x) => ({ month: x.label, breaches: x.breaches, refusals: x.refusals })),
})

/**
 * The whole report in a text format, in pieces (written one after the other). JSON findings are
 * the violations kept (each once) in the rows' order, then the problem lines by line.
 */
export function* reportText(format: TextFormat, lang: Locale, report: Report, summary: AuditSummary): Generator<string> {
  const w = WORDS[lang]
  if (format === 'csv') {
    yield csvHead(lang)
    const chain = csvCell(summary.fingerprint !== undefined ? describePolicy(summary.fingerprint) : '')
    let chunk = ''
    for (const r of report.rows) {
      chunk += csvRow(r, lang, chain)
      if (chunk.length > 1 << 16) {
        yield chunk
        chunk = ''
      }
    }
    for (const p of report.problems) chunk += csvProblem(p, lang, chain)
    yield chunk
    return
  }
  if (format === 'json') {
    yield `{"filter":${JSON.stringify(report.filter)},"findings":[`
    let first = true
    let chunk = ''
    for (const f of [...report.violations, ...report.problems]) {
      chunk += `${first ? '\n' : ',\n'}${JSON.stringify(f)}`
      first = false
      if (chunk.length > 1 << 16) {
        yield chunk
        chunk = ''
      }
    }
    yield `${chunk}\n],\n"totals":${JSON.stringify(totalsJson(report.totals))},\n"summary":${JSON.stringify(summary)}}\n`
    return
  }
  const lines: string[] = [title(lang, report.filter), '', w.rows]
  if (report.rows.length === 0) lines.push(w.none)
  else lines.push(...table([TABLE_COLUMNS.map((c) => c.head[lang]), ...report.rows.map((r) => rowCells(r, lang))]))
  if (report.problems.length > 0) lines.push('', w.problems, ...table([[w.line, w.community, w.reason], ...report.problems.map((p) => problemCells(p, lang))]))
  lines.push(...totalsLines(lang, report.totals), '', summaryText(lang, summary), '')
  yield lines.join('\n')
}

/**
 * The report written row by row as the findings come (`--order found`): the head, a row for each
 * row of a finding, the tail with the totals and the summary. `chain` is the pack chain that
 * decides (`describePolicy`'s line), known before the first row: every CSV row carries it.
 */
export const reportStream = (
  format: TextFormat,
  lang: Locale,
  filter: ReportFilter,
  chain = '',
): { head(): string; item(x: ReportRow | ProblemRow): string; tail(totals: ReportTotals, summary: AuditSummary): string } => {
  let first = true
  const chainCsv = csvCell(chain)
  return {
    head: () => {
      if (format === 'csv') return csvHead(lang)
      if (format === 'json') return `{"filter":${JSON.stringify(filter)},"findings":[`
      return `${[title(lang, filter), '', ...table([TABLE_COLUMNS.map((c) => c.head[lang])], STREAM_WIDTHS)].join('\n')}\n`
    },
    item: (x) => {
      const problem = x.type === 'malformed' || x.type === 'out-of-order'
      if (format === 'csv') return problem ? csvProblem(x, lang, chainCsv) : csvRow(x as ReportRow, lang, chainCsv)
      if (format === 'json') {
        // a violation that broke two caps gives two rows but is one finding
        const f = problem ? x : (x as ReportRow).finding
        if (!problem && (x as ReportRow).window !== undefined && (x as ReportRow).finding.windows[0] !== (x as ReportRow).window) return ''
        const text = `${first ? '\n' : ',\n'}${JSON.stringify(f)}`
        first = false
        return text
      }
      if (problem) return `${table([[problemCells(x, lang)[0] as number, `${problemCells(x, lang)[1]}`, problemCells(x, lang)[2] as string]], [7, 12, 0])[0] as string}\n`
      return `${table([rowCells(x as ReportRow, lang)], STREAM_WIDTHS)[0] as string}\n`
    },
    tail: (totals, summary) => {
      if (format === 'csv') return ''
      if (format === 'json') return `\n],\n"totals":${JSON.stringify(totalsJson(totals))},\n"summary":${JSON.stringify(summary)}}\n`
      return `${[...totalsLines(lang, totals), '', summaryText(lang, summary)].join('\n')}\n`
    },
  }
}

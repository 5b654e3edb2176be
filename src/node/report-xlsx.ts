import type { Writable } from 'node:stream'
import type { AuditSummary } from '../audit/finding'
import type { Locale } from '../issues/format'
import { inert } from '../text/inert'
import { COLUMNS, filterText, problemReason, summaryText, tallyCells, tallyHead, totalSections, typeLabel, WORDS } from './report-columns'
import type { Report } from './report-model'

/**
 * The auditor's report as an Excel workbook (`.xlsx`, which WPS opens too), written by exceljs's
 * streaming writer (rows are written out as they are added, not held): a sheet of the rows, one of
 * the problem lines, one per total (department, community, cap or rule, month) and one with the
 * filter and the summary. Every text cell is a string cell (never a formula, whatever it starts
 * with) and inert (control characters as visible escapes: XML cannot hold most of them).
 *
 * exceljs is loaded only when a workbook is written (it is Node-only and not small).
 *
 * @module
 */

/** A sheet's name: Excel allows 31 characters, none of `\ / ? * [ ] :`. */
const sheetName = (s: string): string => s.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31)

/** A cell's value: numbers stay numbers, text is inert. */
const value = (v: string | number): string | number => (typeof v === 'number' ? v : inert(v))

/** Write the report as an xlsx workbook to `out` (a file or standard output); resolves when all is written. */
export const writeXlsx = async (out: Writable, lang: Locale, report: Report, summary: AuditSummary): Promise<void> => {
  const ExcelJS = (await import('exceljs')).default
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false })
  const w = WORDS[lang]
  const bold = { font: { bold: true } }

  const rows = book.addWorksheet(sheetName(lang === 'en' ? 'Violations' : '违规明细'), { views: [{ state: 'frozen', ySplit: 1 }] })
  rows.columns = COLUMNS.map((c) => ({ header: c.head[lang], key: c.key, width: c.key === 'quote' ? 60 : c.key === 'clause' || c.key === 'cap_title' ? 36 : 14 }))
  rows.getRow(1).font = bold.font
  rows.getRow(1).commit()
  for (const r of report.rows) rows.addRow(COLUMNS.map((c) => value(c.cell(r, lang)))).commit()
  rows.commit()

  const problems = book.addWorksheet(sheetName(lang === 'en' ? 'Problem lines' : '问题行'))
  problems.columns = [
    { header: w.line, key: 'line', width: 8 },
    { header: lang === 'en' ? 'type' : '类型', key: 'type', width: 10 },
    { header: w.community, key: 'community', width: 14 },
    { header: w.reason, key: 'reason', width: 80 },
  ]
  problems.getRow(1).font = bold.font
  problems.getRow(1).commit()
  for (const p of report.problems) problems.addRow([p.line, typeLabel(lang, p.type), value(p.type === 'out-of-order' ? p.community : ''), value(problemReason(lang, p))]).commit()
  problems.commit()

  for (const s of totalSections(lang)) {
    const sheet = book.addWorksheet(sheetName(s.title.replace(/^合计：|^Totals /, lang === 'en' ? 'Totals ' : '')))
    const head = tallyHead(lang, s.level, s.name)
    sheet.columns = head.map((h, i) => ({ header: h, key: `c${i}`, width: i === 0 ? 36 : 12 }))
    sheet.getRow(1).font = bold.font
    sheet.getRow(1).commit()
    for (const t of report.totals[s.key]) sheet.addRow(tallyCells(lang, t, s.level).map(value)).commit()
    sheet.commit()
  }

  const about = book.addWorksheet(sheetName(w.summary))
  about.columns = [
    { header: w.summary, key: 'k', width: 16 },
    { header: '', key: 'v', width: 100 },
  ]
  about.addRow([w.filter, value(filterText(lang, report.filter))]).commit()
  about.addRow([lang === 'en' ? 'result' : '结果', value(summaryText(lang, summary))]).commit()
  about.commit()
  await book.commit()
}

import stringWidth from 'string-width'
import type { AuditSummary } from '../audit/finding'
import type { Locale } from '../issues/format'
import { inert } from '../text/inert'
import { COLUMNS, filterText, levelLabel, problemReason, summaryText, tallyCells, tallyHead, tallyName, totalSections, WORDS } from './report-columns'
import type { Report, Tally } from './report-model'
import { fit } from './report-text'

/**
 * The auditor's report as one self-contained HTML page: the filter, the summary, three bar charts
 * (caps exceeded per month, per department, per cap) as inline SVG, the totals and the rows. It
 * opens offline: no script, no font, no image or style from anywhere (a Content-Security-Policy of
 * `default-src 'none'` says so to the browser too).
 *
 * The charts are drawn here as SVG rather than by a chart library: the libraries that draw in the
 * browser need a script in the page (which the policy above forbids, and which a mail filter or a
 * locked-down desktop may strip), and those that render SVG on the server (vega) bring dozens of
 * packages for three bar charts.
 *
 * @module
 */

/** The colour of the bars (a test looks for it in a screenshot). */
export const BAR_COLOUR = '#c0392b'
/** The most rows the page lists (the totals and charts count them all; CSV and xlsx list them all). */
export const HTML_MAX_ROWS = 10_000
/** The most bars in a chart (the rest are summed in one bar). */
const MAX_BARS = 15

/** Text as HTML: inert (control characters as visible escapes), then escaped. */
const esc = (s: unknown): string =>
  inert(String(s)).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string)

/** A horizontal bar chart of the breaches in `tallies`, as SVG. */
const barChart = (title: string, bars: readonly { readonly name: string; readonly n: number }[], lang: Locale): string => {
  const shown = bars.filter((b) => b.n > 0)
  if (shown.length === 0) return `<figure><figcaption>${esc(title)}</figcaption><p class="none">${esc(WORDS[lang].none)}</p></figure>`
  const list = shown.length <= MAX_BARS ? shown : [...shown.slice(0, MAX_BARS - 1), { name: lang === 'en' ? 'others' : '其他', n: shown.slice(MAX_BARS - 1).reduce((s, b) => s + b.n, 0) }]
  const max = Math.max(...list.map((b) => b.n))
  const labelCols = Math.min(36, Math.max(...list.map((b) => stringWidth(inert(b.name)))))
  const labelW = labelCols * 7 + 12
  const barW = 420
  const rowH = 24
  const height = list.length * rowH + 8
  const bars_ = list
    .map((b, i) => {
      const y = i * rowH + 4
      const w = Math.max(2, Math.round((b.n / max) * barW))
      return `<text x="${labelW - 8}" y="${y + 16}" text-anchor="end">${esc(fit(inert(b.name), labelCols).trimEnd())}</text><rect x="${labelW}" y="${y + 3}" width="${w}" height="${rowH - 8}" fill="${BAR_COLOUR}"/><text x="${labelW + w + 6}" y="${y + 16}">${b.n}</text>`
    })
    .join('')
  return `<figure><figcaption>${esc(title)}</figcaption><svg xmlns="http://www.w3.org/2000/svg" class="chart" width="${labelW + barW + 60}" height="${height}" viewBox="0 0 ${labelW + barW + 60} ${height}" role="img" aria-label="${esc(title)}">${bars_}</svg></figure>`
}

const mostBreaches = (a: Tally, b: Tally): number => b.breaches - a.breaches || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
const breaches = (list: readonly Tally[], name: (t: Tally) => string): { name: string; n: number }[] => [...list].sort(mostBreaches).map((t) => ({ name: name(t), n: t.breaches }))
/** A department with its level: the same name at two levels is two departments. */
const department = (lang: Locale, t: Tally): string => (lang === 'en' ? `${t.label} (${levelLabel(lang, t.level ?? '')})` : `${t.label}（${levelLabel(lang, t.level ?? '')}）`)

const tableHtml = (head: readonly string[], rows: readonly (readonly (string | number)[])[]): string =>
  `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td${typeof c === 'number' ? ' class="n"' : ''}>${esc(c)}</td>`).join('')}</tr>`).join('\n')}</tbody></table>`

const STYLE = `body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:24px;color:#222}
h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ccc}
table{border-collapse:collapse;font-size:13px;margin:8px 0}th,td{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#f3f3f3}td.n{text-align:right}.charts{display:flex;flex-wrap:wrap;gap:24px}
figure{margin:0}figcaption{font-weight:bold;margin:6px 0}svg.chart text{font-size:12px;fill:#222}.none,.note{color:#666}`

/** The whole report as one HTML page (a string). */
export const reportHtml = (lang: Locale, report: Report, summary: AuditSummary): string => {
  const w = WORDS[lang]
  const t = report.totals
  const parts: string[] = [
    `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">`,
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<meta name="viewport" content="width=device-width"><title>${esc(w.report)}</title><style>${STYLE}</style></head><body>`,
    `<h1>${esc(w.report)}</h1>`,
    `<p>${esc(w.filter)}：${esc(filterText(lang, report.filter))}</p>`,
    `<p>${esc(summaryText(lang, summary))}</p>`,
    `<div class="charts">`,
    barChart(w.chartMonth, [...t.byMonth].map((m) => ({ name: m.label, n: m.breaches })), lang),
    barChart(w.chartDepartment, breaches(t.byDepartment, (x) => department(lang, x)), lang),
    barChart(w.chartRule, breaches(t.byRule.filter((x) => x.key.startsWith('cap:')), (x) => tallyName(lang, x)), lang),
    `</div>`,
  ]
  for (const s of totalSections(lang)) {
    parts.push(`<h2>${esc(s.title)}</h2>`)
    const list = t[s.key]
    parts.push(list.length === 0 ? `<p class="none">${esc(w.none)}</p>` : tableHtml(tallyHead(lang, s.level, s.name), list.map((x) => tallyCells(lang, x, s.level))))
  }
  parts.push(`<h2>${esc(w.rows)}</h2>`)
  if (report.rows.length === 0) parts.push(`<p class="none">${esc(w.none)}</p>`)
  else {
    const cut = report.rows.length > HTML_MAX_ROWS
    parts.push(tableHtml(COLUMNS.map((c) => c.head[lang]), report.rows.slice(0, HTML_MAX_ROWS).map((r) => COLUMNS.map((c) => c.cell(r, lang)))))
    if (cut)
      parts.push(
        `<p class="note">${esc(lang === 'en' ? `The first ${HTML_MAX_ROWS} of ${report.rows.length} rows; the CSV and xlsx formats list them all.` : `仅列出 ${report.rows.length} 行中的前 ${HTML_MAX_ROWS} 行；CSV 与 xlsx 格式列出全部。`)}</p>`,
      )
  }
  if (report.problems.length > 0) {
    parts.push(`<h2>${esc(w.problems)}</h2>`)
    parts.push(tableHtml([w.line, w.community, w.reason], report.problems.slice(0, HTML_MAX_ROWS).map((p) => [p.line, p.type === 'out-of-order' ? p.community : '', problemReason(lang, p)])))
  }
  parts.push('</body></html>\n')
  return parts.join('\n')
}

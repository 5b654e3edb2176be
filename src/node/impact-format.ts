import type { ImpactChange, ImpactGroup, ImpactRow, ImpactSide, ImpactSummary } from '../impact/impact'
import type { Locale } from '../issues/format'
import { inert } from '../text/inert'
import { BOM, csvCell, pad } from './audit-format'

/**
 * How `zhunru impact` writes: a table and a summary for people (zh-CN or en), JSON (one row a
 * line, then the summary), CSV (the audit's cells: byte-order mark, formula guard), or one
 * self-contained HTML page (the summary and the first rows).
 *
 * @module
 */

/** The output formats of `zhunru impact`. @since 0.2.0 */
export type ImpactFormat = 'table' | 'json' | 'csv' | 'html'

const OUTCOME: Record<Locale, Record<string, string>> = {
  'zh-CN': { required: '必须承接', permitted: '可以承接', refusable: '有权拒绝', forbidden: '不得办理', invalid: '无法判定' },
  en: { required: 'required', permitted: 'permitted', refusable: 'refusable', forbidden: 'forbidden', invalid: 'cannot decide' },
}

const TEXT = {
  'zh-CN': {
    head: ['行', '社区', '部门', '日期', '事项', '结论变化', '决定规则（之前 → 之后）', '之后的依据'],
    malformed: '格式错误，已跳过',
    policies: (s: ImpactSummary) => `之前：${s.before}\n之后：${s.after}`,
    counts: (s: ImpactSummary) =>
      `读入 ${s.read} 行（另有空行 ${s.blank}），跳过 ${s.skipped}，判定 ${s.judged}；决定改变 ${s.changed}（其中结论改变 ${s.outcomeChanged}）。`,
    byTransition: '按结论变化：',
    byRule: '按决定规则：',
    group: (g: ImpactGroup) => `${g.count} 件，社区 ${g.communities} 个，部门 ${g.departments} 个`,
    before: '之前',
    after: '之后',
    communities: '社区',
    departments: '部门',
    examples: '例',
    example: (c: ImpactChange) => `第 ${c.line} 行 ${inert(c.community)} ${inert(c.date)} ${inert(c.kind)}`,
    none: '没有决定改变。',
    rowsCut: (n: number) => `（只列出前 ${n} 行；全部见 --format json 或 csv）`,
    title: '政策修改的影响',
    rowsTitle: '改变的决定',
  },
  en: {
    head: ['line', 'community', 'department', 'date', 'kind', 'outcome change', 'deciding rule (before → after)', 'citation after'],
    malformed: 'malformed, skipped',
    policies: (s: ImpactSummary) => `before: ${s.before}\nafter:  ${s.after}`,
    counts: (s: ImpactSummary) =>
      `read ${s.read} lines (and ${s.blank} blank), skipped ${s.skipped}, judged ${s.judged}; decisions changed ${s.changed} (outcome changed ${s.outcomeChanged}).`,
    byTransition: 'By outcome change:',
    byRule: 'By deciding rule:',
    group: (g: ImpactGroup) => `${g.count} requests, ${g.communities} communities, ${g.departments} departments`,
    before: 'before',
    after: 'after',
    communities: 'communities',
    departments: 'departments',
    examples: 'e.g.',
    example: (c: ImpactChange) => `line ${c.line} ${inert(c.community)} ${inert(c.date)} ${inert(c.kind)}`,
    none: 'No decision changes.',
    rowsCut: (n: number) => `(the first ${n} rows only; all of them with --format json or csv)`,
    title: 'Impact of a policy change',
    rowsTitle: 'Changed decisions',
  },
}

const transitionText = (lang: Locale, t: string): string =>
  t
    .split(' → ')
    .map((o) => OUTCOME[lang][o] ?? o)
    .join(' → ')
const ruleText = (s: ImpactSide): string => (s.rule === undefined ? `(${(s.issues ?? []).join(', ')})` : s.rule)
const clauseText = (lang: Locale, s: ImpactSide): string =>
  s.clause === undefined ? '' : lang === 'en' ? `"${s.clause.document}" ${s.clause.article}` : `《${s.clause.document}》${s.clause.article}`
const sideText = (lang: Locale, s: ImpactSide): string =>
  s.rule === undefined && s.outcome !== undefined
    ? OUTCOME[lang][s.outcome] ?? s.outcome
    : s.rule === undefined
      ? `${OUTCOME[lang].invalid} ${ruleText(s)}` : `${OUTCOME[lang][s.outcome ?? 'invalid']}${lang === 'en' ? ', ' : '，'}${s.pack}:${s.rule}  ${clauseText(lang, s)}`

const WIDTHS = [8, 12, 14, 12, 12, 22, 60, 0]

const tableRow = (lang: Locale, r: ImpactRow): string => {
  const t = TEXT[lang]
  if (r.type === 'malformed') return `${pad(String(r.line), WIDTHS[0] as number)}${t.malformed}: ${inert(r.reason)}\n`
  const cells = [String(r.line), r.community, r.department, r.date, r.kind, transitionText(lang, r.transition), `${ruleText(r.before)} → ${ruleText(r.after)}`, clauseText(lang, r.after)]
  return `${cells.map((c, i) => (i === cells.length - 1 ? inert(c) : pad(inert(c), WIDTHS[i] as number))).join('')}\n`
}

/** The CSV's columns; the last two, on every row, name the pack chain of each policy (`describePolicy`'s line). */
const CSV_HEAD = ['type', 'line', 'id', 'community', 'department', 'level', 'kind', 'date', 'outcome_before', 'outcome_after', 'rule_before', 'pack_before', 'document_before', 'article_before', 'rule_after', 'pack_after', 'document_after', 'article_after', 'only_before', 'only_after', 'reason', 'packs_before', 'packs_after']

/** The policies' chains, as `describePolicy` names them (the summary's `before` and `after`). @since 0.2.0 */
export interface ImpactPolicies {
  readonly before: string
  readonly after: string
}

const csvRow =
  (policies: ImpactPolicies | undefined) =>
  (r: ImpactRow): string => {
    // the same two cells on every row
    const chains = `${csvCell(policies?.before ?? '')},${csvCell(policies?.after ?? '')}`
    if (r.type === 'malformed') return `malformed,${r.line},${',,,,,,,,,,,,,,,,,,'}${csvCell(r.reason)},${chains}\n`
    const ob = r.before
    const oa = r.after
    return `change,${r.line},${csvCell(r.id)},${csvCell(r.community)},${csvCell(r.department)},${csvCell(r.level)},${csvCell(r.kind)},${csvCell(r.date)},${csvCell(ob.outcome ?? 'invalid')},${csvCell(oa.outcome ?? 'invalid')},${[ob.rule, ob.pack, ob.clause?.document, ob.clause?.article].map(csvCell).join(',')},${[oa.rule, oa.pack, oa.clause?.document, oa.clause?.article].map(csvCell).join(',')},${csvCell(r.onlyBefore.join(' '))},${csvCell(r.onlyAfter.join(' '))},${csvCell((r.before.issues ?? r.after.issues ?? []).join(' '))},${chains}\n`
  }

/**
 * The summary as text: the policies, the counts, then the groups by outcome change and by
 * deciding rule, each with its communities, departments and first examples.
 *
 * @example
 * impactSummaryText('en', summary) // 'before: …\nafter: …\nread 12 lines …'
 * @since 0.2.0
 */
export const impactSummaryText = (lang: Locale, s: ImpactSummary): string => {
  const t = TEXT[lang]
  const colon = lang === 'en' ? ': ' : '：'
  const out = [t.policies(s), t.counts(s)]
  if (s.changed === 0) out.push(t.none)
  const groups = (title: string, gs: readonly ImpactGroup[], key: (g: ImpactGroup) => string): void => {
    if (gs.length === 0) return
    out.push('', title)
    for (const g of gs) {
      out.push(`  ${inert(key(g))}${colon}${t.group(g)}`)
      if (g.before.rule !== undefined || g.after.rule !== undefined) {
        out.push(`    ${t.before}${colon}${inert(sideText(lang, g.before))}`)
        out.push(`    ${t.after}${colon}${inert(sideText(lang, g.after))}`)
      }
      out.push(`    ${t.communities}${colon}${g.topCommunities.map((c) => `${inert(c.name)} ${c.count}`).join(lang === 'en' ? ', ' : '，')}${g.communities > g.topCommunities.length ? ' …' : ''}`)
      out.push(`    ${t.departments}${colon}${g.topDepartments.map((c) => `${inert(c.name)} ${c.count}`).join(lang === 'en' ? ', ' : '，')}${g.departments > g.topDepartments.length ? ' …' : ''}`)
      if (g.examples.length > 0) out.push(`    ${t.examples}${colon}${g.examples.map(t.example).join(lang === 'en' ? '; ' : '；')}`)
    }
  }
  groups(t.byTransition, s.byTransition, (g) => transitionText(lang, g.key))
  groups(t.byRule, s.byRule, (g) => g.key)
  return `${out.join('\n')}\n`
}

const esc = (s: unknown): string => inert(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** Rows an HTML page shows (the summary has them all counted). */
export const HTML_ROWS = 500

const STYLE = `body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:2rem;color:#222;max-width:80rem}
h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}.n{text-align:right}.meta{color:#555;font-size:.9rem;white-space:pre-wrap}.to{font-weight:600}`

/**
 * One self-contained HTML page: the summary (counts, groups by outcome change and by rule, with
 * their communities, departments and examples) and the first {@link HTML_ROWS} rows. Every text
 * from the input is inert and escaped.
 *
 * @example
 * impactHtml('zh-CN', summary, rows) // '<!doctype html>…'
 * @since 0.2.0
 */
export const impactHtml = (lang: Locale, s: ImpactSummary, rows: readonly ImpactRow[]): string => {
  const t = TEXT[lang]
  const groupTable = (title: string, gs: readonly ImpactGroup[], key: (g: ImpactGroup) => string): string =>
    gs.length === 0
      ? ''
      : `<h2>${esc(title.replace(/[:：]$/, ''))}</h2><table><tr><th></th><th class="n">#</th><th>${esc(t.before)}</th><th>${esc(t.after)}</th><th>${esc(t.communities)}</th><th>${esc(t.departments)}</th><th>${esc(t.examples)}</th></tr>${gs
          .map(
            (g) =>
              `<tr><td class="to">${esc(key(g))}</td><td class="n">${g.count}</td><td>${esc(sideText(lang, g.before))}</td><td>${esc(sideText(lang, g.after))}</td><td>${g.communities}: ${g.topCommunities.map((c) => `${esc(c.name)} ${c.count}`).join(', ')}</td><td>${g.departments}: ${g.topDepartments.map((c) => `${esc(c.name)} ${c.count}`).join(', ')}</td><td>${g.examples.map((c) => esc(t.example(c))).join('<br>')}</td></tr>`,
          )
          .join('')}</table>`
  const shown = rows.slice(0, HTML_ROWS)
  const rowTable =
    shown.length === 0
      ? ''
      : `<h2>${esc(t.rowsTitle)}</h2><table><tr>${t.head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>${shown
          .map((r) =>
            r.type === 'malformed'
              ? `<tr><td class="n">${r.line}</td><td colspan="7">${esc(t.malformed)}: ${esc(r.reason)}</td></tr>`
              : `<tr><td class="n">${r.line}</td><td>${esc(r.community)}</td><td>${esc(r.department)}</td><td>${esc(r.date)}</td><td>${esc(r.kind)}</td><td>${esc(transitionText(lang, r.transition))}</td><td>${esc(`${ruleText(r.before)} → ${ruleText(r.after)}`)}</td><td>${esc(clauseText(lang, r.after))}</td></tr>`,
          )
          .join('')}</table>${rows.length > HTML_ROWS ? `<p>${esc(t.rowsCut(HTML_ROWS))}</p>` : ''}`
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${esc(t.title)}</title><style>${STYLE}</style></head><body>
<h1>${esc(t.title)}</h1><p class="meta">${t.policies(s).split('\n').map(esc).join('<br>')}</p><p>${esc(t.counts(s))}</p>${s.changed === 0 ? `<p>${esc(t.none)}</p>` : ''}
${groupTable(t.byTransition, s.byTransition, (g) => transitionText(lang, g.key))}
${groupTable(t.byRule, s.byRule, (g) => g.key)}
${rowTable}
</body></html>
`
}

/**
 * One row of `format` (newline included); the HTML page is written whole at the end
 * ({@link impactHtml}), so its rows are empty here. A CSV row ends with both policies' chains.
 *
 * @example
 * impactRow('csv', 'en', { before: 'cn-national@2026.1 #… (policy #…)', after: '…' })(row) // 'change,17,,c1,…\n'
 * @since 0.2.0
 */
export const impactRow = (format: ImpactFormat, lang: Locale, policies?: ImpactPolicies): ((r: ImpactRow) => string) => {
  if (format === 'csv') return csvRow(policies)
  if (format === 'json') return (r) => `${JSON.stringify(r)}\n`
  if (format === 'table') return (r) => tableRow(lang, r)
  return () => ''
}

/** What the output starts with. @since 0.2.0 */
export const impactHead = (format: ImpactFormat, lang: Locale): string => {
  if (format === 'csv') return `${BOM}${CSV_HEAD.join(',')}\n`
  if (format === 'table') {
    const h = TEXT[lang].head
    return `${h.map((x, i) => (i === h.length - 1 ? x : pad(x, WIDTHS[i] as number))).join('')}\n`
  }
  return ''
}

/** What the output ends with: the summary (a JSON line `{"type":"summary",…}`, or text under the table). @since 0.2.0 */
export const impactTail = (format: ImpactFormat, lang: Locale, s: ImpactSummary): string => {
  if (format === 'json') return `${JSON.stringify({ type: 'summary', ...s })}\n`
  if (format === 'table') return `\n${impactSummaryText(lang, s)}`
  return ''
}

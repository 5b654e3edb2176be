import { describePolicy } from '../compile/fingerprint'
import type { AuditSummary } from '../audit/finding'
import { documentName, PROVENANCE_LABEL } from '../explain/citation-text'
import { issueMessage, type Locale } from '../issues/format'
import type { ProblemRow, ReportFilter, ReportRow, Tally } from './report-model'

/**
 * The words of the auditor's report in both languages, and its columns: what each renderer
 * (table, CSV, xlsx, HTML) writes in each cell. Text from the events is returned as it is; each
 * renderer makes it safe for its own format (inert for a terminal, quoted for CSV, escaped for
 * HTML).
 *
 * @module
 */

type Words = Readonly<Record<string, string>>

const LEVEL: Readonly<Record<Locale, Words>> = {
  'zh-CN': { central: '中央', national: '国家级', province: '省级', city: '市级', district: '区级', street: '街道', 'street-department': '街道职能部门' },
  en: {},
}
const KIND: Readonly<Record<Locale, Words>> = {
  'zh-CN': { task: '工作任务', certificate: '证明', plaque: '挂牌', meeting: '会议', inspection: '检查', evaluation: '考评', form: '报表' },
  en: {},
}
const OUTCOME: Readonly<Record<Locale, Words>> = {
  'zh-CN': { refusable: '有权拒绝', forbidden: '不得办理' },
  en: {},
}
const TYPE: Readonly<Record<Locale, Words>> = {
  'zh-CN': { breach: '超出上限', refusal: '规则判定', malformed: '格式错误', 'out-of-order': '顺序错乱' },
  en: {},
}

/** A code in people's words (English keeps the codes, which are English words). */
export const levelLabel = (lang: Locale, level: string): string => LEVEL[lang][level] ?? level
export const kindLabel = (lang: Locale, kind: string): string => KIND[lang][kind] ?? kind
export const outcomeLabel = (lang: Locale, outcome: string): string => OUTCOME[lang][outcome] ?? outcome
export const typeLabel = (lang: Locale, type: string): string => TYPE[lang][type] ?? type

/** The report's fixed words. */
export const WORDS = {
  'zh-CN': {
    report: '社区工作准入审计报告',
    rows: '违规明细（按社区、日期排列）',
    none: '（无）',
    problems: '问题行（格式错误、顺序错乱）',
    line: '行',
    reason: '说明',
    byDepartment: '合计：按部门',
    byCommunity: '合计：按社区',
    byRule: '合计：按上限或规则',
    byMonth: '合计：按月份',
    department: '部门',
    level: '级别',
    community: '社区',
    rule: '上限或规则',
    month: '月份',
    breaches: '超出上限',
    refusals: '规则判定',
    total: '合计',
    chartMonth: '每月超出上限次数',
    chartDepartment: '各部门超出上限次数',
    chartRule: '各上限超出次数',
    filter: '筛选',
    all: '全部',
    onlyBreaches: '仅超出上限',
    onlyRefusals: '仅规则判定（未超上限而应拒绝的事项）',
    summary: '摘要',
    malformed: '格式错误，已跳过',
    late: (d: string, t: string) => `日期 ${d} 早于本社区已判定到的 ${t}，顺序错乱，未判定（计入之后事件的上限）`,
  },
  en: {
    report: 'Community work admission: audit report',
    rows: 'Violations (by community, then date)',
    none: '(none)',
    problems: 'Problem lines (malformed, out of order)',
    line: 'line',
    reason: 'reason',
    byDepartment: 'Totals by department',
    byCommunity: 'Totals by community',
    byRule: 'Totals by cap or rule',
    byMonth: 'Totals by month',
    department: 'department',
    level: 'level',
    community: 'community',
    rule: 'cap or rule',
    month: 'month',
    breaches: 'caps exceeded',
    refusals: 'refused by a rule',
    total: 'total',
    chartMonth: 'Caps exceeded per month',
    chartDepartment: 'Caps exceeded per department',
    chartRule: 'Times each cap was exceeded',
    filter: 'filter',
    all: 'all',
    onlyBreaches: 'caps exceeded only',
    onlyRefusals: 'refused by a rule only (no cap exceeded)',
    summary: 'Summary',
    malformed: 'malformed, skipped',
    late: (d: string, t: string) => `dated ${d}, before ${t} already judged for its community: out of order, not judged (counted for later events)`,
  },
} as const

/** The summary as one sentence. */
export const summaryText = (lang: Locale, s: AuditSummary): string =>
  lang === 'en'
    ? `read ${s.read} lines (and ${s.blank} blank), skipped ${s.skipped}, judged ${s.judged}, out of order ${s.late}; violations ${s.violations}, communities ${s.communities}.${s.fingerprint ? ` Packs: ${describePolicy(s.fingerprint)}` : ''}`
    : `读入 ${s.read} 行（另有空行 ${s.blank}），跳过 ${s.skipped}，判定 ${s.judged}，顺序错乱 ${s.late}；违规 ${s.violations}，社区 ${s.communities}。${s.fingerprint ? `规则包: ${describePolicy(s.fingerprint)}` : ''}`

/** The filter in words (`全部` when there is none). */
export const filterText = (lang: Locale, f: ReportFilter): string => {
  const w = WORDS[lang]
  const parts: string[] = []
  if (f.only === 'breaches') parts.push(w.onlyBreaches)
  if (f.only === 'refusals') parts.push(w.onlyRefusals)
  if (f.department !== undefined) parts.push(`${w.department} ${f.department}`)
  if (f.community !== undefined) parts.push(`${w.community} ${f.community}`)
  return parts.length === 0 ? w.all : parts.join(lang === 'en' ? '; ' : '；')
}

/** The reason of a problem line, in the report's language. */
export const problemReason = (lang: Locale, p: ProblemRow): string => {
  if (p.type === 'out-of-order') return WORDS[lang].late(p.date, p.judgedThrough)
  const issues = Array.isArray(p.issues) ? p.issues : []
  return `${WORDS[lang].malformed}${lang === 'en' ? ': ' : '：'}${issues.length > 0 ? issues.map((i) => issueMessage(i, lang)).join(lang === 'en' ? '; ' : '；') : p.reason}`
}

/** A cap's name in a language: its title, or its id when the pack gives none. */
export const capName = (lang: Locale, r: ReportRow): string => (r.window === undefined ? '' : (r.window.title?.[lang] ?? r.window.cap))

/** A total's name: a cap's title, a department, a community, a month. */
export const tallyName = (lang: Locale, t: Tally): string => t.title?.[lang] ?? t.label

/** The clause a row rests on, as a reader knows it: 《document》 article. */
export const clauseText = (r: ReportRow): string => `${documentName(r.citation)} ${String(r.citation.article ?? '')}`.trim()

/** The quoted words of the clause (readable form), or the pack's reading. */
export const quoteText = (lang: Locale, r: ReportRow): string => {
  const c = r.citation
  if (typeof c.readable === 'string') return c.readable
  if (typeof c.quote === 'string') return c.quote
  return c.reading?.[lang] ?? ''
}

/** One column of the report's rows. */
export interface Column {
  readonly key: string
  readonly head: { readonly 'zh-CN': string; readonly en: string }
  readonly cell: (r: ReportRow, lang: Locale) => string | number
  /** shown in the terminal table too (the others: CSV, xlsx and HTML only) */
  readonly table?: boolean
}

/** The columns of a row, in order. */
export const COLUMNS: readonly Column[] = [
  { key: 'type', head: { 'zh-CN': '类型', en: 'type' }, cell: (r, l) => typeLabel(l, r.type) },
  { key: 'community', head: { 'zh-CN': '社区', en: 'community' }, cell: (r) => r.finding.community, table: true },
  { key: 'date', head: { 'zh-CN': '日期', en: 'date' }, cell: (r) => r.finding.date, table: true },
  { key: 'line', head: { 'zh-CN': '行', en: 'line' }, cell: (r) => r.finding.line, table: true },
  { key: 'id', head: { 'zh-CN': '事件编号', en: 'id' }, cell: (r) => r.finding.id ?? '' },
  { key: 'department', head: { 'zh-CN': '部门', en: 'department' }, cell: (r) => r.finding.department, table: true },
  { key: 'level', head: { 'zh-CN': '级别', en: 'level' }, cell: (r, l) => levelLabel(l, r.finding.level), table: true },
  { key: 'kind', head: { 'zh-CN': '事项', en: 'kind' }, cell: (r, l) => kindLabel(l, r.finding.kind), table: true },
  { key: 'outcome', head: { 'zh-CN': '结论', en: 'outcome' }, cell: (r, l) => outcomeLabel(l, r.finding.outcome), table: true },
  { key: 'cap_title', head: { 'zh-CN': '上限', en: 'cap' }, cell: (r, l) => capName(l, r), table: true },
  { key: 'cap', head: { 'zh-CN': '上限编号', en: 'cap_id' }, cell: (r) => r.window?.cap ?? '' },
  { key: 'window', head: { 'zh-CN': '窗口', en: 'window' }, cell: (r) => r.window?.label ?? '', table: true },
  { key: 'window_start', head: { 'zh-CN': '窗口起', en: 'window_start' }, cell: (r) => r.window?.start ?? '' },
  { key: 'window_end', head: { 'zh-CN': '窗口止', en: 'window_end' }, cell: (r) => r.window?.end ?? '' },
  { key: 'count', head: { 'zh-CN': '次数', en: 'count' }, cell: (r) => r.window?.count ?? '', table: true },
  { key: 'max', head: { 'zh-CN': '上限次数', en: 'max' }, cell: (r) => r.window?.max ?? '', table: true },
  { key: 'rule', head: { 'zh-CN': '判定规则', en: 'rule' }, cell: (r) => r.finding.rule, table: true },
  { key: 'pack', head: { 'zh-CN': '规则包', en: 'pack' }, cell: (r) => r.finding.pack },
  { key: 'clause', head: { 'zh-CN': '依据', en: 'clause' }, cell: (r) => clauseText(r), table: true },
  { key: 'provenance', head: { 'zh-CN': '出处类别', en: 'provenance' }, cell: (r, l) => PROVENANCE_LABEL[l][r.citation.provenance] ?? String(r.citation.provenance) },
  { key: 'quote', head: { 'zh-CN': '原文', en: 'quote' }, cell: (r, l) => quoteText(l, r) },
]

/** The columns of the terminal table. */
export const TABLE_COLUMNS: readonly Column[] = COLUMNS.filter((c) => c.table === true)

/** The columns of a total: its name (and level), breaches, refusals, total. */
export const tallyHead = (lang: Locale, withLevel: boolean, name: string): string[] => {
  const w = WORDS[lang]
  return [name, ...(withLevel ? [w.level] : []), w.breaches, w.refusals, w.total]
}
export const tallyCells = (lang: Locale, t: Tally, withLevel: boolean): (string | number)[] => [
  tallyName(lang, t),
  ...(withLevel ? [levelLabel(lang, t.level ?? '')] : []),
  t.breaches,
  t.refusals,
  t.breaches + t.refusals,
]

/** The four totals with their titles and the name of their first column. */
export const totalSections = (lang: Locale): readonly { readonly key: 'byDepartment' | 'byCommunity' | 'byRule' | 'byMonth'; readonly title: string; readonly name: string; readonly level: boolean }[] => {
  const w = WORDS[lang]
  return [
    { key: 'byDepartment', title: w.byDepartment, name: w.department, level: true },
    { key: 'byCommunity', title: w.byCommunity, name: w.community, level: false },
    { key: 'byRule', title: w.byRule, name: w.rule, level: false },
    { key: 'byMonth', title: w.byMonth, name: w.month, level: false },
  ]
}

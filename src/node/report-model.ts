import type { Cited } from '../compile/citation'
import type { Finding, FindingWindow, Malformed, OutOfOrder, Violation } from '../audit/finding'

/**
 * The auditor's report of `zhunru audit`: the findings cut into rows (one per broken cap, one per
 * event refused for another reason), filtered, put in a stable order (community, then date, then
 * line), and totalled by department, community, rule and month. The renderers (table, CSV, JSON,
 * xlsx, HTML: report-*.ts) all read this one model, so they show the same rows and the same totals.
 *
 * Memory: a report keeps the rows that pass its filter (not the events): about 0.25 KB a row
 * (78,811 rows of 100,000 generated events held 19 MB of heap, citations and names shared through
 * {@link interner}); the totals are one counter per department, community, rule and
 * month. `--order found` keeps no rows (each is written as it comes).
 *
 * @module
 */

/** Which rows a report keeps. */
export type ReportOnly = 'all' | 'breaches' | 'refusals'

/** The auditor's filters (all optional; they combine). */
export interface ReportFilter {
  /**
   * `breaches`: only broken caps; `refusals`: only events refused for another reason than a cap
   * (a task outside the list, a certificate the seal may not issue…); `all` (default): both, and
   * the problem lines (malformed, out of order)
   */
  readonly only?: ReportOnly
  /** one asking department, as written in the events */
  readonly department?: string
  /** one community, by its id */
  readonly community?: string
}

/** One row of the report: a broken cap, or an event refused by a rule without a broken cap. */
export interface ReportRow {
  readonly type: 'breach' | 'refusal'
  readonly finding: Violation
  /** the broken cap (breach rows) */
  readonly window?: FindingWindow
  /** the clause the row rests on: the cap's own for a breach, the deciding rule's otherwise */
  readonly citation: Cited
}

/** A problem line: malformed, or out of date order. */
export type ProblemRow = Malformed | OutOfOrder

/** One line of a total. */
export interface Tally {
  readonly key: string
  /** what people read (a cap's title is given per language: `title`) */
  readonly label: string
  readonly title?: { readonly 'zh-CN': string; readonly en: string }
  /** the department's level (totals by department) */
  readonly level?: string
  breaches: number
  refusals: number
}

/** The totals of the rows kept. */
export interface ReportTotals {
  /** by asking department and level, most rows first */
  readonly byDepartment: readonly Tally[]
  /** by community, most rows first */
  readonly byCommunity: readonly Tally[]
  /** by broken cap (key `cap:<id>`) or, for refusals, by deciding rule (key `rule:<id>`), most first */
  readonly byRule: readonly Tally[]
  /** by month of the event's date (`2026-05`), in date order */
  readonly byMonth: readonly Tally[]
}

/** A report, whole. */
export interface Report {
  readonly filter: ReportFilter
  readonly rows: readonly ReportRow[]
  readonly problems: readonly ProblemRow[]
  /** the violations kept (each once, even when it broke two caps), in the rows' order */
  readonly violations: readonly Violation[]
  readonly totals: ReportTotals
}

/** The rows a finding gives under a filter (a violation that broke two caps gives two). */
export const rowsOf = (f: Finding, filter: ReportFilter): readonly (ReportRow | ProblemRow)[] => {
  const only = filter.only ?? 'all'
  if (f.type !== 'violation') {
    if (only !== 'all' || filter.department !== undefined) return []
    if (f.type === 'malformed') return filter.community === undefined ? [f] : []
    return filter.community === undefined || f.community === filter.community ? [f] : []
  }
  if (filter.department !== undefined && f.department !== filter.department) return []
  if (filter.community !== undefined && f.community !== filter.community) return []
  if (f.windows.length === 0) return only === 'breaches' ? [] : [{ type: 'refusal', finding: f, citation: f.citation }]
  if (only === 'refusals') return []
  return f.windows.map((w) => ({ type: 'breach', finding: f, window: w, citation: w.citation ?? f.citation }))
}

/** Code-point order (the same on every machine and locale, unlike localeCompare). */
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** The rows' order: community, date, line, then the caps in the pack's order. */
const rowOrder = (a: ReportRow, b: ReportRow): number =>
  cmp(a.finding.community, b.finding.community) ||
  cmp(a.finding.date, b.finding.date) ||
  a.finding.line - b.finding.line ||
  (a.window === undefined ? -1 : a.finding.windows.indexOf(a.window)) - (b.window === undefined ? -1 : b.finding.windows.indexOf(b.window))

/** Most rows first, then by key; months in date order. */
const byCount = (a: Tally, b: Tally): number => b.breaches + b.refusals - (a.breaches + a.refusals) || cmp(a.key, b.key)
const byKey = (a: Tally, b: Tally): number => cmp(a.key, b.key)

/** Counters keyed by data (no prototype: `__proto__` counts like any name). */
const tallies = (): Map<string, Tally> => new Map()
const count = (m: Map<string, Tally>, key: string, make: () => Omit<Tally, 'breaches' | 'refusals'>, type: ReportRow['type']): void => {
  let t = m.get(key)
  if (t === undefined) m.set(key, (t = { ...make(), breaches: 0, refusals: 0 }))
  if (type === 'breach') t.breaches++
  else t.refusals++
}

/**
 * A report being built: `add` each finding as it comes (it returns the rows the finding gives, for
 * a report written as it goes), `finish` for the sorted rows and the totals. `keep: false` keeps
 * no rows (the totals only).
 */
export const createReport = (filter: ReportFilter, keep = true): { add(f: Finding): readonly (ReportRow | ProblemRow)[]; finish(): Report } => {
  const rows: ReportRow[] = []
  const problems: ProblemRow[] = []
  const byDepartment = tallies()
  const byCommunity = tallies()
  const byRule = tallies()
  const byMonth = tallies()
  return {
    add: (f) => {
      const out = rowsOf(f, filter)
      for (const r of out) {
        if (r.type === 'malformed' || r.type === 'out-of-order') {
          if (keep) problems.push(r)
          continue
        }
        if (keep) rows.push(r)
        const v = r.finding
        count(byDepartment, `${v.department}\u0000${v.level}`, () => ({ key: `${v.department}\u0000${v.level}`, label: v.department, level: v.level }), r.type)
        count(byCommunity, v.community, () => ({ key: v.community, label: v.community }), r.type)
        const w = r.window
        if (w !== undefined) count(byRule, `cap:${w.cap}`, () => ({ key: `cap:${w.cap}`, label: w.cap, ...(w.title !== undefined ? { title: w.title } : {}) }), r.type)
        else count(byRule, `rule:${v.rule}`, () => ({ key: `rule:${v.rule}`, label: v.rule }), r.type)
        const month = v.date.slice(0, 7)
        count(byMonth, month, () => ({ key: month, label: month }), r.type)
      }
      return out
    },
    finish: () => {
      rows.sort(rowOrder)
      problems.sort((a, b) => a.line - b.line)
      const violations: Violation[] = []
      for (const r of rows) if (violations[violations.length - 1] !== r.finding) violations.push(r.finding)
      return {
        filter,
        rows,
        problems,
        violations,
        totals: {
          byDepartment: [...byDepartment.values()].sort(byCount),
          byCommunity: [...byCommunity.values()].sort(byCount),
          byRule: [...byRule.values()].sort(byCount),
          byMonth: [...byMonth.values()].sort(byKey),
        },
      }
    },
  }
}

/**
 * One object per distinct citation and title, and one string per distinct community, department,
 * level, kind, rule and pack, among findings read back from JSON (a thread's lines): a year's rows
 * then share them rather than each holding its own copy.
 */
export const interner = (): ((f: Finding) => Finding) => {
  const objects = new Map<string, unknown>()
  const strings = new Map<string, string>()
  const str = (v: string): string => {
    const had = strings.get(v)
    if (had !== undefined) return had
    strings.set(v, v)
    return v
  }
  /** A citation is the same as another when the fields compile() tells them apart by are. */
  const cited = <T>(v: T): T => {
    if (v === null || typeof v !== 'object') return v
    const c = v as Record<string, unknown>
    const key = JSON.stringify([c.source, c.text, c.article, c.quote, c.reading, c.note, c['zh-CN'], c.en])
    const had = objects.get(key)
    if (had !== undefined) return had as T
    objects.set(key, v)
    return v
  }
  return (f) => {
    if (f.type !== 'violation') return f
    const windows = f.windows.map((w) => ({ ...w, cap: str(w.cap), label: str(w.label), start: str(w.start), end: str(w.end), ...(w.title !== undefined ? { title: cited(w.title) } : {}), ...(w.citation !== undefined ? { citation: cited(w.citation) } : {}) }))
    return {
      ...f,
      community: str(f.community),
      department: str(f.department),
      level: str(f.level),
      kind: str(f.kind),
      date: str(f.date),
      rule: str(f.rule),
      pack: str(f.pack),
      citation: cited(f.citation),
      windows,
    }
  }
}

import type { Locale } from '../issues/format'
import { inert } from '../text/inert'
import type { DiffPlace, EntryChange, FieldChange, PolicyDiff } from './diff'
import type { DiffWitness } from './witness'

/**
 * `zhunru diff` as text for people (Chinese first, or English): per kind (rules, caps, lists) the
 * entries added, removed and changed, each with the file and line it stands at, the fields that
 * differ, and with `--witness` the request that shows the change.
 *
 * @module
 */

/** The line of a place (and of a field under it), when the file was read. @since 0.2.0 */
export type LineOf = (place: DiffPlace, field?: string) => number | undefined

const T = {
  'zh-CN': {
    title: '规则包差异',
    before: '之前',
    after: '之后',
    same: '两个版本没有差异。',
    kinds: { rule: '规则', cap: '频次上限', list: '清单' },
    change: { added: '新增', removed: '删除', changed: '修改' },
    fields: {
      outcome: '结论',
      priority: '优先级',
      conditions: '条件',
      from: '施行日期',
      until: '失效日期',
      citation: '依据',
      redirect: '转办',
      obligations: '义务',
      prevailsOver: '优先于',
      yieldsTo: '让位于',
      title: '标题',
      message: '说明',
      pack: '所在规则包',
      max: '上限',
      window: '计数周期',
      match: '计数范围',
      incomplete: '列举未尽',
    } as Record<string, string>,
    itemsAdded: '新增条目',
    itemsRemoved: '删除条目',
    itemsChanged: '修改条目',
    period: '规则包施行期间',
    none: '（无）',
    witness: '两版判定不同的请求（已分别评估核实）',
    decided: (b: string, a: string) => `之前：${b}；之后：${a}`,
    noWitness: '未找到两版判定不同的请求',
    total: (n: number, parts: string) => `共 ${n} 处差异：${parts}。`,
    colon: '：',
    sep: '，',
  },
  en: {
    title: 'Differences between the packs',
    before: 'before',
    after: 'after',
    same: 'The two versions do not differ.',
    kinds: { rule: 'Rules', cap: 'Caps', list: 'Lists' },
    change: { added: 'added', removed: 'removed', changed: 'changed' },
    fields: {} as Record<string, string>,
    itemsAdded: 'items added',
    itemsRemoved: 'items removed',
    itemsChanged: 'items changed',
    period: "the pack's period",
    none: '(none)',
    witness: 'a request the two versions decide differently (evaluated under both)',
    decided: (b: string, a: string) => `before: ${b}; after: ${a}`,
    noWitness: 'no request found that the two versions decide differently',
    total: (n: number, parts: string) => `${n} differences: ${parts}.`,
    colon: ': ',
    sep: ', ',
  },
}

const OUTCOME: Record<Locale, Record<string, string>> = {
  'zh-CN': { required: '必须承接', permitted: '可以承接', refusable: '有权拒绝', forbidden: '不得办理' },
  en: { required: 'required', permitted: 'permitted', refusable: 'refusable', forbidden: 'forbidden' },
}

/** A value, short: JSON, at most 200 characters, inert. */
const show = (v: unknown, lang: Locale): string => {
  if (v === undefined) return T[lang].none
  const s = typeof v === 'string' ? v : JSON.stringify(v)
  return inert(s.length > 200 ? `${s.slice(0, 199)}…` : s)
}

/** `file:line`, or the pack and its pointer when the file was not read. */
const where = (p: DiffPlace | undefined, lineOf: LineOf | undefined, field?: string): string => {
  if (p === undefined) return ''
  const line = lineOf?.(p, field) ?? lineOf?.(p)
  return inert(p.file !== undefined && line !== undefined ? `${p.file}:${line}` : `${p.pack}#${p.pointer}${field !== undefined ? `/${field}` : ''}`)
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
/** A localized text in the reader's language (the other when it has only that one). */
const localized = (v: unknown, lang: Locale): string | undefined => {
  if (!isObj(v)) return undefined
  const s = v[lang] ?? v[lang === 'en' ? 'zh-CN' : 'en']
  return typeof s === 'string' ? s : undefined
}
/** A citation as a reader writes it: document and article, then the quote or the pack's reading. */
const citation = (v: unknown, lang: Locale): string | undefined => {
  if (!isObj(v) || typeof v.source !== 'string' || typeof v.article !== 'string') return undefined
  const words = typeof v.quote === 'string' ? `「${v.quote}」` : localized(v.reading, lang) !== undefined ? (lang === 'en' ? ` (reading: ${localized(v.reading, lang)})` : `（本包解读：${localized(v.reading, lang)}）`) : ''
  return `${v.source} ${v.article}${words}`
}

/** Each place once: a list merged from a parent stays where the parent wrote it. */
const places = (xs: readonly string[]): string => [...new Set(xs.filter((x) => x !== ''))].join(' → ')

const fieldLine = (lang: Locale, c: EntryChange, f: FieldChange, lineOf: LineOf | undefined): string => {
  const t = T[lang]
  const name = t.fields[f.field] ?? f.field
  const at = places([c.before !== undefined ? where(c.before, lineOf, f.field) : '', c.after !== undefined ? where(c.after, lineOf, f.field) : ''])
  const value = (v: unknown): string => {
    if (f.field === 'outcome' && typeof v === 'string') return OUTCOME[lang][v] ?? v
    const text = f.field === 'citation' ? citation(v, lang) : f.field === 'title' || f.field === 'message' ? localized(v, lang) : undefined
    return text !== undefined ? show(text, lang) : show(v, lang)
  }
  return `    ${name}${t.colon}${value(f.before)} → ${value(f.after)}  (${at})`
}

/**
 * The difference as text, with each entry's file and line (`lineOf`) and, when given, its witness.
 *
 * @example
 * renderDiff(diffPolicies(before, after), 'en') // 'Differences between the packs\nbefore: …'
 * @since 0.2.0
 */
export const renderDiff = (d: PolicyDiff, lang: Locale, lineOf?: LineOf, witnesses?: ReadonlyMap<EntryChange, DiffWitness>): string => {
  try {
    return render(d, lang === 'en' ? 'en' : 'zh-CN', typeof lineOf === 'function' ? lineOf : undefined, witnesses instanceof Map ? witnesses : undefined)
  } catch {
    // not a difference from diffPolicies
    return ''
  }
}

const render = (d: PolicyDiff, lang: Locale, lineOf?: LineOf, witnesses?: ReadonlyMap<EntryChange, DiffWitness>): string => {
  const t = T[lang]
  const out = [t.title, `${t.before}${t.colon}${inert(d.before)}`, `${t.after}${t.colon}${inert(d.after)}`]
  if (d.changes.length === 0 && d.period.length === 0) return `${[...out, '', t.same].join('\n')}\n`
  for (const f of d.period) out.push('', `${t.period}${t.colon}${t.fields[f.field] ?? f.field} ${show(f.before, lang)} → ${show(f.after, lang)}`)
  const counts: string[] = []
  for (const kind of ['rule', 'cap', 'list'] as const) {
    const cs = d.changes.filter((c) => c.kind === kind)
    if (cs.length === 0) continue
    out.push('', t.kinds[kind])
    const byChange = (['added', 'removed', 'changed'] as const).map((k) => [k, cs.filter((c) => c.change === k).length] as const).filter(([, n]) => n > 0)
    counts.push(`${t.kinds[kind]} ${byChange.map(([k, n]) => `${t.change[k]} ${n}`).join(lang === 'en' ? ', ' : '、')}`)
    for (const c of cs) {
      out.push(`  ${t.change[c.change]} ${inert(c.id)}  (${places([where(c.before, lineOf), where(c.after, lineOf)])})`)
      for (const f of c.fields) out.push(fieldLine(lang, c, f, lineOf))
      for (const [label, items] of [
        [t.itemsAdded, c.itemsAdded],
        [t.itemsRemoved, c.itemsRemoved],
        [t.itemsChanged, c.itemsChanged],
      ] as const)
        for (const i of items ?? []) out.push(`    ${label} ${inert(i.id)}${i.name !== undefined && i.name !== i.id ? ` ${inert(i.name)}` : ''}  (${where(i.place, lineOf)})`)
      const w = witnesses?.get(c)
      if (w !== undefined) {
        if (w.found) {
          out.push(`    ${t.witness}${t.colon}`, `      ${inert(JSON.stringify(w.request))}`)
          out.push(`      ${t.decided(`${OUTCOME[lang][w.before.outcome] ?? w.before.outcome} ${inert(w.before.rule)}`, `${OUTCOME[lang][w.after.outcome] ?? w.after.outcome} ${inert(w.after.rule)}`)}`)
        } else out.push(`    ${t.noWitness}${t.colon}${inert(w.reason)}`)
      }
    }
  }
  out.push('', t.total(d.changes.length + d.period.length, counts.join(t.sep)))
  return `${out.join('\n')}\n`
}

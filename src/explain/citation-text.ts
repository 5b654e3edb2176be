import type { Cited } from '../compile/citation'
import type { Provenance } from '../decode/pack-codec'
import type { Locale } from '../issues/format'

/**
 * A citation in words a clerk reads: the document by its title and number, the article, what
 * kind of text the words come from (原文 / 报道转述 / 本包解读) and where it was published, then
 * the quote as a reader should see it, in 「」, or the pack's own reading, without quote marks.
 *
 * @module
 */

/**
 * What each provenance is called, in each language.
 *
 * @example
 * PROVENANCE_LABEL['zh-CN'].secondary // '报道转述'
 * @since 0.2.0
 */
export const PROVENANCE_LABEL: Readonly<Record<Locale, Readonly<Record<Provenance, string>>>> = {
  'zh-CN': { official: '原文', secondary: '报道转述', reading: '本包解读' },
  en: { official: 'official text', secondary: 'as reported', reading: "this pack's reading" },
}

/**
 * The document a citation names, as a reader knows it: its title and number.
 *
 * @example
 * documentName(decision.decidedBy.citation) // '《关于进一步开展社区减负工作的通知》（民发〔2015〕136号）'
 * @since 0.2.0
 */
export const documentName = (c: Cited): string => {
  const d = isObj(c) && isObj(c.document) ? c.document : undefined
  if (d === undefined) return ''
  return `《${String(d.title)}》${typeof d.number === 'string' ? `（${d.number}）` : ''}`
}

const isObj = (v: unknown): v is Record<string, any> => v !== null && typeof v === 'object'
const lang = (locale: unknown): Locale => (locale === 'en' ? 'en' : 'zh-CN')

/**
 * Where the quoted text was published, or '' for the pack's own reading.
 *
 * @example
 * publishedWhere(decision.decidedBy.citation, 'en') // 'published in: 每日经济新闻2020年4月27日报道 https://…'
 * @since 0.2.0
 */
export const publishedWhere = (c: Cited, locale: Locale): string => {
  const t = isObj(c) && isObj(c.textInfo) ? c.textInfo : undefined
  if (t === undefined || c.provenance === 'reading') return ''
  const where = [t.publishedIn, t.url].filter((x) => typeof x === 'string' && x !== '').join(' ')
  return where === '' ? '' : lang(locale) === 'zh-CN' ? `载于：${where}` : `published in: ${where}`
}

/**
 * One line for a citation.
 *
 * @example
 * citationText(decision.decidedBy.citation, 'zh-CN')
 * // '《关于进一步开展社区减负工作的通知》（民发〔2015〕136号） 一、依法确定社区工作事项 [原文] 「属于…」（载于：…）'
 * @since 0.2.0
 */
export const citationText = (c: Cited, locale: Locale): string => {
  if (!isObj(c)) return ''
  locale = lang(locale)
  const label = PROVENANCE_LABEL[locale][c.provenance] ?? ''
  const head = `${documentName(c)} ${String(c.article)} [${label}]`
  const note = isObj(c.note) ? ` (${String(c.note[locale])})` : ''
  if (c.provenance === 'reading' || typeof c.quote !== 'string')
    return `${head} ${isObj(c.reading) ? String(c.reading[locale]) : ''}${note}`
  const where = publishedWhere(c, locale)
  return `${head} 「${c.readable ?? c.quote}」${where !== '' ? (locale === 'zh-CN' ? `（${where}）` : ` (${where})`) : ''}${note}`
}

/**
 * The decision a clerk can file: one printed page with the decision, its date, the request in
 * short, the deciding rule's message (placeholders filled), the clause it cites (document title,
 * article, the quote as a reader reads it, and what kind of text it is: 原文 / 报道转述 / 本包解读), a
 * cap it reads that another pack set (as counted, and the clause that sets its number),
 * the rules that also support it or were overruled, the pack chain with versions and content
 * hashes, and places to sign. On screen it stays hidden; `@media print` shows only it.
 */
import { capLines, DECISION_LABELS, describePolicy, documentName, inert, PROVENANCE_LABEL, publishedWhere, type Cited, type CompiledPolicy, type Decision, type RuleExplanation } from '../../../src/index'
import { CODE_LABEL } from './fields'
import { h, kids } from './dom'
import { UI, type UiLocale } from './i18n'

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v)
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? inert(v) : undefined)

const row = (label: string, ...value: Array<Node | string | null>): HTMLElement =>
  h('tr', {}, h('th', { scope: 'row' }, label), h('td', {}, ...kids(...value)))

/** The citation as a reader reads it: quote (or the pack's reading), document, article, kind of text. */
const clause = (r: RuleExplanation, locale: UiLocale): HTMLElement => clauseOf(r.citation, locale)

/**
 * The caps the rule reads that are not its own (a cap a district pack replaced): each named as
 * counted, and the clause that sets its number, when it is not the rule's clause.
 */
const caps = (r: RuleExplanation, locale: UiLocale): HTMLElement[] =>
  (r.caps ?? [])
    .filter((c) => !c.own)
    .map((c) =>
      h(
        'div',
        { class: 'sheet-cap', 'data-testid': 'sheet-cap' },
        h('p', { class: 'sheet-small' }, capLines({ caps: [c] }, locale)[0] ?? ''),
        c.citation !== undefined && !c.sameClause ? h('div', {}, h('p', { class: 'sheet-small' }, `${DECISION_LABELS[locale].capSource}：`), clauseOf(c.citation, locale)) : null,
      ),
    )

/** The short form of a clause: document, article, kind of text. */
const cite = (c: Cited, locale: UiLocale): string => `${documentName(c)} ${c.article}（${PROVENANCE_LABEL[locale][c.provenance]}）`

const clauseOf = (c: Cited, locale: UiLocale): HTMLElement => {
  const where = publishedWhere(c, locale)
  return h(
    'div',
    { class: 'sheet-clause' },
    h('p', { class: 'sheet-doc' }, h('strong', {}, documentName(c)), ` ${c.article}`),
    c.provenance === 'reading'
      ? h('p', { class: 'sheet-quote reading' }, c.reading?.[locale] ?? '')
      : h('blockquote', { class: 'sheet-quote', 'data-testid': 'sheet-quote' }, `「${c.readable ?? c.quote ?? ''}」`),
    h(
      'p',
      { class: 'sheet-small' },
      `${UI[locale].sheetProvenance}：`,
      h('span', { 'data-testid': 'sheet-provenance' }, PROVENANCE_LABEL[locale][c.provenance]),
      where !== '' ? `；${where}` : '',
    ),
  )
}

/** What the request is about, in a few words: the certificate, the plaque, the item. */
const subject = (req: Obj): string | undefined =>
  (req.kind === 'certificate' ? str(isObj(req.certificate) ? req.certificate.kind : undefined) : undefined) ??
  (req.kind === 'plaque' ? str(isObj(req.plaque) ? req.plaque.name : undefined) : undefined) ??
  str(isObj(req.item) ? (req.item.name ?? req.item.id) : undefined)

/** Today's date where the clerk is, as YYYY-MM-DD. */
const today = (): string => {
  const d = new Date()
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}

export const renderSheet = (
  root: HTMLElement,
  locale: UiLocale,
  policy: CompiledPolicy,
  request: unknown,
  d: Decision,
  decided: RuleExplanation,
  supporting: readonly RuleExplanation[],
  overruled: readonly RuleExplanation[],
): void => {
  const t = UI[locale]
  const req: Obj = isObj(request) ? request : {}
  const requester = isObj(req.requester) ? req.requester : {}
  const community = isObj(req.community) ? req.community : {}
  const level = typeof requester.level === 'string' ? (CODE_LABEL[requester.level]?.[locale] ?? inert(requester.level)) : undefined
  const who = [level, str(requester.department), str(requester.name)].filter((x) => x !== undefined).join(' · ')
  const kind = typeof req.kind === 'string' ? (CODE_LABEL[req.kind]?.[locale] ?? inert(req.kind)) : ''
  const [label, meaning] = t.outcome[d.outcome]
  const f = policy.fingerprint
  const brief = (r: RuleExplanation): HTMLElement =>
    h(
      'li',
      {},
      r.message,
      h('span', { class: 'sheet-small' }, ` — ${cite(r.citation, locale)}`),
      // a cap not the rule's own: its clause, when it is not the rule's
      ...(r.caps ?? []).filter((c) => !c.own && !c.sameClause && c.citation !== undefined).map((c) => h('span', { class: 'sheet-small' }, `；${DECISION_LABELS[locale].capSource}：${cite(c.citation as Cited, locale)}`)),
    )
  root.replaceChildren(
    ...kids(
    h('h1', { class: 'sheet-title' }, t.sheetTitle),
    h(
      'p',
      { class: 'sheet-outcome', 'data-testid': 'sheet-outcome', 'data-outcome': d.outcome },
      h('strong', {}, label),
      `（${d.outcome}）— ${meaning}`,
    ),
    h(
      'table',
      { class: 'sheet-table' },
      h(
        'tbody',
        {},
        row(t.sheetDate, d.date),
        row(t.sheetKind, kind),
        who !== '' ? row(t.sheetRequester, who) : null,
        subject(req) !== undefined ? row(t.sheetSubject, subject(req) as string) : null,
        str(community.name ?? community.id) !== undefined
          ? row(t.sheetCommunity, [str(community.name), str(community.street)].filter((x) => x !== undefined).join(' · ') || (str(community.id) as string))
          : null,
        str(req.id) !== undefined ? row(t.sheetRequestId, str(req.id) as string) : null,
        row(t.sheetPrinted, today()),
      ),
    ),
    h('h2', {}, t.sheetRule),
    h('p', { class: 'sheet-message', 'data-testid': 'sheet-message' }, decided.message, h('span', { class: 'sheet-small' }, ` [${decided.id}]`)),
    h('h2', {}, t.sheetBasis),
    clause(decided, locale),
    ...caps(decided, locale),
    d.redirect ? h('p', {}, `${t.redirect}：`, h('strong', {}, d.redirect.label[locale])) : null,
    d.obligations.length > 0 ? h('div', {}, h('h2', {}, t.obligations), h('ul', {}, ...d.obligations.map((o) => h('li', {}, o.text[locale])))) : null,
    supporting.length > 0 ? h('div', { class: 'sheet-others' }, h('h2', {}, t.supporting), h('ul', {}, ...supporting.map(brief))) : null,
    overruled.length > 0 ? h('div', { class: 'sheet-others' }, h('h2', {}, t.overruled), h('ul', {}, ...overruled.map(brief))) : null,
    h('h2', {}, t.sheetPolicy),
    h('p', { class: 'sheet-small mono', 'data-testid': 'sheet-policy' }, describePolicy(f)),
    h(
      'table',
      { class: 'sheet-table packs' },
      h('thead', {}, h('tr', {}, h('th', {}, t.sheetPack), h('th', {}, t.sheetVersion), h('th', {}, t.sheetHash))),
      h(
        'tbody',
        {},
        ...f.packs.map((p) => h('tr', {}, h('td', {}, p.id), h('td', {}, p.version ?? '—'), h('td', { class: 'mono' }, p.hash))),
        h('tr', {}, h('td', { colspan: '2' }, `${t.sheetPolicyHash}（${f.id}）`), h('td', { class: 'mono' }, f.hash)),
      ),
    ),
    h(
      'div',
      { class: 'sheet-sign' },
      h('p', {}, `${t.sheetSign}：`, h('span', { class: 'blank' }), `${t.sheetSignDate}：`, h('span', { class: 'blank short' })),
      h('p', {}, `${t.sheetReview}：`, h('span', { class: 'blank' }), `${t.sheetSignDate}：`, h('span', { class: 'blank short' })),
      h('p', {}, `${t.sheetSeal}：`, h('span', { class: 'blank' })),
    ),
    h('p', { class: 'sheet-foot' }, t.sheetFoot),
    ),
  )
}

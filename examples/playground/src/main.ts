import * as E from 'fp-ts/lib/Either.js'
// The package's ESM entries, bundled by Vite for the browser: the core (`zhunru`) and the packs
// as data (`zhunru/packs`). Nothing here reads a file or calls a server.
import { codegenAvailable, compile, evaluate, explain, formatIssue, type CompiledPolicy, type Issue } from '../../../src/index'
import { type ConditionExplanation, type RuleExplanation } from '../../../src/explain/explain'
import { documentName, PROVENANCE_LABEL, publishedWhere } from '../../../src/explain/citation-text'
import { BUNDLED_PACK_IDS, bundledChain, packs } from '../../../src/packs/index'
import { EXAMPLES, type Example } from './examples'
import { UI, type UiLocale } from './i18n'
import './style.css'

type Child = Node | string | null | undefined | false

/** Make an element; text is always set as text, never parsed as HTML. */
const h = (tag: string, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElement => {
  const el = document.createElement(tag)
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v)
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c)
  return el
}

/** Children without the nulls of conditional parts. */
const kids = (...children: Child[]): Array<Node | string> =>
  children.filter((c): c is Node | string => c !== null && c !== undefined && c !== false)

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T
const packSelect = $<HTMLSelectElement>('pack')
const exampleSelect = $<HTMLSelectElement>('example')
const requestArea = $<HTMLTextAreaElement>('request')
const result = $('result')
const status = $('status')
const langButton = $<HTMLButtonElement>('lang')

const state = {
  locale: (new URLSearchParams(location.search).get('lang') === 'en' ? 'en' : 'zh-CN') as UiLocale,
  policies: new Map<string, E.Either<Issue[], CompiledPolicy>>(),
  example: undefined as Example | undefined,
}

type PackMeta = { title?: Record<UiLocale, string>; description?: Record<UiLocale, string> }
const meta = (id: string): PackMeta => (packs as Record<string, unknown>)[id] as PackMeta

const policyOf = (id: string): E.Either<Issue[], CompiledPolicy> => {
  let p = state.policies.get(id)
  if (p === undefined) {
    const chain = bundledChain(id)
    p = E.isLeft(chain) ? chain : compile(chain.right)
    state.policies.set(id, p)
  }
  return p
}

const fillPacks = (): void => {
  const current = packSelect.value || 'cn-shandong'
  packSelect.replaceChildren(
    ...BUNDLED_PACK_IDS.map((id) => h('option', { value: id }, `${meta(id).title?.[state.locale] ?? id} · ${id}`)),
  )
  packSelect.value = current
  $('pack-description').textContent = meta(packSelect.value).description?.[state.locale] ?? ''
}

const fillExamples = (): void => {
  const t = UI[state.locale]
  const list = EXAMPLES.get(packSelect.value) ?? []
  const groups = new Map<string, HTMLElement>()
  list.forEach((e, i) => {
    let g = groups.get(e.file)
    if (g === undefined) {
      g = h('optgroup', { label: e.file })
      groups.set(e.file, g)
    }
    g.append(h('option', { value: String(i) }, e.name))
  })
  const selected = state.example !== undefined ? list.indexOf(state.example) : -1
  exampleSelect.replaceChildren(h('option', { value: 'custom' }, t.custom), ...groups.values())
  exampleSelect.value = selected >= 0 ? String(selected) : 'custom'
}

const pickExample = (index: number): void => {
  const e = (EXAMPLES.get(packSelect.value) ?? [])[index]
  state.example = e
  if (e !== undefined) requestArea.value = JSON.stringify(e.request, null, 2)
  exampleSelect.value = e !== undefined ? String(index) : 'custom'
}

const issueList = (issues: readonly Issue[], heading: string): HTMLElement =>
  h('div', { class: 'issues', 'data-testid': 'issues' }, h('h3', {}, heading), h('ul', {}, ...issues.map((i) => h('li', {}, h('pre', {}, formatIssue(i, state.locale))))))

const conditionTree = (c: ConditionExplanation): HTMLElement => {
  const mark = c.result === 'not-evaluated' ? '·' : c.result ? '✓' : '✗'
  const cls = c.result === 'not-evaluated' ? 'skip' : c.result ? 'yes' : 'no'
  const label =
    c.kind === 'leaf'
      ? `${c.fact ?? ''}${(c.path ?? '').replace(/^\$/, '')} ${c.operator ?? ''} ${JSON.stringify(c.expected)}  (${JSON.stringify(c.seen) ?? '∅'})`
      : c.kind === 'ref'
        ? `condition ${c.ref ?? ''}`
        : c.kind
  return h('li', { class: cls }, h('span', { class: 'mark' }, mark), ' ', h('code', {}, label), c.children.length > 0 ? h('ul', {}, ...c.children.map(conditionTree)) : null)
}

const citationBlock = (r: RuleExplanation, policy: CompiledPolicy, cls = 'citation'): HTMLElement => {
  const t = UI[state.locale]
  const c = r.citation
  const where = publishedWhere(c, state.locale)
  return h(
    'figure',
    { class: `${cls} provenance-${c.provenance}`, 'data-provenance': c.provenance },
    c.provenance === 'reading'
      ? h('p', { class: 'reading', 'data-testid': 'quote' }, c.reading?.[state.locale] ?? '')
      : h('blockquote', { class: 'quote', 'data-testid': 'quote' }, c.readable ?? c.quote ?? ''),
    h(
      'figcaption',
      {},
      h('span', { class: 'provenance', 'data-testid': 'provenance' }, `[${PROVENANCE_LABEL[state.locale][c.provenance]}] `),
      `${t.source}：`,
      h('cite', {}, documentName(c)),
      ` · ${c.article}`,
      where !== '' ? h('span', { class: 'where' }, ` · ${where}`) : null,
      c.note ? h('span', { class: 'note' }, ` (${c.note[state.locale]})`) : null,
    ),
  )
}

const decide = (): void => {
  const t = UI[state.locale]
  const policy = policyOf(packSelect.value)
  if (E.isLeft(policy)) {
    result.replaceChildren(issueList(policy.left, t.issues))
    return
  }
  let request: unknown
  try {
    request = JSON.parse(requestArea.value)
  } catch (e) {
    result.replaceChildren(h('div', { class: 'issues', 'data-testid': 'issues' }, h('h3', {}, t.badJson), h('pre', {}, String(e))))
    return
  }
  const started = performance.now()
  const decision = evaluate(policy.right, request)
  const ms = (performance.now() - started).toFixed(2)
  if (E.isLeft(decision)) {
    result.replaceChildren(issueList(decision.left, t.issues))
    status.textContent = t.evaluated(ms)
    return
  }
  const d = decision.right
  const x = explain(d, { locale: state.locale })
  if (E.isLeft(x)) {
    result.replaceChildren(issueList(x.left, t.issues))
    return
  }
  const decided = x.right.rules.find((r) => r.decided)
  const overruled = x.right.rules.filter((r) => r.status === 'fired' && !r.decided)
  const [label, meaning] = t.outcome[d.outcome]
  const expected = state.example?.expectOutcome
  result.replaceChildren(
    ...kids(
    h(
      'div',
      { class: `outcome outcome-${d.outcome}`, 'data-testid': 'outcome', 'data-outcome': d.outcome },
      h('span', { class: 'outcome-label' }, label),
      h('span', { class: 'outcome-code' }, d.outcome),
      h('span', { class: 'outcome-meaning' }, meaning),
    ),
    expected !== undefined
      ? h('p', { class: `expect ${expected === d.outcome ? 'ok' : 'bad'}`, 'data-testid': 'expect' }, `${t.expects}：${expected} — ${expected === d.outcome ? t.matches : t.differs}`)
      : null,
    h('p', { class: 'meta' }, `${t.date}：${d.date} · ${t.pack}：${d.policy.id}`),
    decided !== undefined
      ? h(
          'article',
          { class: 'rule decided', 'data-testid': 'decided-by' },
          h('h3', {}, `${t.decidedBy}：`, h('code', {}, decided.id), h('span', { class: 'tag' }, decided.pack), h('span', { class: 'tag muted' }, `${t.priority} ${decided.priority}`)),
          h('p', { class: 'message' }, decided.message),
          citationBlock(decided, policy.right),
        )
      : null,
    d.redirect ? h('p', { class: 'redirect' }, `${t.redirect}：`, h('strong', {}, d.redirect.label[state.locale])) : null,
    d.obligations.length > 0 ? h('section', { class: 'obligations' }, h('h3', {}, t.obligations), h('ul', {}, ...d.obligations.map((o) => h('li', {}, o.text[state.locale])))) : null,
    decided?.conditions ? h('details', { class: 'conditions' }, h('summary', {}, t.conditions), h('ul', { class: 'tree' }, conditionTree(decided.conditions))) : null,
    overruled.length > 0
      ? h(
          'details',
          { class: 'overruled' },
          h('summary', {}, `${t.overruled} (${overruled.length})`),
          ...overruled.map((r) =>
            h(
              'article',
              { class: 'rule' },
              h('h4', {}, h('code', {}, r.id), h('span', { class: 'tag' }, r.pack), h('span', { class: `tag outcome-${r.outcome}` }, t.outcome[r.outcome][0])),
              h('p', { class: 'message' }, r.message),
              citationBlock(r, policy.right, 'citation small'),
            ),
          ),
        )
      : null,
    h('details', { class: 'fulltext' }, h('summary', {}, t.fullText), h('pre', {}, x.right.text)),
    ),
  )
  status.textContent = t.evaluated(ms)
}

const applyLocale = (): void => {
  const t = UI[state.locale]
  document.documentElement.lang = state.locale
  document.title = `${state.locale === 'en' ? 'zhunru · Playground' : '准入 zhunru · 试验台'}`
  for (const el of Array.from(document.querySelectorAll<HTMLElement>('[data-i18n]'))) {
    const key = el.dataset.i18n as keyof typeof t
    const v = t[key]
    if (typeof v === 'string') el.textContent = v
  }
  langButton.textContent = t.switchTo
  fillPacks()
  fillExamples()
  decide()
}

packSelect.addEventListener('change', () => {
  state.example = undefined
  fillPacks()
  fillExamples()
  pickExample(0)
  decide()
})
exampleSelect.addEventListener('change', () => {
  if (exampleSelect.value !== 'custom') pickExample(Number(exampleSelect.value))
  decide()
})
let timer: ReturnType<typeof setTimeout> | undefined
requestArea.addEventListener('input', () => {
  state.example = undefined
  exampleSelect.value = 'custom'
  clearTimeout(timer)
  timer = setTimeout(decide, 250)
})
$('decide').addEventListener('click', decide)
langButton.addEventListener('click', () => {
  state.locale = state.locale === 'en' ? 'zh-CN' : 'en'
  applyLocale()
})

packSelect.value = 'cn-shandong'
fillPacks()
pickExample(0)
applyLocale()
const compiled = policyOf(packSelect.value)
if (E.isRight(compiled)) status.textContent = UI[state.locale].compiled(compiled.right.rules.length)
// generated code where the page allows it, closures under a CSP without unsafe-eval
document.body.dataset.codegen = String(codegenAvailable())
document.body.dataset.ready = 'true'

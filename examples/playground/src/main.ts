import * as E from 'fp-ts/lib/Either.js'
// The package's ESM entries, bundled by Vite for the browser: the core (`zhunru`) and the packs
// as data (`zhunru/packs`). Nothing here reads a file or calls a server.
import {
  applyChanges,
  capLines,
  codegenAvailable,
  compile,
  DECISION_LABELS,
  documentName,
  evaluate,
  explain,
  formatIssue,
  issueMessage,
  inert,
  PROVENANCE_LABEL,
  publishedWhere,
  type Cited,
  type CompiledPolicy,
  type ConditionExplanation,
  type Issue,
  type RuleExplanation,
} from '../../../src/index'
import { BUNDLED_PACK_IDS, bundledChain, packs } from '../../../src/packs/index'
import { h, kids } from './dom'
import { EXAMPLES, type Example } from './examples'
import { buildForm, type FormHandle, type Suggestions } from './form'
import { UI, type UiLocale } from './i18n'
import { renderSheet } from './print'
import { suggestionsOf } from './suggest'
import { renderWhatIf, type Target } from './whatif-view'
import './style.css'

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T
const packSelect = $<HTMLSelectElement>('pack')
const exampleSelect = $<HTMLSelectElement>('example')
const requestArea = $<HTMLTextAreaElement>('request')
const formRoot = $<HTMLFormElement>('form')
const jsonPane = $('json-pane')
const tabForm = $<HTMLButtonElement>('tab-form')
const tabJson = $<HTMLButtonElement>('tab-json')
const result = $('result')
const whatIfRoot = $('what-if')
const sheet = $('print-sheet')
const status = $('status')
const langButton = $<HTMLButtonElement>('lang')
const techBox = $<HTMLInputElement>('tech')
const printButton = $<HTMLButtonElement>('print')

const params = new URLSearchParams(location.search)
const state = {
  locale: (params.get('lang') === 'en' ? 'en' : 'zh-CN') as UiLocale,
  policies: new Map<string, E.Either<Issue[], CompiledPolicy>>(),
  example: undefined as Example | undefined,
  /** the request as the form and the JSON hold it (undefined while the JSON does not parse) */
  request: undefined as unknown,
  target: 'auto' as Target,
  form: undefined as FormHandle | undefined,
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

const suggestions = (): Suggestions => {
  const chain = bundledChain(packSelect.value)
  return suggestionsOf(E.isRight(chain) ? chain.right.map((s) => s.value) : [], state.locale)
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
      g = h('optgroup', { label: inert(e.file) })
      groups.set(e.file, g)
    }
    g.append(h('option', { value: String(i) }, inert(e.name)))
  })
  const selected = state.example !== undefined ? list.indexOf(state.example) : -1
  exampleSelect.replaceChildren(h('option', { value: 'custom' }, t.custom), ...groups.values())
  exampleSelect.value = selected >= 0 ? String(selected) : 'custom'
}

/** A new request from outside the form (an example, an applied what-if): into the JSON and the form. */
const setRequest = (request: unknown): void => {
  state.request = request
  requestArea.value = JSON.stringify(request, null, 2)
  state.form?.pause(false)
  state.form?.fill(request)
}

const buildTheForm = (): void => {
  state.form = buildForm(formRoot, state.locale, suggestions(), state.request, (request) => {
    // an edit in the form: the JSON follows, and the page decides again
    state.request = request
    state.example = undefined
    exampleSelect.value = 'custom'
    requestArea.value = JSON.stringify(request, null, 2)
    scheduleDecide()
  })
}

const pickExample = (index: number): void => {
  const e = (EXAMPLES.get(packSelect.value) ?? [])[index]
  state.example = e
  if (e !== undefined) setRequest(e.request)
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

const citationBlock = (r: RuleExplanation, cls = 'citation'): HTMLElement => clauseBlock(r.citation, cls, UI[state.locale].source)

/**
 * The caps a rule reads that are not its own (a cap a district pack replaced, say): each named as
 * counted, in explain's words, and the clause that sets its number cited when it is not the rule's.
 */
const capBlocks = (r: RuleExplanation, cls = 'citation'): HTMLElement[] =>
  (r.caps ?? [])
    .filter((c) => !c.own)
    .map((c) =>
      h(
        'div',
        { class: 'cap', 'data-testid': 'cap' },
        h('p', { class: 'cap-count' }, capLines({ caps: [c] }, state.locale)[0] ?? ''),
        c.citation !== undefined && !c.sameClause ? clauseBlock(c.citation, cls, DECISION_LABELS[state.locale].capSource) : null,
      ),
    )

const clauseBlock = (c: Cited, cls: string, label: string): HTMLElement => {
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
      `${label}：`,
      h('cite', {}, documentName(c)),
      ` · ${c.article}`,
      where !== '' ? h('span', { class: 'where' }, ` · ${where}`) : null,
      c.note ? h('span', { class: 'note tech' }, ` (${c.note[state.locale]})`) : null,
    ),
  )
}

/** The fired rules beside the deciding one, under explain's own heading. */
const otherRules = (rules: readonly RuleExplanation[], heading: string, testid: string): HTMLElement | null => {
  const t = UI[state.locale]
  if (rules.length === 0) return null
  return h(
    'details',
    { class: `others ${testid}`, 'data-testid': testid },
    h('summary', {}, `${heading} (${rules.length})`),
    ...rules.map((r) =>
      h(
        'article',
        { class: 'rule' },
        h('h4', {}, h('span', { class: `tag outcome-${r.outcome}` }, t.outcome[r.outcome][0]), h('code', { class: 'tech' }, r.id), h('span', { class: 'tag tech' }, r.pack)),
        h('p', { class: 'message' }, r.message),
        citationBlock(r, 'citation small'),
        ...capBlocks(r, 'citation small'),
      ),
    ),
  )
}

const clearOutput = (): void => {
  whatIfRoot.hidden = true
  whatIfRoot.replaceChildren()
  sheet.replaceChildren()
  printButton.disabled = true // nothing to file
  document.body.dataset.decided = 'false'
}

const decide = (): void => {
  const t = UI[state.locale]
  const policy = policyOf(packSelect.value)
  if (E.isLeft(policy)) {
    clearOutput()
    result.replaceChildren(issueList(policy.left, t.issues))
    return
  }
  let request: unknown
  try {
    request = JSON.parse(requestArea.value)
  } catch (e) {
    clearOutput()
    state.form?.pause(true)
    result.replaceChildren(h('div', { class: 'issues', 'data-testid': 'issues' }, h('h3', {}, t.badJson), h('pre', {}, String(e))))
    return
  }
  const started = performance.now()
  const decision = evaluate(policy.right, request)
  const ms = (performance.now() - started).toFixed(2)
  if (E.isLeft(decision)) {
    clearOutput()
    // each issue beside the field it points at, too (a missing field: the pointer names it)
    state.form?.mark(decision.left.map((i) => ({ path: i.path, text: issueMessage(i, state.locale) })))
    result.replaceChildren(issueList(decision.left, t.issues))
    status.textContent = t.evaluated(ms)
    return
  }
  state.form?.mark([])
  const d = decision.right
  const x = explain(d, { locale: state.locale })
  if (E.isLeft(x)) {
    clearOutput()
    result.replaceChildren(issueList(x.left, t.issues))
    return
  }
  const decided = x.right.rules.find((r) => r.decided) as RuleExplanation
  const fired = x.right.rules.filter((r) => r.status === 'fired' && !r.decided)
  const supporting = fired.filter((r) => r.outcome === d.outcome)
  const overruled = fired.filter((r) => r.outcome !== d.outcome)
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
        ? h('p', { class: `expect tech ${expected === d.outcome ? 'ok' : 'bad'}`, 'data-testid': 'expect' }, `${t.expects}：${expected} — ${expected === d.outcome ? t.matches : t.differs}`)
        : null,
      h('p', { class: 'meta' }, `${t.date}：${d.date} · ${t.pack}：${d.policy.id}`),
      h(
        'article',
        { class: 'rule decided', 'data-testid': 'decided-by' },
        h('h3', {}, `${t.decidedBy}`, h('code', { class: 'tech' }, decided.id), h('span', { class: 'tag tech' }, decided.pack), h('span', { class: 'tag muted tech' }, `${t.priority} ${decided.priority}`)),
        h('p', { class: 'message' }, decided.message),
        citationBlock(decided),
        ...capBlocks(decided),
      ),
      d.redirect ? h('p', { class: 'redirect' }, `${t.redirect}：`, h('strong', {}, d.redirect.label[state.locale])) : null,
      d.obligations.length > 0 ? h('section', { class: 'obligations' }, h('h3', {}, t.obligations), h('ul', {}, ...d.obligations.map((o) => h('li', {}, o.text[state.locale])))) : null,
      otherRules(supporting, t.supporting, 'supporting'),
      otherRules(overruled, t.overruled, 'overruled'),
      decided.conditions ? h('details', { class: 'conditions tech' }, h('summary', {}, t.conditions), h('ul', { class: 'tree' }, conditionTree(decided.conditions))) : null,
      h('details', { class: 'fulltext tech' }, h('summary', {}, t.fullText), h('pre', { 'data-testid': 'full-text' }, x.right.text)),
    ),
  )
  status.textContent = t.evaluated(ms)
  renderWhatIf(
    whatIfRoot,
    policy.right,
    request,
    d.outcome,
    state.target,
    state.locale,
    (s) => {
      state.example = undefined
      exampleSelect.value = 'custom'
      setRequest(applyChanges(request, s.changes))
      decide()
    },
    (target) => {
      state.target = target
      decide()
    },
  )
  renderSheet(sheet, state.locale, policy.right, request, d, decided, supporting, overruled)
  printButton.disabled = false
  document.body.dataset.decided = 'true'
}

let timer: ReturnType<typeof setTimeout> | undefined
const scheduleDecide = (): void => {
  clearTimeout(timer)
  timer = setTimeout(decide, 250)
}

const showTab = (json: boolean): void => {
  tabForm.setAttribute('aria-selected', String(!json))
  tabJson.setAttribute('aria-selected', String(json))
  formRoot.hidden = json
  jsonPane.hidden = !json
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
  buildTheForm()
  decide()
}

packSelect.addEventListener('change', () => {
  state.example = undefined
  fillPacks()
  fillExamples()
  pickExample(0)
  buildTheForm()
  decide()
})
exampleSelect.addEventListener('change', () => {
  if (exampleSelect.value !== 'custom') pickExample(Number(exampleSelect.value))
  decide()
})
requestArea.addEventListener('input', () => {
  // an edit of the JSON: the form follows while it parses
  state.example = undefined
  exampleSelect.value = 'custom'
  try {
    const parsed: unknown = JSON.parse(requestArea.value)
    state.request = parsed
    state.form?.pause(false)
    state.form?.fill(parsed)
  } catch {
    state.form?.pause(true)
  }
  scheduleDecide()
})
formRoot.addEventListener('submit', (e) => {
  e.preventDefault()
  decide()
})
tabForm.addEventListener('click', () => showTab(false))
tabJson.addEventListener('click', () => showTab(true))
$('decide').addEventListener('click', () => {
  clearTimeout(timer)
  decide()
})
printButton.addEventListener('click', () => {
  clearTimeout(timer)
  decide()
  if (document.body.dataset.decided === 'true') window.print()
})
techBox.addEventListener('change', () => {
  document.body.classList.toggle('show-tech', techBox.checked)
})
langButton.addEventListener('click', () => {
  state.locale = state.locale === 'en' ? 'zh-CN' : 'en'
  applyLocale()
})

packSelect.value = 'cn-shandong'
fillPacks()
pickExample(0)
showTab(params.get('tab') === 'json')
applyLocale()
const compiled = policyOf(packSelect.value)
if (E.isRight(compiled)) status.textContent = UI[state.locale].compiled(compiled.right.rules.length)
// generated code where the page allows it, closures under a CSP without unsafe-eval
document.body.dataset.codegen = String(codegenAvailable())
document.getElementById('boot-notice')?.remove()
document.body.dataset.ready = 'true'

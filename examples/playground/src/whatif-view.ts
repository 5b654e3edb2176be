/**
 * The what-if answer on the page: which changes to the request would turn the decision (whatIf),
 * each set with its fields named as the form names them, the values before and after, and why;
 * a button applies a set to the request. When nothing turns it, explainWhatIf's own words say
 * what stands in the way. Request values are shown inert and as text.
 */
import * as E from 'fp-ts/lib/Either.js'
import { explainWhatIf, formatIssue, inert, whatIf, type CompiledPolicy, type ChangeSet, type WhatIfResult } from '../../../src/index'
import type { Outcome } from '../../../src/decode/pack-codec'
import { FIELDS } from './fields'
import { h } from './dom'
import { UI, type UiLocale } from './i18n'

const LABEL = new Map(FIELDS.map((f) => [f.path, f.label]))

/** A field as the form names it, with its place in the request. */
const fieldName = (path: string, locale: UiLocale): string => {
  const own = LABEL.get(path)
  if (own !== undefined) return `${own[locale]}（${path.slice(1).replace(/\//g, '.')}）`
  return inert(path.slice(1).replace(/\//g, '.'))
}

const show = (v: unknown): string => inert(typeof v === 'string' ? v : JSON.stringify(v))

export type Target = 'auto' | Outcome

/** Render the what-if section for a request; `apply` gets a change set the clerk chose. */
export const renderWhatIf = (
  root: HTMLElement,
  policy: CompiledPolicy,
  request: unknown,
  outcome: Outcome,
  target: Target,
  locale: UiLocale,
  apply: (s: ChangeSet) => void,
  onTarget: (t: Target) => void,
): WhatIfResult | undefined => {
  const t = UI[locale]
  const select = h(
    'select',
    { id: 'what-if-target' },
    h('option', { value: 'auto' }, t.whatIfAuto),
    ...(['required', 'permitted', 'refusable', 'forbidden'] as const).map((o) => h('option', { value: o }, t.outcome[o][0])),
  ) as HTMLSelectElement
  select.value = target
  select.addEventListener('change', () => onTarget(select.value as Target))
  const head = [
    h('h3', {}, t.whatIf),
    h('label', { class: 'field inline' }, h('span', {}, t.whatIfTarget), select),
    target === 'auto' ? h('p', { class: 'hint small' }, t.whatIfAutoHint) : null,
  ].filter((x): x is HTMLElement => x !== null)
  if (target !== 'auto' && target === outcome) {
    root.replaceChildren(...head, h('p', { class: 'hint', 'data-testid': 'what-if-none' }, t.whatIfSame))
    root.hidden = false
    return undefined
  }
  const r = whatIf(policy, request, target === 'auto' ? {} : { target })
  if (E.isLeft(r)) {
    root.replaceChildren(...head, h('pre', { class: 'issues' }, r.left.map((i) => formatIssue(i, locale)).join('\n')))
    root.hidden = false
    return undefined
  }
  const w = r.right
  const body: HTMLElement[] = []
  if (w.changeSets.length > 0) {
    if (w.requiredBlocked !== undefined) body.push(h('p', { class: 'note' }, t.whatIfPermitted))
    w.changeSets.forEach((s, i) => {
      const button = h('button', { type: 'button', class: 'secondary', 'data-testid': 'what-if-apply' }, t.whatIfApply)
      button.addEventListener('click', () => apply(s))
      body.push(
        h(
          'article',
          { class: 'change-set', 'data-testid': 'what-if-set', 'data-outcome': s.outcome },
          h('h4', {}, t.whatIfOption(i + 1, s.changes.length, t.outcome[s.outcome][0]), h('span', { class: 'tech tag muted' }, s.decidedBy)),
          h(
            'ul',
            {},
            ...s.changes.map((c) =>
              h(
                'li',
                {},
                h('strong', {}, fieldName(c.path, locale)),
                '：',
                h('span', { class: 'from' }, 'from' in c ? show(c.from) : t.absent),
                ' → ',
                h('span', { class: 'to' }, 'to' in c && c.to !== undefined ? show(c.to) : t.removed),
                h('br', {}),
                h('span', { class: 'why' }, `${t.why}：${c.reason[locale]}`),
              ),
            ),
          ),
          button,
        ),
      )
    })
    body.push(h('p', { class: 'hint' }, t.whatIfChecked))
  } else {
    // explainWhatIf's own words for what stands in the way (its first line repeats the decision)
    const text = explainWhatIf(w, locale).split('\n').slice(1).join('\n')
    body.push(
      h('p', { class: 'note', 'data-testid': 'what-if-none' }, t.whatIfNone),
      h('details', { class: 'what-if-details' }, h('summary', {}, t.whatIfDetails), h('pre', { class: 'what-if-text' }, text)),
    )
  }
  root.replaceChildren(...head, ...body)
  root.hidden = false
  return w
}

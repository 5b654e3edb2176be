/**
 * The request form: built from the table in fields.ts, one control per field, shown for the
 * kinds of request it belongs to. Every change makes a new request object (the JSON is rewritten
 * from it); a new request (an example, edited JSON) refills the controls. Parts the form does
 * not edit (history, reviews, a pack's own fields) pass through untouched.
 * Text is always set as text, never as HTML; request values shown beside the controls go
 * through inert(). The controls themselves hold the values as they are (they are being edited).
 */
import { CODE_LABEL, FIELDS, GROUPS, NOT_IN_FORM, shownFor, splitList, valueAt, withValue, type Field } from './fields'
import { inert } from '../../../src/index'
import { h } from './dom'
import { UI, type UiLocale } from './i18n'

/** Suggested values of a field, from the pack's lists: the value to put and a label. */
export type Suggestions = ReadonlyMap<string, ReadonlyArray<{ readonly value: string; readonly label: string }>>

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)
const PLAIN_DATE = /^\d{4}-\d{2}-\d{2}$/

/** An id for the control of a field, for labels and tests: `f-certificate-kind`. */
export const controlId = (path: string): string => `f${path.replace(/\//g, '-')}`

const codeLabel = (code: string, locale: UiLocale): string => CODE_LABEL[code]?.[locale] ?? code

/** The control's value as the request holds it, or undefined for "not stated". */
const readControl = (field: Field, el: HTMLInputElement | HTMLSelectElement): unknown => {
  const v = el.value
  switch (field.type.t) {
    case 'bool':
      return v === 'true' ? true : v === 'false' ? false : v === '' ? undefined : (JSON.parse(v) as unknown)
    case 'enum':
      return v === '' ? undefined : v.startsWith('json:') ? (JSON.parse(v.slice(5)) as unknown) : v
    case 'number': {
      if (v.trim() === '') return undefined
      const n = Number(v)
      return Number.isFinite(n) ? n : v
    }
    case 'list': {
      const items = splitList(v)
      return items.length === 0 ? undefined : items
    }
    default:
      return v === '' ? undefined : v
  }
}

/** The control's text for a value the request holds. */
const showValue = (field: Field, v: unknown): string => {
  if (v === undefined) return ''
  if (field.type.t === 'list') return Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join('、') : JSON.stringify(v)
  if (typeof v === 'string') return v
  if (typeof v === 'number' && field.type.t === 'number') return String(v)
  return JSON.stringify(v)
}

export interface FormHandle {
  /** Fill the controls from a request (after an example is picked or the JSON is edited). */
  readonly fill: (request: unknown) => void
  /** Say the JSON is malformed and the form is waiting. */
  readonly pause: (paused: boolean) => void
  /**
   * Mark the fields a decoding issue points at (at the field, or inside it), with the issue's
   * words under the control; an issue at an object (a missing `community.id`) marks the field
   * it names. Called with [] to clear.
   */
  readonly mark: (issues: ReadonlyArray<{ readonly path: string; readonly text: string }>) => void
}

/**
 * Build the form into `root`. `onChange` gets the whole new request after every edit.
 */
export const buildForm = (
  root: HTMLElement,
  locale: UiLocale,
  suggestions: Suggestions,
  request: unknown,
  onChange: (request: Record<string, unknown>) => void,
): FormHandle => {
  const t = UI[locale]
  let current: unknown = request
  const controls = new Map<string, HTMLInputElement | HTMLSelectElement>()
  const hints = new Map<string, HTMLElement>()
  const problems = new Map<string, HTMLElement>()
  const groups: Array<{ el: HTMLDetailsElement; g: (typeof GROUPS)[number] }> = []
  const paused = h('p', { class: 'form-paused', 'data-testid': 'form-paused', hidden: '' }, t.formPaused)
  const jsonOnly = h('p', { class: 'hint json-only', 'data-testid': 'json-only' })

  const layout = (kind: string): void => {
    for (const { el, g } of groups) {
      const s = shownFor(g, kind)
      el.hidden = !s.shown
      const open = s.open || el.dataset.touched === 'true'
      el.dataset.auto = String(open)
      el.open = open
    }
  }

  const set = (field: Field, value: unknown): void => {
    current = withValue(current, field.path, value)
    if (field.path === '/kind') layout(String(value))
    onChange(current as Record<string, unknown>)
  }

  const control = (field: Field): HTMLElement => {
    const id = controlId(field.path)
    let el: HTMLInputElement | HTMLSelectElement
    const extra: Array<HTMLElement | null> = []
    const ft = field.type
    if (ft.t === 'enum' || ft.t === 'bool') {
      const options =
        ft.t === 'bool'
          ? [h('option', { value: '' }, t.notStated), h('option', { value: 'true' }, t.yes), h('option', { value: 'false' }, t.no)]
          : [
              ...(ft.required === true ? [] : [h('option', { value: '' }, t.notStated)]),
              ...ft.options.map((o) => h('option', { value: o }, `${codeLabel(o, locale)}`)),
            ]
      el = h('select', { id, 'data-path': field.path }, ...options) as HTMLSelectElement
    } else {
      const list = suggestions.get(field.path)
      const type = ft.t === 'date' ? 'date' : ft.t === 'number' ? 'number' : 'text'
      el = h('input', { id, type, 'data-path': field.path, autocomplete: 'off', ...(ft.t === 'number' ? { min: '0', step: 'any' } : {}) }) as HTMLInputElement
      if (list !== undefined && list.length > 0 && ft.t === 'text') {
        const dl = h('datalist', { id: `${id}-list` }, ...list.map((s) => h('option', { value: s.value }, s.label)))
        el.setAttribute('list', dl.id)
        extra.push(dl)
      }
      if (list !== undefined && list.length > 0 && ft.t === 'list') {
        const input = el
        extra.push(
          h(
            'details',
            { class: 'choices' },
            h('summary', {}, t.choices),
            ...list.map((s) => {
              const b = h('button', { type: 'button', class: 'chip', title: s.label }, s.value)
              b.addEventListener('click', () => {
                const items = splitList(input.value)
                input.value = (items.includes(s.value) ? items.filter((x) => x !== s.value) : [...items, s.value]).join('、')
                set(field, readControl(field, input))
              })
              return b
            }),
          ),
        )
      }
      if (ft.t === 'list') extra.push(h('span', { class: 'hint small' }, t.listHint))
    }
    const hint = h('span', { class: 'hint small', hidden: '' })
    hints.set(field.path, hint)
    const problem = h('span', { class: 'problem', 'data-testid': 'field-problem', role: 'alert', hidden: '' })
    problems.set(field.path, problem)
    controls.set(field.path, el)
    el.addEventListener(el.tagName === 'SELECT' ? 'change' : 'input', () => set(field, readControl(field, el)))
    return h(
      'div',
      { class: `field f-${field.type.t}` },
      h('label', { for: id }, field.label[locale]),
      el,
      hint,
      problem,
      ...extra,
    )
  }

  const fill = (req: unknown): void => {
    current = req
    for (const field of FIELDS) {
      const el = controls.get(field.path) as HTMLInputElement | HTMLSelectElement
      const hint = hints.get(field.path) as HTMLElement
      const v = valueAt(req, field.path)
      hint.hidden = true
      if (el instanceof HTMLSelectElement) {
        // a value the choices do not hold (a typo in the JSON) is shown as it is, so the two agree
        el.querySelector('option[data-other]')?.remove()
        const code = v === undefined ? '' : typeof v === 'string' && field.type.t === 'enum' ? v : field.type.t === 'bool' && typeof v === 'boolean' ? String(v) : undefined
        if (code !== undefined && Array.from(el.options).some((o) => o.value === code)) el.value = code
        else {
          const raw = JSON.stringify(v)
          el.append(h('option', { value: field.type.t === 'enum' ? `json:${raw}` : raw, 'data-other': '' }, `${t.other} ${inert(raw)}`))
          el.value = field.type.t === 'enum' ? `json:${raw}` : raw
        }
      } else if (field.type.t === 'date') {
        const s = typeof v === 'string' ? v : ''
        el.value = PLAIN_DATE.test(s) ? s : ''
        if (v !== undefined && !PLAIN_DATE.test(s)) {
          hint.textContent = t.instantDate(inert(typeof v === 'string' ? v : JSON.stringify(v)))
          hint.hidden = false
        }
      } else el.value = showValue(field, v)
    }
    const kind = valueAt(req, '/kind')
    layout(typeof kind === 'string' ? kind : '')
    const rest = isObj(req)
      ? NOT_IN_FORM.filter((k) => req[k] !== undefined).map((k) => (Array.isArray(req[k]) ? `${k} (${(req[k] as unknown[]).length})` : k))
      : []
    jsonOnly.textContent = rest.length > 0 ? t.jsonOnly(rest.join(locale === 'en' ? ', ' : '、')) : ''
    jsonOnly.hidden = rest.length === 0
  }

  root.replaceChildren(
    h('p', { class: 'hint form-hint' }, t.formHint),
    paused,
    ...GROUPS.map((g) => {
      const el = h('details', { class: 'group', 'data-group': g.id }, h('summary', {}, g.label[locale]), h('div', { class: 'fields' }, ...g.fields.map(control))) as HTMLDetailsElement
      // a group the clerk opened or closed stays so when the kind changes (layout's own toggles are ignored)
      el.addEventListener('toggle', () => {
        if (String(el.open) !== el.dataset.auto) el.dataset.touched = String(el.open)
      })
      groups.push({ el, g })
      return el
    }),
    jsonOnly,
  )
  fill(request)
  return {
    fill,
    pause: (p) => {
      paused.hidden = !p
    },
    mark: (issues) => {
      for (const [path, el] of problems) {
        const own = issues.filter((i) => i.path === path || i.path.startsWith(`${path}/`))
        el.textContent = own.map((i) => i.text).join('；')
        el.hidden = own.length === 0
        controls.get(path)?.setAttribute('aria-invalid', String(own.length > 0))
        if (own.length > 0) {
          const group = el.closest('details')
          if (group !== null) group.open = true
        }
      }
    },
  }
}

/**
 * Suggested values for the form's fields, from the packs themselves: a field a rule compares
 * with a list (`{ fact: certificate, path: $.kind, operator: inList, value: certificate-kinds }`)
 * is offered that list's items (their names, as the request should give them). Nothing is
 * written per field: a new list in a pack shows up in the form by itself.
 */
import type { UiLocale } from './i18n'
import type { Suggestions } from './form'

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v)

/** Every `{ fact, path, operator: …inList, value: listId }` in a pack's value, as field pointer → list ids. */
const listReads = (node: unknown, out: Map<string, Set<string>>): void => {
  if (Array.isArray(node)) {
    for (const x of node) listReads(x, out)
    return
  }
  if (!isObj(node)) return
  const { fact, path, operator, value } = node
  if (typeof fact === 'string' && typeof operator === 'string' && /inList$/i.test(operator) && typeof value === 'string') {
    const keys = typeof path === 'string' && path.startsWith('$.') ? path.slice(2).split('.') : []
    const pointer = `/${[fact, ...keys].join('/')}`
    out.set(pointer, (out.get(pointer) ?? new Set()).add(value))
  }
  for (const v of Object.values(node)) listReads(v, out)
}

/** The suggestions for a chain of pack values (the floor first). */
export const suggestionsOf = (chain: readonly unknown[], locale: UiLocale): Suggestions => {
  const reads = new Map<string, Set<string>>()
  const lists = new Map<string, Obj>()
  for (const pack of chain) {
    if (!isObj(pack)) continue
    listReads(pack.rules, reads)
    listReads(pack.conditions, reads)
    listReads(pack.caps, reads)
    if (isObj(pack.lists)) for (const [id, l] of Object.entries(pack.lists)) if (isObj(l)) lists.set(id, l)
  }
  const out = new Map<string, Array<{ value: string; label: string }>>()
  for (const [pointer, ids] of reads) {
    const seen = new Set<string>()
    const items: Array<{ value: string; label: string }> = []
    for (const id of ids) {
      const l = lists.get(id)
      const title = isObj(l?.title) && typeof l.title[locale] === 'string' ? (l.title[locale] as string) : id
      for (const it of Array.isArray(l?.items) ? l.items : []) {
        const value = typeof it === 'string' ? it : isObj(it) ? (typeof it.name === 'string' ? it.name : typeof it.id === 'string' ? it.id : undefined) : undefined
        if (value === undefined || seen.has(value)) continue
        seen.add(value)
        const en = isObj(it) && typeof it.en === 'string' ? it.en : undefined
        items.push({ value, label: locale === 'en' && en !== undefined ? `${en} — ${title}` : title })
      }
    }
    if (items.length > 0) out.set(pointer, items)
  }
  return out
}

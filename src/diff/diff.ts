import type { CompiledPolicy } from '../compile/compile'
import { canonicalJson, describePolicy } from '../compile/fingerprint'
import type { ResolvedPolicy } from '../resolve/resolve'

/**
 * What changed between two versions of a policy, as a legal officer reads it: rules added,
 * removed and changed (condition, outcome, priority, period, citation), caps and lists changed,
 * each with the pack and the place in its file (a JSON pointer; `zhunru diff` turns it into a
 * line of the YAML file). Compares the resolved policies: a child pack that overrides a rule of
 * its parent shows as that rule changed.
 *
 * @module
 */

/** Where an entry stands: its pack, the pack's file (when read from one) and its JSON pointer in it. @since 0.2.0 */
export interface DiffPlace {
  readonly pack: string
  readonly file?: string
  readonly pointer: string
}

/** One field that differs. @since 0.2.0 */
export interface FieldChange {
  /** `conditions`, `outcome`, `priority`, `from`, `until`, `citation`, `message`, `title`, `pack`, `max`, `window`, `match`, … */
  readonly field: string
  readonly before?: unknown
  readonly after?: unknown
}

/** A rule, cap or list added, removed or changed. @since 0.2.0 */
export interface EntryChange {
  readonly kind: 'rule' | 'cap' | 'list'
  readonly id: string
  readonly change: 'added' | 'removed' | 'changed'
  readonly before?: DiffPlace
  readonly after?: DiffPlace
  /** the fields that differ (a changed entry) */
  readonly fields: readonly FieldChange[]
  /** a list's items added and removed, by id (a changed list) */
  readonly itemsAdded?: readonly ItemChange[]
  readonly itemsRemoved?: readonly ItemChange[]
  readonly itemsChanged?: readonly ItemChange[]
}

/** A list item added, removed or changed. @since 0.2.0 */
export interface ItemChange {
  readonly id: string
  readonly name?: string
  readonly place: DiffPlace
}

/** The difference of two policies. @since 0.2.0 */
export interface PolicyDiff {
  /** the policies, as `describePolicy` names them */
  readonly before: string
  readonly after: string
  /** the policy's own period, when it changed */
  readonly period: readonly FieldChange[]
  readonly changes: readonly EntryChange[]
}

const fileOf = (p: ResolvedPolicy, pack: string): string | undefined => p.chain.find((c) => c.pack.id === pack)?.file
const place = (p: ResolvedPolicy, o: { pack: string; pointer: string }): DiffPlace => {
  const file = fileOf(p, o.pack)
  return { pack: o.pack, ...(file !== undefined ? { file } : {}), pointer: o.pointer }
}
const same = (a: unknown, b: unknown): boolean => canonicalJson(a) === canonicalJson(b)

/** The fields of two records that differ, in the order of `fields`. */
const fieldsOf = (a: Record<string, unknown>, b: Record<string, unknown>, fields: readonly string[]): FieldChange[] =>
  fields.filter((f) => !same(a[f], b[f])).map((f) => ({ field: f, ...(a[f] !== undefined ? { before: a[f] } : {}), ...(b[f] !== undefined ? { after: b[f] } : {}) }))

const RULE_FIELDS = ['outcome', 'priority', 'conditions', 'from', 'until', 'citation', 'redirect', 'obligations', 'prevailsOver', 'yieldsTo', 'title', 'message'] as const
const CAP_FIELDS = ['max', 'window', 'match', 'citation', 'title'] as const
const LIST_FIELDS = ['from', 'until', 'citation', 'title', 'incomplete'] as const

const isCompiled = (p: unknown): p is CompiledPolicy =>
  typeof p === 'object' && p !== null && (p as CompiledPolicy).kind === 'zhunru/compiled-policy' && typeof (p as CompiledPolicy).resolved === 'object'

const itemName = (item: unknown): string | undefined =>
  typeof item === 'string' ? item : typeof item === 'object' && item !== null && typeof (item as { name?: unknown }).name === 'string' ? (item as { name: string }).name : undefined

/**
 * The difference of two compiled policies: every rule, cap and list added, removed or changed,
 * rules first, each kind in the order of the policy after (then those removed). An entry whose
 * content is the same but that now comes from another pack (a child copied it) is changed in
 * `pack` only. Never throws: anything but two compiled policies gives an empty difference.
 *
 * @example
 * const d = diffPolicies(before, after)
 * d.changes // [{ kind: 'cap', id: 'street-inspections', change: 'changed', fields: [{ field: 'max', before: 3, after: 4 }], … }]
 * @since 0.2.0
 */
export const diffPolicies = (before: CompiledPolicy, after: CompiledPolicy): PolicyDiff => {
  if (!isCompiled(before) || !isCompiled(after)) return { before: '', after: '', period: [], changes: [] }
  const a = before.resolved
  const b = after.resolved
  const changes: EntryChange[] = []
  const entries = <T extends { pack: string; pointer: string }>(
    kind: EntryChange['kind'],
    xs: ReadonlyMap<string, T>,
    ys: ReadonlyMap<string, T>,
    value: (t: T) => Record<string, unknown>,
    fields: readonly string[],
    extra?: (x: T, y: T) => Partial<EntryChange>,
  ): void => {
    for (const [id, y] of ys) {
      const x = xs.get(id)
      if (x === undefined) {
        changes.push({ kind, id, change: 'added', after: place(b, y), fields: [] })
        continue
      }
      const fs = fieldsOf(value(x), value(y), fields)
      if (x.pack !== y.pack && fs.length === 0) fs.push({ field: 'pack', before: x.pack, after: y.pack })
      const more = extra?.(x, y) ?? {}
      const items = (more.itemsAdded?.length ?? 0) + (more.itemsRemoved?.length ?? 0) + (more.itemsChanged?.length ?? 0)
      if (fs.length > 0 || items > 0) changes.push({ kind, id, change: 'changed', before: place(a, x), after: place(b, y), fields: fs, ...more })
    }
    for (const [id, x] of xs) if (!ys.has(id)) changes.push({ kind, id, change: 'removed', before: place(a, x), fields: [] })
  }
  const rules = (p: ResolvedPolicy) => new Map(p.rules.map((r) => [r.rule.id, r]))
  entries('rule', rules(a), rules(b), (r) => r.rule as unknown as Record<string, unknown>, RULE_FIELDS)
  entries('cap', a.caps, b.caps, (c) => c.value as unknown as Record<string, unknown>, CAP_FIELDS)
  entries('list', a.lists, b.lists, (l) => l.def as unknown as Record<string, unknown>, LIST_FIELDS, (x, y) => {
    const xi = new Map(x.items.map((i) => [i.id, i]))
    const yi = new Map(y.items.map((i) => [i.id, i]))
    const show = (p: ResolvedPolicy, i: (typeof x.items)[number]): ItemChange => {
      const name = itemName(i.item)
      return { id: i.id, ...(name !== undefined ? { name } : {}), place: place(p, i) }
    }
    return {
      itemsAdded: y.items.filter((i) => !xi.has(i.id)).map((i) => show(b, i)),
      itemsRemoved: x.items.filter((i) => !yi.has(i.id)).map((i) => show(a, i)),
      itemsChanged: y.items.filter((i) => xi.has(i.id) && !same(xi.get(i.id)?.item, i.item)).map((i) => show(b, i)),
    }
  })
  const period = fieldsOf({ from: a.from, until: a.until }, { from: b.from, until: b.until }, ['from', 'until'])
  return { before: describePolicy(before.fingerprint), after: describePolicy(after.fingerprint), period, changes }
}

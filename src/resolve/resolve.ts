import * as E from 'fp-ts/lib/Either.js'
import type { ConditionJson } from '../decode/condition-codec'
import type { Cap, Catalogue, DocumentRef, FieldDef, ListDef, ListItem, Pack, ParamDef, Rule } from '../decode/pack-codec'
import { issue, pointer, showValue, type Issue } from '../issues/issue'

/**
 * Resolve layers: a pack may `extend` another (national, then province, city, district). The
 * child overrides a rule, cap, parameter or named condition by id, removes one (`remove`), or
 * adds items to a list. The result is one flat policy in which every entry remembers which pack
 * gave it and what it replaced. This stage owns layering only; it checks no names (that is
 * `compile/check`'s job).
 *
 * @module
 */

/** Where an entry of the resolved policy came from. @since 0.1.0 */
export interface Origin {
  /** the pack that gave this entry */
  readonly pack: string
  /** JSON pointer of the entry inside that pack's file */
  readonly pointer: string
}

/** An entry replaced by a child pack: who replaced it and what it was. @since 0.1.0 */
export interface Overridden {
  readonly pack: string
  readonly pointer: string
  readonly outcome?: string
  readonly value?: unknown
}

/** A rule of the resolved policy. @since 0.1.0 */
export interface ResolvedRule extends Origin {
  readonly rule: Rule
  /** the rules it replaced, nearest first */
  readonly overrides: readonly Overridden[]
  /** the period of the pack that gave it */
  readonly packFrom?: string
  readonly packUntil?: string
}

/** A list item of the resolved policy. */
export interface ResolvedItem extends Origin {
  readonly item: ListItem
  readonly id: string
}

/** A list of the resolved policy. */
export interface ResolvedList extends Origin {
  readonly id: string
  readonly def: Omit<ListDef, 'items'>
  readonly items: readonly ResolvedItem[]
}

/** A cap, parameter or named condition of the resolved policy. */
export interface Resolved<T> extends Origin {
  readonly id: string
  readonly value: T
  readonly overrides: readonly Overridden[]
}

/** A pack as given to the resolver: decoded, with the file it came from. @since 0.1.0 */
export interface DecodedPack {
  readonly pack: Pack
  readonly file?: string
  /** where each rule stands in the file, when some rules could not be decoded */
  readonly rulePointers?: readonly string[]
}

/** One flat policy, layers resolved. @since 0.1.0 */
export interface ResolvedPolicy {
  readonly id: string
  /** the packs, root (national floor) first */
  readonly chain: readonly DecodedPack[]
  readonly timeZone: string
  readonly from?: string
  readonly until?: string
  readonly documents: ReadonlyMap<string, DocumentRef & { readonly pack: string }>
  readonly rules: readonly ResolvedRule[]
  readonly lists: ReadonlyMap<string, ResolvedList>
  readonly params: ReadonlyMap<string, Resolved<ParamDef>>
  readonly caps: ReadonlyMap<string, Resolved<Cap>>
  readonly conditions: ReadonlyMap<string, Resolved<ConditionJson>>
  /** the request fields the packs declare (read under the request's `extra`) */
  readonly fields: ReadonlyMap<string, Resolved<FieldDef>>
  /** the service catalogue: child entries replace parent entries of the same id */
  readonly catalogue?: Catalogue & { readonly pack: string }
}

/** The default time zone of a policy. @since 0.1.0 */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai'

/** The id of a list item. @since 0.1.0 */
export const itemId = (item: ListItem): string => (typeof item === 'string' ? item : item.id)

const later = (a: string | undefined, b: string | undefined): string | undefined =>
  a === undefined ? b : b === undefined ? a : a > b ? a : b
const earlier = (a: string | undefined, b: string | undefined): string | undefined =>
  a === undefined ? b : b === undefined ? a : a < b ? a : b

/**
 * The chain of packs from the root to `id`, following `extends`.
 *
 * @since 0.1.0
 */
export const chainOf = (
  id: string,
  packs: ReadonlyMap<string, DecodedPack>,
): E.Either<Issue[], DecodedPack[]> => {
  const chain: DecodedPack[] = []
  const seen: string[] = []
  let cur: string | undefined = id
  while (cur !== undefined) {
    if (seen.includes(cur))
      return E.left([issue('resolve/cycle', '/extends', { received: [...seen, cur].join(' -> ') })])
    seen.push(cur)
    const p = packs.get(cur)
    if (p === undefined) {
      const child = chain[0]
      return E.left([
        issue('resolve/unknown-parent', child ? '/extends' : '', {
          received: showValue(cur),
          ...(child?.file ? { file: child.file } : {}),
        }),
      ])
    }
    chain.unshift(p)
    cur = p.pack.extends
  }
  return E.right(chain)
}

/**
 * Resolve the pack `id` against the packs it extends. Issues (unknown parent, a cycle, removing
 * what no parent has, a child changing the time zone) come back all at once.
 *
 * @example
 * resolvePolicy('cn-shandong', new Map([['cn-shandong', { pack }]]))
 * @since 0.1.0
 */
export const resolvePolicy = (
  id: string,
  packs: ReadonlyMap<string, DecodedPack>,
): E.Either<Issue[], ResolvedPolicy> => {
  try {
    return resolveUnchecked(id, packs)
  } catch (e) {
    return E.left([issue('schema/invalid', '', { expected: 'a pack id and a Map of decoded packs', received: e instanceof Error ? e.message : String(e) })])
  }
}

const resolveUnchecked = (id: string, packs: ReadonlyMap<string, DecodedPack>): E.Either<Issue[], ResolvedPolicy> => {
  if (typeof id !== 'string' || !(packs instanceof Map)) return E.left([issue('schema/invalid', '', { expected: 'a pack id and a Map of decoded packs', received: typeof packs })])
  const chainE = chainOf(id, packs)
  if (E.isLeft(chainE)) return chainE
  const chain = chainE.right
  const issues: Issue[] = []
  const at = (file: string | undefined, path: string, extra: Omit<Issue, 'code' | 'path'> = {}): Omit<Issue, 'code' | 'path'> => ({
    ...(file ? { file } : {}),
    ...extra,
  })

  const root = chain[0] as DecodedPack
  const timeZone = root.pack.timeZone ?? DEFAULT_TIME_ZONE
  let from: string | undefined
  let until: string | undefined
  const documents = new Map<string, DocumentRef & { pack: string }>()
  const rules: ResolvedRule[] = []
  const lists = new Map<string, ResolvedList>()
  const params = new Map<string, Resolved<ParamDef>>()
  const caps = new Map<string, Resolved<Cap>>()
  const conditions = new Map<string, Resolved<ConditionJson>>()
  const fields = new Map<string, Resolved<FieldDef>>()
  let catalogue: (Catalogue & { pack: string }) | undefined

  const layer = <T>(
    map: Map<string, Resolved<T>>,
    entries: Record<string, T> | undefined,
    section: string,
    pack: string,
    describe: (v: T) => Pick<Overridden, 'value'> = () => ({}),
  ): void => {
    for (const [key, value] of Object.entries(entries ?? {})) {
      const prev = map.get(key)
      const here = pointer(`/${section}`, key)
      map.set(key, {
        id: key,
        value,
        pack,
        pointer: here,
        overrides: prev ? [{ pack: prev.pack, pointer: prev.pointer, ...describe(prev.value) }, ...prev.overrides] : [],
      })
    }
  }

  for (const { pack, file, rulePointers } of chain) {
    if (pack !== root.pack && pack.timeZone !== undefined && pack.timeZone !== timeZone)
      issues.push(issue('resolve/bad-tz', '/timeZone', at(file, '/timeZone', { received: pack.timeZone, expected: timeZone })))
    // the policy is in force where the leaf pack is (a child may start later than its parent)
    from = later(from, pack.from)
    until = pack.until !== undefined ? earlier(until, pack.until) : until
    for (const d of pack.documents) documents.set(d.id, { ...d, pack: pack.id })

    // removals first, then this layer's own entries
    const rm = pack.remove ?? {}
    ;(rm.rules ?? []).forEach((rid, i) => {
      const idx = rules.findIndex((r) => r.rule.id === rid)
      if (idx < 0) issues.push(issue('resolve/unknown-target', pointer('/remove/rules', i), at(file, '', { received: showValue(rid) })))
      else rules.splice(idx, 1)
    })
    ;(rm.caps ?? []).forEach((cid, i) => {
      if (!caps.delete(cid)) issues.push(issue('resolve/unknown-target', pointer('/remove/caps', i), at(file, '', { received: showValue(cid) })))
    })
    ;(rm.lists ?? []).forEach((lid, i) => {
      if (!lists.delete(lid)) issues.push(issue('resolve/unknown-target', pointer('/remove/lists', i), at(file, '', { received: showValue(lid) })))
    })
    for (const [lid, ids] of Object.entries(rm.listItems ?? {})) {
      const list = lists.get(lid)
      ids.forEach((iid, i) => {
        const kept = list?.items.filter((it) => it.id !== iid)
        if (list === undefined || kept === undefined || kept.length === list.items.length)
          issues.push(issue('resolve/unknown-target', pointer(pointer('/remove/listItems', lid), i), at(file, '', { received: showValue(`${lid}/${iid}`) })))
        else lists.set(lid, { ...list, items: kept })
      })
    }

    pack.rules.forEach((rule, i) => {
      const here = rulePointers?.[i] ?? pointer('/rules', i)
      const idx = rules.findIndex((r) => r.rule.id === rule.id && r.pack !== pack.id)
      const entry = (overrides: readonly Overridden[]): ResolvedRule => ({
        rule,
        pack: pack.id,
        pointer: here,
        overrides,
        ...(pack.from !== undefined ? { packFrom: pack.from } : {}),
        ...(pack.until !== undefined ? { packUntil: pack.until } : {}),
      })
      if (idx >= 0) {
        const prev = rules[idx] as ResolvedRule
        rules[idx] = entry([{ pack: prev.pack, pointer: prev.pointer, outcome: prev.rule.outcome }, ...prev.overrides])
      } else rules.push(entry([]))
    })

    for (const [lid, def] of Object.entries(pack.lists ?? {})) {
      const { items, ...meta } = def
      const here = pointer('/lists', lid)
      const prev = lists.get(lid)
      const own = items.map((item, i) => ({ item, id: itemId(item), pack: pack.id, pointer: pointer(pointer(here, 'items'), i) }))
      const kept = (prev?.items ?? []).filter((p) => !own.some((o) => o.id === p.id))
      lists.set(lid, {
        id: lid,
        def: { ...(prev?.def ?? {}), ...meta },
        items: [...kept, ...own],
        pack: prev?.pack ?? pack.id,
        pointer: prev?.pointer ?? here,
      })
    }
    layer(params, pack.params, 'params', pack.id, (v) => ({ value: v.value }))
    layer(caps, pack.caps, 'caps', pack.id, (v) => ({ value: v.max }))
    layer(conditions, pack.conditions, 'conditions', pack.id)
    layer(fields, pack.fields, 'fields', pack.id)
    if (pack.catalogue !== undefined) {
      const own = pack.catalogue.entries
      const kept = (catalogue?.entries ?? []).filter((e) => !own.some((o) => o.id === e.id))
      catalogue = { ...(catalogue ?? {}), ...pack.catalogue, entries: [...kept, ...own], pack: pack.id }
    }
  }

  if (issues.length > 0) return E.left(issues)
  return E.right({
    id,
    chain,
    timeZone,
    ...(from !== undefined ? { from } : {}),
    ...(until !== undefined ? { until } : {}),
    documents,
    rules,
    lists,
    params,
    caps,
    conditions,
    fields,
    ...(catalogue !== undefined ? { catalogue } : {}),
  })
}

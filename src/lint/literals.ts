import type { ConditionJson, LeafConditionJson } from '../decode/condition-codec'

/**
 * Condition trees as sets of literals, for the static checks: a conjunction flattened through
 * `all` and named conditions, alternatives (a bounded disjunctive normal form) through `any`, and
 * leaves normalised to `{key, op, value}` where the operator's meaning is exact (`equal`/`notEqual`,
 * `in`/`notIn`, `inList`/`notInList`, numeric comparisons, and their `not:` forms). Anything else
 * stays opaque: the checks never guess about it.
 *
 * @module
 */

const own = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k)

/** The operators whose meaning the checks use exactly. @since 0.1.0 */
export type ExactOp = 'equal' | 'notEqual' | 'in' | 'notIn' | 'inList' | 'notInList' | 'lessThan' | 'lessThanInclusive' | 'greaterThan' | 'greaterThanInclusive' | 'contains' | 'someInList'

/** A normalised leaf: the fact (with path and params) it reads, an exact operator and its value. */
export interface Literal {
  readonly kind: 'literal'
  /** fact, path and params: two leaves with one key read the same value */
  readonly key: string
  readonly fact: string
  readonly path?: string
  readonly op: ExactOp
  readonly value: unknown
  /** the condition as written, for messages */
  readonly source: ConditionJson
}

/** A condition the checks do not look into. */
export interface Opaque {
  readonly kind: 'opaque'
  readonly json: string
  readonly source: ConditionJson
}

/** One conjunct of a condition. @since 0.1.0 */
export type Conjunct = Literal | Opaque

const NEGATE: Partial<Record<ExactOp, ExactOp>> = {
  equal: 'notEqual',
  notEqual: 'equal',
  in: 'notIn',
  notIn: 'in',
  inList: 'notInList',
  notInList: 'inList',
}

const isFactRef = (v: unknown): boolean => v !== null && typeof v === 'object' && own(v, 'fact')

/** The literal of a leaf, or undefined when its operator is not one the checks know exactly. */
export const literalOf = (leaf: LeafConditionJson, negated = false): Literal | undefined => {
  if (typeof leaf.operator !== 'string' || isFactRef(leaf.value)) return undefined
  let name = leaf.operator
  let neg = negated
  while (name.startsWith('not:')) {
    neg = !neg
    name = name.slice(4)
  }
  let op: ExactOp | undefined
  if (name === 'someFact:inList') op = 'someInList'
  else if (['equal', 'notEqual', 'in', 'notIn', 'inList', 'notInList', 'lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive', 'contains'].includes(name))
    op = name as ExactOp
  if (op === undefined) return undefined
  if (neg) {
    const n = NEGATE[op]
    if (n === undefined) return undefined
    op = n
  }
  if ((op === 'in' || op === 'notIn') && !Array.isArray(leaf.value)) return undefined
  return {
    kind: 'literal',
    key: `${leaf.fact}\u0000${leaf.path ?? ''}\u0000${leaf.params === undefined ? '' : JSON.stringify(leaf.params)}`,
    fact: leaf.fact,
    ...(leaf.path !== undefined ? { path: leaf.path } : {}),
    op,
    value: leaf.value,
    source: leaf,
  }
}

const stable = (c: unknown): string =>
  JSON.stringify(c, (_k, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).filter(([k]) => k !== 'name').sort((a, b) => a[0].localeCompare(b[0])))
      : v,
  )

const opaque = (c: ConditionJson): Opaque => ({ kind: 'opaque', json: stable(c), source: c })

/**
 * The conjuncts of a condition: what must all hold for it to hold (through `all` and named
 * conditions; a `not` of a leaf becomes the negated leaf).
 *
 * @since 0.1.0
 */
export const conjuncts = (c: ConditionJson, named: ReadonlyMap<string, ConditionJson>, refs: readonly string[] = []): Conjunct[] => {
  if (own(c, 'all')) return ((c as { all: ConditionJson[] }).all ?? []).flatMap((s) => conjuncts(s, named, refs))
  if (own(c, 'condition')) {
    const ref = (c as { condition: string }).condition
    const target = named.get(ref)
    if (target === undefined || refs.includes(ref)) return [opaque(c)]
    return conjuncts(target, named, [...refs, ref])
  }
  if (own(c, 'any')) {
    const subs = (c as { any: ConditionJson[] }).any ?? []
    if (subs.length === 1) return conjuncts(subs[0] as ConditionJson, named, refs)
    return [opaque(c)]
  }
  if (own(c, 'not')) {
    const inner = (c as { not: ConditionJson }).not
    if (own(inner, 'fact')) {
      const l = literalOf(inner as LeafConditionJson, true)
      return [l ?? opaque(c)]
    }
    return [opaque(c)]
  }
  const l = literalOf(c as LeafConditionJson)
  return [l ?? opaque(c)]
}

/**
 * The alternatives of a condition: a list of conjunctions, one of which holds whenever the
 * condition holds (`any` expanded, up to `limit` alternatives; beyond it, `undefined`).
 *
 * @since 0.1.0
 */
export const alternatives = (
  c: ConditionJson,
  named: ReadonlyMap<string, ConditionJson>,
  limit = 64,
  refs: readonly string[] = [],
): Conjunct[][] | undefined => {
  if (own(c, 'all')) {
    let acc: Conjunct[][] = [[]]
    for (const s of (c as { all: ConditionJson[] }).all ?? []) {
      const alts = alternatives(s, named, limit, refs)
      if (alts === undefined) return undefined
      const next: Conjunct[][] = []
      for (const a of acc) for (const b of alts) next.push([...a, ...b])
      if (next.length > limit) return undefined
      acc = next
    }
    return acc
  }
  if (own(c, 'any')) {
    const out: Conjunct[][] = []
    for (const s of (c as { any: ConditionJson[] }).any ?? []) {
      const alts = alternatives(s, named, limit, refs)
      if (alts === undefined) return undefined
      out.push(...alts)
      if (out.length > limit) return undefined
    }
    return out
  }
  if (own(c, 'condition')) {
    const ref = (c as { condition: string }).condition
    const target = named.get(ref)
    if (target === undefined || refs.includes(ref)) return [[opaque(c)]]
    return alternatives(target, named, limit, [...refs, ref])
  }
  return [conjuncts(c, named, refs)]
}

/** The text of a conjunct, for messages. @since 0.1.0 */
export const showConjunct = (c: Conjunct): string => {
  if (c.kind === 'opaque') return c.json
  return `${c.fact}${c.path !== undefined ? ` ${c.path}` : ''} ${c.op} ${JSON.stringify(c.value)}`
}

/** Two conjuncts say the same thing. @since 0.1.0 */
export const sameConjunct = (a: Conjunct, b: Conjunct): boolean => {
  if (a.kind === 'literal' && b.kind === 'literal') return a.key === b.key && a.op === b.op && stable(a.value) === stable(b.value)
  if (a.kind === 'opaque' && b.kind === 'opaque') return a.json === b.json
  return false
}

import type { RuleRef } from '../compile/compile'
import type { NodeInfo } from '../compile/condition'
import type { LeafConditionJson } from '../decode/condition-codec'
import { pathResolver } from '../compile/path'
import { resolveOperator, type ResolvedOperator } from '../compile/operators'
import { requestFact, type RequestCtx } from '../runtime/context'
import { flipLeaf, type Alternative } from './flip'

/**
 * A rule's condition tree, walked to find the changes that make it true or false: `all` needs
 * every child that is off turned on (the product of their alternatives), `any` needs one (the
 * union), `not` turns the wish around, a named condition is followed. Bounded: at most
 * {@link MAX_ALTERNATIVES} alternatives per node, in a fixed order.
 *
 * @module
 */

const ops = new Map<string, ResolvedOperator | undefined>()
/** An operator resolved once per name. */
export const operatorOf = (name: string): ResolvedOperator | undefined => {
  if (!ops.has(name) && ops.size < 1000) ops.set(name, resolveOperator(name))
  return ops.has(name) ? ops.get(name) : resolveOperator(name)
}

/** The most alternatives kept for one node of a tree. @since 0.1.0 */
export const MAX_ALTERNATIVES = 6

/**
 * Whether a compiled condition node holds on a context (recomputed, not read from the node buffer,
 * which short-circuiting leaves partly unset).
 *
 * @example
 * holds(rule.info, ctx) // true when the rule fires on ctx
 * @since 0.1.0
 */
export const holds = (info: NodeInfo, ctx: RequestCtx): boolean => {
  switch (info.kind) {
    case 'all':
      return info.children.every((c) => holds(c, ctx))
    case 'any':
      return info.children.length === 0 || info.children.some((c) => holds(c, ctx))
    case 'not':
      return info.children[0] !== undefined && !holds(info.children[0], ctx)
    case 'ref':
      return info.children[0] !== undefined && holds(info.children[0], ctx)
    case 'leaf': {
      const leaf = info.leaf
      if (leaf === undefined) return false
      const op = operatorOf(leaf.operator)
      if (op === undefined) return false
      try {
        const { factValue, value } = leafSides(leaf, ctx)
        return op.evaluate(factValue, value, ctx.env)
      } catch {
        return false
      }
    }
  }
}

const factAt = (fact: string, path: string | undefined, ctx: RequestCtx): unknown => {
  const get = requestFact(fact)
  if (get === undefined) return undefined
  const v = get(ctx)
  return path === undefined || path === '' || v === null || typeof v !== 'object' ? v : pathResolver(v, path)
}

/**
 * The two sides a leaf compares on a context: the fact's value at its path, and the value (a
 * `{fact}` value read like a fact).
 *
 * @example
 * leafSides({ fact: 'approvalStatus', path: '$.funded', operator: 'equal', value: true }, ctx)
 * // { factValue: false, value: true }
 * @since 0.1.0
 */
export const leafSides = (leaf: LeafConditionJson, ctx: RequestCtx): { factValue: unknown; value: unknown } => {
  const v = leaf.value
  const ref = v !== null && typeof v === 'object' && !Array.isArray(v) && Object.prototype.hasOwnProperty.call(v, 'fact')
  const r = v as { fact: string; path?: string }
  return { factValue: factAt(leaf.fact, leaf.path, ctx), value: ref ? factAt(r.fact, r.path, ctx) : v }
}

const product = (lists: readonly Alternative[][]): Alternative[] => {
  let acc: Alternative[] = [[]]
  for (const l of lists) {
    const next: Alternative[] = []
    for (const a of acc) for (const b of l) if (next.length < MAX_ALTERNATIVES) next.push([...a, ...b])
    acc = next
  }
  return acc
}

const union = (lists: readonly Alternative[][]): Alternative[] => {
  const out: Alternative[] = []
  const seen = new Set<string>()
  for (const l of lists)
    for (const a of l) {
      const k = JSON.stringify(a.map((c) => [c.path, c.to]))
      if (!seen.has(k) && out.length < MAX_ALTERNATIVES) {
        seen.add(k)
        out.push(a)
      }
    }
  return out
}

/**
 * The alternatives that make a node come out as `desired`: `[[]]` when it already does, `[]`
 * when the requester cannot make it so.
 *
 * @example
 * want(rule.info, true, ctx, rule.ref) // [[change, change], [change]]
 * @since 0.1.0
 */
export const want = (info: NodeInfo, desired: boolean, ctx: RequestCtx, rule: RuleRef): Alternative[] => {
  if (holds(info, ctx) === desired) return [[]]
  switch (info.kind) {
    case 'leaf':
      return info.leaf === undefined ? [] : flipLeaf(info.leaf, desired, ctx, rule)
    case 'not':
    case 'ref':
      return info.children[0] === undefined ? [] : want(info.children[0], info.kind === 'not' ? !desired : desired, ctx, rule)
    case 'all':
    case 'any': {
      const every = (info.kind === 'all') === desired
      const off = info.children.filter((c) => holds(c, ctx) !== desired)
      const alts = off.map((c) => want(c, desired, ctx, rule))
      if (every) return alts.some((a) => a.length === 0) ? [] : product(alts)
      return union(alts)
    }
  }
}

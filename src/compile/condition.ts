import type { ConditionJson, LeafConditionJson } from '../decode/condition-codec'
import { parsePath, resolveSegments } from './path'
import { resolveOperator, type OperatorEnv, type ResolvedOperator } from './operators'

/**
 * Condition trees into synchronous closures, with json-rules-engine's semantics to the letter:
 * `all`/`any` over priority sets (highest first; every condition of a set evaluated when one of
 * them could throw, otherwise stopping at the first that decides — the same result), `any: []` and `all: []` both true, `not`, named condition references, a
 * `path` applied only to a non-null object fact, a `{fact}` value resolved like a fact, and the
 * operators and decorators of `operators.ts`.
 *
 * Each node writes its result into `ctx.nodes[index]` (0 not evaluated, 1 false, 2 true), which
 * is all that `explain` needs: no tree is built or cloned per request.
 *
 * @module
 */

/** What a compiled condition reads. @since 0.1.0 */
export interface EvalCtx {
  readonly nodes: Uint8Array
  readonly env: OperatorEnv
}

/** Reads one fact from a context. @since 0.1.0 */
export type FactAccessor<C extends EvalCtx> = (ctx: C) => unknown

/** A compiled condition. @since 0.1.0 */
export type Closure<C extends EvalCtx> = (ctx: C) => boolean

/** The static shape of a compiled condition node, for explanations. @since 0.1.0 */
export interface NodeInfo {
  readonly index: number
  readonly kind: 'all' | 'any' | 'not' | 'ref' | 'leaf'
  readonly name?: string
  readonly ref?: string
  readonly children: readonly NodeInfo[]
  readonly leaf?: LeafConditionJson
}

/** Result codes written into `ctx.nodes`. @since 0.1.0 */
export const NODE = { unevaluated: 0, false: 1, true: 2 } as const

/** Everything the compiler needs from its caller. */
export interface CompileEnv<C extends EvalCtx> {
  readonly fact: (name: string) => FactAccessor<C> | undefined
  /** a faster accessor for a fact and the first segment of its path (e.g. one cap of `caps`) */
  readonly factAt?: (name: string, first: string) => FactAccessor<C> | undefined
  readonly named: ReadonlyMap<string, ConditionJson>
  /** a fact whose value is fixed when the policy is compiled (the pack's `params`) */
  readonly constant?: (name: string) => { readonly value: unknown } | undefined
  /** whether a fact at a path is always a number (`caps.<id>.withThis`, say) */
  readonly isNumber?: (name: string, path: unknown) => boolean
  /** the next free node index; advanced as nodes are compiled */
  next: number
}

/**
 * A leaf's value, with a `{fact, path}` on a fact fixed at compile time (the pack's `params`)
 * read once, as json-rules-engine would read it on every run: the same value, so the same result.
 *
 * @since 0.1.0
 */
export const foldValue = <C extends EvalCtx>(value: unknown, env: Pick<CompileEnv<C>, 'constant'>): unknown => {
  if (!isFactRef(value) || env.constant === undefined) return value
  const k = env.constant(value.fact)
  if (k === undefined) return value
  return withPath(() => k.value, value.path)(undefined as never)
}

const RELATIONAL = new Set(['lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive'])

/**
 * Whether a leaf with this (literal or folded) value cannot throw: a literal of the shape its
 * operator needs, or a number compared with a fact that is always a number.
 *
 * @since 0.1.0
 */
export const leafIsSafe = <C extends EvalCtx>(
  op: ResolvedOperator,
  value: unknown,
  leaf: LeafConditionJson,
  env: Pick<CompileEnv<C>, 'isNumber'>,
): boolean =>
  !isFactRef(value) &&
  (literalIsSafe(op, value) ||
    (op.decorators.length === 0 && RELATIONAL.has(op.base.name) && typeof value === 'number' && env.isNumber?.(leaf.fact, leaf.path) === true))

const own = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k)

const isFactRef = (v: unknown): v is { fact: string; path?: string; params?: unknown } =>
  v !== null && typeof v === 'object' && own(v, 'fact')

// json-rules-engine applies a path only when it is truthy, and then through the path resolver,
// which gives undefined for anything that is not a plain path
const withPath = <C extends EvalCtx>(get: FactAccessor<C>, path: unknown): FactAccessor<C> => {
  if (!path) return get
  const segs = typeof path === 'string' ? parsePath(path) : undefined
  if (segs === undefined)
    return (ctx) => {
      const v = get(ctx)
      return v !== null && typeof v === 'object' ? undefined : v
    }
  if (segs.length === 1) {
    const seg = segs[0] as string | number
    return (ctx) => {
      const v = get(ctx)
      return v !== null && typeof v === 'object' ? (own(v, seg as string) ? (v as Record<string | number, unknown>)[seg] : undefined) : v
    }
  }
  return (ctx) => {
    const v = get(ctx)
    return v !== null && typeof v === 'object' ? resolveSegments(v, segs) : v
  }
}

// a fact whose first path segment has its own accessor (a single cap), then the rest of the path
const withPathAt = <C extends EvalCtx>(env: CompileEnv<C>, fact: string, get: FactAccessor<C>, path: unknown): FactAccessor<C> => {
  if (typeof path === 'string' && env.factAt !== undefined) {
    const segs = parsePath(path)
    const first = segs?.[0]
    if (segs !== undefined && typeof first === 'string') {
      const at = env.factAt(fact, first)
      if (at !== undefined) {
        const rest = segs.slice(1)
        // the whole fact is an object (the record of caps): its member read directly, then the rest
        return (ctx) => {
          const v = at(ctx)
          return rest.length === 0 ? v : v !== null && typeof v === 'object' ? resolveSegments(v, rest) : undefined
        }
      }
    }
  }
  return withPath(get, path)
}

// the priority json-rules-engine groups a condition by: a boolean node's is parseInt'ed, a leaf's
// and a reference's are kept as written; a missing or zero priority counts as 1
const setPriority = (c: ConditionJson): number => {
  const p = (c as { priority?: unknown }).priority
  if (own(c, 'all') || own(c, 'any') || own(c, 'not')) return Number.parseInt(String(p), 10) || 1
  return Number(p) || 1
}

// operators that cannot throw whatever the fact value, given a checked literal value
const SAFE_BASE = new Set([
  'equal', 'notEqual', 'in', 'notIn', 'contains', 'doesNotContain', 'inList', 'notInList',
  'ratioGreaterThan', 'ratioGreaterThanInclusive', 'ratioLessThan', 'ratioLessThanInclusive',
  'dateBefore', 'dateOnOrBefore', 'dateAfter', 'dateOnOrAfter', 'present',
])

/**
 * Whether a leaf with a literal value cannot throw whatever the fact value: only operators that
 * never coerce or call into the fact value are safe, with a literal of the shape they need.
 *
 * @since 0.1.0
 */
export const literalIsSafe = (op: ResolvedOperator, value: unknown): boolean => {
  // `in`/`notIn` call value.indexOf(fact): an array compares strictly, but a string converts the
  // fact value to a string, which throws for an object without a usable toString/valueOf
  const needsArray = op.base.name === 'in' || op.base.name === 'notIn'
  // the value flows from the outermost decorator (last in the list) inwards: someValue and
  // everyValue call `.some`/`.every` on it, the base operator then gets each element
  const shapeOk = (v: unknown, i: number): boolean => {
    if (i < 0) return !needsArray || Array.isArray(v)
    const d = op.decorators[i]
    if (d === 'someValue' || d === 'everyValue') return Array.isArray(v) && v.every((e) => shapeOk(e, i - 1))
    return shapeOk(v, i - 1)
  }
  return SAFE_BASE.has(op.base.name) && !op.decorators.includes('swap') && shapeOk(value, op.decorators.length - 1)
}

/** How a condition is compiled: `fast` stops a set at its first deciding member where nothing
 * can throw; `exhaustive` evaluates every member of a set, as json-rules-engine does (for
 * explanations: every condition's result is known). */
export type CompileMode = 'fast' | 'exhaustive'

const combine = <C extends EvalCtx>(
  kind: 'all' | 'any',
  subs: readonly { priority: number; run: Closure<C>; canThrow: boolean }[],
  mode: CompileMode,
  index: number,
): Closure<C> => {
  if (subs.length === 0)
    return (ctx) => {
      ctx.nodes[index] = 2
      return true
    }
  if (subs.length === 1) {
    const only = (subs[0] as { run: Closure<C> }).run
    return (ctx) => {
      const r = only(ctx)
      ctx.nodes[index] = r ? 2 : 1
      return r
    }
  }
  const byPriority = new Map<number, Closure<C>[]>()
  let canThrow = false
  for (const s of subs) {
    const set = byPriority.get(s.priority) ?? []
    set.push(s.run)
    byPriority.set(s.priority, set)
    canThrow ||= s.canThrow
  }
  const sets = [...byPriority.entries()].sort((a, b) => b[0] - a[0]).map((e) => e[1])
  // json-rules-engine evaluates every member of a priority set; that only shows when a member can
  // throw (a `{fact}` value of the wrong type). Without such a member, stopping at the first
  // deciding member gives the same result, faster.
  if (!canThrow && mode === 'fast') {
    const flat = sets.flat()
    const n = flat.length
    if (kind === 'all')
      return (ctx) => {
        for (let i = 0; i < n; i++)
          if (!(flat[i] as Closure<C>)(ctx)) {
            ctx.nodes[index] = 1
            return false
          }
        ctx.nodes[index] = 2
        return true
      }
    return (ctx) => {
      for (let i = 0; i < n; i++)
        if ((flat[i] as Closure<C>)(ctx)) {
          ctx.nodes[index] = 2
          return true
        }
      ctx.nodes[index] = 1
      return false
    }
  }
  const whole: Closure<C> =
    kind === 'all'
      ? (ctx) => {
          for (let s = 0; s < sets.length; s++) {
            const set = sets[s] as Closure<C>[]
            let ok = true
            for (let i = 0; i < set.length; i++) if (!(set[i] as Closure<C>)(ctx)) ok = false
            if (!ok) return false
          }
          return true
        }
      : (ctx) => {
          for (let s = 0; s < sets.length; s++) {
            const set = sets[s] as Closure<C>[]
            let ok = false
            for (let i = 0; i < set.length; i++) if ((set[i] as Closure<C>)(ctx)) ok = true
            if (ok) return true
          }
          return false
        }
  return (ctx) => {
    const r = whole(ctx)
    ctx.nodes[index] = r ? 2 : 1
    return r
  }
}

/**
 * Compile a decoded, checked condition tree. Unknown names must have been rejected by `check`
 * first; here they compile to a condition that is false.
 *
 * @since 0.1.0
 */
export const compileCondition = <C extends EvalCtx>(
  c: ConditionJson,
  env: CompileEnv<C>,
  mode: CompileMode = 'fast',
  refs: readonly string[] = [],
): { run: Closure<C>; info: NodeInfo; canThrow: boolean } => {
  const index = env.next++
  const name = typeof c.name === 'string' ? c.name : undefined
  const mark = (run: Closure<C>): Closure<C> => (ctx) => {
    const r = run(ctx)
    ctx.nodes[index] = r ? 2 : 1
    return r
  }
  if (own(c, 'all') || own(c, 'any')) {
    const kind = own(c, 'any') ? 'any' : 'all'
    const list = ((c as Record<string, unknown>)[kind] ?? []) as ConditionJson[]
    const subs = list.map((s) => ({ priority: setPriority(s), ...compileCondition(s, env, mode, refs) }))
    return {
      run: combine(kind, subs, mode, index),
      info: { index, kind, ...(name ? { name } : {}), children: subs.map((s) => s.info) },
      canThrow: subs.some((s) => s.canThrow),
    }
  }
  if (own(c, 'not')) {
    const sub = compileCondition((c as { not: ConditionJson }).not, env, mode, refs)
    const inner = sub.run
    return {
      run: mark((ctx) => !inner(ctx)),
      info: { index, kind: 'not', ...(name ? { name } : {}), children: [sub.info] },
      canThrow: sub.canThrow,
    }
  }
  if (own(c, 'condition')) {
    const ref = (c as { condition: string }).condition
    const target = env.named.get(ref)
    if (target === undefined || refs.includes(ref))
      return { run: mark(() => false), info: { index, kind: 'ref', ref, children: [] }, canThrow: false }
    const sub = compileCondition(target, env, mode, [...refs, ref])
    const inner = sub.run
    return {
      run: mark(inner),
      info: { index, kind: 'ref', ref, ...(name ? { name } : {}), children: [sub.info] },
      canThrow: sub.canThrow,
    }
  }
  const leaf = c as LeafConditionJson
  const op = resolveOperator(leaf.operator)
  const getFact = env.fact(leaf.fact)
  const info: NodeInfo = { index, kind: 'leaf', ...(name ? { name } : {}), children: [], leaf }
  if (op === undefined || getFact === undefined) return { run: mark(() => false), info, canThrow: false }
  const lhs = withPathAt(env, leaf.fact, getFact, leaf.path)
  const value = foldValue(leaf.value, env)
  const evaluate = op.evaluate
  const literalSafe = leafIsSafe(op, value, leaf, env)
  // the common leaves, without the generic operator wrapper
  if (op.decorators.length === 0 && !isFactRef(value) && (op.base.name === 'equal' || op.base.name === 'notEqual')) {
    const eq = op.base.name === 'equal'
    return {
      run: eq
        ? (ctx) => {
            const r = lhs(ctx) === value
            ctx.nodes[index] = r ? 2 : 1
            return r
          }
        : (ctx) => {
            const r = lhs(ctx) !== value
            ctx.nodes[index] = r ? 2 : 1
            return r
          },
      info,
      canThrow: false,
    }
  }
  if (isFactRef(value)) {
    const getRef = env.fact(value.fact)
    const rhs = getRef === undefined ? () => undefined : withPath(getRef, value.path)
    return {
      run: (ctx) => {
        const r = evaluate(lhs(ctx), rhs(ctx), ctx.env)
        ctx.nodes[index] = r ? 2 : 1
        return r
      },
      info,
      canThrow: true,
    }
  }
  return {
    run: (ctx) => {
      const r = evaluate(lhs(ctx), value, ctx.env)
      ctx.nodes[index] = r ? 2 : 1
      return r
    },
    info,
    canThrow: !literalSafe,
  }
}

/**
 * Read the value a leaf condition saw, again, from a context (for explanations).
 *
 * @since 0.1.0
 */
export const leafValues = <C extends EvalCtx>(
  leaf: LeafConditionJson,
  fact: (name: string) => FactAccessor<C> | undefined,
  ctx: C,
): { factValue: unknown; value: unknown } => {
  const get = fact(leaf.fact)
  const factValue = get === undefined ? undefined : withPath(get, leaf.path)(ctx)
  const v = leaf.value
  if (isFactRef(v)) {
    const g = fact(v.fact)
    return { factValue, value: g === undefined ? undefined : withPath(g, v.path)(ctx) }
  }
  return { factValue, value: v }
}

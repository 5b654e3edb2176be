import type { ConditionJson, LeafConditionJson } from '../decode/condition-codec'
import { parsePath, resolveSegments } from './path'
import { resolveOperator } from './operators'
import { foldValue, leafIsSafe, type Closure, type CompileEnv, type EvalCtx, type FactAccessor } from './condition'

/**
 * The fast path of a condition tree as one generated JavaScript function, instead of a tree of
 * closures: the same decisions (json-rules-engine's semantics, as `condition.ts` compiles them in
 * `fast` mode), without a call per node, so that V8 can inline and optimise the whole condition.
 *
 * Safety: no value of the pack is ever written into the generated text. Values, list names,
 * paths, operators and fact accessors live in arrays the function closes over (`K`, `O`, `F`)
 * and are referred to by index; the text holds only zhunru's own templates, integers, and
 * property names that match a plain identifier. Before it is compiled, the text is checked once
 * more against that alphabet, and anything else (or an environment without `new Function`, such
 * as a page whose Content-Security-Policy forbids `unsafe-eval`) keeps the closures.
 *
 * Where nothing in a set can throw, a `&&`/`||` chain stops at the first deciding member, as the
 * fast closures do; where a member can throw (a `{fact}` value, an operator that coerces), every
 * member of the priority set is evaluated, as json-rules-engine does, so the same error surfaces.
 *
 * @module
 */

const own = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k)
const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/
/** Everything the generated text may contain: identifiers, digits, operators, quotes, brackets. */
const ALPHABET = /^[A-Za-z0-9_$\s.,;:()!=&|?<>"[\]{}+-]*$/
/** A generated function larger than this stays a tree of closures. */
const MAX_SOURCE = 200_000
const UNSET: unique symbol = Symbol('unset')

let available: boolean | undefined
/**
 * Whether this environment can compile generated functions (`new Function`). False under a
 * Content-Security-Policy without `unsafe-eval`; the closures are used then.
 *
 * @example
 * codegenAvailable() // true in Node; false on a page whose CSP forbids eval
 * @since 0.1.0
 */
export const codegenAvailable = (): boolean => {
  if (available === undefined)
    try {
      available = new Function('return 1')() === 1
    } catch {
      available = false
    }
  return available
}

const isFactRef = (v: unknown): boolean => v !== null && typeof v === 'object' && own(v, 'fact')

// as in condition.ts: a boolean node's priority is parseInt'ed, a leaf's kept; missing or 0 is 1
const setPriority = (c: ConditionJson): number => {
  const p = (c as { priority?: unknown }).priority
  if (own(c, 'all') || own(c, 'any') || own(c, 'not')) return Number.parseInt(String(p), 10) || 1
  return Number(p) || 1
}

/** What the generator needs beyond a closure compiler's environment. */
export interface GenEnv<C extends EvalCtx> extends Pick<CompileEnv<C>, 'fact' | 'factAt' | 'named' | 'constant' | 'isNumber'> {
  /** facts that are the request's (or past event's) own property of the same name */
  readonly rawFacts?: ReadonlySet<string>
  /**
   * The lists of the one epoch the function will run in (a kind's function is built per epoch):
   * a list's members are then bound once, instead of looked up in `ctx.env` on every call.
   */
  readonly lists?: ReadonlyMap<string, { readonly members: ReadonlySet<unknown> }>
}

const NO_MEMBERS: ReadonlySet<unknown> = new Set()

class Gen<C extends EvalCtx> {
  readonly K: unknown[] = []
  readonly O: ((a: unknown, b: unknown, env: never) => boolean)[] = []
  readonly F: FactAccessor<C>[] = []
  private readonly factVar = new Map<string, number>()
  readonly raw: string[] = []
  usesReq = false
  usesT = false
  usesU = false
  constructor(readonly env: GenEnv<C>) {}

  private readonly interned = new Map<unknown, number>()
  konst(v: unknown): string {
    if (v === true || v === false) return String(v)
    // the same primitive, the same slot (so that equal leaves have equal code); -0 keeps its own
    // objects (a list's members, a literal array) by identity
    if (!Object.is(v, -0)) {
      const at = this.interned.get(v)
      if (at !== undefined) return `K[${at}]`
      this.interned.set(v, this.K.length)
    }
    this.K.push(v)
    return `K[${this.K.length - 1}]`
  }

  /**
   * Common subexpressions: a path read or a leaf that occurs more than once among the rules of
   * one function is computed once per call (facts are pure for one evaluation, and a leaf that
   * throws throws the first time). `count` is the first pass, which only counts.
   */
  private counts = new Map<string, number>()
  private counting = true
  readonly memoVars: string[] = []
  private readonly memoOf = new Map<string, string>()
  memo(code: string): string {
    if (this.counting) {
      this.counts.set(code, (this.counts.get(code) ?? 0) + 1)
      return code
    }
    if ((this.counts.get(code) ?? 0) < 2) return code
    let v = this.memoOf.get(code)
    if (v === undefined) {
      v = `m${this.memoVars.length}`
      this.memoVars.push(v)
      this.memoOf.set(code, v)
    }
    return `(${v} === U ? (${v} = ${code}) : ${v})`
  }

  private readonly operators = new Map<string, number>()
  /** The slot of an operator (by its name with decorators: the same name, the same function). */
  operator(name: string, op: { readonly evaluate: unknown }): number {
    let i = this.operators.get(name)
    if (i === undefined) {
      i = this.O.push(op.evaluate as never) - 1
      this.operators.set(name, i)
    }
    return i
  }

  /** After the counting pass: forget what it generated, keep the counts. */
  rewind(): void {
    this.counting = false
    this.K.length = 0
    this.O.length = 0
    this.operators.clear()
    this.interned.clear()
    this.sets = 0
  }

  /** A fact's value, read at most once per call (facts are pure for one evaluation). */
  fact(name: string, get: FactAccessor<C>): string {
    if (this.env.rawFacts?.has(name) === true && IDENT.test(name)) {
      this.usesReq = true
      let i = this.raw.indexOf(name)
      if (i < 0) i = this.raw.push(name) - 1
      return `(r${i} === U ? (r${i} = h.call(q, "${name}") ? q.${name} : undefined) : r${i})`
    }
    return this.call(name, get)
  }

  /** A fact (or one member of it) by key: the first accessor given for a key is the one called. */
  call(key: string, get: FactAccessor<C>): string {
    let i = this.factVar.get(key)
    if (i === undefined) {
      i = this.F.length
      this.F.push(get)
      this.factVar.set(key, i)
    }
    return `(f${i} === U ? (f${i} = F[${i}](ctx)) : f${i})`
  }

  /** `t[seg]`, read only if `seg` is t's own property. */
  member(seg: string | number, t: 't' | 'u'): string {
    if (typeof seg === 'string' && IDENT.test(seg) && seg !== '__proto__') return `(h.call(${t}, "${seg}") ? ${t}.${seg} : undefined)`
    const k = this.konst(seg)
    return `(h.call(${t}, ${k}) ? ${t}[${k}] : undefined)`
  }

  /**
   * Follow `segs` from the object in `t` through own properties (resolveSegments, unrolled): the
   * value, or undefined where a segment is missing or a step is not an object.
   */
  walk(segs: readonly (string | number)[], t: 't' | 'u', i = 0): string {
    if (segs.length > 6) return `RS(${t}, ${this.konst(segs.slice(i))})`
    if (i >= segs.length) return t
    const seg = segs[i] as string | number
    if (i === segs.length - 1) return this.member(seg, t)
    const direct = typeof seg === 'string' && IDENT.test(seg) && seg !== '__proto__'
    const k = direct ? `"${seg}"` : this.konst(seg)
    const read = direct ? `${t}.${seg}` : `${t}[${k}]`
    return `(h.call(${t}, ${k}) ? (${t} = ${read}, ${t} !== null && typeof ${t} === "object" ? ${this.walk(segs, t, i + 1)} : undefined) : undefined)`
  }

  /** json-rules-engine's path: applied only when truthy, only to a non-null object. */
  withPath(g: string, path: unknown, t: 't' | 'u' = 't'): string {
    if (!path) return g
    if (t === 't') this.usesT = true
    else this.usesU = true
    const segs = typeof path === 'string' ? parsePath(path) : undefined
    if (segs === undefined) return `(${t} = ${g}, ${t} !== null && typeof ${t} === "object" ? undefined : ${t})`
    if (segs.length === 1) return `(${t} = ${g}, ${t} !== null && typeof ${t} === "object" ? ${this.member(segs[0] as string | number, t)} : ${t})`
    return `(${t} = ${g}, ${t} !== null && typeof ${t} === "object" ? ${this.walk(segs, t)} : ${t})`
  }

  lhs(leaf: LeafConditionJson, get: FactAccessor<C>): string {
    const path = leaf.path
    if (typeof path === 'string' && this.env.factAt !== undefined) {
      const segs = parsePath(path)
      const first = segs?.[0]
      if (segs !== undefined && typeof first === 'string') {
        const at = this.env.factAt(leaf.fact, first)
        if (at !== undefined) {
          const rest = segs.slice(1)
          const g = this.call(`${leaf.fact}\u0000${first}`, at)
          if (rest.length === 0) return g
          this.usesT = true
          return this.memo(`(t = ${g}, t !== null && typeof t === "object" ? ${this.walk(rest, 't')} : undefined)`)
        }
      }
    }
    const read = this.withPath(this.fact(leaf.fact, get), path)
    return path ? this.memo(read) : read
  }

  private sets = 0
  get setCount(): number {
    return this.sets
  }

  /**
   * The expression of a condition, and whether it can throw; undefined where only the closures
   * will do.
   */
  expr(c: ConditionJson, refs: readonly string[], depth: number): { e: string; canThrow: boolean } | undefined {
    if (depth > 200) return undefined
    if (own(c, 'all') || own(c, 'any')) {
      const kind = own(c, 'any') ? 'any' : 'all'
      const list = ((c as Record<string, unknown>)[kind] ?? []) as ConditionJson[]
      if (!Array.isArray(list)) return undefined
      if (list.length === 0) return { e: 'true', canThrow: false }
      const subs: { priority: number; e: string; canThrow: boolean; i: number }[] = []
      for (const s of list) {
        const x = this.expr(s, refs, depth + 1)
        if (x === undefined) return undefined
        subs.push({ priority: setPriority(s), e: x.e, canThrow: x.canThrow, i: subs.length })
      }
      if (subs.length === 1) return { e: (subs[0] as { e: string }).e, canThrow: (subs[0] as { canThrow: boolean }).canThrow }
      const canThrow = subs.some((x) => x.canThrow)
      // priority sets, highest first; within a set, as written (a stable sort)
      const order = [...subs].sort((a, b) => b.priority - a.priority || a.i - b.i)
      const join = kind === 'all' ? ' && ' : ' || '
      // nothing can throw: stopping at the first deciding member gives json-rules-engine's result
      if (!canThrow) return { e: `(${order.map((x) => x.e).join(join)})`, canThrow }
      // a member can throw: as json-rules-engine, every member of a set is evaluated, and the
      // sets are tried highest priority first, stopping at the first that decides
      const sets: string[][] = []
      let last: number | undefined
      for (const x of order) {
        if (x.priority !== last) sets.push([])
        last = x.priority
        ;(sets[sets.length - 1] as string[]).push(x.e)
      }
      const parts = sets.map((members) => {
        const b = `b${this.sets++}`
        return kind === 'all'
          ? `(${b} = true, ${members.map((m) => `(${m} || (${b} = false))`).join(', ')}, ${b})`
          : `(${b} = false, ${members.map((m) => `(${m} && (${b} = true))`).join(', ')}, ${b})`
      })
      return { e: `(${parts.join(join)})`, canThrow }
    }
    if (own(c, 'not')) {
      const x = this.expr((c as { not: ConditionJson }).not, refs, depth + 1)
      return x === undefined ? undefined : { e: `!${x.e}`, canThrow: x.canThrow }
    }
    if (own(c, 'condition')) {
      const ref = (c as { condition: string }).condition
      const target = this.env.named.get(ref)
      if (target === undefined || refs.includes(ref)) return { e: 'false', canThrow: false }
      return this.expr(target, [...refs, ref], depth + 1)
    }
    const leaf = c as LeafConditionJson
    const op = resolveOperator(leaf.operator)
    const get = this.env.fact(leaf.fact)
    if (op === undefined || get === undefined) return { e: 'false', canThrow: false }
    const value = foldValue(leaf.value, this.env)
    const lhs = this.lhs(leaf, get)
    if (isFactRef(value)) {
      // a {fact, path} value, read like a fact (a missing fact reads undefined)
      const v = value as { fact: string; path?: unknown }
      const getRef = this.env.fact(v.fact)
      const rhs = getRef === undefined ? 'undefined' : this.withPath(this.fact(v.fact, getRef), v.path, 'u')
      return { e: this.memo(`O[${this.operator(leaf.operator, op)}](${lhs}, ${rhs}, ctx.env)`), canThrow: true }
    }
    const base = op.base.name
    if (op.decorators.length === 0 && (base === 'equal' || base === 'notEqual'))
      return { e: this.memo(`(${lhs} ${base === 'equal' ? '===' : '!=='} ${this.konst(value)})`), canThrow: false }
    const canThrow = !leafIsSafe(op, value, leaf, this.env)
    if (op.decorators.length === 0 && (base === 'inList' || base === 'notInList') && op.base.factValueValidator === undefined)
      return {
        e: this.memo(
          this.env.lists !== undefined
            ? `(${this.konst(typeof value === 'string' ? (this.env.lists.get(value)?.members ?? NO_MEMBERS) : NO_MEMBERS)}.has(${lhs}) ${base === 'inList' ? '===' : '!=='} true)`
            : `(ctx.env.lists.get(${this.konst(value)})?.members.has(${lhs}) ${base === 'inList' ? '===' : '!=='} true)`,
        ),
        canThrow,
      }
    return { e: this.memo(`O[${this.operator(leaf.operator, op)}](${lhs}, ${this.konst(value)}, ctx.env)`), canThrow }
  }
}

/**
 * A condition as one generated function; `undefined` when it is not generated (the caller keeps
 * its closures).
 *
 * @example
 * const run = generateCondition({ all: [{ fact: 'kind', operator: 'equal', value: 'task' }] }, { fact: requestFact, named: new Map() })
 * @since 0.1.0
 */
export const generateCondition = <C extends EvalCtx>(c: ConditionJson, env: GenEnv<C>): Closure<C> | undefined => {
  if (!codegenAvailable()) return undefined
  const g = new Gen(env)
  if (g.expr(c, [], 0) === undefined) return undefined
  g.rewind()
  const x = g.expr(c, [], 0)
  if (x === undefined) return undefined
  return build<Closure<C>, C>(g, 'condition(ctx)', `return ${x.e};`)
}

/** The prologue (variables), then the body, compiled with the constants bound. */
const build = <T, C extends EvalCtx>(g: Gen<C>, signature: string, code: string): T | undefined => {
  const vars = [...g.F.map((_, i) => `f${i} = U`), ...g.raw.map((_, i) => `r${i} = U`), ...g.memoVars.map((m) => `${m} = U`)]
  if (g.usesT) vars.push('t')
  if (g.usesU) vars.push('u')
  for (let i = 0; i < g.setCount; i++) vars.push(`b${i}`)
  const body =
    `"use strict"; return function ${signature} { ` +
    (g.usesReq ? 'const q = ctx.req; ' : '') +
    (vars.length > 0 ? `let ${vars.join(', ')}; ` : '') +
    `${code} }`
  if (body.length > MAX_SOURCE || !ALPHABET.test(body)) return undefined
  try {
    const make = new Function('K', 'F', 'O', 'U', 'h', 'RS', body) as (...a: unknown[]) => T
    return make(Object.freeze(g.K), Object.freeze(g.F), Object.freeze(g.O), UNSET, Object.prototype.hasOwnProperty, resolveSegments)
  } catch {
    return undefined
  }
}

/** Rules run together: each fired rule's ref pushed onto `fired`, in the order given. @since 0.1.0 */
export type RuleSetRunner<C, R> = (ctx: C, fired: R[], refs: readonly R[]) => void

/**
 * Several rules' conditions as one generated function that reads each
 * fact at most once and pushes `refs[i]` for every rule `i` whose conditions hold, in order.
 * `undefined` when any of them is not generated.
 *
 * @example
 * const runAll = generateRuleSet([c1, c2], env) // (ctx, fired, refs) => void
 * @since 0.1.0
 */
export const generateRuleSet = <C extends EvalCtx, R>(conditions: readonly ConditionJson[], env: GenEnv<C>): RuleSetRunner<C, R> | undefined =>
  ruleSet<RuleSetRunner<C, R>, C>(conditions, env, 'rules(ctx, fired, refs)', '', (e, i) => `if (${e}) fired.push(refs[${i}]);`, '')

/** Several conditions in one generated function: `line` gives each one's statement. */
const ruleSet = <T, C extends EvalCtx>(
  conditions: readonly ConditionJson[],
  env: GenEnv<C>,
  signature: string,
  head: string,
  line: (e: string, i: number) => string,
  tail: string,
): T | undefined => {
  if (!codegenAvailable()) return undefined
  const g = new Gen(env)
  for (const c of conditions) if (g.expr(c, [], 0) === undefined) return undefined
  g.rewind()
  const lines: string[] = [head]
  for (let i = 0; i < conditions.length; i++) {
    const x = g.expr(conditions[i] as ConditionJson, [], 0)
    if (x === undefined) return undefined
    lines.push(line(x.e, i))
  }
  lines.push(tail)
  return build<T, C>(g, signature, lines.join(' '))
}

/**
 * Rules run together, as a bit set: bit `i` is set when rule `i`'s conditions hold. For at most
 * {@link MASK_RULES} rules. @since 0.1.0
 */
export type RuleMaskRunner<C> = (ctx: C) => number

/** The most rules a {@link RuleMaskRunner} takes (the bits of a small integer). @since 0.1.0 */
export const MASK_RULES = 30

/**
 * {@link generateRuleSet} as a bit set rather than pushes: nothing to allocate per call, and a
 * number to look the combined decision up by. `undefined` when any condition is not generated or
 * there are more than {@link MASK_RULES} of them.
 *
 * @example
 * const mask = generateRuleMask([c1, c2], env) // (ctx) => 0 | 1 | 2 | 3
 * @since 0.1.0
 */
export const generateRuleMask = <C extends EvalCtx>(conditions: readonly ConditionJson[], env: GenEnv<C>): RuleMaskRunner<C> | undefined =>
  conditions.length > MASK_RULES ? undefined : ruleSet<RuleMaskRunner<C>, C>(conditions, env, 'rules(ctx)', 'let m = 0;', (e, i) => `if (${e}) m = m | ${2 ** i};`, 'return m;')

/** The generated source of a condition, for tests and for reading (`undefined` if not generated). @since 0.1.0 */
export const generatedSource = <C extends EvalCtx>(c: ConditionJson, env: GenEnv<C>): string | undefined => {
  const g = new Gen(env)
  if (g.expr(c, [], 0) === undefined) return undefined
  g.rewind()
  return g.expr(c, [], 0)?.e
}

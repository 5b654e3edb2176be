import { isLocalDate } from '../time/local-date'
import { compareRatio, parseRatio, type Ratio } from './ratio'

/**
 * Operators as a registry of named data (json-rules-engine's idea). The defaults are
 * json-rules-engine's own, copied to the letter so that the compiled path and the engine agree;
 * zhunru adds list membership, exact ratios and calendar-date comparisons. The same registry is
 * registered into json-rules-engine by the adapter.
 *
 * @module
 */

/** A compiled list in force on one date range: its ids and aliases. @since 0.1.0 */
export interface ListSet {
  readonly id: string
  readonly members: ReadonlySet<unknown>
  readonly incomplete: boolean
  readonly statedSize?: number
}

/** What an operator can see besides its two values: the lists in force. @since 0.1.0 */
export interface OperatorEnv {
  readonly lists: ReadonlyMap<string, ListSet>
}

/** An operator. @since 0.1.0 */
export interface OperatorDef {
  readonly name: string
  readonly cb: (factValue: any, jsonValue: any, env: OperatorEnv) => boolean
  readonly factValueValidator?: (factValue: unknown) => boolean
  /** A check of a literal `value` at compile time: `undefined` if fine, else what it expects. */
  readonly literalValue?: (value: unknown, env: { readonly lists: ReadonlySet<string> }) => string | undefined
  /** zhunru's own operators are registered into json-rules-engine by the adapter. */
  readonly custom?: boolean
}

/** An operator decorator such as `not:` or `someFact:`. @since 0.1.0 */
export interface DecoratorDef {
  readonly name: string
  readonly cb: (factValue: any, jsonValue: any, next: (a: any, b: any) => boolean) => boolean
  readonly factValueValidator?: (factValue: unknown) => boolean
}

const numberValidator = (factValue: unknown): boolean =>
  Number.parseFloat(factValue as string).toString() !== 'NaN'

const isIndexable = (b: unknown): string | undefined =>
  Array.isArray(b) || typeof b === 'string' ? undefined : 'array'

const listName = (b: unknown, env: { readonly lists: ReadonlySet<string> }): string | undefined =>
  typeof b === 'string' && env.lists.has(b) ? undefined : [...env.lists].join(', ') || '(none)'

const ratioValue = (b: unknown): string | undefined =>
  parseRatio(b) === undefined ? 'ratio such as "1/3"' : undefined

const dateValue = (b: unknown): string | undefined => (isLocalDate(b) ? undefined : 'date YYYY-MM-DD')

const ratioCache = new Map<unknown, Ratio | undefined>()
const ratioOf = (u: unknown): Ratio | undefined => {
  if (typeof u !== 'string' && typeof u !== 'number') return parseRatio(u)
  if (ratioCache.has(u)) return ratioCache.get(u)
  const r = parseRatio(u)
  if (ratioCache.size < 1000) ratioCache.set(u, r)
  return r
}
const ratioValidator = (a: unknown): boolean => typeof a === 'object' && a !== null && parseRatio(a) !== undefined
const ratioOp = (name: string, test: (c: number) => boolean): OperatorDef => ({
  name,
  custom: true,
  factValueValidator: ratioValidator,
  literalValue: ratioValue,
  cb: (a, b) => {
    const l = parseRatio(a)
    const r = ratioOf(b)
    return l !== undefined && r !== undefined && test(compareRatio(l, r))
  },
})
const dateOp = (name: string, test: (a: string, b: string) => boolean): OperatorDef => ({
  name,
  custom: true,
  factValueValidator: isLocalDate,
  literalValue: dateValue,
  cb: (a, b) => isLocalDate(b) && test(a, b),
})

/**
 * The operators zhunru knows, by name.
 *
 * @since 0.1.0
 */
export const OPERATORS: ReadonlyMap<string, OperatorDef> = new Map(
  (
    [
      { name: 'equal', cb: (a, b) => a === b },
      { name: 'notEqual', cb: (a, b) => a !== b },
      { name: 'in', cb: (a, b) => b.indexOf(a) > -1, literalValue: isIndexable },
      { name: 'notIn', cb: (a, b) => b.indexOf(a) === -1, literalValue: isIndexable },
      { name: 'contains', cb: (a, b) => a.indexOf(b) > -1, factValueValidator: Array.isArray },
      { name: 'doesNotContain', cb: (a, b) => a.indexOf(b) === -1, factValueValidator: Array.isArray },
      { name: 'lessThan', cb: (a, b) => a < b, factValueValidator: numberValidator },
      { name: 'lessThanInclusive', cb: (a, b) => a <= b, factValueValidator: numberValidator },
      { name: 'greaterThan', cb: (a, b) => a > b, factValueValidator: numberValidator },
      { name: 'greaterThanInclusive', cb: (a, b) => a >= b, factValueValidator: numberValidator },
      {
        // a value is given: not undefined, null or an empty string (value: true), or the opposite (false)
        name: 'present',
        custom: true,
        literalValue: (b) => (typeof b === 'boolean' ? undefined : 'true or false'),
        cb: (a, b) => (a !== undefined && a !== null && a !== '') === b,
      },
      {
        name: 'inList',
        custom: true,
        literalValue: listName,
        cb: (a, b, env) => env.lists.get(b)?.members.has(a) === true,
      },
      {
        name: 'notInList',
        custom: true,
        literalValue: listName,
        cb: (a, b, env) => env.lists.get(b)?.members.has(a) !== true,
      },
      ratioOp('ratioGreaterThan', (c) => c > 0),
      ratioOp('ratioGreaterThanInclusive', (c) => c >= 0),
      ratioOp('ratioLessThan', (c) => c < 0),
      ratioOp('ratioLessThanInclusive', (c) => c <= 0),
      dateOp('dateBefore', (a, b) => a < b),
      dateOp('dateOnOrBefore', (a, b) => a <= b),
      dateOp('dateAfter', (a, b) => a > b),
      dateOp('dateOnOrAfter', (a, b) => a >= b),
    ] satisfies OperatorDef[]
  ).map((o) => [o.name, o]),
)

/**
 * json-rules-engine's operator decorators, to the letter.
 *
 * @since 0.1.0
 */
export const DECORATORS: ReadonlyMap<string, DecoratorDef> = new Map(
  (
    [
      { name: 'someFact', cb: (a, b, next) => a.some((fv: unknown) => next(fv, b)), factValueValidator: Array.isArray },
      { name: 'someValue', cb: (a, b, next) => b.some((jv: unknown) => next(a, jv)) },
      { name: 'everyFact', cb: (a, b, next) => a.every((fv: unknown) => next(fv, b)), factValueValidator: Array.isArray },
      { name: 'everyValue', cb: (a, b, next) => b.every((jv: unknown) => next(a, jv)) },
      { name: 'swap', cb: (a, b, next) => next(b, a) },
      { name: 'not', cb: (a, b, next) => !next(a, b) },
    ] satisfies DecoratorDef[]
  ).map((d) => [d.name, d]),
)

/** A resolved operator: a function of the two values, and the base operator's definition. */
export interface ResolvedOperator {
  readonly evaluate: (a: unknown, b: unknown, env: OperatorEnv) => boolean
  readonly base: OperatorDef
  readonly decorators: readonly string[]
}

/**
 * Resolve an operator name with its decorators (`not:someFact:inList`) the way
 * json-rules-engine's `OperatorMap.get` does. `undefined` for an unknown name.
 *
 * @example
 * resolveOperator('not:equal')?.evaluate(1, 2, { lists: new Map() }) // true
 * @since 0.1.0
 */
export const resolveOperator = (
  name: string,
  operators: ReadonlyMap<string, OperatorDef> = OPERATORS,
): ResolvedOperator | undefined => {
  const decorators: DecoratorDef[] = []
  let opName = name
  while (!operators.has(opName)) {
    const i = opName.indexOf(':')
    if (i <= 0) return undefined
    const dec = DECORATORS.get(opName.slice(0, i))
    if (dec === undefined) return undefined
    decorators.unshift(dec)
    opName = opName.slice(i + 1)
  }
  const base = operators.get(opName) as OperatorDef
  const baseValidator = base.factValueValidator
  const baseCb = base.cb
  let evaluate: (a: unknown, b: unknown, env: OperatorEnv) => boolean =
    baseValidator === undefined
      ? (a, b, env) => baseCb(a, b, env)
      : (a, b, env) => baseValidator(a) && baseCb(a, b, env)
  for (const dec of decorators) {
    const next = evaluate
    const v = dec.factValueValidator
    const cb = dec.cb
    evaluate =
      v === undefined
        ? (a, b, env) => cb(a, b, (x: unknown, y: unknown) => next(x, y, env))
        : (a, b, env) => v(a) && cb(a, b, (x: unknown, y: unknown) => next(x, y, env))
  }
  return { evaluate, base, decorators: decorators.map((d) => d.name) }
}

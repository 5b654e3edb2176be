import * as t from 'io-ts'

/**
 * A json-rules-engine condition tree, as a pack writes it.
 *
 * @since 0.1.0
 */
export type ConditionJson =
  | { readonly all: readonly ConditionJson[]; readonly name?: string; readonly priority?: number }
  | { readonly any: readonly ConditionJson[]; readonly name?: string; readonly priority?: number }
  | { readonly not: ConditionJson; readonly name?: string; readonly priority?: number }
  | { readonly condition: string; readonly name?: string; readonly priority?: number }
  | LeafConditionJson

/**
 * A leaf condition: `<fact + params + path> <operator> <value>`.
 *
 * @since 0.1.0
 */
export interface LeafConditionJson {
  readonly fact: string
  readonly operator: string
  readonly value: unknown
  readonly path?: string
  readonly params?: Readonly<Record<string, unknown>>
  readonly priority?: number
  readonly name?: string
}

const isObj = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' && u !== null && !Array.isArray(u)

const own = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k)

/** Keys each kind of condition node may carry. */
export const CONDITION_KEYS = {
  boolean: ['name', 'priority'],
  reference: ['condition', 'name', 'priority'],
  leaf: ['fact', 'operator', 'value', 'path', 'params', 'priority', 'name'],
} as const

const fail = (c: t.Context, u: unknown, key: string, type: string, actual: unknown): t.Errors => [
  {
    value: actual,
    context: [...c, { key, type: { name: type } as t.Decoder<unknown, unknown>, actual }],
    message: undefined,
  },
]

/** Past this nesting a condition tree is refused outright (compile's maxConditionDepth is lower). */
export const MAX_CONDITION_NESTING = 256

const validateNode = (u: unknown, c: t.Context): t.Errors => {
  if (!isObj(u)) return [{ value: u, context: c, message: undefined }]
  if (c.length > MAX_CONDITION_NESTING * 2 + 16)
    return [{ value: u, context: c, message: `a condition tree nested at most ${MAX_CONDITION_NESTING} deep (maxConditionDepth)` }]
  const errors: t.Errors[] = []
  const optName = (): void => {
    if (own(u, 'name') && typeof u.name !== 'string') errors.push(fail(c, u, 'name', 'string', u.name))
    if (own(u, 'priority') && (typeof u.priority !== 'number' || !Number.isFinite(u.priority)))
      errors.push(fail(c, u, 'priority', 'number', u.priority))
  }
  const bool = ['all', 'any', 'not'].find((k) => own(u, k))
  if (bool === 'all' || bool === 'any') {
    const subs = u[bool]
    if (!Array.isArray(subs)) errors.push(fail(c, u, bool, 'Array<Condition>', subs))
    else
      subs.forEach((s, i) =>
        errors.push(
          validateNode(s, [
            ...c,
            { key: bool, type: ConditionArray, actual: subs },
            { key: String(i), type: Condition, actual: s },
          ]),
        ),
      )
    optName()
  } else if (bool === 'not') {
    errors.push(validateNode(u.not, [...c, { key: 'not', type: Condition, actual: u.not }]))
    optName()
  } else if (own(u, 'condition')) {
    if (typeof u.condition !== 'string') errors.push(fail(c, u, 'condition', 'string', u.condition))
    optName()
  } else {
    if (!own(u, 'fact') || typeof u.fact !== 'string') errors.push(fail(c, u, 'fact', 'string', u.fact))
    if (!own(u, 'operator') || typeof u.operator !== 'string')
      errors.push(fail(c, u, 'operator', 'string', u.operator))
    if (!own(u, 'value')) errors.push(fail(c, u, 'value', 'unknown', undefined))
    if (own(u, 'path') && typeof u.path !== 'string') errors.push(fail(c, u, 'path', 'string', u.path))
    if (own(u, 'params') && !isObj(u.params)) errors.push(fail(c, u, 'params', 'object', u.params))
    optName()
  }
  return errors.flat()
}

/**
 * The io-ts codec of a condition tree. It checks the shape only (a boolean node, a reference or a
 * leaf with `fact`, `operator` and `value`); names of facts, operators and lists are checked by
 * `compile`, which knows the pack.
 *
 * @since 0.1.0
 */
export const Condition: t.Type<ConditionJson, ConditionJson, unknown> = new t.Type<
  ConditionJson,
  ConditionJson,
  unknown
>(
  'Condition',
  (u): u is ConditionJson => validateNode(u, []).length === 0,
  (u, c) => {
    const errors = validateNode(u, c)
    return errors.length === 0 ? t.success(u as ConditionJson) : t.failures(errors)
  },
  t.identity,
)

const ConditionArray = t.array(Condition)

/**
 * The top of a rule's condition tree: json-rules-engine requires `all`, `any`, `not` or a
 * condition reference there.
 *
 * @since 0.1.0
 */
export const TopCondition: t.Type<ConditionJson, ConditionJson, unknown> = new t.Type<
  ConditionJson,
  ConditionJson,
  unknown
>(
  'TopCondition',
  (u): u is ConditionJson => Condition.is(u) && !own(u as object, 'fact'),
  (u, c) => {
    if (isObj(u) && own(u, 'fact') && !['all', 'any', 'not', 'condition'].some((k) => own(u, k)))
      return t.failure(u, c, 'a rule\'s conditions start with all, any, not or condition')
    return Condition.validate(u, c)
  },
  t.identity,
)

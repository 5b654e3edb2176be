import { CONDITION_KEYS } from '../decode/condition-codec'
import { FACTS } from '../compile/facts'
import { OPERATORS } from '../compile/operators'
import type { CustomSchemas, JsonSchema } from './from-codec'

/**
 * The JSON Schema of a condition tree: the custom `Condition` and `TopCondition` codecs check
 * their shape by hand, so their schema is given here by name — a recursive `$defs` entry built
 * from the same key lists (`CONDITION_KEYS`) the codec uses. Fact and operator names are offered
 * as suggestions (`examples`), not enforced: decorated operators (`not:equal`) and portal-supplied
 * facts are open-ended, and `compile` checks them against the pack.
 *
 * @module
 */

const ref = (name: string): JsonSchema => ({ $ref: `#/$defs/${name}` })

const common = (keys: readonly string[]): Record<string, JsonSchema> => {
  const out: Record<string, JsonSchema> = {}
  if (keys.includes('name')) out.name = { type: 'string' }
  if (keys.includes('priority')) out.priority = { type: 'number' }
  return out
}

const bool = (kind: 'all' | 'any' | 'not'): JsonSchema => ({
  type: 'object',
  properties: { [kind]: kind === 'not' ? ref('Condition') : { type: 'array', items: ref('Condition') }, ...common(CONDITION_KEYS.boolean) },
  required: [kind],
  additionalProperties: false,
})

const reference: JsonSchema = {
  type: 'object',
  properties: { condition: { type: 'string' }, ...common(CONDITION_KEYS.reference) },
  required: ['condition'],
  additionalProperties: false,
}

const leaf = (): JsonSchema => ({
  type: 'object',
  properties: {
    fact: { type: 'string', examples: [...FACTS.keys()] },
    operator: { type: 'string', examples: [...OPERATORS.keys()] },
    value: {},
    path: { type: 'string' },
    params: { type: 'object' },
    ...common(CONDITION_KEYS.leaf),
  },
  required: ['fact', 'operator', 'value'],
  additionalProperties: false,
})

/**
 * Schemas of the custom condition codecs, for {@link codecToSchema}'s `custom` option.
 *
 * @example
 * codecToSchema(Pack, { custom: CONDITION_SCHEMAS })
 * @since 0.1.0
 */
export const CONDITION_SCHEMAS: CustomSchemas = {
  Condition: () => ({ anyOf: [bool('all'), bool('any'), bool('not'), reference, leaf()] }),
  TopCondition: (defs) => {
    if (!defs.has('Condition')) defs.set('Condition', CONDITION_SCHEMAS.Condition?.(defs) ?? {})
    return { anyOf: [bool('all'), bool('any'), bool('not'), reference] }
  },
}

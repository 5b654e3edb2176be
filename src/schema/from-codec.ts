import * as E from 'fp-ts/lib/Either.js'
import type * as t from 'io-ts'

/**
 * JSON Schema (draft 2020-12) from io-ts codecs, by a generic walker over the codecs' `_tag`s:
 * the codecs stay the one source of truth for the formats, and no schema is written by hand.
 * Named codecs (`Rule`, `Citation`, …) become `$defs`; objects are closed
 * (`additionalProperties: false`) as the decoders reject unknown fields; the custom condition
 * codecs are mapped by name to a recursive schema (see `condition-schema.ts`).
 *
 * @module
 */

/** A JSON Schema, as plain data. @since 0.1.0 */
export type JsonSchema = { readonly [k: string]: unknown }

/** Schemas for codecs the walker cannot see into (custom `t.Type`s), by codec name. */
export type CustomSchemas = Readonly<Record<string, (defs: Map<string, JsonSchema>) => JsonSchema>>

type AnyCodec = t.Mixed & { readonly _tag?: string }

const NAMED = /^[A-Z][A-Za-z0-9]*$/

interface ObjectParts {
  readonly properties: Record<string, JsonSchema>
  readonly required: string[]
}

/** The properties of an object-like codec (interface, partial, intersection of them), or undefined. */
const objectParts = (c: AnyCodec, walk: (c: AnyCodec) => JsonSchema): ObjectParts | undefined => {
  const tag = c._tag
  if (tag === 'InterfaceType' || tag === 'PartialType') {
    const props = (c as unknown as { props: Record<string, AnyCodec> }).props
    const properties: Record<string, JsonSchema> = {}
    for (const [k, v] of Object.entries(props)) properties[k] = walk(v)
    return { properties, required: tag === 'InterfaceType' ? Object.keys(props) : [] }
  }
  if (tag === 'IntersectionType') {
    const parts = (c as unknown as { types: AnyCodec[] }).types.map((m) => objectParts(m, walk))
    if (parts.some((p) => p === undefined)) return undefined
    const properties: Record<string, JsonSchema> = {}
    const required: string[] = []
    for (const p of parts as ObjectParts[]) {
      Object.assign(properties, p.properties)
      for (const r of p.required) if (!required.includes(r)) required.push(r)
    }
    return { properties, required }
  }
  return undefined
}

/**
 * The JSON Schema of an io-ts codec, with every named sub-codec in `$defs`. `Left` lists the
 * codecs the walker has no schema for (a new kind of codec: teach the walker, or name it in
 * `custom`).
 *
 * @example
 * codecToSchema(Pack, { title: 'zhunru pack', custom: CONDITION_SCHEMAS })
 * // Right({ $schema: 'https://json-schema.org/draft/2020-12/schema', $ref: '#/$defs/Pack', $defs: {...} })
 * @since 0.1.0
 */
export const codecToSchema = (
  root: t.Mixed,
  options: { readonly title?: string; readonly id?: string; readonly custom?: CustomSchemas } = {},
): E.Either<string[], JsonSchema> => {
  const defs = new Map<string, JsonSchema>()
  const custom = options.custom ?? {}
  const unknownTags: string[] = []

  const body = (c: AnyCodec): JsonSchema => {
    const parts = objectParts(c, walk)
    if (parts !== undefined)
      return {
        type: 'object',
        properties: parts.properties,
        ...(parts.required.length > 0 ? { required: parts.required } : {}),
        additionalProperties: false,
      }
    switch (c._tag) {
      case 'StringType':
        return { type: 'string' }
      case 'NumberType':
        return { type: 'number' }
      case 'BooleanType':
        return { type: 'boolean' }
      case 'UnknownType':
        return {}
      case 'NullType':
        return { type: 'null' }
      case 'LiteralType':
        return { const: (c as unknown as { value: unknown }).value }
      case 'KeyofType':
        return { type: 'string', enum: Object.keys((c as unknown as { keys: object }).keys) }
      case 'ArrayType':
      case 'ReadonlyArrayType':
        return { type: 'array', items: walk((c as unknown as { type: AnyCodec }).type) }
      case 'DictionaryType': {
        const d = c as unknown as { domain: AnyCodec; codomain: AnyCodec }
        return { type: 'object', additionalProperties: walk(d.codomain), ...(d.domain._tag === 'KeyofType' ? { propertyNames: walk(d.domain) } : {}) }
      }
      case 'UnionType':
        return { anyOf: (c as unknown as { types: AnyCodec[] }).types.map(walk) }
      case 'RefinementType':
      case 'ReadonlyType':
      case 'ExactType':
        return walk((c as unknown as { type: AnyCodec }).type)
      default:
        unknownTags.push(`${c.name} (${String(c._tag)})`)
        return {}
    }
  }

  function walk(c: AnyCodec): JsonSchema {
    const maker = custom[c.name]
    if (maker !== undefined) {
      if (!defs.has(c.name)) {
        defs.set(c.name, {})
        defs.set(c.name, maker(defs))
      }
      return { $ref: `#/$defs/${c.name}` }
    }
    if (!NAMED.test(c.name) || c._tag === undefined) return body(c)
    if (!defs.has(c.name)) {
      defs.set(c.name, {}) // placeholder: recursion stops here
      defs.set(c.name, body(c))
    }
    return { $ref: `#/$defs/${c.name}` }
  }

  const top = walk(root as AnyCodec)
  if (unknownTags.length > 0) return E.left(unknownTags)
  const sorted = Object.fromEntries([...defs.entries()].sort((a, b) => a[0].localeCompare(b[0])))
  return E.right({
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    ...(options.id !== undefined ? { $id: options.id } : {}),
    ...(options.title !== undefined ? { title: options.title } : {}),
    ...top,
    $defs: sorted,
  })
}

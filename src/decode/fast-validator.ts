import type * as t from 'io-ts'

/**
 * A fast yes/no check compiled from an io-ts codec at run time into closures: the same types,
 * unknown fields rejected, strings bounded, no allocation. Requests no longer use it:
 * `decodeRequest` runs the straight-line check generated from the same codec
 * (request-validator.generated.ts, `npm run gen:validator`), several times faster.
 * test/request-validator.test.ts holds the two to the same answers, this one as the reference.
 *
 * @module
 */

/** A compiled check. @since 0.1.0 */
export type Validator = (u: unknown, depth: number) => boolean

type Tagged = { readonly _tag?: string; readonly props?: Record<string, unknown>; readonly types?: readonly unknown[]; readonly type?: unknown; readonly keys?: Record<string, unknown>; readonly value?: unknown; readonly codomain?: unknown }

const has = Object.prototype.hasOwnProperty
const MAX_DEPTH = 16

const objectOf = (
  required: Record<string, Validator>,
  optional: Record<string, Validator>,
): Validator => {
  const reqKeys = Object.keys(required)
  const allKeys = [...new Set([...Object.keys(optional), ...reqKeys])]
  const table: Record<string, Validator> = Object.create(null)
  const isRequired: Record<string, true> = Object.create(null)
  for (const [k, v] of Object.entries(optional)) table[k] = v
  for (const k of reqKeys) {
    table[k] = required[k] as Validator
    isRequired[k] = true
  }
  return (u, depth) => {
    if (typeof u !== 'object' || u === null || Array.isArray(u) || depth > MAX_DEPTH) return false
    const o = u as Record<string, unknown>
    for (let i = 0; i < reqKeys.length; i++) if (!has.call(o, reqKeys[i] as string)) return false
    let defined = 0
    for (const k in o) {
      if (!has.call(o, k)) continue
      const v = table[k]
      if (v === undefined) return false
      const value = o[k]
      if (value !== undefined) defined++
      // io-ts partial fields accept undefined
      if (value === undefined && isRequired[k] !== true) continue
      if (!v(value, depth + 1)) return false
    }
    // a field that reads as defined but is not an own enumerable one (non-enumerable, inherited)
    let read = 0
    for (const k of allKeys) if (o[k] !== undefined) read++
    return read === defined
  }
}

const propsOf = (c: Tagged, required: Record<string, Validator>, optional: Record<string, Validator>, maxString: number): boolean => {
  if (c._tag === 'InterfaceType') {
    for (const [k, v] of Object.entries(c.props ?? {})) required[k] = compileValidator(v as t.Mixed, maxString)
    return true
  }
  if (c._tag === 'PartialType') {
    for (const [k, v] of Object.entries(c.props ?? {})) optional[k] = compileValidator(v as t.Mixed, maxString)
    return true
  }
  if (c._tag === 'IntersectionType') return (c.types ?? []).every((m) => propsOf(m as Tagged, required, optional, maxString))
  return false
}

/**
 * Compile an io-ts codec into a fast check. Supports the codec kinds zhunru's request and case
 * codecs use; any other kind falls back to the codec's own `is`.
 *
 * @example
 * const ok = compileValidator(Request, 10_000)
 * ok({ kind: 'task', date: '2026-03-01', requester: { level: 'street' } }, 0) // true
 * @since 0.1.0
 */
export const compileValidator = (codec: t.Mixed, maxString: number): Validator => {
  const c = codec as unknown as Tagged
  switch (c._tag) {
    case 'StringType':
      return (u) => typeof u === 'string' && u.length <= maxString
    case 'NumberType':
      return (u) => typeof u === 'number'
    case 'BooleanType':
      return (u) => typeof u === 'boolean'
    case 'UnknownType':
      return () => true
    case 'KeyofType': {
      const keys = new Set(Object.keys(c.keys ?? {}))
      return (u) => typeof u === 'string' && keys.has(u)
    }
    case 'LiteralType': {
      const lit = c.value
      return (u) => u === lit
    }
    case 'ArrayType': {
      const item = compileValidator(c.type as t.Mixed, maxString)
      return (u, depth) => {
        if (!Array.isArray(u) || depth > MAX_DEPTH) return false
        for (let i = 0; i < u.length; i++) if (!item(u[i], depth + 1)) return false
        return true
      }
    }
    case 'UnionType': {
      const members = (c.types ?? []).map((m) => compileValidator(m as t.Mixed, maxString))
      return (u, depth) => members.some((m) => m(u, depth))
    }
    case 'InterfaceType':
    case 'PartialType':
    case 'IntersectionType': {
      const required: Record<string, Validator> = {}
      const optional: Record<string, Validator> = {}
      if (propsOf(c, required, optional, maxString)) return objectOf(required, optional)
      return (u) => codec.is(u)
    }
    default:
      return (u) => codec.is(u)
  }
}

import * as t from 'io-ts'
import { Request } from '../decode/request-codec'

/**
 * The values a request field may take, read from the request codec itself (booleans and the
 * `keyof` enumerations such as a level or a plaque's placement), so that a what-if answer can
 * pick a value that turns a condition without a hand-written table.
 *
 * @module
 */

type Any = t.Mixed

const propsOf = (ty: Any, key: string): Any[] => {
  const out: Any[] = []
  if (ty instanceof t.IntersectionType) for (const s of ty.types as Any[]) out.push(...propsOf(s, key))
  else if (ty instanceof t.InterfaceType || ty instanceof t.PartialType) {
    const p = (ty.props as Record<string, Any>)[key]
    if (p !== undefined) out.push(p)
  } else if (ty instanceof t.ArrayType) {
    if (/^\d+$/.test(key)) out.push(ty.type as Any)
  } else if (ty instanceof t.ExactType || ty instanceof t.RefinementType || ty instanceof t.ReadonlyType) out.push(...propsOf(ty.type as Any, key))
  return out
}

const valuesOf = (ty: Any): readonly unknown[] | undefined => {
  if (ty instanceof t.BooleanType) return [true, false]
  if (ty instanceof t.KeyofType) return Object.keys(ty.keys as Record<string, unknown>)
  if (ty instanceof t.LiteralType) return [ty.value]
  if (ty instanceof t.UnionType) {
    const all = (ty.types as Any[]).map(valuesOf)
    return all.every((v) => v !== undefined) ? all.flat() as unknown[] : undefined
  }
  return undefined
}

/**
 * The finite set of values the request codec allows at a field, if it is finite.
 *
 * @example
 * domainAt(['plaque', 'placement']) // ['outside', 'inside']
 * domainAt(['item', 'quota']) // [true, false]
 * domainAt(['item', 'name']) // undefined
 * @since 0.1.0
 */
export const domainAt = (keys: readonly string[]): readonly unknown[] | undefined => {
  const k = keys.join('\u0000')
  if (domains.has(k)) return domains.get(k)
  const d = findDomain(keys)
  if (domains.size < 1000) domains.set(k, d)
  return d
}

const domains = new Map<string, readonly unknown[] | undefined>()

const findDomain = (keys: readonly string[]): readonly unknown[] | undefined => {
  let types: Any[] = [Request]
  for (const k of keys) {
    types = types.flatMap((ty) => propsOf(ty, k))
    if (types.length === 0) return undefined
  }
  for (const ty of types) {
    const v = valuesOf(ty)
    if (v !== undefined) return v
  }
  return undefined
}

/**
 * Whether the request codec gives a field the type number.
 *
 * @example
 * isNumberField(['approval', 'funds']) // true
 * @since 0.1.0
 */
export const isNumberField = (keys: readonly string[]): boolean => {
  let types: Any[] = [Request]
  for (const k of keys) types = types.flatMap((ty) => propsOf(ty, k))
  return types.some((ty) => ty instanceof t.NumberType)
}

import * as t from 'io-ts'
import { issue, pointer, showValue, type Issue, type IssueCode } from '../issues/issue'
import { CONDITION_KEYS } from './condition-codec'

/**
 * Turn io-ts errors into issues: a JSON pointer, what was expected and what was found.
 * (The io-ts `PathReporter` idea, returning data instead of text.)
 *
 * @module
 */

const SKIP_KEYS_OF = new Set(['IntersectionType', 'UnionType', 'RefinementType', 'ReadonlyType', 'ExactType'])

const tagOf = (type: unknown): string | undefined =>
  typeof type === 'object' && type !== null && '_tag' in type ? String((type as { _tag: unknown })._tag) : undefined

/** A short readable name of what a codec expects. */
export const expectedName = (type: { name: string }): string => {
  if (tagOf(type) === 'KeyofType') return `one of ${Object.keys((type as unknown as { keys: object }).keys).join(', ')}`
  const n = type.name
  if (n.startsWith('{') || n.length > 60) return 'object'
  return n.replace(/^Array<(.{40,})>$/, 'Array<…>')
}

/**
 * The issues of a failed io-ts validation. A union that fails in every member gives one issue
 * at its own place (not one per member).
 *
 * @since 0.1.0
 */
export const reportErrors = (
  errors: t.Errors,
  base: string,
  codes: { readonly missing: IssueCode; readonly invalid: IssueCode } = {
    missing: 'schema/missing',
    invalid: 'schema/invalid',
  },
): Issue[] => {
  const seen = new Map<string, Issue>()
  for (const e of errors) {
    let path = base
    let stopAt = e.context.length
    // stop at the outermost union: its members' own errors are noise
    for (let i = 1; i < e.context.length; i++) {
      if (tagOf(e.context[i - 1]?.type) === 'UnionType') {
        stopAt = i - 1
        break
      }
    }
    for (let i = 1; i <= Math.min(stopAt, e.context.length - 1); i++) {
      const parent = e.context[i - 1]
      const entry = e.context[i]
      if (entry === undefined || parent === undefined) continue
      if (SKIP_KEYS_OF.has(tagOf(parent.type) ?? '')) continue
      path = pointer(path, entry.key)
    }
    const last = e.context[Math.min(stopAt, e.context.length - 1)]
    const actual = last?.actual
    const expected = e.message ?? (last ? expectedName(last.type) : 'unknown')
    const code = actual === undefined ? codes.missing : codes.invalid
    const key = `${path}\u0000${code}`
    if (!seen.has(key))
      seen.set(
        key,
        issue(code, path, {
          expected,
          ...(actual === undefined ? {} : { received: showValue(actual) }),
        }),
      )
  }
  return [...seen.values()]
}

const propsOf = (type: unknown): Record<string, t.Mixed> | undefined => {
  const tag = tagOf(type)
  if (tag === 'InterfaceType' || tag === 'PartialType' || tag === 'StrictType')
    return (type as { props: Record<string, t.Mixed> }).props
  if (tag === 'IntersectionType') {
    const all: Record<string, t.Mixed> = {}
    for (const member of (type as { types: unknown[] }).types) {
      const p = propsOf(member)
      if (p === undefined) return undefined
      Object.assign(all, p)
    }
    return all
  }
  return undefined
}

const isObj = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' && u !== null && !Array.isArray(u)

const conditionUnknown = (u: unknown, at: string, code: IssueCode, out: Issue[], depth: number): void => {
  if (!isObj(u) || depth > 200) return
  const own = (k: string): boolean => Object.prototype.hasOwnProperty.call(u, k)
  const bool = ['all', 'any', 'not'].find(own)
  const allowed: readonly string[] = bool
    ? [bool, ...CONDITION_KEYS.boolean]
    : own('condition')
      ? CONDITION_KEYS.reference
      : CONDITION_KEYS.leaf
  for (const k of Object.keys(u))
    if (!allowed.includes(k))
      out.push(issue(code, pointer(at, k), { received: JSON.stringify(k), expected: allowed.join(', ') }))
  if (bool === 'all' || bool === 'any') {
    const subs = u[bool]
    if (Array.isArray(subs)) subs.forEach((s, i) => conditionUnknown(s, pointer(pointer(at, bool), i), code, out, depth + 1))
  } else if (bool === 'not') conditionUnknown(u.not, pointer(at, 'not'), code, out, depth + 1)
}

/**
 * Fields a codec does not know, anywhere below `value` (a typo such as `outcom` must not be
 * dropped silently). Works through objects, intersections, arrays, records and conditions.
 *
 * @since 0.1.0
 */
export const unknownFields = (
  type: unknown,
  value: unknown,
  at: string,
  code: IssueCode = 'schema/unknown-field',
  out: Issue[] = [],
  depth = 0,
  max = Infinity,
): Issue[] => {
  if (depth > 200 || out.length >= max) return out
  const name = (type as { name?: string }).name
  const tag = tagOf(type)
  if (name === 'Condition' || name === 'TopCondition') {
    conditionUnknown(value, at, code, out, depth)
    return out
  }
  if (tag === 'ArrayType' || tag === 'ReadonlyArrayType') {
    if (Array.isArray(value))
      for (let i = 0; i < value.length && out.length < max; i++) unknownFields((type as { type: unknown }).type, value[i], pointer(at, i), code, out, depth + 1, max)
    return out
  }
  if (tag === 'DictionaryType') {
    if (isObj(value))
      for (const [k, v] of Object.entries(value))
        unknownFields((type as { codomain: unknown }).codomain, v, pointer(at, k), code, out, depth + 1, max)
    return out
  }
  if (tag === 'UnionType') {
    // check against the member the value is
    const member = (type as { types: t.Mixed[] }).types.find((m) => m.is(value))
    if (member) unknownFields(member, value, at, code, out, depth, max)
    return out
  }
  const props = propsOf(type)
  if (props === undefined || !isObj(value)) return out
  const allowed = Object.keys(props)
  for (const k of Object.keys(value)) {
    if (out.length >= max) break
    const sub = Object.prototype.hasOwnProperty.call(props, k) ? props[k] : undefined
    if (sub === undefined)
      out.push(issue(code, pointer(at, k), { received: JSON.stringify(k), expected: allowed.join(', ') }))
    else unknownFields(sub, value[k], pointer(at, k), code, out, depth + 1, max)
  }
  return out
}

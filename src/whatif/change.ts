import type { Localized } from '../decode/pack-codec'

/**
 * One change to a request, as a what-if answer proposes it, and the JSON-pointer plumbing to apply
 * changes to a copy of a request (the request itself is never touched).
 *
 * @module
 */

/**
 * One change: the field at `path` (a JSON pointer into the request) goes from `from` to `to`.
 * A missing `from` means the field is absent now; a missing `to` means it is taken away.
 *
 * @example
 * const c: Change = {
 *   path: '/approval/funds', from: 0, to: 1,
 *   reason: { 'zh-CN': '使规则 admission-approved 的条件成立…', en: 'makes rule admission-approved hold…' },
 * }
 * @since 0.1.0
 */
export interface Change {
  readonly path: string
  readonly from?: unknown
  readonly to?: unknown
  /** why: which rule and which of its conditions the change turns, in both languages */
  readonly reason: Localized
}

const has = Object.prototype.hasOwnProperty

/** Split a JSON pointer into its keys (`~1` is `/`, `~0` is `~`). @since 0.1.0 */
export const pointerKeys = (p: string): string[] =>
  p === '' ? [] : p.slice(1).split('/').map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'))

/** Join keys into a JSON pointer. @since 0.1.0 */
export const toPointer = (keys: readonly (string | number)[]): string =>
  keys.map((k) => `/${String(k).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('')

/**
 * The value at a JSON pointer (own properties only), `undefined` where the way ends.
 *
 * @example
 * getAt({ approval: { funds: 3 } }, '/approval/funds') // 3
 * @since 0.1.0
 */
export const getAt = (value: unknown, p: string): unknown => {
  let cur = value
  for (const k of pointerKeys(p)) {
    if (cur === null || typeof cur !== 'object' || !has.call(cur, k)) return undefined
    cur = (cur as Record<string, unknown>)[k]
  }
  return cur
}

/** Whether a pointer names a field that exists. @since 0.1.0 */
export const existsAt = (value: unknown, p: string): boolean => {
  const keys = pointerKeys(p)
  let cur = value
  for (const k of keys) {
    if (cur === null || typeof cur !== 'object' || !has.call(cur, k)) return false
    cur = (cur as Record<string, unknown>)[k]
  }
  return true
}

const clone = (u: unknown): unknown => (u === undefined ? undefined : (JSON.parse(JSON.stringify(u)) as unknown))

const shallow = (u: object): Record<string, unknown> => (Array.isArray(u) ? ([...u] as unknown as Record<string, unknown>) : { ...(u as Record<string, unknown>) })

/**
 * A copy of `request` with the changes applied in order (missing parent objects are created; a
 * change without `to` removes the field). The input is never mutated: only the objects on the
 * changed paths are copied, so a long history is shared, not cloned.
 *
 * @example
 * applyChanges({ kind: 'task' }, [{ path: '/approval/approved', to: true }])
 * // { kind: 'task', approval: { approved: true } }
 * @since 0.1.0
 */
export const applyChanges = (request: unknown, changes: readonly Pick<Change, 'path' | 'to'>[]): unknown => {
  if (request === null || typeof request !== 'object' || !Array.isArray(changes)) return request
  try {
    return applyUnchecked(request, changes)
  } catch {
    return request // a change that is not { path, to }: nothing applied
  }
}

const applyUnchecked = (request: object, changes: readonly Pick<Change, 'path' | 'to'>[]): unknown => {
  const copied = new Set<object>()
  const own = (u: object): Record<string, unknown> => {
    const c = shallow(u)
    copied.add(c)
    return c
  }
  const out = own(request)
  for (const c of changes) {
    const keys = pointerKeys(c.path)
    if (keys.length === 0) continue
    const removing = c.to === undefined
    let cur: Record<string, unknown> = out
    let ok = true
    for (const k of keys.slice(0, -1)) {
      const next = has.call(cur, k) ? cur[k] : undefined
      if (next === null || typeof next !== 'object') {
        if (removing) {
          ok = false
          break
        }
        const made: Record<string, unknown> = {}
        copied.add(made)
        cur[k] = made
        cur = made
      } else {
        const mine = copied.has(next) ? (next as Record<string, unknown>) : own(next)
        cur[k] = mine
        cur = mine
      }
    }
    if (!ok) continue
    const last = keys[keys.length - 1] as string
    if (removing) {
      if (Array.isArray(cur)) cur.splice(Number(last), 1)
      else delete cur[last]
    } else cur[last] = clone(c.to)
  }
  return out
}

/** A stable text key of a set of changes (paths and target values), for de-duplication. @since 0.1.0 */
export const changeKey = (changes: readonly Pick<Change, 'path' | 'to'>[]): string =>
  [...changes]
    .map((c) => `${c.path}=${c.to === undefined ? '∅' : JSON.stringify(c.to)}`)
    .sort()
    .join('&')

/**
 * Plain property paths for a condition's `path`, such as `$.level`, `$.a.b[0]` or `$['key']`.
 * This replaces json-rules-engine's default JSONPath resolver: no filters, no scripts, no
 * recursive descent, and only own properties, so a path can never run code or reach
 * `Object.prototype`.
 *
 * @module
 */

/** A parsed path: property names and array indexes. @since 0.1.0 */
export type PathSegments = readonly (string | number)[]

const IDENT = /^[A-Za-z_$\u00a0-\uffff][\w$\u00a0-\uffff-]*/

/**
 * Parse a plain property path. Returns `undefined` for anything else (filters `?()`, scripts,
 * wildcards, `..`).
 *
 * @example
 * parsePath('$.requester.level') // ['requester', 'level']
 * parsePath("$['street-inspections'].exceeded") // ['street-inspections', 'exceeded']
 * parsePath('$..*') // undefined
 * @since 0.1.0
 */
export const parsePath = (path: string): PathSegments | undefined => {
  if (typeof path !== 'string' || path.length > 512) return undefined
  let rest = path.startsWith('$') ? path.slice(1) : `.${path}`
  const out: (string | number)[] = []
  while (rest.length > 0) {
    if (rest.startsWith('..')) return undefined
    if (rest.startsWith('.')) {
      const m = IDENT.exec(rest.slice(1))
      if (m === null) return undefined
      out.push(m[0])
      rest = rest.slice(1 + m[0].length)
    } else if (rest.startsWith('[')) {
      const idx = /^\[(\d{1,9})\]/.exec(rest)
      const quoted = /^\['((?:[^'\\]|\\.){1,256})'\]/.exec(rest) ?? /^\["((?:[^"\\]|\\.){1,256})"\]/.exec(rest)
      if (idx !== null) {
        out.push(Number(idx[1]))
        rest = rest.slice(idx[0].length)
      } else if (quoted !== null) {
        out.push((quoted[1] as string).replace(/\\(.)/g, '$1'))
        rest = rest.slice(quoted[0].length)
      } else return undefined
    } else return undefined
  }
  return out
}

const has = Object.prototype.hasOwnProperty

/**
 * Follow parsed segments through own properties only; `undefined` where the way ends.
 *
 * @example
 * resolveSegments({ a: { b: [7] } }, ['a', 'b', 0]) // 7
 * resolveSegments({}, ['__proto__']) // undefined
 * @since 0.1.0
 */
export const resolveSegments = (value: unknown, segments: PathSegments): unknown => {
  let cur: unknown = value
  for (let i = 0; i < segments.length; i++) {
    if (cur === null || typeof cur !== 'object') return undefined
    const seg = segments[i] as string | number
    if (!has.call(cur, seg)) return undefined
    cur = (cur as Record<string | number, unknown>)[seg]
  }
  return cur
}

const cache = new Map<string, PathSegments | null>()

/**
 * The path resolver given to json-rules-engine (and used by the compiled path): parse once,
 * then follow own properties. A path that is not plain resolves to `undefined`.
 *
 * @example
 * pathResolver({ level: 'street' }, '$.level') // 'street'
 * @since 0.1.0
 */
export const pathResolver = (value: unknown, path: string): unknown => {
  let segs = cache.get(path)
  if (segs === undefined) {
    segs = parsePath(path) ?? null
    if (cache.size < 10_000) cache.set(path, segs)
  }
  return segs === null ? undefined : resolveSegments(value, segs)
}

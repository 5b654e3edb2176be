/**
 * Exact ratios for review thresholds: "dissatisfaction above one third" must be exact at 10/30.
 *
 * @module
 */

/** A ratio as two integers. @since 0.1.0 */
export interface Ratio {
  readonly part: number
  readonly whole: number
}

/**
 * Parse `"1/3"`, `{part, whole}` or a plain number into a ratio; `undefined` if it is none.
 *
 * @example
 * parseRatio('1/3') // { part: 1, whole: 3 }
 * parseRatio(0.5) // { part: 1, whole: 2 }
 * @since 0.1.0
 */
export const parseRatio = (u: unknown): Ratio | undefined => {
  if (typeof u === 'string') {
    const m = /^\s*(\d{1,9})\s*\/\s*(\d{1,9})\s*$/.exec(u)
    if (m === null) return undefined
    const whole = Number(m[2])
    return whole > 0 ? { part: Number(m[1]), whole } : undefined
  }
  if (typeof u === 'number' && Number.isFinite(u) && u >= 0) {
    // decimals as exact fractions of a power of ten
    const s = String(u)
    if (/e/i.test(s)) return undefined
    const dot = s.indexOf('.')
    const digits = dot < 0 ? 0 : s.length - dot - 1
    if (digits > 9) return undefined
    const whole = 10 ** digits
    return { part: Math.round(u * whole), whole }
  }
  if (typeof u === 'object' && u !== null) {
    const { part, whole } = u as { part?: unknown; whole?: unknown }
    if (
      typeof part === 'number' &&
      typeof whole === 'number' &&
      Number.isSafeInteger(part) &&
      Number.isSafeInteger(whole) &&
      part >= 0 &&
      whole > 0
    )
      return { part, whole }
  }
  return undefined
}

/**
 * Compare two ratios exactly: negative, zero or positive.
 *
 * @example
 * compareRatio({ part: 10, whole: 30 }, { part: 1, whole: 3 }) // 0
 * @since 0.1.0
 */
export const compareRatio = (a: Ratio, b: Ratio): number => {
  const l = BigInt(a.part) * BigInt(b.whole)
  const r = BigInt(b.part) * BigInt(a.whole)
  return l < r ? -1 : l > r ? 1 : 0
}

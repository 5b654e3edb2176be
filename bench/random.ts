/**
 * A small seeded pseudo-random generator (mulberry32) and helpers, so that the bench, the floor
 * test and the event generator draw the same values on every run and every machine.
 *
 * @example
 * const r = seeded(42)
 * r.int(0, 9) // the same number on every run
 * @since 0.1.0
 */
export interface Random {
  /** a float in [0, 1) */
  next(): number
  /** an integer in [lo, hi] */
  int(lo: number, hi: number): number
  /** true with probability p */
  chance(p: number): boolean
  /** one element of a non-empty array */
  pick<T>(xs: readonly T[]): T
}

/** A seeded generator. @since 0.1.0 */
export const seeded = (seed: number): Random => {
  let a = seed >>> 0
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T,
  }
}

const DAY = 86_400_000

/** The local date `days` after `date` (calendar arithmetic in UTC, no zone involved). @since 0.1.0 */
export const addDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10)

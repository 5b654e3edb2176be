import { showConjunct, type Conjunct, type Literal } from './literals'

/**
 * Can a conjunction of literals hold? A sound, simple analysis over the literals that read the
 * same fact and path: the values `equal`, `in` and `inList` allow, less those `notEqual`, `notIn`
 * and `notInList` exclude, within the bounds of the numeric comparisons. When it can hold, it
 * also gives a value for each fact and path (`undefined`: leave it out of the request), from
 * which a witness request is built. Opaque conjuncts are ignored: "cannot hold" is only said when
 * the literals alone cannot.
 *
 * @module
 */

/** What the analysis needs of the lists: every member a list ever has, and those it always has. */
export interface ListMembers {
  readonly ever: (list: string) => readonly unknown[] | undefined
  readonly always: (list: string) => readonly unknown[]
}

/** A value chosen for one fact and path. @since 0.1.0 */
export interface Assigned {
  readonly fact: string
  readonly path?: string
  readonly value: unknown
}

/** The result of the analysis. @since 0.1.0 */
export type Satisfaction =
  | { readonly ok: true; readonly assignment: readonly Assigned[] }
  | { readonly ok: false; readonly reason: string }

const numeric = (a: unknown): boolean => Number.parseFloat(a as string).toString() !== 'NaN'

const COMPARE: Record<string, (a: any, b: any) => boolean> = {
  lessThan: (a, b) => numeric(a) && a < b,
  lessThanInclusive: (a, b) => numeric(a) && a <= b,
  greaterThan: (a, b) => numeric(a) && a > b,
  greaterThanInclusive: (a, b) => numeric(a) && a >= b,
}

const holds = (l: Literal, v: unknown, lists: ListMembers): boolean => {
  switch (l.op) {
    case 'equal':
      return v === l.value
    case 'notEqual':
      return v !== l.value
    case 'in':
      return (l.value as unknown[]).includes(v)
    case 'notIn':
      return !(l.value as unknown[]).includes(v)
    case 'inList':
      return (lists.ever(String(l.value)) ?? []).includes(v)
    case 'notInList':
      return !lists.always(String(l.value)).includes(v)
    default: {
      const cmp = COMPARE[l.op]
      return cmp === undefined ? true : cmp(v, l.value)
    }
  }
}

const pickNumber = (ls: readonly Literal[]): number | undefined => {
  let lo = -Infinity
  let hi = Infinity
  for (const l of ls) {
    if (typeof l.value !== 'number') return undefined
    if (l.op === 'greaterThan' || l.op === 'greaterThanInclusive') lo = Math.max(lo, l.value)
    if (l.op === 'lessThan' || l.op === 'lessThanInclusive') hi = Math.min(hi, l.value)
  }
  const candidates = [lo, hi, (lo + hi) / 2, lo + 1, hi - 1, lo + 0.5, hi - 0.5, 0].filter((x) => Number.isFinite(x))
  return candidates.find((x) => ls.every((l) => COMPARE[l.op]?.(x, l.value) !== false))
}

/**
 * Analyse a conjunction.
 *
 * @example
 * satisfy([equal kind a, equal kind b], lists) // { ok: false, reason: 'kind equal "a" ∧ kind equal "b"' }
 * @since 0.1.0
 */
export const satisfy = (cs: readonly Conjunct[], lists: ListMembers): Satisfaction => {
  const groups = new Map<string, Literal[]>()
  for (const c of cs) if (c.kind === 'literal') groups.set(c.key, [...(groups.get(c.key) ?? []), c])
  const assignment: Assigned[] = []
  for (const ls of groups.values()) {
    const first = ls[0] as Literal
    const scalar = ls.filter((l) => l.op !== 'contains' && l.op !== 'someInList')
    const arrayOps = ls.filter((l) => l.op === 'contains' || l.op === 'someInList')
    const why = (): string => scalar.map(showConjunct).join(' ∧ ')
    let candidates: unknown[] | undefined
    for (const l of scalar) {
      const vals = l.op === 'equal' ? [l.value] : l.op === 'in' ? (l.value as unknown[]) : l.op === 'inList' ? lists.ever(String(l.value)) : undefined
      if (vals === undefined) continue
      candidates = candidates === undefined ? [...vals] : candidates.filter((v) => vals.includes(v))
    }
    const bounds = scalar.filter((l) => COMPARE[l.op] !== undefined)
    if (candidates !== undefined) {
      const ok = candidates.filter((v) => scalar.every((l) => holds(l, v, lists)))
      if (ok.length === 0) return { ok: false, reason: why() }
      if (arrayOps.length === 0) assignment.push({ fact: first.fact, ...(first.path !== undefined ? { path: first.path } : {}), value: ok[0] })
      continue
    }
    if (bounds.length > 0) {
      const n = pickNumber(bounds)
      const allNumbers = bounds.every((l) => typeof l.value === 'number')
      if (n === undefined && allNumbers) {
        // an empty interval of numbers: no value compares so
        let lo = -Infinity
        let hi = Infinity
        let loStrict = false
        let hiStrict = false
        for (const l of bounds) {
          const v = l.value as number
          const strictOp = l.op === 'greaterThan' || l.op === 'lessThan'
          if (l.op.startsWith('greater')) {
            if (v > lo) [lo, loStrict] = [v, strictOp]
            else if (v === lo) loStrict ||= strictOp
          } else if (v < hi) [hi, hiStrict] = [v, strictOp]
          else if (v === hi) hiStrict ||= strictOp
        }
        const strict = loStrict || hiStrict
        if (lo > hi || (lo === hi && strict)) return { ok: false, reason: why() }
      }
      if (n !== undefined && scalar.every((l) => holds(l, n, lists)) && arrayOps.length === 0)
        assignment.push({ fact: first.fact, ...(first.path !== undefined ? { path: first.path } : {}), value: n })
      continue
    }
    if (arrayOps.length > 0) {
      const items: unknown[] = []
      for (const l of arrayOps) {
        if (l.op === 'contains') items.push(l.value)
        else {
          const m = lists.ever(String(l.value))?.[0]
          if (m !== undefined) items.push(m)
        }
      }
      assignment.push({ fact: first.fact, ...(first.path !== undefined ? { path: first.path } : {}), value: items })
    }
    // only exclusions: leaving the field out satisfies notEqual, notIn and notInList
  }
  return { ok: true, assignment }
}

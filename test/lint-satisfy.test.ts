import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { resolveOperator } from '../src/compile/operators'
import type { LeafConditionJson } from '../src/decode/condition-codec'
import { conjuncts } from '../src/lint/literals'
import { satisfy, type ListMembers } from '../src/lint/satisfy'

const LISTS: Record<string, unknown[]> = { l1: ['a', 'b'], l2: ['b', 'c', 2] }
const lists: ListMembers = { ever: (id) => LISTS[id], always: (id) => LISTS[id] ?? [] }
const env = { lists: new Map(Object.entries(LISTS).map(([id, m]) => [id, { id, members: new Set(m), incomplete: false }])) }
const VALUES = ['a', 'b', 'c', 1, 2, 3, true]

const leaf = fc.oneof(
  fc.record({ operator: fc.constantFrom('equal', 'notEqual', 'not:equal'), value: fc.constantFrom(...VALUES) }),
  fc.record({ operator: fc.constantFrom('in', 'notIn'), value: fc.subarray(VALUES) }),
  fc.record({ operator: fc.constantFrom('inList', 'notInList'), value: fc.constantFrom('l1', 'l2') }),
  fc.record({ operator: fc.constantFrom('lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive'), value: fc.constantFrom(1, 2, 3) }),
)
const conj = fc.array(fc.record({ path: fc.constantFrom('$.x', '$.y'), l: leaf }), { minLength: 1, maxLength: 5 })

const holds = (l: LeafConditionJson, v: unknown): boolean => resolveOperator(l.operator)?.evaluate(v, l.value, env) === true
const CANDIDATES = [undefined, ...VALUES, 0, 1.5, 2.5, 4, 'z', false]

describe('the satisfiability analysis of lint', () => {
  it('never says "cannot hold" when some value makes every condition hold (sound), and its values do make them hold', () => {
    fc.assert(
      fc.property(conj, (cs) => {
        const leaves: LeafConditionJson[] = cs.map((c) => ({ fact: 'item', path: c.path, operator: c.l.operator, value: c.l.value }))
        const r = satisfy(conjuncts({ all: leaves }, new Map()), lists)
        const byPath = (p: string) => leaves.filter((l) => l.path === p)
        const possible = ['$.x', '$.y'].every((p) => CANDIDATES.some((v) => byPath(p).every((l) => holds(l, v))))
        if (possible) expect(r.ok).toBe(true)
        if (r.ok)
          for (const p of ['$.x', '$.y']) {
            const chosen = r.assignment.find((a) => a.path === p)?.value
            // a value chosen must satisfy the leaves on its path (leaving it out is tried when none is chosen)
            if (chosen !== undefined || byPath(p).every((l) => holds(l, undefined))) expect(byPath(p).every((l) => holds(l, chosen))).toBe(true)
          }
      }),
      { numRuns: 2000 },
    )
  })

  it('finds the plain contradictions', () => {
    const no = (leaves: LeafConditionJson[]): boolean => !satisfy(conjuncts({ all: leaves }, new Map()), lists).ok
    expect(no([{ fact: 'kind', operator: 'equal', value: 'a' }, { fact: 'kind', operator: 'equal', value: 'b' }])).toBe(true)
    expect(no([{ fact: 'kind', operator: 'equal', value: 'a' }, { fact: 'kind', operator: 'notEqual', value: 'a' }])).toBe(true)
    expect(no([{ fact: 'kind', operator: 'in', value: ['a'] }, { fact: 'kind', operator: 'in', value: ['b', 'c'] }])).toBe(true)
    expect(no([{ fact: 'kind', operator: 'inList', value: 'l1' }, { fact: 'kind', operator: 'notInList', value: 'l1' }])).toBe(true)
    expect(no([{ fact: 'n', operator: 'greaterThan', value: 3 }, { fact: 'n', operator: 'lessThan', value: 3 }])).toBe(true)
    expect(no([{ fact: 'kind', operator: 'equal', value: 'a' }, { fact: 'kind', path: '$.x', operator: 'equal', value: 'b' }])).toBe(false)
  })
})

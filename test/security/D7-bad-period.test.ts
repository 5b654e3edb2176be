/**
 * D7: pack dates that are not YYYY-MM-DD are compile/bad-period with file, line and field, and
 * compilePolicy never throws.
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { compile, compilePolicy } from '../../src/node/index'
import { miniText, right } from './_helpers'

const BAD = ['2026-3-2', '2026-3-02', '26-03-02', '2026-W10-1', '２０２６-03-02']

describe('D7 odd pack dates', () => {
  for (const bad of BAD) {
    it(`${bad} on a rule is compile/bad-period with file, line and field`, () => {
      const text = miniText.replace('  - id: cert-ok\n', `  - id: cert-ok\n    from: '${bad}'\n`)
      const r = compile({ text, file: 'p.yaml' })
      expect(E.isLeft(r)).toBe(true)
      const i = E.isLeft(r) ? r.left.find((x) => x.code === 'compile/bad-period') : undefined
      expect(i).toMatchObject({ code: 'compile/bad-period', file: 'p.yaml', path: '/rules/1/from' })
      expect(i?.line).toBeGreaterThan(0)
    })
    it(`${bad} on the pack and on a list item`, () => {
      const text = miniText
        .replace('id: demo\n', `id: demo\nuntil: '${bad}'\n`)
        .replace('{ id: residence, name: 居住 }', `{ id: residence, name: 居住, from: '${bad}' }`)
      const r = compile({ text, file: 'p.yaml' })
      const found = E.isLeft(r) ? r.left.filter((x) => x.code === 'compile/bad-period').map((x) => [x.path, x.file, typeof x.line]) : []
      expect(found).toEqual(expect.arrayContaining([['/until', 'p.yaml', 'number'], ['/lists/certs/items/0/from', 'p.yaml', 'number']]))
    })
  }
  it('compilePolicy on a resolved policy with an odd date gives a Left, never throws', () => {
    const good = right(compile({ text: miniText, file: 'p.yaml' })).resolved
    for (const bad of BAD) {
      const rules = good.rules.map((r, i) => (i === 0 ? { ...r, rule: { ...r.rule, from: bad } } : r))
      const r = compilePolicy({ ...good, rules })
      expect(E.isLeft(r) ? r.left.map((x) => x.code) : []).toContain('compile/bad-period')
    }
  })
})

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { lintPaths } from '../src/cli/lint'
import { formatFinding, lintSources } from '../src/lint/index'
import { LINT_EN, LINT_ZH_CN } from '../src/lint/catalog'
import { LINT_CODES } from '../src/lint/codes'

const root = join(import.meta.dirname, '..')
const child = 'test/fixtures/lint/child/pack.yaml'
const parent = 'test/fixtures/lint/parent/pack.yaml'
const read = (f: string): string => readFileSync(join(root, f), 'utf8')

describe('zhunru lint on the seeded fixture', () => {
  const findings = lintSources(
    [
      { text: read(parent), file: parent, linted: true },
      { text: read(child), file: child, linted: true },
    ],
    { today: '2026-03-02' },
  )
  const seen = findings.map((f) => `${f.code} ${f.file}:${f.line}:${f.column} ${f.path}`)

  it('reports every seeded problem with its code, line and column, and nothing else', () => {
    expect(seen).toEqual([
      `lint/loosened ${child}:11:5 /params/revoke-threshold/value`,
      `lint/loosened ${child}:16:5 /caps/meetings/max`,
      `lint/expired-item ${child}:20:38 /lists/plaques/items/0/until`,
      `lint/duplicate-id ${child}:29:5 /rules/1/id`,
      `lint/unknown-list ${child}:40:59 /rules/2/conditions/all/0/value`,
      `lint/unknown-fact ${child}:41:13 /rules/2/conditions/all/1/fact`,
      `lint/unknown-param ${child}:42:27 /rules/2/conditions/all/2/path`,
      `lint/unknown-operator ${child}:43:25 /rules/2/conditions/all/3/operator`,
      `lint/no-citation ${child}:46:5 /rules/3`,
      `lint/missing-english ${child}:56:5 /rules/4/message`,
      `lint/unsatisfiable ${child}:60:5 /rules/5/conditions`,
      `lint/tier-conflict ${child}:71:5 /rules/7/priority`,
      `lint/shadowed ${child}:83:5 /rules/9/priority`,
      `lint/expired ${child}:90:5 /rules/10/until`,
      `lint/unknown-prevails-over ${child}:101:11 /rules/11/prevailsOver/0/rule`,
    ])
  })

  it('names the line each position points at', () => {
    const lines = read(child).split('\n')
    const at = (code: string): string => {
      const f = findings.find((x) => x.code === code)
      return lines[(f?.line ?? 0) - 1]?.slice((f?.column ?? 1) - 1) ?? ''
    }
    expect(at('lint/unknown-fact')).toMatch(/^fact: weather/)
    expect(at('lint/expired')).toMatch(/^until: '2020-12-31'/)
    expect(at('lint/unknown-prevails-over')).toMatch(/^rule: ghost/)
  })

  it('shows a tier conflict with a request that, evaluated, fires both rules', () => {
    const f = findings.find((x) => x.code === 'lint/tier-conflict')
    expect(f?.witness).toMatchObject({ kind: 'inspection', requester: { level: 'street' }, inspection: { onAnnualPlan: true } })
    expect(f?.params).toMatchObject({ rule: 'inspection-required', other: 'inspection-refusable', priority: 40 })
  })

  it('says why conditions cannot hold, and what shadows what', () => {
    expect(findings.find((x) => x.code === 'lint/unsatisfiable')?.received).toBe('kind equal "meeting" ∧ kind equal "plaque"')
    expect(findings.find((x) => x.code === 'lint/shadowed')?.params).toMatchObject({ rule: 'comprehensive-evaluation', other: 'no-evaluations' })
  })

  it('no expiry findings without a date, and none before the period ends', () => {
    const src = [
      { text: read(parent), file: parent, linted: false },
      { text: read(child), file: child, linted: true },
    ]
    expect(lintSources(src, {}).some((f) => f.code.startsWith('lint/expired'))).toBe(false)
    expect(lintSources(src, { today: '2019-06-01' }).some((f) => f.code.startsWith('lint/expired'))).toBe(false)
  })

  it('a deliberate loosening is not reported', () => {
    const text = read(child).replace("value: '1/2'", "value: '1/2'\n    deliberate: true").replace('max: 5', 'max: 5\n    deliberate: true')
    const fs = lintSources([{ text: read(parent), file: parent, linted: true }, { text, file: child, linted: true }], { today: '2026-03-02' })
    expect(fs.filter((f) => f.code === 'lint/loosened')).toEqual([])
  })

  it('prints each finding in Chinese by default, with a hint, and in English', () => {
    const f = findings.find((x) => x.code === 'lint/unsatisfiable')
    if (f === undefined) throw new Error('missing')
    expect(formatFinding(f)).toContain('不可能同时成立')
    expect(formatFinding(f)).toContain('提示')
    expect(formatFinding(f, 'en')).toContain('can never hold together')
  })

  it('every lint code has a message in both catalogues', () => {
    for (const code of LINT_CODES) {
      expect(LINT_ZH_CN[code].message.length).toBeGreaterThan(0)
      expect(LINT_EN[code].message.length).toBeGreaterThan(0)
    }
  })

  it('a YAML mistake is reported at its line and column', () => {
    const fs = lintSources([{ text: 'id: x\nrules: [\n  - a: b\n', file: 'bad.yaml', linted: true }])
    expect(fs[0]?.code).toBe('yaml/syntax')
    expect(fs[0]?.line).toBeGreaterThan(0)
  })
})

describe('zhunru lint on the shipped packs', () => {
  it('finds no problem other than tier conflicts, each shown by an evaluated request', () => {
    const { files, findings } = lintPaths([join(root, 'rules')], '2026-03-02')
    expect(files.length).toBeGreaterThanOrEqual(6)
    expect(findings.filter((f) => f.code !== 'lint/tier-conflict')).toEqual([])
    for (const f of findings) expect(f.witness).toBeDefined()
  })
})

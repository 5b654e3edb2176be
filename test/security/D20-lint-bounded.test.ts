import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { lintCommand, lintPaths } from '../../src/cli/lint'
import { run } from '../_capture'

/**
 * D20 (security review): `lint` made one `tier-conflict` finding per pair of overlapping rules of
 * one priority: 400 rules gave 60,000 findings (23 MB, 9 s), with no cap. Conflicts are now
 * grouped per rule (one finding, with how many other rules it conflicts with), the pairs checked
 * are bounded (`lint/conflicts-capped` says how many were left), and the text output shows at
 * most 200 findings and how many more there are.
 */

const packWith = (n: number): string => {
  const rules = Array.from({ length: n }, (_, i) =>
    [
      `  - id: r${i}`,
      `    outcome: ${i % 2 === 0 ? 'refusable' : 'required'}`,
      '    priority: 40',
      '    conditions: { all: [{ fact: kind, operator: equal, value: inspection }, { fact: requester, path: $.level, operator: equal, value: street }] }',
      `    citation: { source: doc, article: 第${i + 1}条, quote: 原文 }`,
      `    message: { zh-CN: 规则${i}, en: rule ${i} }`,
    ].join('\n'),
  )
  return [
    'id: many-rules',
    'extends: cn-national',
    'title: { zh-CN: 多规则, en: many rules }',
    'jurisdiction: { level: district, name: { zh-CN: 某区, en: a district } }',
    'documents:',
    '  - { id: doc, title: 某区细则, provenance: official }',
    'rules:',
    ...rules,
  ].join('\n')
}
const dirOf = (n: number): string => {
  const d = mkdtempSync(join(tmpdir(), 'zhunru-d20-'))
  mkdirSync(join(d, 'many'))
  writeFileSync(join(d, 'many', 'pack.yaml'), packWith(n))
  return d
}

describe('D20: lint findings are bounded and grouped', () => {
  it('groups tier conflicts per rule, with the count of the others', () => {
    const n = 60
    const { findings } = lintPaths([dirOf(n)], '2026-03-02')
    const conflicts = findings.filter((f) => f.code === 'lint/tier-conflict')
    // 30 refusable rules, each in conflict with the 30 required ones: one finding each
    expect(conflicts.length).toBe(n / 2)
    expect(conflicts.reduce((s, f) => s + 1 + Number(f.params?.more ?? 0), 0)).toBe((n / 2) * (n / 2))
  })

  it('bounds the pairs checked, and says so', () => {
    const { findings } = lintPaths([dirOf(80)], '2026-03-02', { maxConflictChecks: 100 })
    const capped = findings.filter((f) => f.code === 'lint/conflicts-capped')
    expect(capped).toHaveLength(1)
    expect(Number(capped[0]?.params?.unchecked)).toBeGreaterThan(0)
    expect(findings.filter((f) => f.code === 'lint/tier-conflict').length).toBeLessThanOrEqual(80)
  })

  it('the text output shows at most 200 findings, then how many more', () => {
    const d = dirOf(2)
    // 450 rules with no citation: 450 findings
    const rules = Array.from({ length: 450 }, (_, i) => `  - { id: x${i}, outcome: permitted, priority: 5, conditions: { all: [{ fact: kind, operator: equal, value: form }] }, message: { zh-CN: 甲, en: a } }`)
    writeFileSync(join(d, 'many', 'pack.yaml'), `${packWith(0).replace('rules:', '')}rules:\n${rules.join('\n')}\n`)
    const r = run(() => lintCommand([d], { lang: 'en', today: '2026-03-02' }))
    expect(r.code).toBe(1)
    expect((r.out.match(/\[lint\//g) ?? []).length).toBe(200)
    expect(r.out).toMatch(/and \d+ more finding\(s\) not shown/)
  })
})

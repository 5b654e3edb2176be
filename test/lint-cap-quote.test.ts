/**
 * `lint/cap-quote-differs`: a pack replaces a parent's cap with another `max` while inheriting a
 * rule that reads the cap and quotes a clause stating the old number. A warning that names the
 * rule, its pack and its place, the cap and its place; judged from the packs, whatever they are.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { lintPaths } from '../src/cli/lint'
import { formatFinding, isWarning, lintSources, type LintFinding } from '../src/lint/index'
import { statedCounts } from '../src/lint/lint-policy'

const root = join(import.meta.dirname, '..')
process.chdir(root)

const parentFile = 'parent/pack.yaml'
const childFile = 'child/pack.yaml'
const parent = `id: p
title: { zh-CN: 上级 }
jurisdiction: { level: province, name: { zh-CN: 上级 } }
documents:
  - { id: doc, title: 上级规定, kind: source }
conditions:
  over: { fact: caps, path: $.visits.exceeded, operator: equal, value: true }
caps:
  visits:
    match: { fact: kind, operator: equal, value: inspection }
    window: month
    max: 3
    citation: { source: doc, article: 一, reading: { zh-CN: 每月不超过三次 } }
rules:
  - id: over-cap
    outcome: refusable
    priority: 80
    conditions: { condition: over }
    citation: { source: doc, article: 一, reading: { zh-CN: 每月不超过三次 } }
    message: { zh-CN: 超过上限 }
`
const child = (max: number, rules = ''): string => `id: c
extends: p
title: { zh-CN: 下级 }
jurisdiction: { level: district, name: { zh-CN: 下级 } }
documents:
  - { id: amend, title: 下级修订, kind: source }
caps:
  visits:
    match: { fact: kind, operator: equal, value: inspection }
    window: month
    max: ${max}
    deliberate: true
    citation: { source: amend, article: 一, reading: { zh-CN: 每月不超过${max}次 } }
rules: ${rules === '' ? '[]' : `\n${rules}`}
`

const lint = (parentText: string, childText: string): LintFinding[] =>
  lintSources(
    [
      { text: parentText, file: parentFile, linted: false },
      { text: childText, file: childFile, linted: true },
    ],
    { today: '2026-03-02', skipConflicts: true },
  ).filter((f) => f.code === 'lint/cap-quote-differs')

describe('statedCounts', () => {
  it('reads counts in Arabic, full-width and Chinese numerals, before a measure word only', () => {
    expect(statedCounts('街道辦事處對社區工作的檢查每月不超過3次。')).toEqual([3])
    expect(statedCounts('每年一次性實施')).toEqual([1])
    expect(statedCounts('每月不得超过１２次，每年不超过二十次、一百零五項')).toEqual([12, 20, 105])
    expect(statedCounts('十项规定 六：2013年11月5日起施行')).toEqual([10])
    expect(statedCounts('統一納入綜合性考評')).toEqual([])
    expect(statedCounts(undefined as never)).toEqual([])
  })
})

describe('lint/cap-quote-differs on packs written for it', () => {
  it('the quote states the old number: one warning per inherited rule reading the cap, directly or through a named condition', () => {
    // the rule's citation is given as a quote of the parent's words (no text file to check it against here)
    const p = parent.replace(/rules:\n[\s\S]*$/, '') + `rules:
  - id: named
    outcome: refusable
    priority: 80
    conditions: { condition: over }
    citation: { source: doc, article: 一, quote: 检查每月不超过三次 }
    message: { zh-CN: 说明 }
  - id: direct
    outcome: permitted
    priority: 5
    conditions: { all: [{ fact: caps, path: $.visits.withThis, operator: lessThanInclusive, value: 3 }] }
    citation: { source: doc, article: 一, quote: 检查每月不超过3次 }
    message: { zh-CN: 说明 }
  - id: other-number
    outcome: permitted
    priority: 6
    conditions: { all: [{ fact: caps, path: $.visits.applies, operator: equal, value: true }] }
    citation: { source: doc, article: 一, quote: 每年检查不超过12次 }
    message: { zh-CN: 说明 }
  - id: no-cap
    outcome: permitted
    priority: 7
    conditions: { all: [{ fact: kind, operator: equal, value: meeting }] }
    citation: { source: doc, article: 二, quote: 会议每月不超过3次 }
    message: { zh-CN: 说明 }
`
    const fs = lint(p, child(4))
    expect(fs.map((f) => f.params?.rule)).toEqual(['named', 'direct'])
    for (const f of fs) {
      expect(isWarning(f)).toBe(true)
      expect([f.file, f.line, f.path, f.expected, f.received]).toEqual([childFile, 11, '/caps/visits/max', '3', '4'])
      expect(f.params).toMatchObject({ cap: 'visits', rulePack: 'p', ruleFile: parentFile })
    }
    // the rule's place: the line of its quote in the parent's file
    const lines = p.split('\n')
    const named = fs[0] as LintFinding
    const [, line] = /:(\d+):\d+$/.exec(String(named.params?.ruleAt)) ?? []
    expect(lines[Number(line) - 1]).toContain('检查每月不超过三次')
    expect(formatFinding(named, 'zh-CN')).toContain(`child/pack.yaml:11:5 /caps/visits/max [lint/cap-quote-differs] 提醒：本包把上限 visits 从 3 改为 4，但继承的规则 named（p，${parentFile}:${line}:`)
    expect(formatFinding(named, 'en')).toContain('warning: this pack changes cap visits from 3 to 4, but the inherited rule named (p, parent/pack.yaml:')

    // the same max: nothing to say; a rule the child overrides with its own citation: not inherited
    expect(lint(p, child(3))).toEqual([])
    const own = `  - id: named
    outcome: refusable
    priority: 80
    conditions: { condition: over }
    citation: { source: amend, article: 一, reading: { zh-CN: 每月不超过4次 } }
    message: { zh-CN: 说明 }
`
    expect(lint(p, child(4, own)).map((f) => f.params?.rule)).toEqual(['direct'])
    // a tightened cap is reported the same way (the quote is stale either way)
    expect(lint(p, child(2)).map((f) => f.params?.rule)).toEqual(['named', 'direct'])
  })

  it('the worked example: the district raised Shandong\'s 3 inspections to 4; both inherited rules that read the cap are named', () => {
    const { findings } = lintPaths(['examples/amend-shandong'], '2026-03-02')
    const fs = findings.filter((f) => f.code === 'lint/cap-quote-differs')
    expect(fs.map((f) => f.params?.rule).sort()).toEqual(['street-inspection-cap', 'street-inspection-within-cap'])
    const shandong = readFileSync(join(root, 'rules/cn-shandong/pack.yaml'), 'utf8').split('\n')
    for (const f of fs) {
      const [, line] = /^rules\/cn-shandong\/pack\.yaml:(\d+):\d+$/.exec(String(f.params?.ruleAt)) ?? []
      expect(shandong[Number(line) - 1]).toContain('每月不超過3次')
      expect([f.file, f.path]).toEqual(['examples/amend-shandong/pack.yaml', '/caps/street-inspections/max'])
    }
    // the bundled packs themselves change no cap of a parent
    expect(lintPaths(['rules'], '2026-03-02').findings.filter((f) => f.code === 'lint/cap-quote-differs')).toEqual([])
  })
})

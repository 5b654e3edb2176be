import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { diffPolicies, diffWitness, renderDiff } from '../src/impact/index'
import { evaluate, loadPolicy, type CompiledPolicy } from '../src/node/index'

/** `diffPolicies` and `diffWitness` (issue 17, item 2): rules added, removed and changed, and checked witnesses. */

const load = (ref: string): CompiledPolicy => {
  const p = loadPolicy(ref)
  if (E.isLeft(p)) throw new Error(JSON.stringify(p.left))
  return p.right
}

const child = (body: string): string => {
  const dir = join(mkdtempSync(join(tmpdir(), 'zhunru-diff-')), 'child')
  mkdirSync(dir)
  writeFileSync(
    join(dir, 'pack.yaml'),
    `id: child
extends: cn-shandong
title: { zh-CN: 子, en: child }
jurisdiction: { level: district, name: { zh-CN: 示例, en: example } }
documents:
  - { id: amend, title: 示例修订, kind: source }
${body}`,
  )
  return dir
}

describe('diffPolicies', () => {
  const before = load('cn-shandong')
  const reference = readFileSync(new URL('../rules/cn-shandong/pack.yaml', import.meta.url), 'utf8')
  const ruleText = (id: string): string => {
    const start = reference.indexOf(`  - id: ${id}\n`)
    return reference.slice(start, reference.indexOf('\n  - id:', start + 5))
  }

  it('finds a rule added, one removed, and one changed (priority and outcome), with a checked witness for each', () => {
    const changed = ruleText('department-inspects-community').replace('outcome: refusable', 'outcome: forbidden').replace('priority: 80', 'priority: 90')
    const after = load(
      child(`remove:
  rules: [street-inspection-cap]
rules:
${changed}
  - id: plaque-new
    outcome: forbidden
    priority: 100
    conditions: { all: [ { fact: kind, operator: equal, value: plaque }, { fact: plaque, path: $.placement, operator: equal, value: inside } ] }
    citation: { source: amend, article: 二, reading: { zh-CN: 示例, en: example } }
    message: { zh-CN: 不得, en: no }
`),
    )
    const d = diffPolicies(before, after)
    const brief = d.changes.map((c) => [c.kind, c.id, c.change, c.fields.map((f) => f.field)])
    expect(brief).toEqual(
      expect.arrayContaining([
        ['rule', 'department-inspects-community', 'changed', ['outcome', 'priority']],
        ['rule', 'plaque-new', 'added', []],
        ['rule', 'street-inspection-cap', 'removed', []],
      ]),
    )
    expect(d.changes.filter((c) => c.kind === 'rule')).toHaveLength(3)
    for (const c of d.changes.filter((x) => x.kind === 'rule')) {
      const w = diffWitness(before, after, c)
      if (!w.found) throw new Error(`${c.id}: ${w.reason}`)
      const x = evaluate(before, w.request)
      const y = evaluate(after, w.request)
      if (E.isLeft(x) || E.isLeft(y)) throw new Error('not decidable')
      expect([x.right.outcome, x.right.decidedBy.id]).not.toEqual([y.right.outcome, y.right.decidedBy.id])
      expect(w.before.outcome).toBe(x.right.outcome)
      expect(w.after.outcome).toBe(y.right.outcome)
    }
    const text = renderDiff(d, 'zh-CN')
    expect(text).toContain('删除 street-inspection-cap')
    expect(text).toContain('结论：有权拒绝 → 不得办理')
  })

  it('says why when no witness exists (a rule whose conditions cannot hold)', () => {
    const after = load(
      child(`rules:
  - id: never
    outcome: forbidden
    priority: 100
    conditions: { all: [ { fact: kind, operator: equal, value: meeting }, { fact: kind, operator: equal, value: task } ] }
    citation: { source: amend, article: 二, reading: { zh-CN: 示例, en: example } }
    message: { zh-CN: 不得, en: no }
`),
    )
    const d = diffPolicies(before, after)
    expect(d.changes.map((c) => [c.kind, c.id, c.change])).toEqual([['rule', 'never', 'added']])
    const w = diffWitness(before, after, d.changes[0] as never)
    expect(w).toEqual({ found: false, reason: expect.stringContaining('cannot hold') })
    expect(renderDiff(d, 'en', undefined, new Map([[d.changes[0] as never, w]]))).toContain('no request found that the two versions decide differently: the conditions cannot hold')
  })

  it('finds nothing between a policy and itself, and never throws on other values', () => {
    expect(diffPolicies(before, before).changes).toEqual([])
    expect(diffPolicies(null as never, before).changes).toEqual([])
    expect(diffWitness(before, before, null as never).found).toBe(false)
  })
})

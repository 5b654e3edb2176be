import * as E from 'fp-ts/lib/Either.js'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { compile, type CompiledPolicy } from '../src/node/index'
import { compare } from '../src/compare/compare'
import { renderComparison } from '../src/compare/render-comparison'
import { loadPolicy, readDataFile } from '../src/node/load'

// compare over every shipped pack: outcomes side by side, the rules that make each difference,
// and agreement with the generated comparison page docs/jurisdictions.md.

const packs = readdirSync('rules').filter((d) => existsSync(join('rules', d, 'pack.yaml'))).sort()
const policies = new Map<string, CompiledPolicy>(
  packs.map((id) => {
    const p = loadPolicy(id)
    if (E.isLeft(p)) throw new Error(id)
    return [id, p.right]
  }),
)

// a street office's first inspection of the month: within Shandong's cap (permitted), refusable elsewhere
const health = {
  kind: 'inspection',
  date: '2026-03-10',
  requester: { level: 'street', department: '街道办事处' },
  inspection: { target: 'community' },
}

describe('compare', () => {
  it('decides the request under each policy, in the order given', () => {
    const c = compare(health, policies)
    expect(c.rows.map((r) => r.policy)).toEqual(packs)
    const shandong = c.rows.find((r) => r.policy === 'cn-shandong')
    expect(shandong?.outcome).toBe('permitted')
    expect(shandong?.decidedBy?.id).toBe('street-inspection-within-cap')
    expect(c.rows.find((r) => r.policy === 'cn-national')?.outcome).toBe('refusable')
    expect(c.sameOutcome).toBe(false)
  })

  it('names, for a pair that differs, the rule that fired in one only', () => {
    const c = compare(health, new Map([['cn-national', policies.get('cn-national') as CompiledPolicy], ['cn-shandong', policies.get('cn-shandong') as CompiledPolicy]]))
    expect(c.differences).toHaveLength(1)
    const d = c.differences[0]
    expect(d).toMatchObject({ a: 'cn-national', b: 'cn-shandong', outcomeA: 'refusable', outcomeB: 'permitted', outcomesDiffer: true })
    expect(d?.rules[0]).toMatchObject({ rule: 'street-inspection-within-cap', kind: 'only-in-b', deciding: true })
  })

  it('lists every pair whose outcome or deciding rule differs, and no other', () => {
    const c = compare(health, policies)
    const n = c.rows.length
    let expected = 0
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++) {
        const a = c.rows[i]
        const b = c.rows[j]
        if (a?.outcome !== b?.outcome || a?.decidedBy?.id !== b?.decidedBy?.id || a?.decidedBy?.pack !== b?.decidedBy?.pack) expected++
      }
    expect(c.differences).toHaveLength(expected)
    for (const d of c.differences) expect(d.rules.length, `${d.a} vs ${d.b}`).toBeGreaterThan(0)
  })

  it('names the rule of each differing pair, over every request of the comparison page', () => {
    const file = readDataFile(join('rules', '_comparison', 'requests.yaml'))
    if (E.isLeft(file)) throw new Error('requests.yaml')
    const all = (file.right as { groups: { requests: { id: string; request: unknown }[] }[] }).groups.flatMap((g) => g.requests)
    const empty: string[] = []
    for (const r of all)
      for (const d of compare(r.request, policies).differences) {
        if (d.rules.length === 0) empty.push(`${r.id}: ${d.a} vs ${d.b}`)
        if (!d.rules.some((x) => x.deciding)) empty.push(`${r.id}: ${d.a} vs ${d.b} (no deciding rule named)`)
      }
    expect(empty).toEqual([])
  })

  it('finds a rule that two layers decide differently (a child overriding a parent\'s rule)', () => {
    const national = readFileSync(join('rules', 'cn-national', 'pack.yaml'), 'utf8')
    const child = {
      id: 'test-child',
      extends: 'cn-national',
      title: { 'zh-CN': '测试', en: 'test' },
      jurisdiction: { level: 'district', name: { 'zh-CN': '测试', en: 'test' } },
      documents: [],
      rules: [
        {
          id: 'catch-all',
          outcome: 'permitted',
          priority: 1,
          conditions: { all: [] },
          citation: { source: 'mfa-2015-136', article: 'test', reading: { 'zh-CN': '测试', en: 'test' } },
          message: { 'zh-CN': '测试', en: 'test' },
        },
      ],
    }
    const compiled = compile([{ text: national, file: 'cn-national/pack.yaml' }, child], { target: 'test-child' })
    if (E.isLeft(compiled)) throw new Error(JSON.stringify(compiled.left))
    const c = compare(health, new Map([['cn-national', policies.get('cn-national') as CompiledPolicy], ['test-child', compiled.right]]))
    expect(c.differences).toHaveLength(1)
    expect(c.differences[0]?.rules).toEqual([
      {
        rule: 'catch-all',
        kind: 'decides-differently',
        a: { id: 'catch-all', pack: 'cn-national', outcome: 'refusable', priority: 1 },
        b: { id: 'catch-all', pack: 'test-child', outcome: 'permitted', priority: 1 },
        deciding: true,
      },
    ])
    const same = compare(health, new Map([['a', policies.get('cn-national') as CompiledPolicy], ['b', policies.get('cn-national') as CompiledPolicy]]))
    expect(same.differences).toEqual([])
    expect(same.sameOutcome).toBe(true)
  })

  it('keeps a row with issues when a policy cannot decide the request', () => {
    const c = compare({ kind: 'task' }, policies)
    for (const r of c.rows) expect(r.issues?.length, r.policy).toBeGreaterThan(0)
  })

  it('renders in both languages', () => {
    const c = compare(health, policies)
    expect(renderComparison(c, 'zh-CN')).toContain('可以承接')
    expect(renderComparison(c, 'zh-CN')).toContain('street-inspection-within-cap')
    expect(renderComparison(c, 'en')).toContain('fired under cn-shandong only')
  })
})

// docs/jurisdictions.md: its tables give, for each request of rules/_comparison/requests.yaml, each
// pack's outcome and deciding rule. compare over all shipped packs must give the same.
describe('compare agrees with docs/jurisdictions.md', () => {
  const page = readFileSync(join('docs', 'jurisdictions.md'), 'utf8')
  const file = readDataFile(join('rules', '_comparison', 'requests.yaml'))
  if (E.isLeft(file)) throw new Error('requests.yaml')
  const groups = (file.right as { groups: { requests: { id: string; title: { 'zh-CN': string }; request: unknown }[] }[] }).groups
  const requests = groups.flatMap((g) => g.requests)
  const lines = page.split('\n')
  const header = lines.find((l) => l.startsWith('| | # |')) ?? ''
  const columns = [...header.matchAll(/`([a-z0-9-]+)`/g)].map((m) => m[1] as string)
  const rows = lines
    .filter((l) => /^\| [≠~=] \| \d+ \|/.test(l))
    .map((l) => {
      const cells = l.split(' | ')
      const mark = (cells[0] as string).slice(2)
      const title = (cells[2] ?? '').split('<br>')[0] as string
      const decisions = cells.slice(3).map((c) => {
        const m = /\*\*([a-z]+)\*\*<br>`([^`]+)`/.exec(c)
        return { outcome: m?.[1], rule: m?.[2] }
      })
      return { mark, title, decisions }
    })

  it('the page has a row for each of at least 20 requests, and a column for each shipped pack', () => {
    expect(rows.length).toBeGreaterThanOrEqual(20)
    expect(rows.length).toBe(requests.length)
    expect([...columns].sort()).toEqual(packs)
  })

  it('every cell: the same outcome and deciding rule; every row mark: the same differences', () => {
    const ordered = new Map(columns.map((id) => [id, policies.get(id) as CompiledPolicy]))
    const wrong: string[] = []
    for (const row of rows) {
      const r = requests.find((x) => x.title['zh-CN'] === row.title)
      if (r === undefined) {
        wrong.push(`no request titled ${row.title}`)
        continue
      }
      const c = compare(r.request, ordered)
      c.rows.forEach((cr, i) => {
        const cell = row.decisions[i]
        if (cr.outcome !== cell?.outcome || cr.decidedBy?.id !== cell?.rule) wrong.push(`${r.id} / ${cr.policy}: page ${cell?.outcome} ${cell?.rule}, compare ${cr.outcome} ${cr.decidedBy?.id}`)
      })
      const mark = c.differences.length === 0 ? '=' : c.sameOutcome ? '~' : '≠'
      if (mark !== row.mark) wrong.push(`${r.id}: page ${row.mark}, compare ${mark}`)
    }
    expect(wrong).toEqual([])
  })
})

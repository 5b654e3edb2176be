import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { compareCommand } from '../src/cli/compare'
import { evaluateCommand } from '../src/cli/evaluate'
import { explainCommand } from '../src/cli/explain'
import { run } from './_capture'

// The CLI of issue 8: `zhunru compare` and `--what-if` on evaluate and explain, in both languages.

const root = join(import.meta.dirname, '..')
process.chdir(root)
const dir = mkdtempSync(join(tmpdir(), 'zhunru-compare-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const write = (name: string, value: unknown): string => {
  const f = join(dir, name)
  writeFileSync(f, JSON.stringify(value))
  return f
}


const task = write('task.json', {
  kind: 'task',
  date: '2026-03-10',
  requester: { level: 'district', department: '区卫生健康局' },
  item: { id: 'health-publicity', name: '协助开展居民健康宣传', category: '公共卫生' },
})

// a street office's first inspection of the month: within Shandong's cap (permitted), refusable elsewhere
const inspection = write('inspection.json', {
  kind: 'inspection',
  date: '2026-03-10',
  requester: { level: 'street', department: '街道办事处' },
  inspection: { target: 'community' },
})

describe('zhunru compare', () => {
  it('every shipped pack by default, side by side, with the rules that differ', () => {
    const r = run(() => compareCommand(inspection, {}))
    expect(r.code).toBe(0)
    for (const id of ['cn-national', 'cn-shandong', 'cn-beijing', 'cn-gansu-lanzhou-chengguan', 'cn-liaoning-shenyang-hunnan', 'cn-sichuan-neijiang-shizhong'])
      expect(r.out).toContain(id)
    expect(r.out).toContain('可以承接')
    expect(r.out).toContain('street-inspection-within-cap（决定性）：只在 cn-shandong 中触发')
  })

  it('--packs chooses the packs; --lang en and --format json', () => {
    const en = run(() => compareCommand(inspection, { packs: 'cn-national,cn-shandong', lang: 'en' }))
    expect(en.out).toContain('street-inspection-within-cap (deciding): fired under cn-shandong only')
    expect(en.out).not.toContain('cn-beijing')
    const json = run(() => compareCommand(inspection, { packs: 'cn-national,cn-shandong', format: 'json' }))
    const c = JSON.parse(json.out) as { rows: { policy: string; outcome: string }[]; differences: unknown[] }
    expect(c.rows.map((x) => [x.policy, x.outcome])).toEqual([['cn-national', 'refusable'], ['cn-shandong', 'permitted']])
    expect(c.differences).toHaveLength(1)
  })

  it('exit 2 on an unknown pack or an unreadable request', () => {
    expect(run(() => compareCommand(task, { packs: 'cn-nowhere' })).code).toBe(2)
    expect(run(() => compareCommand(join(dir, 'missing.json'), {})).code).toBe(2)
  })
})

describe('--what-if', () => {
  it('evaluate prints the change sets in Chinese, and in English with --lang en', () => {
    const zh = run(() => evaluateCommand(task, { pack: 'cn-beijing', whatIf: true }))
    expect(zh.code).toBe(0)
    expect(zh.out).toContain('要得到「必须承接」')
    expect(zh.out).toContain('/item/onAnnualPlan')
    const en = run(() => evaluateCommand(task, { pack: 'cn-beijing', whatIf: true, lang: 'en' }))
    expect(en.out).toContain('To make it required')
    expect(en.out).toContain('annual-plan')
  })

  it('explain passes it on; json carries the change sets', () => {
    const x = run(() => explainCommand(task, { pack: 'cn-beijing', whatIf: true } as never))
    expect(x.out).toContain('方案 1')
    const j = run(() => evaluateCommand(task, { pack: 'cn-beijing', whatIf: true, format: 'json' }))
    const out = JSON.parse(j.out) as { whatIf: { target: string; changeSets: { changes: { path: string }[] }[] } }
    expect(out.whatIf.target).toBe('required')
    expect(out.whatIf.changeSets[0]?.changes[0]?.path).toBe('/item/onAnnualPlan')
  })

  it('main.ts wires compare and --what-if', () => {
    const cmp = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'compare', inspection, '--packs', 'cn-national,cn-shandong', '--lang', 'en'], { cwd: root, encoding: 'utf8' })
    expect(cmp.status).toBe(0)
    expect(cmp.stdout).toContain('Where they differ')
    const wi = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'explain', task, '--pack', 'cn-beijing', '--what-if', '--lang', 'en'], { cwd: root, encoding: 'utf8' })
    expect(wi.status).toBe(0)
    expect(wi.stdout).toContain('Option 1')
  })
})

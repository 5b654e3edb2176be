import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { evaluateCommand } from '../src/cli/evaluate'
import { explainCommand } from '../src/cli/explain'
import { lintCommand } from '../src/cli/lint'
import { testCommand } from '../src/cli/test'
import { run } from './_capture'

const root = join(import.meta.dirname, '..')
process.chdir(root)


const opts = (args: string[]): { paths: string[]; o: Record<string, string | boolean> } => {
  const paths: string[] = []
  const o: Record<string, string | boolean> = {}
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string
    if (!a.startsWith('--')) paths.push(a)
    else if (a === '--coverage' || a === '--explain') o[a.slice(2)] = true
    else o[a.slice(2).replace(/-(\w)/g, (_m, c: string) => c.toUpperCase())] = args[++i] as string
  }
  return { paths, o }
}

const zhunru = (cmd: string, ...args: string[]): { code: number; out: string; err: string } => {
  const { paths, o } = opts(args)
  if (cmd === 'test') return run(() => testCommand(paths, o))
  if (cmd === 'lint') return run(() => lintCommand(paths, o))
  if (cmd === 'explain') return run(() => explainCommand(paths[0] as string, o))
  return run(() => evaluateCommand(paths[0] as string, o as never))
}

const spawn = (...args: string[]): { code: number; out: string; err: string } => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, encoding: 'utf8', input: '' })
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr }
}

const F = 'test/fixtures/lint/cases'

describe('zhunru test', () => {
  it('passes a pack whose cases all pass (exit 0), in Chinese by default', () => {
    const r = zhunru('test', 'rules/cn-beijing')
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/✓ 通过/)
    expect(r.out).toMatch(/\d+ 个通过，0 个未通过/)
  })

  it('shows each difference of a failing case and exits 1', () => {
    const r = zhunru('test', `${F}/failing.cases.yaml`)
    expect(r.code).toBe(1)
    expect(r.out).toContain('✗ 未通过  预期写错的用例')
    expect(r.out).toContain('结果 (outcome): 应为 "required", 实际 "forbidden"')
    expect(r.out).toContain('决定规则 (decidedBy): 应为 "seal-in-scope", 实际 "certificate-no-longer-issued"')
    expect(r.out).toMatch(/转办去向 \(redirect\): 应为 "street-service-centre"/)
    expect(r.out).toMatch(/出处 \(citations\): 应为 .*十项规定 一.*实际 .*不应由基层群众性自治组织出具证明事项清单/)
    expect(r.out).toContain('✓ 通过  预期正确的用例')
  })

  it('speaks English with --lang en', () => {
    const r = zhunru('test', `${F}/failing.cases.yaml`, '--lang', 'en')
    expect(r.out).toContain('FAIL  预期写错的用例')
    expect(r.out).toContain('outcome: expected "required", actual "forbidden"')
  })

  it('exits 2 on bad input: no case file, or an unreadable one', () => {
    expect(zhunru('test', 'no/such/folder').code).toBe(2)
    expect(zhunru('test', 'test/fixtures/lint/bad-fields.case-file.yaml').code).toBe(2)
  })

  it('writes JUnit XML and JSON for CI', () => {
    const j = zhunru('test', `${F}/failing.cases.yaml`, '--format', 'junit')
    expect(j.code).toBe(1)
    expect(j.out).toMatch(/^<\?xml/)
    expect(j.out).toContain('<testsuites name="zhunru" tests="2" failures="1" errors="0">')
    expect(j.out).toContain('<failure message="outcome, decidedBy, redirect, citations">')
    const s = JSON.parse(zhunru('test', `${F}/failing.cases.yaml`, '--format', 'json').out)
    expect(s.files[0].results.map((x: { pass: boolean }) => x.pass)).toEqual([false, true])
  })

  it('--coverage counts a list item only when a case matched it, and --min-coverage fails below', () => {
    const r = zhunru('test', `${F}/coverage.cases.yaml`, '--coverage', '--format', 'json')
    const cov = JSON.parse(r.out).coverage as { pack: string; rules: { uncovered: string[] }; items: { uncovered: string[] }; percent: number }[]
    expect(cov.map((c) => c.pack)).toEqual(['cn-shandong'])
    const c = cov[0]
    if (c === undefined) throw new Error('no coverage')
    expect(c.items.uncovered).not.toContain('certificate-kinds/residence')
    expect(c.items.uncovered).toContain('certificate-kinds/political-review')
    expect(c.rules.uncovered).not.toContain('seal-in-scope')
    expect(c.rules.uncovered).toContain('seal-outside-scope')
    expect(c.percent).toBeLessThan(20)
    const text = zhunru('test', `${F}/coverage.cases.yaml`, '--min-coverage', '50')
    expect(text.code).toBe(1)
    expect(text.out).toMatch(/cn-shandong 的覆盖率 [\d.]+% 低于要求的 50%/)
    expect(zhunru('test', `${F}/coverage.cases.yaml`, '--min-coverage', '1').code).toBe(0)
  })
})

describe('zhunru evaluate and explain', () => {
  it('decides a request, with the explanation on --explain', () => {
    const r = zhunru('evaluate', '--pack', 'cn-shandong', 'examples/requests/seal-no-criminal-record.json')
    expect(r.code).toBe(0)
    expect(r.out).toContain('不得办理')
    const x = zhunru('evaluate', '--pack', 'cn-shandong', 'examples/requests/seal-no-criminal-record.json', '--explain', '--lang', 'en')
    expect(x.out).toContain('Deciding rule: certificate-no-longer-issued')
    expect(x.out).toContain('[as reported]')
    expect(r.out).toContain('[报道转述]')
    const j = JSON.parse(zhunru('evaluate', '--pack', 'cn-shandong', 'examples/requests/seal-no-criminal-record.json', '--format', 'json').out)
    expect(j.decision.outcome).toBe('forbidden')
  })

  it('explains every case of a case file', () => {
    const r = zhunru('explain', `${F}/failing.cases.yaml`)
    expect(r.code).toBe(0)
    expect(r.out.match(/^## /gm)?.length).toBe(2)
    expect(r.out).toContain('certificate-no-longer-issued')
  })

  it('explain of a request needs --pack (exit 2)', () => {
    expect(zhunru('explain', 'examples/requests/seal-no-criminal-record.json').code).toBe(2)
  })
})

describe('zhunru lint', () => {
  it('exits 1 with every problem of the seeded fixture, 2 with nothing to lint', () => {
    const r = zhunru('lint', 'test/fixtures/lint', '--today', '2026-03-02', '--lang', 'en')
    expect(r.code).toBe(1)
    expect(r.out).toContain('test/fixtures/lint/child/pack.yaml:60:5 /rules/5/conditions [lint/unsatisfiable]')
    expect(r.out).toContain('3 pack(s) checked, 15 problem(s)')
    expect(zhunru('lint', 'no/such/folder').code).toBe(2)
    const j = JSON.parse(zhunru('lint', 'test/fixtures/lint', '--today', '2026-03-02', '--format', 'json').out)
    const conflict = j.findings.find((f: { code: string }) => f.code === 'lint/tier-conflict')
    expect(conflict).toMatchObject({ line: 71, column: 5, witness: { kind: 'inspection' } })
    expect(conflict.message).toContain('同一优先级 40')
  })

  it('is clean on a pack with no problem (exit 0)', () => {
    const r = zhunru('lint', 'test/fixtures/lint/parent', '--today', '2026-03-02')
    expect(r.code).toBe(0)
    expect(r.out).toContain('未发现问题')
  })
})

describe('the zhunru command (main.ts wiring)', () => {
  it('passes options through commander and exits with the command\'s code', () => {
    const r = spawn('test', `${F}/failing.cases.yaml`, '--lang', 'en', '--format', 'junit')
    expect(r.code).toBe(1)
    expect(r.out).toContain('<failure message="outcome, decidedBy, redirect, citations">')
    const l = spawn('lint', 'test/fixtures/lint/parent', '--today', '2026-03-02', '--lang', 'en')
    expect(l.code).toBe(0)
    expect(l.out).toContain('no problems')
  })
})

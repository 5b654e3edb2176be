import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { nearestName, testCommand } from '../src/cli/test'
import { run } from './_capture'

const root = join(import.meta.dirname, '..')
const guide = join(root, 'test/fixtures/lint/guide')
const tmp = mkdtempSync(join(tmpdir(), 'zhunru-case-errors-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

/** The guide's pack with one case file of our own. */
const withCases = (name: string, cases: string): string => {
  const dir = join(tmp, name)
  cpSync(join(guide, 'pack.yaml'), join(dir, 'pack.yaml'))
  mkdirSync(join(dir, 'cases'), { recursive: true })
  writeFileSync(join(dir, 'cases', 'c.yaml'), cases)
  return dir
}

const PLAQUE = `pack: ..
cases:
  - name: 牌子挂在外面
    request:
      kind: plaque
      date: '2026-03-02'
      requester: { level: district, department: 区民政局 }
      plaque:
        placment: outside
    expect:
      outcome: forbidden
`

describe('zhunru test names what is wrong in a case request, with its line', () => {
  const dir = withCases('plaque', PLAQUE)
  it('a misspelt field: its name, its line and the nearest allowed name (zh-CN)', () => {
    const r = run(() => testCommand([dir], {}))
    expect(r.code).toBe(1)
    const line = PLAQUE.split('\n').findIndex((l) => l.includes('placment')) + 1
    expect(r.out).toContain(`cases/c.yaml:${line}:9 /cases/0/request/plaque/placment [request/unknown-field] 请求中有未知字段 "placment"`)
    expect(r.out).toContain('是否应为 placement？')
  })
  it('and in English with --lang en', () => {
    const r = run(() => testCommand([dir], { lang: 'en' }))
    expect(r.out).toContain('[request/unknown-field] unknown request field "placment"')
    expect(r.out).toContain('did you mean placement?')
  })
  it('a field far from every allowed name gets no guess', () => {
    const far = withCases('far', PLAQUE.replace('placment', 'zzzzzzzz'))
    const r = run(() => testCommand([far], {}))
    expect(r.out).toContain('未知字段 "zzzzzzzz"')
    expect(r.out).not.toContain('是否应为')
  })
  it('a misspelt field of the case file itself is named too', () => {
    const bad = withCases('expcet', PLAQUE.replace('    expect:', '    expcet:'))
    const r = run(() => testCommand([bad], {}))
    expect(r.code).toBe(2)
    expect(r.out).toMatch(/c\.yaml:\d+:5 \/cases\/0\/expcet \[schema\/unknown-field\]/)
    expect(r.out).toContain('是否应为 expect？')
  })
})

describe('nearestName', () => {
  it('picks the allowed name a slip came from, and nothing when none is close', () => {
    expect(nearestName('"placment"', ['placement', 'name'])).toBe('placement')
    expect(nearestName('certficate', ['kind', 'certificate', 'plaque'])).toBe('certificate')
    expect(nearestName('abc', ['placement'])).toBeUndefined()
    expect(nearestName('x', [])).toBeUndefined()
  })
})

describe('zhunru test says why nothing ran', () => {
  it('a path that does not exist (zh-CN and en), exit 2', () => {
    const zh = run(() => testCommand([join(tmp, 'does/not/exist')], {}))
    expect(zh.code).toBe(2)
    expect(zh.out).toBe('')
    expect(zh.err).toMatch(/^找不到 ".*does\/not\/exist"：没有这个文件或文件夹/)
    const en = run(() => testCommand([join(tmp, 'does/not/exist')], { lang: 'en' }))
    expect(en.err).toMatch(/^cannot find ".*does\/not\/exist": no such file or folder/)
  })
  it('a folder with no case files, e.g. one placed outside cases/ (zh-CN and en), exit 2', () => {
    const dir = join(tmp, 'loose')
    mkdirSync(dir, { recursive: true })
    cpSync(join(guide, 'pack.yaml'), join(dir, 'pack.yaml'))
    writeFileSync(join(dir, 'minghu.yaml'), readFileSync(join(guide, 'cases/guide.yaml')))
    const zh = run(() => testCommand([dir], {}))
    expect(zh.code).toBe(2)
    expect(zh.err).toContain('中没有找到用例文件：用例文件放在规则包的 cases/ 文件夹里')
    const en = run(() => testCommand([dir], { lang: 'en' }))
    expect(en.err).toContain("no case file in")
    expect(en.err).toContain("case files go in the pack's cases/ folder")
  })
})

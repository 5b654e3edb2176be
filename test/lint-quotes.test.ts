import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { lintPaths } from '../src/cli/lint'

// zhunru lint finds every quote of a pack in the texts it names, when a sources/ folder lies above
// the pack: what legal staff run before they submit a pack.
describe('lint checks quotes against the sources above the pack', () => {
  const setUp = (edit: (s: string) => string, withSources = true): string => {
    const d = mkdtempSync(join(tmpdir(), 'zhunru-lintq-'))
    mkdirSync(join(d, 'rules', 'x'), { recursive: true })
    const pack = readFileSync('rules/cn-liaoning-shenyang-hunnan/pack.yaml', 'utf8').replace(/^id: cn-liaoning-shenyang-hunnan$/m, 'id: hunnan-copy')
    writeFileSync(join(d, 'rules', 'x', 'pack.yaml'), edit(pack))
    if (withSources) cpSync('sources', join(d, 'sources'), { recursive: true })
    return d
  }
  const quoteProblems = (d: string): string[] =>
    lintPaths([join(d, 'rules')], '2026-03-02').findings.filter((f) => f.code === 'lint/bad-citation').map((f) => String(f.received))

  it('is clean on the shipped words', () => {
    expect(quoteProblems(setUp((s) => s))).toEqual([])
  })

  it('names each rule whose quote is not in its file word for word (one full-width comma is enough)', () => {
    const d = setUp((s) => s.replaceAll('对未经审批擅自进入社区的项目,社区有权拒绝', '对未经审批擅自进入社区的项目，社区有权拒绝'))
    const found = quoteProblems(d)
    expect(found.length).toBeGreaterThan(0)
    for (const p of found) expect(p).toMatch(/^rule admission-[a-z-]+: quote not found verbatim in 000_08967275769d2fb3\.txt/)
  })

  it('says nothing about the words when no sources/ folder lies above the pack', () => {
    expect(quoteProblems(setUp((s) => s.replaceAll('社区有权拒绝', '社区可以拒绝'), false))).toEqual([])
  })
})

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, describe, expect, it } from 'vitest'
import { parseText } from '../src/decode/parse-text'
import { YAML_ERRORS, YAML_REFINED } from '../src/decode/yaml-errors'
import { lintCommand } from '../src/cli/lint'
import { testCommand } from '../src/cli/test'
import { loadPolicy } from '../src/node/load'
import { issueHelp, issueMessage } from '../src/issues/format'
import { run } from './_capture'

const root = join(import.meta.dirname, '..')
const guide = join(root, 'test/fixtures/lint/guide')
const guideLines = readFileSync(join(guide, 'pack.yaml'), 'utf8').split('\n')
const lineOf = (start: string): number => guideLines.findIndex((l) => l.startsWith(start)) + 1

/** One slip of the kind a legal officer makes, applied to a copy of the guide's example pack. */
interface Slip {
  readonly name: string
  /** the 1-based line the slip is made on, and what that line becomes */
  readonly line: number
  readonly becomes: (l: string) => string
  /** words the Chinese and English messages must hold */
  readonly zh: RegExp
  readonly en: RegExp
}

const outcomeLine = lineOf('    outcome: required')
const secondItem = lineOf('      - { id: elderly-visits')
const firstItem = lineOf('      - { id: minimum-living-check')
const quoted = guideLines.findIndex((l) => l.includes("社区有权拒绝。'")) + 1

const SLIPS: readonly Slip[] = [
  { name: 'a key indented one space too far', line: outcomeLine, becomes: (l) => ` ${l}`, zh: /没有与同一层的其他键左对齐.*缩进 5 个空格/, en: /not in line with the other keys.*5 spaces/ },
  { name: 'a key moved two spaces left', line: outcomeLine, becomes: (l) => l.slice(2), zh: /没有与同一层的其他键左对齐.*缩进 2 个空格/, en: /not in line/ },
  { name: 'a list item one space too far', line: secondItem, becomes: (l) => ` ${l}`, zh: /列表项.*没有左对齐：本行缩进 7 个空格，应为 6 个/, en: /list item.*7 spaces instead of 6/ },
  { name: 'the first list item one space short', line: firstItem, becomes: (l) => l.slice(1), zh: /列表项.*本行缩进 5 个空格，应为 6 个/, en: /list item.*5 spaces instead of 6/ },
  { name: 'a tab as indentation', line: outcomeLine, becomes: (l) => `\t${l.trimStart()}`, zh: /制表符（Tab）/, en: /tab character/ },
  { name: 'an unclosed quote', line: quoted, becomes: (l) => l.replace(/'$/, ''), zh: /单引号 ' 没有闭合/, en: /single quote ' is not closed/ },
  { name: 'an unclosed flow mapping', line: secondItem, becomes: (l) => l.replace(/ \}$/, ''), zh: /本行的 \{ 没有配对的 \}/, en: /the \{ on this line has no matching \}/ },
  { name: 'a missing colon', line: outcomeLine, becomes: (l) => l.replace('outcome:', 'outcome'), zh: /./, en: /./ },
]

const tmp = mkdtempSync(join(tmpdir(), 'zhunru-yaml-slips-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

/** A copy of the guide pack (with its cases) carrying one slip. */
const withSlip = (slip: Slip, i: number): string => {
  const dir = join(tmp, `slip-${i}`)
  cpSync(guide, dir, { recursive: true })
  const lines = [...guideLines]
  expect(lines[slip.line - 1], `the fixture still has line ${slip.line}`).toBeDefined()
  lines[slip.line - 1] = slip.becomes(lines[slip.line - 1] as string)
  writeFileSync(join(dir, 'pack.yaml'), lines.join('\n'))
  return dir
}

/** The lines of output that carry an issue code, e.g. `…/pack.yaml:39:6 / [yaml/syntax] …`. */
const issueLines = (out: string): string[] => out.split('\n').filter((l) => /\[[a-z]+\/[a-z-]+\]/.test(l))
const placeOf = (l: string): number | undefined => {
  const m = /pack\.yaml:(\d+):\d+ /.exec(l)
  return m === null ? undefined : Number(m[1])
}

describe('one YAML slip gives one message, in words, at its line', () => {
  SLIPS.forEach((slip, i) => {
    const dir = withSlip(slip, i)
    it(`${slip.name}: zhunru lint (zh-CN by default, en with --lang en)`, () => {
      const zh = run(() => lintCommand([dir], {}))
      expect(zh.code).toBe(1)
      const lines = issueLines(zh.out)
      expect(lines, zh.out).toHaveLength(1)
      expect(placeOf(lines[0] as string)).toBe(slip.line)
      expect(lines[0]).toContain('[yaml/syntax] YAML 语法错误：')
      expect(lines[0]).toMatch(slip.zh)
      // plain words only: none of the parser's own English
      expect(zh.out).not.toMatch(/[A-Za-z]{4,} [a-z]{3,} [a-z]{3,}/)
      expect(zh.out).toMatch(/提示: \S/)
      const en = run(() => lintCommand([dir], { lang: 'en' }))
      const enLines = issueLines(en.out)
      expect(enLines).toHaveLength(1)
      expect(placeOf(enLines[0] as string)).toBe(slip.line)
      expect(enLines[0]).toMatch(slip.en)
      expect(en.out).toMatch(/help: \S/)
    })
    it(`${slip.name}: zhunru test and loadPolicy`, () => {
      const t = run(() => testCommand([dir], {}))
      expect(t.code).toBe(2)
      const lines = issueLines(t.out)
      // no false "parent not loaded" or anything else beside the slip
      expect(lines, t.out).toHaveLength(1)
      expect(placeOf(lines[0] as string)).toBe(slip.line)
      expect(lines[0]).toMatch(slip.zh)
      const p = loadPolicy(join(dir, 'pack.yaml'))
      expect(E.isLeft(p)).toBe(true)
      if (E.isLeft(p)) {
        expect(p.left).toHaveLength(1)
        expect(p.left[0]).toMatchObject({ code: 'yaml/syntax', line: slip.line })
      }
    })
  })
})

describe('every error code of the yaml package is explained', () => {
  // the installed package's own list of codes, so that a new code in an update fails here
  const dts = readFileSync(join(root, 'node_modules/yaml/dist/errors.d.ts'), 'utf8')
  const codes = [...(/type ErrorCode =([^;]+);/.exec(dts)?.[1] ?? '').matchAll(/'([A-Z0-9_]+)'/g)].map((m) => m[1])

  it('reads the list of codes', () => expect(codes.length).toBeGreaterThan(15))

  it.each(codes)('%s has a Chinese and an English message and hint', (code) => {
    const t = (YAML_ERRORS as Record<string, { zh: string; zhHelp: string; en: string; enHelp: string }>)[code as string]
    expect(t).toBeDefined()
    for (const s of [t?.zh, t?.zhHelp]) expect(s).toMatch(/[\u4e00-\u9fff]/)
    for (const s of [t?.en, t?.enHelp]) expect(s).toMatch(/^[^\u4e00-\u9fff]+$/)
  })

  it('refined texts name real codes and have both languages', () => {
    for (const r of YAML_REFINED) {
      expect(codes).toContain(r.code)
      expect(r.text.zh).toMatch(/[\u4e00-\u9fff]/)
      expect(r.text.en).toMatch(/^[^\u4e00-\u9fff]+$/)
    }
  })

  it('an issue shows the explanation, not the parser message, in each language', () => {
    const r = parseText('a: 1\n\tb: 2\n', { file: 'x.yaml' })
    expect(E.isLeft(r)).toBe(true)
    if (E.isLeft(r)) {
      expect(r.left).toHaveLength(1)
      const i = r.left[0] as NonNullable<(typeof r.left)[0]>
      expect(i).toMatchObject({ code: 'yaml/syntax', line: 2, params: { yaml: 'TAB_AS_INDENT' } })
      expect(issueMessage(i)).toBe(`YAML 语法错误：${YAML_ERRORS.TAB_AS_INDENT.zh}`)
      expect(issueHelp(i)).toBe(YAML_ERRORS.TAB_AS_INDENT.zhHelp)
      expect(issueMessage(i, 'en')).toBe(`YAML syntax error: ${YAML_ERRORS.TAB_AS_INDENT.en}`)
    }
  })

  it('a second document and a duplicate key each come back as one issue', () => {
    const two = parseText('a: 1\n---\nb: 2\n')
    expect(E.isLeft(two) && two.left.map((i) => [i.code, i.params?.yaml, i.line])).toEqual([['yaml/syntax', 'MULTIPLE_DOCS', 2]])
    const dup = parseText('a: 1\nb: 2\na: 3\nb: 4\n')
    expect(E.isLeft(dup) && dup.left.map((i) => [i.code, i.line])).toEqual([['yaml/duplicate-key', 3]])
  })
})

describe('docs/errors.md lists every YAML error text exactly', () => {
  const md = readFileSync(join(root, 'docs/errors.md'), 'utf8')
  const esc = (s: string): string => s.replace(/\|/g, '\\|')
  it.each(Object.entries(YAML_ERRORS))('%s', (code, t) => {
    expect(md).toContain(`| \`${code}\` | ${esc(t.zh)}<br>提示: ${esc(t.zhHelp)} | ${esc(t.en)}<br>help: ${esc(t.enHelp)} |`)
  })
  it('and every refined text', () => {
    for (const r of YAML_REFINED) expect(md).toContain(`| ${esc(r.text.zh)}<br>提示: ${esc(r.text.zhHelp)} | ${esc(r.text.en)}<br>help: ${esc(r.text.enHelp)} |`)
  })
})

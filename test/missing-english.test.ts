import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { Localized } from '../src/decode/pack-codec'
import { lintCommand } from '../src/cli/lint'
import { lintSources } from '../src/lint/index'
import { missingEnglish } from '../src/lint/raw-checks'
import { loadPolicy } from '../src/node/load'
import { evaluate } from '../src/evaluate/evaluate'
import { explain } from '../src/explain/explain'
import { run } from './_capture'

const root = join(import.meta.dirname, '..')
const guide = join(root, 'test/fixtures/lint/guide')
const tmp = mkdtempSync(join(tmpdir(), 'zhunru-zh-only-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

/** The guide's pack with every `en:` text of its rules' messages and titles, and its own title, removed. */
const zhOnly = (): string => {
  // each pack in a folder of its own: a pack's siblings are loaded beside it
  const dir = join(tmp, 'a', 'zh-only')
  cpSync(guide, dir, { recursive: true })
  const text = readFileSync(join(guide, 'pack.yaml'), 'utf8')
    .split('\n')
    .filter((l) => !/^ {6}en: /.test(l))
    .map((l) => l.replace(/^(title: \{ zh-CN: [^,]+), en: '[^']*' \}/, '$1 }').replace(/^( {4}title: \{ zh-CN: [^,]+), en: [^}]+\}/, '$1 }'))
    .join('\n')
  writeFileSync(join(dir, 'pack.yaml'), text)
  return dir
}

describe('English is welcome, not required, in a pack', () => {
  it('Localized takes Chinese alone and fills en from it; Chinese stays required', () => {
    expect(Localized.decode({ 'zh-CN': '只有中文' })).toEqual(E.right({ 'zh-CN': '只有中文', en: '只有中文' }))
    expect(Localized.decode({ 'zh-CN': '中', en: 'en' })).toEqual(E.right({ 'zh-CN': '中', en: 'en' }))
    expect(E.isLeft(Localized.decode({ en: 'English only' }))).toBe(true)
  })

  const dir = zhOnly()
  it('a Chinese-only pack is a warning from zhunru lint (exit 0), in zh-CN and en', () => {
    const zh = run(() => lintCommand([dir], {}))
    expect(zh.code).toBe(0)
    const codes = [...zh.out.matchAll(/\[(lint\/[a-z-]+)\]/g)].map((m) => m[1])
    expect(codes.length).toBeGreaterThanOrEqual(4)
    expect(new Set(codes)).toEqual(new Set(['lint/missing-english']))
    expect(zh.out).toContain('提醒：这段文字只有中文，没有英文（en）')
    expect(zh.out).toMatch(/pack\.yaml:\d+:\d+ \/rules\/0\/message \[lint\/missing-english\]/)
    const en = run(() => lintCommand([dir], { lang: 'en' }))
    expect(en.code).toBe(0)
    expect(en.out).toContain('warning: this text is in Chinese only, with no English (en)')
  })

  it('a message without Chinese is still an error (lint/missing-message, exit 1)', () => {
    const d = join(tmp, 'b', 'no-zh')
    cpSync(guide, d, { recursive: true })
    const text = readFileSync(join(guide, 'pack.yaml'), 'utf8').replace(/\n {6}zh-CN: 该事项属于[^\n]*/, '')
    writeFileSync(join(d, 'pack.yaml'), text)
    const r = run(() => lintCommand([d], {}))
    expect(r.code).toBe(1)
    expect(r.out).toMatch(/\/rules\/0\/message \[lint\/missing-message\] 规则 assist-list 缺少 zh-CN 的说明文字/)
  })

  it('the pack loads, and an English explanation shows the Chinese text', () => {
    const policy = loadPolicy(join(dir, 'pack.yaml'))
    expect(E.isRight(policy)).toBe(true)
    if (E.isLeft(policy)) return
    const request = JSON.parse(readFileSync(join(guide, 'meeting-request.json'), 'utf8')) as unknown
    const d = evaluate(policy.right, request)
    expect(E.isRight(d)).toBe(true)
    if (E.isLeft(d)) return
    const text = explain(d.right, { locale: 'en' })
    expect(E.isRight(text) && text.right.text).toMatch(/超过每年2次的上限，社区有权拒绝/)
  })
})

describe('every shipped pack keeps both languages', () => {
  const packs = readdirSync(join(root, 'rules')).map((d) => join(root, 'rules', d, 'pack.yaml')).filter((f) => existsSync(f))
  it('finds the shipped packs', () => expect(packs.length).toBeGreaterThanOrEqual(6))
  it.each(packs.map((p) => [p.slice(root.length + 1), p]))('%s has an en text beside every zh-CN text', (_name, file) => {
    expect(missingEnglish(parse(readFileSync(file, 'utf8')))).toEqual([])
  })
  it('and the check does find a Chinese-only text', () => {
    expect(missingEnglish({ rules: [{ message: { 'zh-CN': '只有中文' } }] })).toMatchObject([{ code: 'lint/missing-english', path: '/rules/0/message', severity: 'warning' }])
    const f = lintSources([{ text: 'x: { zh-CN: 中 }\nrules: []\n', file: 'p.yaml', linted: true }])
    expect(f.some((x) => x.code === 'lint/missing-english')).toBe(true)
  })
})

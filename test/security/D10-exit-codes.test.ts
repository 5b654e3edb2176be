import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { lintCommand } from '../../src/cli/lint'
import { evaluateCommand } from '../../src/cli/evaluate'
import { testCommand } from '../../src/cli/test'
import { run } from '../_capture'
import { zhunru } from './_spawn'

/**
 * D10 (security review): a missing option, an unknown command or no command exited 1 (commander's
 * default, the code of "findings"); `--format xml` and `--lang fr` were accepted; `lint --today ''`
 * turned the expiry checks off and `2026-02-30` was compared as a string. Every usage error now
 * exits 2 with one line on standard error and nothing on standard output.
 */

const dir = mkdtempSync(join(tmpdir(), 'zhunru-d10-'))
const req = join(dir, 'r.json')
writeFileSync(req, JSON.stringify({ kind: 'certificate', date: '2026-03-02', community: { id: 'c' }, requester: { level: 'district' }, certificate: { kind: '居住证明' } }))
const ev = join(dir, 'ev.ndjson')
writeFileSync(ev, '')

const USAGE: readonly (readonly string[])[] = [
  [],
  ['bogus'],
  ['evaluate', req],
  ['audit', ev],
  ['evaluate', req, '--pack', 'cn-shandong', '--format', 'xml'],
  ['evaluate', req, '--pack', 'cn-shandong', '--lang', 'fr'],
  ['evaluate', req, '--pack', 'cn-shandong', '--bogus-option'],
  ['lint', 'rules/cn-national', '--today', ''],
  ['audit', dir, '--pack', 'cn-shandong'],
]

describe('D10: exit codes and usage errors', () => {
  it('exits 2 with one message on stderr and nothing on stdout for every usage error', async () => {
    const results = await Promise.all(USAGE.map((args) => zhunru(args)))
    results.forEach((r, i) => {
      const what = JSON.stringify(USAGE[i])
      expect(r.code, `${what}: ${r.err}`).toBe(2)
      expect(r.out, what).toBe('')
      // one line (an issue may add its hint on a second, indented line)
      const lines = r.err.trim().split('\n')
      expect(lines.length === 1 || (lines.length === 2 && /^ {2}(help|提示): /.test(lines[1] as string)), `${what}: ${r.err}`).toBe(true)
      expect(r.err, what).not.toMatch(/\n\s+at /)
    })
  }, 120_000)

  it('says a usage error in the user\'s language: one Chinese line by default and with --lang zh-CN, English with --lang en', async () => {
    // [what, the command line (the language options go after its first two words), Chinese words, English words]
    const cases: readonly (readonly [string, readonly string[], readonly string[], readonly string[]])[] = [
      ['an unknown option', ['evaluate', req, '--pack', 'cn-shandong', '--fromat', 'json'], ['未知选项 --fromat', '是否想用 --format'], ['unknown option --fromat', 'did you mean --format']],
      ['a missing option value', ['evaluate', req, '--pack'], ['选项 --pack <id|dir> 缺少取值'], ['the option --pack <id|dir> needs a value']],
      ['an invalid choice', ['evaluate', req, '--pack', 'cn-shandong', '--format', 'xml'], ['选项 --format <format> 的取值 xml 无效', '可选：text、json、record'], ['does not take xml', 'choices: text, json, record']],
      ['a missing required option', ['evaluate', req], ['缺少必需的选项 --pack <id|dir>'], ['the required option --pack <id|dir> is missing']],
      ['an unknown command', ['evalute', req], ['未知命令 evalute', '是否想用 evaluate'], ['unknown command evalute', 'did you mean evaluate']],
    ]
    const runs = cases.flatMap(([what, args, zh, en]) =>
      ([[[], zh, 'zh-CN (default)'], [['--lang', 'zh-CN'], zh, 'zh-CN'], [['--lang', 'en'], en, 'en']] as const).map(([lang, words, name]) => ({
        what: `${what}, ${name}`,
        args: [...args.slice(0, 2), ...lang, ...args.slice(2)],
        words,
        english: name === 'en',
      })),
    )
    const results = await Promise.all(runs.map((r) => zhunru(r.args)))
    results.forEach((r, i) => {
      const { what, words, english } = runs[i] as (typeof runs)[number]
      expect(r.code, `${what}: ${r.err}`).toBe(2)
      expect(r.out, what).toBe('')
      expect(r.err.endsWith('\n') && r.err.indexOf('\n') === r.err.length - 1, `${what}: one line: ${r.err}`).toBe(true)
      expect(r.err.startsWith(english ? 'zhunru: ' : 'zhunru：'), what).toBe(true)
      for (const w of words) expect(r.err, what).toContain(w)
      // commander's English wording never shows; an English line has no Chinese in it
      expect(r.err, what).not.toContain('error:')
      if (english) expect(r.err, what).not.toMatch(/[\u4e00-\u9fff]/)
    })
  }, 120_000)

  it('still exits 0 for --help and --version', async () => {
    const [help, version] = await Promise.all([zhunru(['--help']), zhunru(['--version'])])
    expect(help.code).toBe(0)
    expect(version.code).toBe(0)
  }, 120_000)

  it('lint --today must be a real date', () => {
    for (const today of ['', 'notadate', '2026-02-30', '2026-2-3'])
      expect(run(() => lintCommand(['rules/cn-national'], { today })).code, today).toBe(2)
    expect(run(() => lintCommand(['rules/cn-national'], { today: '2026-03-02' })).code).not.toBe(2)
  })

  it('the command functions reject unknown formats and languages themselves', () => {
    expect(run(() => evaluateCommand(req, { pack: 'cn-shandong', format: 'xml' })).code).toBe(2)
    expect(run(() => evaluateCommand(req, { pack: 'cn-shandong', lang: 'fr' })).code).toBe(2)
    expect(run(() => testCommand(['rules/cn-national'], { format: 'tap' })).code).toBe(2)
    expect(run(() => evaluateCommand(req, { pack: 'cn-shandong', encoding: 'latin1' })).code).toBe(2)
    const ok = run(() => evaluateCommand(req, { pack: 'cn-shandong' }))
    expect(ok.code).toBe(0)
  })
})

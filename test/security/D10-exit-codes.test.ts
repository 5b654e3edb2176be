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

import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { zhunru } from './_spawn'

/**
 * D5 (security review): with `> /dev/full` (ENOSPC) `audit` and `evaluate` died from an uncaught
 * error thrown by the stdout handler, with a stack trace and exit code 1 (the code of "findings").
 * A write error (ENOSPC, or EPIPE when the reader has gone) now ends every command with exit
 * code 3 and one line on standard error.
 */

const dir = mkdtempSync(join(tmpdir(), 'zhunru-d5-'))
const req = join(dir, 'r.json')
writeFileSync(req, JSON.stringify({ kind: 'certificate', date: '2026-03-02', community: { id: 'c' }, requester: { level: 'district' }, certificate: { kind: '居住证明' } }))
const ev = join(dir, 'ev.ndjson')
const line = (i: number): string =>
  JSON.stringify({ id: `e${i}`, kind: 'meeting', date: `2026-0${1 + (i % 9)}-1${i % 10}`, requester: { level: 'district', department: '区民政局' }, community: { id: `c${i % 50}` }, meeting: {} })
writeFileSync(ev, Array.from({ length: 3000 }, (_, i) => line(i)).join('\n'))

const COMMANDS: readonly (readonly string[])[] = [
  ['audit', ev, '--pack', 'cn-shandong', '--format', 'csv', '--threads', '2'],
  ['audit', '-', '--pack', 'cn-shandong'],
  ['evaluate', req, '--pack', 'cn-shandong', '--explain'],
  ['explain', req, '--pack', 'cn-shandong', '--lang', 'en'],
  ['compare', req, '--packs', 'cn-shandong,cn-beijing'],
  ['lint', 'rules/cn-national', '--today', '2026-03-02'],
  ['test', 'rules/cn-beijing'],
]

const check = (r: { code: number | null; err: string }, what: string): void => {
  expect(r.code, `${what}: ${r.err}`).toBe(3)
  expect(r.err.trim().split('\n'), `${what}: ${r.err}`).toHaveLength(1)
  expect(r.err).not.toMatch(/\n\s+at /)
}

describe('D5: a failed write exits 3 with one line', () => {
  it('> /dev/full (ENOSPC), every command', async () => {
    const input = Array.from({ length: 3000 }, (_, i) => line(i)).join('\n')
    const rs = await Promise.all(COMMANDS.map((args) => zhunru(args, { stdout: 'full', input })))
    rs.forEach((r, i) => check(r, `${JSON.stringify(COMMANDS[i])} > /dev/full`))
    expect(rs[0]?.err).toMatch(/ENOSPC/)
  }, 120_000)

  it('a closed pipe (EPIPE)', async () => {
    const input = Array.from({ length: 3000 }, (_, i) => line(i)).join('\n')
    const r = await zhunru(COMMANDS[1] as string[], { stdout: 'closed', input })
    check(r, 'audit - | (closed)')
    expect(r.err).toMatch(/EPIPE/)
  }, 120_000)
})

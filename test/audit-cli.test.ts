import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { auditCommand, linesOf, type AuditCommandOptions } from '../src/cli/audit'

const meeting = (date: string, community = 'A'): string =>
  JSON.stringify({ kind: 'meeting', date, requester: { level: 'district', department: '区民政局' }, community: { id: community }, meeting: {} })

/** Run the command in this process, capturing what it writes. */
const run = async (file: string, o: AuditCommandOptions): Promise<{ code: number; stdout: string; stderr: string }> => {
  let stdout = ''
  let stderr = ''
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
    stdout += String(s)
    return true
  })
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
    stderr += String(s)
    return true
  })
  const code = await auditCommand(file, o)
  vi.restoreAllMocks()
  return { code, stdout, stderr }
}

describe('zhunru audit', () => {
  afterEach(() => {
    vi.restoreAllMocks()
  })
  const dir = mkdtempSync(join(tmpdir(), 'zhunru-audit-'))
  const file = join(dir, 'events.ndjson')
  writeFileSync(file, [meeting('2026-01-10'), '{not json', meeting('2026-03-05'), '', meeting('2026-05-20'), meeting('2026-05-21', 'B')].join('\n'))

  it('writes CSV rows for the broken cap and the malformed line, the summary to stderr, and exits 1', async () => {
    const r = await run(file, { pack: 'cn-shandong', format: 'csv', lang: 'en' })
    expect(r.code).toBe(1)
    const rows = r.stdout.trim().split('\n')
    // the CSV starts with a UTF-8 byte-order mark (trim() takes it off)
    expect(r.stdout.startsWith('\uFEFFtype,community,date,line,id,department,level')).toBe(true)
    // the violations first (by community, then date), then the problem lines
    expect(rows.slice(1).map((l) => l.split(',')[0])).toEqual(['breach', 'malformed'])
    expect(rows[1]).toContain('district-meeting-cap')
    expect(rows[1]).toContain(',district-meetings,2026,2026-01-01,2026-12-31,3,2,')
    expect(rows[1]).toContain('Meetings organised at district level (at most 2 a year)')
    expect(r.stderr).toContain('read 5 lines (and 1 blank), skipped 1, judged 4, out of order 0; violations 1')
  })

  it('writes one JSON document, or a table, with the same counts', async () => {
    const j = await run(file, { pack: 'cn-shandong', format: 'json' })
    const doc = JSON.parse(j.stdout) as { findings: { type: string; line: number }[]; summary: { read: number; skipped: number; judged: number }; totals: { byRule: unknown[] } }
    expect(doc.findings.map((f) => [f.type, f.line])).toEqual([
      ['violation', 5],
      ['malformed', 2],
    ])
    expect(doc.summary).toMatchObject({ read: 5, skipped: 1, judged: 4 })
    expect(doc.totals.byRule).toEqual([{ cap: 'district-meetings', title: { 'zh-CN': '区级组织的会议（每年不超过2次）', en: 'Meetings organised at district level (at most 2 a year)' }, breaches: 1, refusals: 0 }])
    const t = await run(file, { pack: 'cn-shandong' })
    expect(t.stdout).toContain('district-meeting-cap')
    expect(t.stdout).toContain('区级组织的会议（每年不超过2次）')
    expect(t.stdout).toContain('读入 5 行（另有空行 1），跳过 1，判定 4')
    // the summary also ends standard error, where the report went to a file or a pipe
    expect(t.stderr).toContain('读入 5 行（另有空行 1），跳过 1，判定 4')
  })

  it('exits 0 on a clean file and 2 on a missing pack, file or bad format', async () => {
    const clean = join(dir, 'clean.ndjson')
    writeFileSync(clean, `${meeting('2026-01-10')}\n${meeting('2026-02-10')}\n`)
    expect((await run(clean, { pack: 'cn-shandong' })).code).toBe(0)
    expect((await run(file, { pack: 'no-such-pack' })).code).toBe(2)
    expect((await run(join(dir, 'missing.ndjson'), { pack: 'cn-shandong' })).code).toBe(2)
    expect((await run(file, { pack: 'cn-shandong', format: 'xml' })).code).toBe(2)
  })

  it('gives the same findings on two threads as on one, and refuses a bad thread count', async () => {
    const one = await run(file, { pack: 'cn-shandong', format: 'json', threads: '1' })
    const two = await run(file, { pack: 'cn-shandong', format: 'json', threads: '2' })
    expect(two.code).toBe(1)
    expect(JSON.parse(two.stdout)).toEqual(JSON.parse(one.stdout))
    expect((await run(file, { pack: 'cn-shandong', threads: '0' })).code).toBe(2)
    expect((await run(file, { pack: 'cn-shandong', threads: 'many' })).code).toBe(2)
  }, 30_000)

  it('reads a line longer than a read chunk (1 MB) whole, on one thread or two', async () => {
    const long = join(dir, 'long.ndjson')
    const huge = JSON.stringify({ kind: 'meeting', date: '2026-01-11', requester: { level: 'district', department: '区民政局' }, community: { id: 'A' }, meeting: {}, note: '长'.repeat(1_200_000) })
    writeFileSync(long, [meeting('2026-01-10'), huge, meeting('2026-03-05'), meeting('2026-05-20')].join('\n'))
    for (const threads of ['1', '2']) {
      const r = await run(long, { pack: 'cn-shandong', format: 'json', threads })
      const doc = JSON.parse(r.stdout) as { findings: { type: string; line: number }[]; summary: { read: number; skipped: number } }
      expect(doc.findings.map((f) => [f.type, f.line]), threads).toEqual([['violation', 4], ['malformed', 2]])
      expect(doc.summary).toMatchObject({ read: 4, skipped: 1 })
    }
  }, 30_000)

  it('reads lines whole when a character or a line straddles two chunks, and counts the bytes', async () => {
    const text = `${meeting('2026-01-10')}\r\n${meeting('2026-03-05', '社区甲')}\n\n${meeting('2026-05-20')}`
    const bytes = Buffer.from(text, 'utf8')
    for (const size of [1, 2, 7, 64, bytes.length]) {
      async function* chunks(): AsyncGenerator<Buffer> {
        for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size)
      }
      const read = { bytes: 0 }
      const lines: unknown[] = []
      for await (const l of linesOf(chunks(), read)) lines.push(l)
      expect(lines).toEqual([meeting('2026-01-10'), meeting('2026-03-05', '社区甲'), '', meeting('2026-05-20')])
      expect(read.bytes).toBe(bytes.length)
    }
  })
})

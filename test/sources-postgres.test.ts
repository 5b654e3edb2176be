import { mkdtempSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openSource, type SourceRow } from '../src/node/sources/index'
import { eventLines, flatten, runAudit } from './_sources'

/**
 * `zhunru audit --from postgres://… --query …` against a REAL PostgreSQL server: the one `.ci/run`
 * starts (.ci/postgres.sh), named by ZHUNRU_TEST_PG. Without it these tests are skipped, saying so
 * loudly; with CI set they fail instead. To run them here:
 *
 *   . .ci/postgres.sh && npx vitest run test/sources-postgres.test.ts
 *
 * Each run works in a schema of its own, dropped at the end.
 */

const URL_ = process.env.ZHUNRU_TEST_PG
if (URL_ === undefined || URL_ === '') {
  const why = 'test/sources-postgres.test.ts: ZHUNRU_TEST_PG is not set, so the PostgreSQL tests are SKIPPED. Start a server with `. .ci/postgres.sh` (installs Debian\'s postgresql when missing) and run again.'
  process.stderr.write(`\n*** ${why}\n\n`)
  if (process.env.CI !== undefined && process.env.CI !== '') throw new Error(`${why} CI is set: failing.`)
}

const schema = `zhunru_test_${process.pid}_${Date.now()}`
/** The connection string, with the test's schema first on the search path. */
const withSchema = (url: string): string => {
  const u = new URL(url)
  u.searchParams.set('options', `-c search_path=${schema}`)
  return u.toString()
}

describe.skipIf(URL_ === undefined || URL_ === '')('zhunru audit --from postgres://', () => {
  const url = URL_ !== undefined && URL_ !== '' ? withSchema(URL_) : ''
  const lines = eventLines(1500)
  const good = lines.filter((l) => {
    try {
      JSON.parse(l)
      return true
    } catch {
      return false
    }
  })
  const dir = mkdtempSync(join(tmpdir(), 'zhunru-pg-'))
  const ndjson = join(dir, 'events.ndjson')
  writeFileSync(ndjson, `${lines.join('\n')}\n`)
  const goodNdjson = join(dir, 'good.ndjson')
  writeFileSync(goodNdjson, `${good.join('\n')}\n`)
  const flat = flatten(
    good.map((l) => JSON.parse(l) as Record<string, unknown>),
    false,
  )
  const client = new pg.Client({ connectionString: URL_ })

  beforeAll(async () => {
    await client.connect()
    await client.query(`CREATE SCHEMA ${schema}`)
    await client.query(`SET search_path = ${schema}`)
    await client.query('CREATE TABLE whole_text (line int, event text)')
    await client.query('CREATE TABLE whole_jsonb (line int, event jsonb)')
    // flat: the database's own types, column names without a type (as the source gives it)
    const sqlType = { text: 'text', boolean: 'boolean', number: 'double precision', json: 'jsonb' } as const
    await client.query(`CREATE TABLE flat (line int, ${flat.columns.map((c, i) => `"${c}" ${sqlType[flat.kinds[i] as keyof typeof sqlType]}`).join(', ')})`)
    for (let i = 0; i < lines.length; i += 500) {
      const chunk = lines.slice(i, i + 500)
      await client.query('INSERT INTO whole_text SELECT * FROM unnest($1::int[], $2::text[])', [chunk.map((_, j) => i + j + 1), chunk])
    }
    for (let i = 0; i < good.length; i += 500) {
      const chunk = good.slice(i, i + 500)
      await client.query('INSERT INTO whole_jsonb SELECT * FROM unnest($1::int[], $2::jsonb[])', [chunk.map((_, j) => i + j + 1), chunk])
    }
    for (const [k, row] of flat.rows.entries())
      await client.query(`INSERT INTO flat VALUES (${[k + 1, ...row].map((_, j) => `$${j + 1}`).join(', ')})`, [k + 1, ...row])
  }, 120_000)

  afterAll(async () => {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined)
    await client.end()
  })

  for (const format of ['json', 'csv'] as const)
    it(`--format ${format}: a text column, a jsonb column and flat typed columns give the NDJSON output byte for byte`, async () => {
      const o = { pack: 'cn-shandong', format, lang: 'en', progress: false }
      const want = await runAudit(ndjson, o)
      expect(want.code).toBe(1)
      const wantGood = await runAudit(goodNdjson, o)
      const cols = flat.columns.map((c) => `"${c}"`).join(', ')
      const cases: [string, Awaited<ReturnType<typeof runAudit>>, typeof want][] = [
        ['event text', await runAudit(undefined, { ...o, from: url, query: 'SELECT line, event FROM whole_text ORDER BY line' }), want],
        ['event jsonb', await runAudit(undefined, { ...o, from: url, query: 'SELECT event FROM whole_jsonb ORDER BY line' }), wantGood],
        ['flat columns', await runAudit(undefined, { ...o, from: url, query: `SELECT ${cols} FROM flat ORDER BY line` }), wantGood],
      ]
      for (const [name, got, expected] of cases) {
        expect({ name, code: got.code, stderr: got.stderr }).toEqual({ name, code: expected.code, stderr: expected.stderr })
        expect(got.stdout === expected.stdout, `${name}: stdout differs`).toBe(true)
      }
    }, 120_000)

  it('streams with a cursor: rows come in batches, numbered across them', async () => {
    const s = await openSource({ from: url, query: 'SELECT line AS "id:string", event FROM whole_jsonb ORDER BY line' }, { batch: 7 })
    expect(E.isRight(s)).toBe(true)
    let n = 0
    for await (const r of (s as E.Right<AsyncIterable<SourceRow>>).right) {
      n++
      expect(r.row).toBe(n)
      if (n === 20) break
    }
    expect(n).toBe(20)
  })

  it('streams: the first rows of an endless query come at once, and breaking off closes it', async () => {
    // a recursive query without end: only a cursor fetching as it goes can give its first rows (a
    // reader that waited for the whole result would never return: the test's timeout is the guard)
    const s = await openSource({ from: url, query: 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x::text AS "id", \'c\' AS "community.id" FROM c' })
    expect(E.isRight(s)).toBe(true)
    const seen: unknown[] = []
    for await (const r of (s as E.Right<AsyncIterable<SourceRow>>).right) {
      seen.push('value' in r ? (r.value as { id: string }).id : r.issues)
      if (seen.length === 3) break
    }
    expect(seen).toEqual(['1', '2', '3'])
  }, 60_000)

  it('types: date as its text, timestamptz as a UTC instant, timestamp as its text, int8 and numeric as text (:number converts), arrays as arrays', async () => {
    const s = await openSource({
      from: url,
      query: `SELECT date '2026-05-20' AS "date", timestamptz '2026-05-20 09:00:00+08' AS "at", timestamp '2026-05-20 09:00' AS "local",
        8::int8 AS "big", 2.50::numeric AS "approval.funds:number", ARRAY['a','b'] AS "item.tags", true AS "emergency", 'c1'::text AS "community.id"`,
    })
    const rows: SourceRow[] = []
    for await (const r of (s as E.Right<AsyncIterable<SourceRow>>).right) rows.push(r)
    expect(rows).toEqual([
      { row: 1, value: { date: '2026-05-20', at: '2026-05-20T01:00:00Z', local: '2026-05-20 09:00:00', big: '8', approval: { funds: 2.5 }, item: { tags: ['a', 'b'] }, emergency: true, community: { id: 'c1' } } },
    ])
  })

  it('a row that does not decode is a malformed line with its row number; a NULL event column too', async () => {
    const r = await runAudit(undefined, {
      pack: 'cn-shandong',
      format: 'json',
      lang: 'en',
      from: url,
      query: `SELECT * FROM (VALUES (1, '{"kind":"meeting","date":"2026-01-05","requester":{"level":"district"},"community":{"id":"c1"},"meeting":{}}'), (2, NULL), (3, '{broken')) AS v(line, event) ORDER BY line`,
    })
    expect(r.code).toBe(1)
    const doc = JSON.parse(r.stdout) as { findings: { type: string; line: number; issues?: { code: string }[] }[]; summary: { read: number; skipped: number; judged: number } }
    expect(doc.findings.map((f) => [f.type, f.line, f.issues?.[0]?.code])).toEqual([
      ['malformed', 2, 'request/missing'],
      ['malformed', 3, 'json/syntax'],
    ])
    expect(doc.summary).toMatchObject({ read: 3, skipped: 2, judged: 1 })
  })

  it('exit 2 on a bad connection string, a refused login or database, a bad query, a statement that writes; exit 3 when the server cannot be reached; nothing on stdout', async () => {
    // a port nothing listens on: take a free one and close it
    const port = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const p = (srv.address() as { port: number }).port
        srv.close(() => resolve(p))
      })
    })
    const u = new URL(URL_ as string)
    const other = (f: (x: URL) => void): string => {
      const x = new URL(u.toString())
      f(x)
      return x.toString()
    }
    const o = { pack: 'cn-shandong', format: 'json', lang: 'en' } as const
    const cases: [Record<string, string>, number, RegExp][] = [
      [{ from: 'postgres://user:pw@[::1/db', query: 'SELECT 1' }, 2, /source\/invalid.*connection string/],
      [{ from: url, query: 'SELEC event FROM whole_text' }, 2, /syntax error.*42601/],
      [{ from: url, query: 'SELECT event FROM nope' }, 2, /"nope" does not exist/],
      [{ from: url, query: 'DELETE FROM whole_text' }, 2, /read-only transaction/],
      [{ from: url, query: 'SELECT 1 AS event; SELECT 2 AS event' }, 2, /multiple commands/],
      [{ from: other((x) => (x.pathname = '/no_such_database')), query: 'SELECT 1 AS event' }, 2, /no_such_database.*does not exist/],
      [{ from: other((x) => (x.port = String(port))), query: 'SELECT 1 AS event' }, 3, /load\/io.*ECONNREFUSED/],
    ]
    for (const [extra, code, message] of cases) {
      const r = await runAudit(undefined, { ...o, ...extra })
      expect({ extra, code: r.code, stdout: r.stdout }).toEqual({ extra, code, stdout: '' })
      expect(r.stderr).toMatch(message)
    }
    // the statement that writes did nothing
    expect((await client.query('SELECT count(*)::int AS n FROM whole_text')).rows[0]).toEqual({ n: lines.length })
  }, 60_000)

  it('a connection lost midway (the server ends it after output was written): exit 3, the output ends with the incomplete marker', async () => {
    // the backend ends itself at row 1200, after the first batches were judged and written
    const r = await runAudit(undefined, {
      pack: 'cn-shandong',
      format: 'csv',
      lang: 'en',
      // streamed as found: the rows judged before the connection ended are written (the default
      // order writes the sorted report only at the end, so nothing would be)
      order: 'found',
      from: url,
      query: 'SELECT CASE WHEN line = 1200 THEN pg_terminate_backend(pg_backend_pid()) END AS stop, event FROM whole_text ORDER BY line',
    })
    expect(r.code).toBe(3)
    expect(r.stdout.split('\n').filter((l) => /^(breach|refusal),/.test(l)).length).toBeGreaterThan(10)
    expect(r.stdout).toMatch(/\n# zhunru: INCOMPLETE: the audit was interrupted \(an error\) after \d+ lines; this output is not the whole result\n$/)
    expect(r.stderr).toMatch(/load\/io/)
    // in the default order the report is written only when the audit ends: nothing is written
    const sorted = await runAudit(undefined, { pack: 'cn-shandong', format: 'csv', lang: 'en', from: url, query: 'SELECT CASE WHEN line = 1200 THEN pg_terminate_backend(pg_backend_pid()) END AS stop, event FROM whole_text ORDER BY line' })
    expect([sorted.code, sorted.stdout]).toEqual([3, ''])
    expect(sorted.stderr).toMatch(/load\/io/)
  })

  it('a password in the connection string is never shown', async () => {
    const u = new URL(URL_ as string)
    u.password = 'hunter2-secret'
    u.pathname = '/no_such_database'
    const r = await runAudit(undefined, { pack: 'cn-shandong', format: 'json', from: u.toString(), query: 'SELECT 1' })
    expect(r.code).toBe(2)
    expect(r.stderr).not.toContain('hunter2-secret')
    expect(r.stderr).toContain('***')
  })
})

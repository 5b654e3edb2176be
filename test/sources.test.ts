import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { planColumns, rowValue } from '../src/node/sources/columns'
import { openSource, redact, type SourceRow } from '../src/node/sources/index'
import { pgIssue } from '../src/node/sources/postgres'
import { eventLines, flatten, runAudit, toCsv } from './_sources'

/**
 * The sources of records (src/node/sources, docs/sources.md): the column convention, and
 * `zhunru audit` on CSV and SQLite giving the same output, byte for byte, as on the same events in
 * NDJSON; the error cases and their exit codes. PostgreSQL: test/sources-postgres.test.ts.
 */

const dir = mkdtempSync(join(tmpdir(), 'zhunru-sources-'))
const lines = eventLines(1500)
const ndjson = join(dir, 'events.ndjson')
writeFileSync(ndjson, `${lines.join('\n')}\n`)
// the events that parse, for the flat tables (a broken line has no fields to spread)
const good = lines.filter((l) => {
  try {
    JSON.parse(l)
    return true
  } catch {
    return false
  }
})
const goodNdjson = join(dir, 'good.ndjson')
writeFileSync(goodNdjson, `${good.join('\n')}\n`)
const goodEvents = good.map((l) => JSON.parse(l) as Record<string, unknown>)

const plan = (names: string[]) => {
  const p = planColumns(names)
  if (E.isLeft(p)) throw new Error(JSON.stringify(p.left))
  return p.right
}

const all = async (spec: Parameters<typeof openSource>[0]): Promise<SourceRow[]> => {
  const s = await openSource(spec)
  if (E.isLeft(s)) throw new Error(JSON.stringify(s.left))
  const out: SourceRow[] = []
  for await (const r of s.right) out.push(r)
  return out
}

describe('the column convention', () => {
  it('a column event (else request) holds the whole event; other columns are ignored', () => {
    expect(plan(['id', 'request', 'event'])).toEqual({ whole: { column: 'event', index: 2 } })
    expect(plan(['id', 'request:json'])).toEqual({ whole: { column: 'request:json', index: 1 } })
    expect(rowValue(plan(['id', 'event']), [7, '{"kind":"task","a":[1]}'], false)).toEqual(E.right({ kind: 'task', a: [1] }))
    expect(rowValue(plan(['event']), [{ kind: 'task' }], false)).toEqual(E.right({ kind: 'task' }))
    const bad = rowValue(plan(['event']), ['{not json'], false)
    expect(E.isLeft(bad) && bad.left[0]?.code).toBe('json/syntax')
    const empty = rowValue(plan(['event']), [null], false)
    expect(E.isLeft(empty) && empty.left[0]?.code).toBe('request/missing')
  })

  it('flat columns: dotted paths, typed by their suffix, absent when NULL (or an empty CSV cell)', () => {
    const p = plan(['kind', 'requester.level', 'community.id', 'approval.funds:number', 'item.isNew:boolean', 'item.tags:json', 'item.name:string', 'legalBasis'])
    expect(rowValue(p, ['task', 'district', 'c1', '2.5', '1', '["a"]', 42, null], false)).toEqual(
      E.right({ kind: 'task', requester: { level: 'district' }, community: { id: 'c1' }, approval: { funds: 2.5 }, item: { isNew: true, tags: ['a'], name: '42' } }),
    )
    // untyped: as the source gives it
    expect(rowValue(plan(['x', 'y', 'z']), [3, true, { a: 1 }], false)).toEqual(E.right({ x: 3, y: true, z: { a: 1 } }))
    // an empty cell: absent in CSV, an empty text in SQL
    expect(rowValue(plan(['a', 'b']), ['', 'x'], true)).toEqual(E.right({ b: 'x' }))
    expect(rowValue(plan(['a', 'b']), ['', 'x'], false)).toEqual(E.right({ a: '', b: 'x' }))
    for (const [b, v] of [['true', true], ['FALSE', false], ['0', false], [1, true], ['t', true]] as const) expect(rowValue(plan(['f:boolean']), [b], true)).toEqual(E.right({ f: v }))
  })

  it('a cell that does not convert, binary data, or two columns for one field: the row issues, with the field', () => {
    const r = rowValue(plan(['a:number', 'b:boolean', 'c:json', 'd']), ['12x', 'yes', '{', Buffer.from('x')], true)
    expect(E.isLeft(r) && r.left.map((i) => [i.code, i.path])).toEqual([
      ['request/invalid', '/a'],
      ['request/invalid', '/b'],
      ['request/invalid', '/c'],
      ['request/invalid', '/d'],
    ])
    const clash = rowValue(plan(['community:json', 'community.id']), ['"c1"', 'c2'], true)
    expect(E.isLeft(clash) && clash.left[0]?.path).toBe('/community/id')
    const twice = rowValue(plan(['a.b', 'a.b:string']), ['x', 'y'], true)
    expect(E.isLeft(twice) && twice.left[0]?.path).toBe('/a/b')
  })

  it('a field named __proto__ is an own field, never the prototype', () => {
    const r = rowValue(plan(['__proto__.polluted', 'constructor']), ['yes', 'x'], true)
    expect(E.isRight(r)).toBe(true)
    const v = (r as E.Right<Record<string, unknown>>).right
    expect(Object.keys(v)).toEqual(['__proto__', 'constructor'])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype)
  })

  it('a column name that is not a path makes the source unusable', () => {
    for (const names of [['a..b'], ['.a'], ['a.'], [':number'], []]) {
      const p = planColumns(names)
      expect(E.isLeft(p) && p.left[0]?.code).toBe('source/invalid')
    }
  })
})

describe('openSource', () => {
  it('NDJSON: a row per line numbered by the line, blank lines skipped, broken JSON a row issue', async () => {
    const f = join(dir, 'small.ndjson')
    writeFileSync(f, '{"a":1}\n\n{oops\r\n{"b":2}')
    expect(await all({ file: f })).toEqual([
      { row: 1, value: { a: 1 } },
      { row: 3, issues: [expect.objectContaining({ code: 'json/syntax' })] },
      { row: 4, value: { b: 2 } },
    ])
  })

  it('CSV: the header maps the columns, each record a row from 1; a BOM is dropped; quoted line breaks stay in their cell', async () => {
    const f = join(dir, 'small.csv')
    writeFileSync(f, '\uFEFFkind,community.id,item.name\r\ntask,c1,"two\nlines"\r\n\r\nmeeting,c2\r\n')
    expect(await all({ file: f })).toEqual([
      { row: 1, value: { kind: 'task', community: { id: 'c1' }, item: { name: 'two\nlines' } } },
      { row: 2, issues: [expect.objectContaining({ code: 'request/invalid', received: '2 cells' })] },
    ])
  })

  it('GB18030 CSV with encoding gb18030; the same bytes as UTF-8 end the reading (load/encoding)', async () => {
    const f = join(dir, 'gbk.csv')
    writeFileSync(f, Buffer.from([...Buffer.from('kind,requester.department\r\ntask,'), 0xc3, 0xf1, 0xd5, 0xfe, 0xbe, 0xd6, 0x0d, 0x0a]))
    const s = await openSource({ file: f }, { encoding: 'gb18030' })
    expect(E.isRight(s)).toBe(true)
    const rows: SourceRow[] = []
    for await (const r of (s as E.Right<AsyncIterable<SourceRow>>).right) rows.push(r)
    expect(rows).toEqual([{ row: 1, value: { kind: 'task', requester: { department: '民政局' } } }])
    const u = await openSource({ file: f })
    expect(E.isLeft(u) && u.left[0]?.code).toBe('load/encoding')
  })

  it('SQLite streams: the first rows of an endless query come at once, and breaking off closes it', async () => {
    const db = join(dir, 'endless.db')
    new Database(db).close()
    const s = await openSource({ from: `sqlite:${db}`, query: 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x AS "item.id:string" FROM c' })
    expect(E.isRight(s)).toBe(true)
    const seen: unknown[] = []
    for await (const r of (s as E.Right<AsyncIterable<SourceRow>>).right) {
      seen.push('value' in r ? r.value : r.issues)
      if (seen.length === 2) break
    }
    expect(seen).toEqual([{ item: { id: '1' } }, { item: { id: '2' } }])
    // closed: the file can be opened for writing again at once
    const w = new Database(db)
    w.exec('CREATE TABLE t (x)')
    w.close()
  })

  it('bad specs are Left, never thrown', async () => {
    for (const spec of [{}, { file: 'a', from: 'sqlite:x', query: 'q' }, { from: 'sqlite:x' }, { query: 'q' }, { from: 'mysql://h/d', query: 'q' }, { from: 'postgres://[x', query: 'q' }, { from: 'sqlite:', query: 'q' }, null, 3] as unknown[]) {
      const r = await openSource(spec as never)
      expect(E.isLeft(r) && r.left[0]?.code).toBe('source/invalid')
    }
    const missing = await openSource({ file: join(dir, 'none.csv') })
    expect(E.isLeft(missing) && missing.left[0]?.code).toBe('load/not-found')
  })

  it('PostgreSQL errors: the server\'s (with a severity) are the query\'s, exit 2, unless they say the connection ended; a socket\'s are I/O, exit 3', () => {
    const server = (code: string): Error => Object.assign(new Error('m'), { code, severity: 'ERROR' })
    expect(pgIssue('db', server('42601')).code).toBe('source/invalid')
    expect(pgIssue('db', server('28P01')).code).toBe('source/invalid')
    expect(pgIssue('db', server('3D000')).code).toBe('source/invalid')
    expect(pgIssue('db', server('57P01')).code).toBe('load/io')
    expect(pgIssue('db', server('08006')).code).toBe('load/io')
    // errno codes, EPIPE looking like an SQLSTATE
    for (const code of ['EPIPE', 'ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND']) expect(pgIssue('db', Object.assign(new Error('m'), { code })).code).toBe('load/io')
    expect(pgIssue('db', new Error('Connection terminated unexpectedly')).code).toBe('load/io')
  })

  it('a connection string is shown without its password', () => {
    expect(redact('postgres://audit:s3cret@db:5432/portal')).toBe('postgres://audit:***@db:5432/portal')
    expect(redact('postgres://audit:s3cret@[db/portal')).toBe('postgres://audit:***@[db/portal')
    expect(redact('sqlite:a.db')).toBe('sqlite:a.db')
  })
})

describe('zhunru audit on CSV and SQLite: the same output as on the same events in NDJSON', () => {
  const csvWhole = join(dir, 'whole.csv')
  writeFileSync(csvWhole, toCsv(['line', 'event'], lines.map((l, i) => [i + 1, l])))
  const flatTyped = flatten(goodEvents, true)
  const csvFlat = join(dir, 'flat.csv')
  writeFileSync(csvFlat, toCsv(flatTyped.columns, flatTyped.rows))
  const db = join(dir, 'events.db')
  {
    const d = new Database(db)
    d.exec('CREATE TABLE whole (line INTEGER, event TEXT)')
    const ins = d.prepare('INSERT INTO whole VALUES (?, ?)')
    lines.forEach((l, i) => ins.run(i + 1, l))
    // flat: booleans as 0/1 (read by :boolean), numbers as REAL, lists as JSON text
    d.exec(`CREATE TABLE flat (line INTEGER, ${flatTyped.columns.map((c, i) => `"${c}" ${flatTyped.kinds[i] === 'number' ? 'REAL' : flatTyped.kinds[i] === 'boolean' ? 'INTEGER' : 'TEXT'}`).join(', ')})`)
    const put = d.prepare(`INSERT INTO flat VALUES (${['?', ...flatTyped.columns.map(() => '?')].join(', ')})`)
    flatTyped.rows.forEach((r, i) => put.run(i + 1, ...r.map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v))))
    d.close()
  }
  const flatColumns = flatTyped.columns.map((c) => `"${c}"`).join(', ')

  it('the events have violations, malformed lines and late events to compare', async () => {
    const r = await runAudit(ndjson, { pack: 'cn-shandong', format: 'json', lang: 'en' })
    const doc = JSON.parse(r.stdout) as { summary: { violations: number; skipped: number; late: number } }
    expect(doc.summary.violations).toBeGreaterThan(50)
    expect(doc.summary.skipped).toBeGreaterThan(5)
    expect(doc.summary.late).toBeGreaterThan(5)
  })

  for (const format of ['json', 'csv', 'table'] as const)
    it(`--format ${format}: CSV (a JSON column, flat typed columns) and SQLite (the same two tables)`, async () => {
      const o = { pack: 'cn-shandong', format, lang: 'en', progress: false }
      const want = await runAudit(ndjson, o)
      expect(want.code).toBe(1)
      const wantGood = await runAudit(goodNdjson, o)
      const cases: [string, Awaited<ReturnType<typeof runAudit>>, typeof want][] = [
        ['csv, event column', await runAudit(csvWhole, o), want],
        ['csv, event column, named on stdin-like --input-format', await runAudit(csvWhole, { ...o, inputFormat: 'csv' }), want],
        ['csv, flat columns', await runAudit(csvFlat, o), wantGood],
        ['sqlite, event column', await runAudit(undefined, { ...o, from: `sqlite:${db}`, query: 'SELECT line, event FROM whole ORDER BY line' }), want],
        ['sqlite, flat columns', await runAudit(undefined, { ...o, from: `sqlite:${db}`, query: `SELECT ${flatColumns} FROM flat ORDER BY line` }), wantGood],
      ]
      for (const [name, got, expected] of cases) {
        expect({ name, code: got.code, stderr: got.stderr }).toEqual({ name, code: expected.code, stderr: expected.stderr })
        expect(got.stdout === expected.stdout, `${name}: stdout differs`).toBe(true)
      }
    })
})

describe('zhunru audit: the sources\' error cases', () => {
  const db = join(dir, 'errors.db')
  {
    const d = new Database(db)
    d.exec('CREATE TABLE t (kind TEXT, "community.id" TEXT, "requester.level" TEXT, date TEXT, "meeting:json" TEXT, "emergency:boolean" TEXT, blob BLOB)')
    const ins = d.prepare('INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?)')
    ins.run('meeting', 'c1', 'district', '2026-01-05', '{}', null, null)
    ins.run('meeting', 'c1', 'district', '2026-01-06', '{}', 'maybe', null)
    ins.run('meeting', 'c1', 'district', '2026-01-07', '{}', null, Buffer.from([1, 2]))
    ins.run('meeting', 'c1', 'district', '2026-01-08', '{}', 'false', null)
    d.close()
  }
  const o = { pack: 'cn-shandong', format: 'json', lang: 'en' } as const

  it('a row that does not decode is a malformed line with its row number, skipped and counted; the rest is judged', async () => {
    const r = await runAudit(undefined, { ...o, from: `sqlite:${db}`, query: 'SELECT * FROM t ORDER BY date' })
    expect(r.code).toBe(1)
    const doc = JSON.parse(r.stdout) as { findings: { type: string; line: number; issues?: { code: string; path: string }[] }[]; summary: { read: number; skipped: number; judged: number } }
    expect(doc.findings.filter((f) => f.type === 'malformed').map((f) => [f.line, f.issues?.map((i) => i.path)])).toEqual([
      [2, ['/emergency']],
      [3, ['/blob']],
    ])
    expect(doc.summary).toMatchObject({ read: 4, skipped: 2, judged: 2 })
  })

  it('exit 2 before any output: bad --from, --from without --query, a query SQLite refuses, not a database, a missing file; a CSV quote never closed', async () => {
    const csv = join(dir, 'open-quote.csv')
    writeFileSync(csv, 'kind,date\r\ntask,"2026-01-01\r\n')
    const cases: [string | undefined, Record<string, string>, RegExp][] = [
      [undefined, { from: 'mysql://h/d', query: 'SELECT 1' }, /source\/invalid/],
      [undefined, { from: `sqlite:${db}` }, /--from needs --query/],
      [undefined, { query: 'SELECT 1' }, /--query needs --from/],
      [ndjson, { from: `sqlite:${db}`, query: 'SELECT 1' }, /either a file/],
      [undefined, {}, /name a file/],
      [ndjson, { inputFormat: 'xlsx' }, /--input-format/],
      [undefined, { from: `sqlite:${db}`, query: 'SELECT * FROM nope' }, /no such table: nope/],
      [undefined, { from: `sqlite:${db}`, query: 'DELETE FROM t' }, /returns no rows/],
      [undefined, { from: `sqlite:${db}`, query: 'SELECT 1; SELECT 2' }, /more than one statement/],
      [undefined, { from: `sqlite:${ndjson}`, query: 'SELECT 1' }, /not a database/],
      [undefined, { from: `sqlite:${join(dir, 'none.db')}`, query: 'SELECT 1' }, /load\/not-found/],
      [csv, {}, /source\/invalid.*[Qq]uote/],
    ]
    for (const [file, extra, message] of cases) {
      const r = await runAudit(file, { ...o, ...extra })
      expect({ extra, code: r.code, stdout: r.stdout }).toEqual({ extra, code: 2, stdout: '' })
      expect(r.stderr).toMatch(message)
    }
    // the database was opened read-only: the statement that writes did nothing
    const d = new Database(db, { readonly: true })
    expect((d.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n).toBe(4)
    d.close()
  })

  it('a CSV record past --max-line-bytes ends the audit with exit 2', async () => {
    const csv = join(dir, 'long.csv')
    writeFileSync(csv, `kind,item.name\r\ntask,${'x'.repeat(5000)}\r\n`)
    const r = await runAudit(csv, { ...o, maxLineBytes: '1024' })
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/source\/invalid/)
  })
})

describe('the command line', () => {
  it('main.ts wires --from, --query and --input-format (CSV on standard input)', () => {
    const db = join(dir, 'cli.db')
    const d = new Database(db)
    d.exec('CREATE TABLE e (event TEXT)')
    d.prepare('INSERT INTO e VALUES (?)').run(lines[0])
    d.close()
    const cli = (args: string[], input = ''): ReturnType<typeof spawnSync> =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'audit', '--pack', 'cn-shandong', '--format', 'json', ...args], { encoding: 'utf8', input })
    const fromDb = cli(['--from', `sqlite:${db}`, '--query', 'SELECT event FROM e'])
    // the summary, and nothing else, on standard error (it always ends a run)
    expect(String(fromDb.stderr).trim().split('\n')).toHaveLength(1)
    expect(String(fromDb.stderr)).toMatch(/^读入 1 行/)
    expect((JSON.parse(String(fromDb.stdout)) as { summary: { read: number } }).summary.read).toBe(1)
    const csv = cli(['-', '--input-format', 'csv'], toCsv(['event'], [[lines[0] as string]]))
    expect(csv.stdout).toBe(fromDb.stdout)
    const none = cli([])
    expect([none.status, none.stdout]).toEqual([2, ''])
  })
})

describe('the drivers stay out of the core and load only when used', () => {
  it('pg, pg-cursor, better-sqlite3 and csv-parse are imported dynamically, under src/node/sources only', () => {
    const files: string[] = []
    const walk = (d: string): void => {
      for (const n of readdirSync(d)) {
        const p = join(d, n)
        if (statSync(p).isDirectory()) walk(p)
        else if (p.endsWith('.ts')) files.push(p)
      }
    }
    walk('src')
    const drivers = /(['"])(pg|pg-cursor|better-sqlite3|csv-parse)\1/g
    const seen = new Set<string>()
    for (const f of files) {
      const text = readFileSync(f, 'utf8')
      for (const m of text.matchAll(drivers)) {
        seen.add(m[2] as string)
        const before = text.slice(Math.max(0, m.index - 20), m.index)
        expect({ f, ok: /import\($/.test(before) && f.startsWith(join('src', 'node', 'sources'))}).toEqual({ f, ok: true })
      }
    }
    expect([...seen].sort()).toEqual(['better-sqlite3', 'csv-parse', 'pg', 'pg-cursor'])
  })
})

import * as E from 'fp-ts/lib/Either.js'
import { issue, type Issue } from '../../issues/issue'
import { planColumns, rowValue, type ColumnPlan } from './columns'
import { invalid, SourceError, type Reader, type SourceOptions, type SourceRow } from './types'

/**
 * A PostgreSQL query, read with a server-side cursor (`pg` with `pg-cursor`, loaded when a
 * PostgreSQL source is opened): `batch` rows at a time, never the whole result. The query runs in
 * a read-only transaction (`BEGIN READ ONLY`), with the session's time zone UTC; it must be one
 * statement (the extended protocol refuses more).
 *
 * Types as read: `date` as its text (`2026-05-20`), `timestamptz` as an ISO instant in UTC
 * (`2026-05-20T01:00:00Z`), `timestamp` (without zone) as its text, which the request format
 * rejects as an instant without an offset (cast it: `day::date` or `at::timestamptz`);
 * json/jsonb as values; int2/int4/float as numbers; int8 and numeric as text (`:number` converts);
 * arrays as arrays; bytea as binary (a row issue).
 *
 * Errors: unreachable (refused, timed out, unknown host, reset) is `load/io` (exit 3); an error
 * the server answers with (a login refused, an unknown database, a bad query) is `source/query`
 * (exit 2); a connection lost midway ends the reading with `load/io`.
 */

/** Type OIDs read as text (see above). */
const DATE = 1082
const TIMESTAMP = 1114
const TIMESTAMPTZ = 1184

/** The issue of an error of `pg`: the server's (it has an SQLSTATE) or the network's. */
export const pgIssue = (name: string, e: unknown): Issue => {
  const err = e as { code?: unknown; message?: unknown; severity?: unknown } | null
  const message = typeof err?.message === 'string' ? err.message : String(e)
  const code = typeof err?.code === 'string' ? err.code : undefined
  // an error the server sent has a severity and an SQLSTATE (a socket's error has an errno code
  // such as EPIPE, which looks like one). SQLSTATE class 08 (connection exception), 57P
  // (operator intervention: shutdown) and 53 (insufficient resources) are the server's trouble,
  // not the query's
  if (typeof err?.severity === 'string' && code !== undefined && !/^(08|57P|53)/.test(code))
    return invalid(`${name}: ${message} (SQLSTATE ${code})`)
  return issue('load/io', '', { received: `${name}: ${message}${code !== undefined ? ` (${code})` : ''}` })
}

export const readPostgres = async (url: string, name: string, query: string, o: SourceOptions): Promise<E.Either<Issue[], Reader>> => {
  let pg: typeof import('pg')
  let Cursor: typeof import('pg-cursor')
  try {
    const m = (await import('pg')) as unknown as { default?: typeof import('pg') }
    pg = m.default ?? (m as unknown as typeof import('pg'))
    const c = (await import('pg-cursor')) as unknown as { default?: typeof import('pg-cursor') }
    Cursor = c.default ?? (c as unknown as typeof import('pg-cursor'))
  } catch (e) {
    return E.left([invalid(`${name}: the PostgreSQL driver cannot be loaded (${e instanceof Error ? e.message : String(e)})`, 'the packages pg and pg-cursor (npm install pg pg-cursor)')])
  }
  const builtin = pg.types.getTypeParser
  const types = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
      if (oid === DATE || oid === TIMESTAMP) return (s: string) => s
      if (oid === TIMESTAMPTZ) return (s: string) => s.replace(' ', 'T').replace(/\+00$/, 'Z')
      return (builtin as (oid: number, format?: 'text' | 'binary') => unknown)(oid, format)
    }) as typeof builtin,
  }
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: o.connectTimeoutMs ?? 10_000, types, application_name: 'zhunru' })
  // an error after the connection (the server goes away) comes as an event: without a listener it
  // would end the process; the pending read reports it
  let lost: unknown
  client.on('error', (e) => {
    lost = e
  })
  let closed = false
  const close = async (): Promise<void> => {
    if (closed) return
    closed = true
    await client.end().catch(() => undefined)
  }
  try {
    await client.connect()
  } catch (e) {
    await close()
    return E.left([pgIssue(name, e)])
  }
  try {
    await client.query("SET TIME ZONE 'UTC'")
    await client.query('BEGIN READ ONLY')
  } catch (e) {
    await close()
    return E.left([pgIssue(name, e)])
  }
  const cursor = client.query(new Cursor(query, undefined, { rowMode: 'array' }))
  const read = (n: number): Promise<{ rows: unknown[][]; fields: string[] }> =>
    new Promise((resolve, reject) => {
      cursor.read(n, (err, rows, result) => {
        if (err !== undefined && err !== null) reject(err)
        else resolve({ rows: rows as unknown[][], fields: (result?.fields ?? []).map((f) => f.name) })
      })
    })
  const batch = o.batch ?? 500
  async function* rows(): AsyncGenerator<SourceRow> {
    let plan: ColumnPlan | undefined
    let row = 0
    try {
      for (;;) {
        let got: { rows: unknown[][]; fields: string[] }
        try {
          got = await read(batch)
        } catch (e) {
          throw new SourceError([pgIssue(name, lost ?? e)])
        }
        if (plan === undefined) {
          const p = planColumns(got.fields)
          if (E.isLeft(p)) throw new SourceError(p.left)
          plan = p.right
        }
        if (got.rows.length === 0) return
        for (const r of got.rows) {
          row++
          const v = rowValue(plan, r, false)
          yield E.isLeft(v) ? { row, issues: v.left } : { row, value: v.right }
        }
      }
    } finally {
      await close()
    }
  }
  const it = rows()
  return E.right({
    rows: it,
    close: async () => {
      await it.return(undefined)
      await close()
    },
  })
}

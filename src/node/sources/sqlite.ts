import { statSync } from 'node:fs'
import * as E from 'fp-ts/lib/Either.js'
import { issue, type Issue } from '../../issues/issue'
import { fsIssue } from '../read-text'
import { planColumns, rowValue } from './columns'
import { invalid, SourceError, type Reader, type SourceOptions, type SourceRow } from './types'

/**
 * A SQLite query, stepped row by row (better-sqlite3's `iterate`, loaded when a SQLite source is
 * opened), on the database file opened read-only. TEXT is text, INTEGER and REAL are numbers
 * (`:boolean` reads 1 and 0), BLOB is binary (a row issue). One statement, which must return
 * rows. A missing file is `load/not-found`; a file that is not a database, or a query SQLite
 * refuses, is `source/query` (exit 2); a read failure is `load/io` (exit 3).
 */

const sqliteIssue = (name: string, e: unknown): Issue => {
  const code = (e as { code?: unknown } | null)?.code
  const message = e instanceof Error ? e.message : String(e)
  if (typeof code === 'string' && /^SQLITE_(IOERR|CANTOPEN|FULL|BUSY|LOCKED|NOMEM)/.test(code)) return issue('load/io', '', { received: `${name}: ${message} (${code})` })
  return invalid(`${name}: ${message}${typeof code === 'string' ? ` (${code})` : ''}`)
}

export const readSqlite = async (path: string, query: string, o: SourceOptions): Promise<E.Either<Issue[], Reader>> => {
  const name = `sqlite:${path}`
  let Database: typeof import('better-sqlite3')
  try {
    const m = (await import('better-sqlite3')) as unknown as { default?: typeof import('better-sqlite3') }
    Database = m.default ?? (m as unknown as typeof import('better-sqlite3'))
  } catch (e) {
    return E.left([invalid(`${name}: the SQLite driver cannot be loaded (${e instanceof Error ? e.message : String(e)})`, 'the package better-sqlite3 (npm install better-sqlite3@12.11)')])
  }
  try {
    if (statSync(path).isDirectory()) return E.left([issue('load/not-found', '', { received: `${path} (a folder)` })])
  } catch (e) {
    return E.left([fsIssue(path, e)])
  }
  let db: import('better-sqlite3').Database
  let stmt: import('better-sqlite3').Statement<unknown[], unknown[]>
  try {
    db = new Database(path, { readonly: true, fileMustExist: true })
  } catch (e) {
    return E.left([sqliteIssue(name, e)])
  }
  let closed = false
  const close = async (): Promise<void> => {
    if (closed) return
    closed = true
    try {
      db.close()
    } catch {
      // an iteration still open: it ends with the generator
    }
  }
  let columns: string[]
  try {
    stmt = db.prepare(query)
    if (!stmt.reader) {
      await close()
      return E.left([invalid(`${name}: the query returns no rows`, 'a query that returns rows (SELECT …)')])
    }
    stmt.raw(true)
    columns = stmt.columns().map((c) => c.name)
  } catch (e) {
    await close()
    return E.left([sqliteIssue(name, e)])
  }
  const planned = planColumns(columns)
  if (E.isLeft(planned)) {
    await close()
    return planned
  }
  const plan = planned.right
  const every = Math.max(1, o.batch ?? 500)
  async function* rows(): AsyncGenerator<SourceRow> {
    let row = 0
    let it: IterableIterator<unknown[]> | undefined
    try {
      it = stmt.iterate() as IterableIterator<unknown[]>
      for (;;) {
        let r: IteratorResult<unknown[]>
        try {
          r = it.next()
        } catch (e) {
          throw new SourceError([sqliteIssue(name, e)])
        }
        if (r.done === true) return
        row++
        const v = rowValue(plan, r.value, false)
        yield E.isLeft(v) ? { row, issues: v.left } : { row, value: v.right }
        // let the event loop run now and then (a signal, the output draining)
        if (row % every === 0) await new Promise<void>((resolve) => setImmediate(resolve))
      }
    } finally {
      it?.return?.()
      await close()
    }
  }
  const gen = rows()
  return E.right({
    rows: gen,
    close: async () => {
      await gen.return(undefined)
      await close()
    },
  })
}

import { createReadStream, statSync } from 'node:fs'
import * as E from 'fp-ts/lib/Either.js'
import { issue, type Issue } from '../../issues/issue'
import { fsIssue } from '../read-text'
import { lineProblem } from '../../audit/auditor'
import { readCsv } from './csv'
import { readNdjson } from './ndjson'
import { readPostgres } from './postgres'
import { readSqlite } from './sqlite'
import { invalid, SourceError, type Reader, type Source, type SourceOptions, type SourceRow, type SourceSpec } from './types'

/**
 * One way to read records (events, requests) from where they are kept: an NDJSON file, a CSV
 * file, a PostgreSQL query or a SQLite query, streamed (a cursor for SQL, the bounded line reader
 * for NDJSON, a streaming parser for CSV), so that a year of rows never sits in memory. Every
 * reader of records (`zhunru audit`, `impact`, `replay`) takes its input from {@link openSource}.
 *
 * ```ts
 * const src = await openSource({ from: 'postgres://audit@db/portal', query: 'SELECT event FROM events ORDER BY day' })
 * if (E.isLeft(src)) return failWith(src.left)           // nothing was read: exit 2 or 3
 * for await (const r of src.right) {                      // rows in order, numbered from 1
 *   if ('issues' in r) report(r.row, r.issues)            // a row that does not decode: skip, count it
 *   else use(r.row, r.value)                              // the event (a plain value, as JSON.parse gives)
 * }                                                       // may throw a SourceError (the source failed midway)
 * ```
 *
 * Rows map to values by the column convention of `columns.ts` (docs/sources.md). The database
 * drivers (`pg`, `better-sqlite3`) and the CSV parser are loaded by dynamic `import()` when a
 * source needs them: an NDJSON user pays nothing for them, and the browser core never sees them.
 *
 * @module
 */

export { SourceError, type Reader, type Source, type SourceOptions, type SourceRow, type SourceSpec } from './types'

/** A connection string without its password, for messages. @since 0.1.0 */
export const redact = (from: string): string => {
  try {
    const u = new URL(from)
    if (u.password !== '') u.password = '***'
    return u.toString()
  } catch {
    return from.replace(/(\/\/[^:/@]*:)[^@/]*@/, '$1***@')
  }
}

const badSpec = (received: string, expected: string): E.Either<Issue[], never> => E.left([invalid(received, expected)])

/**
 * Open a source: connect (or open the file) and read its first row, so that a bad connection
 * string, a refused connection, a bad query or a bad CSV header is a Left before anything is
 * written. Left issues: `source/bad-spec` (the spec, the columns), `source/query` (the database
 * refused the login or the query), `load/not-found`, `load/io` (unreachable, a read failure).
 * Never throws.
 *
 * @example
 * await openSource({ file: 'events.csv' })                                 // CSV by its extension
 * await openSource({ from: 'sqlite:portal.db', query: 'SELECT * FROM events' })
 * @since 0.1.0
 */
export const openSource = async (spec: SourceSpec, options: SourceOptions = {}): Promise<E.Either<Issue[], Source>> => {
  try {
    return await openOrThrow(spec, options)
  } catch (e) {
    return E.left(e instanceof SourceError ? [...e.issues] : [issue('load/io', '', { received: e instanceof Error ? e.message : String(e) })])
  }
}

const openOrThrow = async (spec: SourceSpec, o: SourceOptions): Promise<E.Either<Issue[], Source>> => {
  if (typeof spec !== 'object' || spec === null) return badSpec(typeof spec, 'a source: { file } or { from, query }')
  const { file, from, query, format } = spec
  if (file !== undefined && typeof file !== 'string') return badSpec(typeof file, 'file: a path')
  if (from !== undefined && typeof from !== 'string') return badSpec(typeof from, 'from: a connection string')
  if (query !== undefined && typeof query !== 'string') return badSpec(typeof query, 'query: SQL text')
  if (format !== undefined && format !== 'ndjson' && format !== 'csv') return badSpec(String(format), 'format: ndjson | csv')
  let reader: Reader
  let name: string
  let kind: Source['kind']
  if (from !== undefined) {
    if (file !== undefined) return badSpec(`both a file (${file}) and --from`, 'one source: a file or --from')
    if (format !== undefined) return badSpec(`--input-format ${format} with --from`, 'the format of a file only')
    if (query === undefined || query.trim() === '') return badSpec(`--from without --query`, 'the SQL query whose rows are the records (--query "SELECT …")')
    name = redact(from)
    if (/^postgres(ql)?:\/\//i.test(from)) {
      let url: URL
      try {
        url = new URL(from)
      } catch {
        return badSpec(name, 'a connection string: postgres://user@host:5432/database')
      }
      if (url.hostname === '' && !url.searchParams.has('host')) return badSpec(name, 'a host: postgres://user@host:5432/database')
      kind = 'postgres'
      const r = await readPostgres(from, name, query, o)
      if (E.isLeft(r)) return r
      reader = r.right
    } else if (/^sqlite:/i.test(from)) {
      const path = from.slice('sqlite:'.length)
      if (path === '') return badSpec(name, 'sqlite:<path of the database file>')
      kind = 'sqlite'
      const r = await readSqlite(path, query, o)
      if (E.isLeft(r)) return r
      reader = r.right
    } else return badSpec(name, '--from postgres://… (or postgresql://…) or sqlite:<path>')
  } else {
    if (query !== undefined) return badSpec('--query without --from', '--from postgres://… or sqlite:<path>')
    if (file === undefined) return badSpec('no source', 'a file, - (standard input), or --from with --query')
    name = file === '-' ? '<stdin>' : file
    kind = format ?? (/\.csv$/i.test(file) ? 'csv' : 'ndjson')
    let stream: AsyncIterable<unknown>
    if (file === '-') stream = process.stdin
    else {
      try {
        if (statSync(file).isDirectory()) return E.left([issue('load/not-found', '', { received: `${file} (a folder)` })])
      } catch (e) {
        return E.left([fsIssue(file, e)])
      }
      stream = createReadStream(file)
    }
    reader = kind === 'csv' ? await readCsv(stream, name, o) : readNdjson(stream, name, o)
  }
  return primed(reader, name, kind)
}

/** Read the first row now: a source that fails at once is a Left, not a throw midway. */
const primed = async (reader: Reader, name: string, kind: Source['kind']): Promise<E.Either<Issue[], Source>> => {
  let first: IteratorResult<SourceRow>
  try {
    first = await reader.rows.next()
  } catch (e) {
    await reader.close()
    return E.left(e instanceof SourceError ? [...e.issues] : [issue('load/io', '', { received: `${name}: ${e instanceof Error ? e.message : String(e)}` })])
  }
  let used = false
  return E.right({
    name,
    kind,
    close: () => reader.close(),
    [Symbol.asyncIterator]: () => {
      if (used) throw new SourceError([invalid(name, 'a source read once')])
      used = true
      async function* all(): AsyncGenerator<SourceRow> {
        try {
          if (first.done === true) return
          yield first.value
          for (;;) {
            let r: IteratorResult<SourceRow>
            try {
              r = await reader.rows.next()
            } catch (e) {
              throw e instanceof SourceError ? e : new SourceError([issue('load/io', '', { received: `${name}: ${e instanceof Error ? e.message : String(e)}` })])
            }
            if (r.done === true) return
            yield r.value
          }
        } finally {
          await reader.close()
        }
      }
      return all()
    },
  })
}

/**
 * The rows of a source as lines of a file would be: each row's value as its JSON text, a row that
 * does not decode as a line problem (its issues, counted as a malformed line), and each row number
 * the source skipped (a blank CSV line) as a blank line, so that row numbers stay line numbers.
 * This is how `zhunru impact` reads a CSV file or a query: the same items as an NDJSON file.
 *
 * @example
 * const s = await openSource({ file: 'requests.csv', format: 'csv' })
 * if (E.isRight(s)) for await (const line of linesOfSource(s.right)) console.log(line)
 */
export async function* linesOfSource(source: Source): AsyncGenerator<unknown> {
  let next = 1
  for await (const r of source) {
    for (; next < r.row; next++) yield ''
    next = r.row + 1
    yield 'issues' in r ? lineProblem([...r.issues]) : JSON.stringify(r.value)
  }
}

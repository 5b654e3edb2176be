import { issue, type Issue } from '../../issues/issue'
import type { TextEncodingName } from '../read-text'

/** The types of the sources (see index.ts). @module */

/** Where the records are. Exactly one of `file` and `from`. @since 0.1.0 */
export interface SourceSpec {
  /** a file, or `-` for standard input */
  readonly file?: string
  /** `postgres://…` / `postgresql://…` (a PostgreSQL connection string) or `sqlite:<path>` */
  readonly from?: string
  /** the SQL query whose rows are the records (with `from` only; one statement, read-only) */
  readonly query?: string
  /** the file's format (default: `csv` for a name ending in `.csv`, else `ndjson`) */
  readonly format?: 'ndjson' | 'csv'
}

/** Options of {@link openSource}. @since 0.1.0 */
export interface SourceOptions {
  /** a file's encoding (NDJSON and CSV; default UTF-8) */
  readonly encoding?: TextEncodingName
  /** the longest line (NDJSON) or record (CSV) read, in bytes or characters (default 1 MiB) */
  readonly maxLineBytes?: number
  /** rows fetched from a database at a time (default 500) */
  readonly batch?: number
  /** PostgreSQL: how long to wait for the connection, in milliseconds (default 10,000) */
  readonly connectTimeoutMs?: number
}

/**
 * A row of a source: its number (1 for the first record; for NDJSON the line number, blank lines
 * being skipped; for CSV the record after the header) and its value, or the issues that make it
 * malformed (skip it and count it, as the audit counts a malformed line).
 *
 * @since 0.1.0
 */
export type SourceRow = { readonly row: number; readonly value: unknown } | { readonly row: number; readonly issues: readonly Issue[] }

/** An open source: iterate it once; it closes itself at the end, on `break` or on an error. @since 0.1.0 */
export interface Source extends AsyncIterable<SourceRow> {
  /** the source's name in messages (a connection string without its password) */
  readonly name: string
  /** what reads it */
  readonly kind: 'ndjson' | 'csv' | 'postgres' | 'sqlite'
  /** close it without reading it to the end (safe to call twice) */
  close(): Promise<void>
}

/**
 * What ends the reading of a source midway (a lost connection, a disk error, a CSV quote never
 * closed, an endless line): its issues (`load/io` for an input/output failure, exit 3; others
 * exit 2).
 *
 * @since 0.1.0
 */
export class SourceError extends Error {
  constructor(readonly issues: readonly Issue[]) {
    super(issues.map((i) => i.received ?? i.code).join('; '))
  }
}

/** A source's reader: rows, read lazily; `close` ends it early. */
export interface Reader {
  readonly rows: AsyncGenerator<SourceRow>
  close(): Promise<void>
}


/** A `source/invalid` issue: what cannot be read, and what was expected. */
export const invalid = (received: string, expected?: string): Issue =>
  issue('source/invalid', '', { received: expected === undefined ? received : `${received} (expected ${expected})`, ...(expected !== undefined ? { expected } : {}) })

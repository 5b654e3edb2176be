import type { SourceSpec } from '../node/sources/index'

/**
 * The options every command that reads records takes (`audit`, and `impact` and `replay` when
 * they read records): a file argument (`-` for standard input), `--input-format ndjson|csv`
 * (default: `csv` for a name ending in `.csv`), or `--from <postgres://…|sqlite:path>` with
 * `--query <sql>` (docs/sources.md).
 *
 * @module
 */

/** The source options of a command. */
export interface SourceCommandOptions {
  readonly from?: string
  readonly query?: string
  readonly inputFormat?: string
}

/**
 * What a command reads: `{ spec }` for {@link openSource} (a database, or CSV), `{ ndjson }` for
 * an NDJSON file or standard input (which a command may read its own way, as `audit` does on
 * threads), or `{ usage }`, the one-line usage error (exit 2).
 */
export const sourceOf = (file: string | undefined, o: SourceCommandOptions): { readonly spec: SourceSpec } | { readonly ndjson: string } | { readonly usage: string } => {
  const { from, query, inputFormat } = o
  if (inputFormat !== undefined && inputFormat !== 'ndjson' && inputFormat !== 'csv') return { usage: `--input-format: ndjson | csv (received ${JSON.stringify(String(inputFormat))})` }
  if (from !== undefined || query !== undefined) {
    if (from === undefined) return { usage: '--query needs --from (postgres://… or sqlite:<path>)' }
    if (query === undefined || query.trim() === '') return { usage: '--from needs --query (the SQL whose rows are the records)' }
    if (file !== undefined) return { usage: `read either a file (${file}) or --from, not both` }
    if (inputFormat !== undefined) return { usage: '--input-format is for a file; --from reads rows by the column convention (docs/sources.md)' }
    return { spec: { from, query } }
  }
  if (file === undefined) return { usage: 'name a file (- for standard input), or --from with --query' }
  if (inputFormat === 'csv' || (inputFormat === undefined && /\.csv$/i.test(file))) return { spec: { file, format: 'csv' } }
  return { ndjson: file }
}

import { issue } from '../../issues/issue'
import { InputError, linesOf } from './lines'
import { SourceError, type Reader, type SourceOptions, type SourceRow } from './types'
import { problemOf } from '../../audit/auditor'

/** The key of a line problem's issues (see auditor.ts: a registered symbol). */

/**
 * NDJSON through the audit's bounded line reader ({@link linesOf}): one JSON value per line, the
 * row being the line number; blank lines are skipped (their numbers are not given), a line that is
 * not JSON, too long or not valid in the encoding is a row with its issues.
 */
export const readNdjson = (input: AsyncIterable<unknown>, name: string, o: SourceOptions): Reader => {
  async function* rows(): AsyncGenerator<SourceRow> {
    let row = 0
    try {
      for await (const l of linesOf(input, { bytes: 0 }, { name, ...(o.maxLineBytes !== undefined ? { maxLineBytes: o.maxLineBytes } : {}), ...(o.encoding !== undefined ? { encoding: o.encoding } : {}) })) {
        row++
        if (typeof l !== 'string') {
          yield { row, issues: problemOf(l) ?? [] }
          continue
        }
        if (l.trim() === '') continue
        try {
          yield { row, value: JSON.parse(l) }
        } catch (e) {
          yield { row, issues: [issue('json/syntax', '', { received: e instanceof Error ? e.message : String(e) })] }
        }
      }
    } catch (e) {
      if (e instanceof InputError) throw new SourceError(e.issues)
      throw e
    }
  }
  const it = rows()
  return {
    rows: it,
    close: async () => {
      await it.return(undefined)
      if (typeof (input as { destroy?: unknown }).destroy === 'function' && input !== process.stdin) (input as unknown as { destroy(): void }).destroy()
    },
  }
}

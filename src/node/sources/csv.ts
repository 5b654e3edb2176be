import { Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import * as E from 'fp-ts/lib/Either.js'
import { issue } from '../../issues/issue'
import { MAX_LINE_BYTES } from '../line-splitter'
import { planColumns, rowValue, type ColumnPlan } from './columns'
import { invalid, SourceError, type Reader, type SourceOptions, type SourceRow } from './types'

/**
 * CSV through csv-parse (streaming; loaded when a CSV is read): the first record is the header,
 * whose names map the columns (columns.ts); each later record is a row, numbered from 1. The text
 * is decoded strictly in its encoding (a UTF-8 byte-order mark is dropped); a record longer than
 * the limit, a quote never closed or a byte invalid in the encoding ends the reading
 * (`source/csv`, `load/encoding`); a record with more or fewer cells than the header is a row
 * with an issue. Blank lines are skipped.
 */
export const readCsv = async (input: AsyncIterable<unknown>, name: string, o: SourceOptions): Promise<Reader> => {
  const { parse } = await import('csv-parse')
  const decoder = new TextDecoder(o.encoding ?? 'utf-8', { fatal: true })
  const decode = new Transform({
    decodeStrings: true,
    readableObjectMode: true,
    transform(chunk: Buffer, _enc, done) {
      try {
        done(null, decoder.decode(chunk, { stream: true }))
      } catch {
        done(new SourceError([issue('load/encoding', '', { received: name, expected: o.encoding === 'gb18030' ? 'GB18030' : 'UTF-8 (name the file\'s encoding with --encoding gb18030, or save it as UTF-8)' })]))
      }
    },
    flush(done) {
      try {
        done(null, decoder.decode())
      } catch {
        done(new SourceError([issue('load/encoding', '', { received: name, expected: o.encoding === 'gb18030' ? 'GB18030' : 'UTF-8' })]))
      }
    },
  })
  const parser = parse({ relax_column_count: true, skip_empty_lines: true, max_record_size: o.maxLineBytes ?? MAX_LINE_BYTES })
  const source = Readable.from(input as AsyncIterable<Buffer | string>, { objectMode: false })
  // errors reach the parser (destroyed with them), and so the loop reading it
  const done = pipeline(source, decode, parser).catch(() => undefined)
  async function* rows(): AsyncGenerator<SourceRow> {
    let plan: ColumnPlan | undefined
    let width = 0
    let row = 0
    try {
      for await (const record of parser as AsyncIterable<string[]>) {
        if (plan === undefined) {
          const p = planColumns(record)
          if (E.isLeft(p)) throw new SourceError(p.left)
          plan = p.right
          width = record.length
          continue
        }
        row++
        if (record.length !== width) {
          yield { row, issues: [issue('request/invalid', '', { expected: `${width} cells, as the header has`, received: `${record.length} cells` })] }
          continue
        }
        const v = rowValue(plan, record, true)
        yield E.isLeft(v) ? { row, issues: v.left } : { row, value: v.right }
      }
    } catch (e) {
      if (e instanceof SourceError) throw e
      const code = (e as { code?: unknown }).code
      if (typeof code === 'string' && code.startsWith('CSV_')) throw new SourceError([invalid(`${name}: ${e instanceof Error ? e.message : String(e)}`)])
      throw new SourceError([issue('load/io', '', { received: `${name}: ${e instanceof Error ? e.message : String(e)}` })])
    }
    await done
  }
  const it = rows()
  return {
    rows: it,
    close: async () => {
      await it.return(undefined)
      if (input !== process.stdin) source.destroy()
    },
  }
}

import { createReadStream, openSync, statSync } from 'node:fs'
import { Socket } from 'node:net'
import { once } from 'node:events'
import * as E from 'fp-ts/lib/Either.js'
import { audit } from '../audit/audit'
import type { AuditSummary } from '../audit/finding'
import { auditFile } from '../node/audit-file'
import { auditHead, auditRow, auditSummaryText, auditTail } from '../node/audit-format'
import { loadPolicy } from '../node/load'
import { issue } from '../issues/issue'
import { lineProblem, MAX_REORDER_DAYS } from '../audit/auditor'
import { encodingOf, fsIssue } from '../node/read-text'
import { InputError, linesOf } from '../node/sources/lines'
import { openSource, redact, SourceError, type Source } from '../node/sources/index'
import { sourceOf } from './source-options'
import { badOptions, EXIT, failWith, localeOf, usage, wholeNumber } from './io'

/**
 * `zhunru audit events.ndjson --pack <id>`: every violation in a file of recorded events, as a
 * table (default), CSV or JSON, with a progress bar on a terminal; malformed lines and events out
 * of date order are reported with their line, and the summary counts read, skipped and judged
 * lines. A file is judged on several threads (`auditFile`), standard input on this one, and so
 * are a CSV file and a database query (`--from`, `--query`: src/node/sources, docs/sources.md). Exit code 0 when nothing was found, 1 when anything was, 2 when the pack or the file
 * cannot be read.
 *
 * @module
 */

/** Options of the command. */
export interface AuditCommandOptions {
  readonly pack: string
  readonly format?: string
  readonly lang?: string
  readonly reorderDays?: string
  readonly progress?: boolean
  /** threads that judge (a file only; default: the machine's cores, at most 4) */
  readonly threads?: string
  /** the longest line read, in bytes (default 1 MiB); a longer one is reported and skipped */
  readonly maxLineBytes?: string
  /** the events' encoding: `utf-8` (default) or `gb18030` */
  readonly encoding?: string
  /** read the events from a database: `postgres://…` or `sqlite:<path>`, with `query` (docs/sources.md) */
  readonly from?: string
  /** the SQL query whose rows are the events (with `from`) */
  readonly query?: string
  /** the file's format: `ndjson` (default) or `csv` (also chosen by a `.csv` name) */
  readonly inputFormat?: string
}

// the bounded line reader moved to src/node/sources/lines.ts (every source reads NDJSON with it)
export { InputError, linesOf, type LinesOptions } from '../node/sources/lines'

/**
 * The rows of a source as the audit takes them: each event, a row that does not decode as a
 * malformed line (its issues), and each row number the source skipped (a blank line) as blank.
 */
async function* eventsOf(source: Source): AsyncGenerator<unknown> {
  let next = 1
  for await (const r of source) {
    for (; next < r.row; next++) yield ''
    next = r.row + 1
    yield 'issues' in r ? lineProblem(r.issues) : r.value
  }
}

/** A one-line progress bar on standard error. */
const progressBar = (total: number, read: { bytes: number }, lines: () => number): { draw(): void; clear(): void } => {
  const started = Date.now()
  return {
    draw: () => {
      const share = total > 0 ? Math.min(1, read.bytes / total) : 0
      const filled = Math.round(share * 30)
      const secs = (Date.now() - started) / 1000
      const rate = secs > 0 ? Math.round(lines() / secs) : 0
      process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(30 - filled)}] ${(share * 100).toFixed(0).padStart(3)}%  ${lines().toLocaleString('en')} lines  ${rate.toLocaleString('en')}/s\x1b[K`)
    },
    clear: () => {
      process.stderr.write('\r\x1b[K')
    },
  }
}

/**
 * The line that ends an audit's output when the audit did not finish (interrupted by SIGINT or
 * SIGTERM, or stopped by an error after output was written): the same in every format, on a line
 * of its own, starting with `#` (a CSV reader sees a row of one cell; it makes the JSON document
 * invalid on purpose, so that a truncated report cannot be read as a whole one).
 *
 * @example
 * incompleteMarker('en', 'SIGINT', 1200) // '# zhunru: INCOMPLETE: the audit was interrupted (SIGINT) after 1200 lines; this output is not the whole result'
 * @since 0.1.0
 */
export const incompleteMarker = (lang: 'zh-CN' | 'en', why: string, lines: number): string =>
  lang === 'en'
    ? `# zhunru: INCOMPLETE: the audit was interrupted (${why}) after ${lines} lines; this output is not the whole result`
    : `# zhunru：审计未完成（${why}，已读 ${lines} 行），以上结果不完整`

/** Run `zhunru audit`; resolves to the exit code. */
export const auditCommand = async (events: string | undefined, o: AuditCommandOptions): Promise<number> => {
  const lang = localeOf(o.lang)
  const format = o.format ?? 'table'
  const bad = badOptions(o, ['table', 'csv', 'json'])
  if (bad !== undefined) return usage(bad)
  if (format !== 'table' && format !== 'csv' && format !== 'json') return usage(`--format: table | csv | json`)
  // every number: decimal digits only, in range (no NaN, Infinity, 1.5, 1e3, or a number past
  // what a date can be shifted by)
  const reorderDays = o.reorderDays === undefined ? undefined : wholeNumber(o.reorderDays, 0, MAX_REORDER_DAYS)
  if (o.reorderDays !== undefined && reorderDays === undefined) return usage(`--reorder-days: a whole number from 0 to ${MAX_REORDER_DAYS} (received ${JSON.stringify(String(o.reorderDays))})`)
  const threads = o.threads === undefined ? undefined : wholeNumber(o.threads, 1, 64)
  if (o.threads !== undefined && threads === undefined) return usage(`--threads: a whole number from 1 to 64 (received ${JSON.stringify(String(o.threads))})`)
  const maxLineBytes = o.maxLineBytes === undefined ? undefined : wholeNumber(o.maxLineBytes, 16, 1 << 30)
  if (o.maxLineBytes !== undefined && maxLineBytes === undefined) return usage(`--max-line-bytes: a whole number from 16 to 1073741824 (received ${JSON.stringify(String(o.maxLineBytes))})`)
  const encoding = encodingOf(o.encoding ?? 'utf-8')
  // a database or a CSV file is read through openSource, streamed on this thread like stdin
  const what = sourceOf(events, o)
  if ('usage' in what) return usage(what.usage)
  const spec = 'spec' in what ? what.spec : undefined
  const file = 'ndjson' in what ? what.ndjson : (spec?.file ?? redact(spec?.from ?? ''))
  const out = process.stdout
  // what has been written, to end an incomplete output on a line of its own
  let started = false
  let lastChar = '\n'
  let lines = 0
  // once the marker is written, nothing more is: the marker stays the last line
  let stopped = false
  const write = async (text: string): Promise<void> => {
    if (text === '' || stopped) return
    started = true
    lastChar = text[text.length - 1] as string
    if (!out.write(text)) await once(out, 'drain')
  }
  let pending = ''
  /** End an output that is not the whole result: the marker, and what was read, on stderr. */
  const incomplete = (why: string, then?: () => void): void => {
    if (stopped || (!started && pending === '')) {
      then?.()
      return
    }
    const text = `${pending}${(pending !== '' ? pending[pending.length - 1] : lastChar) === '\n' ? '' : '\n'}${incompleteMarker(lang, why, lines)}\n`
    pending = ''
    started = true
    stopped = true
    // the callback runs once the marker (and every write queued before it) has reached the
    // pipe: exiting before then would drop what a slow reader has not taken yet
    out.write(text, () => then?.())
  }
  // a pipe or a device (a FIFO, /dev/zero) is streamed like standard input: a synchronous read
  // on the threads' path would block this thread, and Ctrl-C with it
  let stream: NodeJS.ReadableStream | undefined
  let total = 0
  if (file === '-' && spec === undefined) stream = process.stdin
  else if (spec === undefined) {
    try {
      const st = statSync(file)
      if (st.isDirectory()) return failWith([issue('load/not-found', '', { received: `${file} (a folder)` })], lang)
      total = st.size
      // a named pipe is polled as a socket: a read of it on libuv's thread pool could not be
      // given up, and the process could not exit while it waits. Opening it waits for a writer
      // (before the signal handlers: Ctrl-C still simply ends the wait)
      if (st.isFIFO()) stream = new Socket({ fd: openSync(file, 'r'), readable: true, writable: false })
      else if (!st.isFile()) stream = createReadStream(file)
    } catch (e) {
      return failWith([fsIssue(file, e)], lang)
    }
  }
  const onSignal = (signal: NodeJS.Signals): void => {
    if (bar !== undefined) bar.clear()
    const code = signal === 'SIGINT' ? 130 : 143
    process.stderr.write(lang === 'en' ? `zhunru: audit interrupted (${signal}) after ${lines} lines: the output is incomplete\n` : `zhunru：审计被中断（${signal}），已读 ${lines} 行，输出不完整\n`)
    // a reader that never takes the rest does not keep the process alive
    setTimeout(() => process.exit(code), 5000)
    incomplete(signal, () => process.exit(code))
  }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  let bar: { draw(): void; clear(): void } | undefined
  try {
    let summary: AuditSummary
    if (stream === undefined && spec === undefined) {
      const read = { bytes: 0 }
      bar = o.progress !== false && process.stderr.isTTY === true && total > 1 << 20 ? progressBar(total, read, () => lines) : undefined
      let lastDraw = 0
      const r = await auditFile(file, {
        pack: o.pack,
        format,
        lang,
        ...(threads !== undefined ? { threads } : {}),
        ...(reorderDays !== undefined ? { reorderDays } : {}),
        ...(maxLineBytes !== undefined ? { maxLineBytes } : {}),
        ...(encoding !== undefined ? { encoding } : {}),
        // rows are gathered to 64 KB before they are written (and the bar is redrawn)
        write: async (text) => {
          pending += text
          if (pending.length < 1 << 16) return
          if (bar !== undefined) bar.clear()
          const t = pending
          pending = ''
          await write(t)
        },
        onProgress: (bytes, n) => {
          read.bytes = bytes
          lines = n
          if (bar !== undefined && Date.now() - lastDraw > 200) {
            lastDraw = Date.now()
            bar.draw()
          }
        },
      })()
      if (bar !== undefined) bar.clear()
      if (E.isLeft(r)) {
        incomplete(lang === 'en' ? 'an error' : '出错')
        return failWith(r.left, lang)
      }
      await write(pending)
      pending = ''
      summary = r.right.summary
    } else {
      // standard input (or a pipe): streamed through `audit` on this thread
      const policy = loadPolicy(o.pack)
      if (E.isLeft(policy)) return failWith(policy.left, lang)
      let source: Source | undefined
      if (spec !== undefined) {
        const s = await openSource(spec, { ...(maxLineBytes !== undefined ? { maxLineBytes } : {}), ...(encoding !== undefined ? { encoding } : {}) })
        if (E.isLeft(s)) return failWith(s.left, lang)
        source = s.right
      }
      const input = stream as NodeJS.ReadableStream
      const row = auditRow(format, lang)
      pending = auditHead(format, lang)
      let first = format === 'json'
      const counted = async function* (): AsyncGenerator<unknown> {
        if (source !== undefined) yield* eventsOf(source)
        else for await (const l of linesOf(input, { bytes: 0 }, { name: file === '-' ? '<stdin>' : file, ...(maxLineBytes !== undefined ? { maxLineBytes } : {}), ...(encoding !== undefined ? { encoding } : {}) })) {
          lines++
          yield l
        }
      }
      const run = audit(policy.right, counted(), reorderDays !== undefined ? { reorderDays } : {})
      try {
        for await (const f of run.findings) {
          const text = row(f)
          pending += first ? text.slice(1) : text
          first = false
          if (pending.length > 1 << 16) {
            const t = pending
            pending = ''
            await write(t)
          }
        }
      } catch (e) {
        incomplete(lang === 'en' ? 'an error' : '出错')
        return failWith(e instanceof InputError || e instanceof SourceError ? [...e.issues] : [issue('load/io', '', { received: `${source?.name ?? file}: ${e instanceof Error ? e.message : String(e)}` })], lang)
      }
      summary = await run.summary
      const t = pending + auditTail(format, lang, summary)
      pending = ''
      await write(t)
    }
    if (format === 'csv') process.stderr.write(`${auditSummaryText(lang, summary)}\n`)
    return summary.violations + summary.skipped + summary.late > 0 ? EXIT.failures : EXIT.ok
  } finally {
    process.removeListener('SIGINT', onSignal)
    process.removeListener('SIGTERM', onSignal)
  }
}

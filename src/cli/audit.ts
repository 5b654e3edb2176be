import { createReadStream, createWriteStream, existsSync, openSync, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { PassThrough } from 'node:stream'
import { Socket } from 'node:net'
import { once } from 'node:events'
import * as E from 'fp-ts/lib/Either.js'
import { audit } from '../audit/audit'
import type { CompiledPolicy } from '../compile/compile'
import { describePolicy } from '../compile/fingerprint'
import type { AuditSummary } from '../audit/finding'
import { auditFile } from '../node/audit-file'
import { createReport, interner, type ReportFilter } from '../node/report-model'
import { summaryText } from '../node/report-columns'
import { reportStream, reportText } from '../node/report-text'
import { reportHtml } from '../node/report-html'
import { writeXlsx } from '../node/report-xlsx'
import type { Finding } from '../audit/finding'
import { inert } from '../text/inert'
import { loadPolicy } from '../node/load'
import { issue } from '../issues/issue'
import { lineProblem, MAX_REORDER_DAYS } from '../audit/auditor'
import { encodingOf, fsIssue } from '../node/read-text'
import { InputError, linesOf } from '../node/sources/lines'
import { openSource, redact, SourceError, type Source } from '../node/sources/index'
import { sourceOf } from './source-options'
import { badOptions, EXIT, failWith, localeOf, outputFailed, usage, wholeNumber, writeOut } from './io'

/**
 * `zhunru audit events.ndjson --pack <id>`: every violation in a file of recorded events, as a
 * table (default), CSV or JSON, with a progress bar on a terminal; malformed lines and events out
 * of date order are reported with their line, and the summary counts read, skipped and judged
 * lines. A file is judged on several threads (`auditFile`), standard input on this one. Exit code 0 when nothing was found, 1 when anything was, 2 when the pack or the file
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
  /** `breaches` (caps exceeded only), `refusals` (refused by a rule, no cap exceeded) or `all` */
  readonly only?: string
  /** only this asking department */
  readonly department?: string
  /** only this community (its id) */
  readonly community?: string
  /** `community` (default: by community, then date, written at the end) or `found` (as found, streamed) */
  readonly order?: string
  /** write the report to this file rather than standard output */
  readonly output?: string
  /** read the events from a database: `postgres://…` or `sqlite:<path>`, with `query` (docs/sources.md) */
  readonly from?: string
  /** the SQL query whose rows are the events (with `from`) */
  readonly query?: string
  /** the file's format: `ndjson` (default) or `csv` (also chosen by a `.csv` name) */
  readonly inputFormat?: string
}

// the bounded line reader lives in src/node/sources/lines.ts (every source reads NDJSON with it)
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

/** What a progress bar shows: the bytes read of how many (0: unknown, standard input), the lines. */
export interface ProgressState {
  bytes: number
  total: number
  lines: number
  /** what is being done, when not judging (writing the report) */
  phase?: string
}

/**
 * A one-line progress bar on a terminal's standard error, redrawn in place (`\r`, then the line,
 * then `\x1b[K` to clear what a longer line left) every `every` ms from the moment it starts, so it
 * is never blank while the audit runs; `pause` clears it before output goes to the same terminal,
 * `resume` redraws it at once. With no total (standard input) it shows lines and speed.
 */
export const progressBar = (state: ProgressState, lang: 'zh-CN' | 'en', out: { write(s: string): unknown } = process.stderr, every = 200): { start(): void; pause(): void; resume(): void; stop(): void } => {
  const started = Date.now()
  let timer: ReturnType<typeof setInterval> | undefined
  let shown = false
  const draw = (): void => {
    const secs = (Date.now() - started) / 1000
    const rate = secs > 0 ? Math.round(state.lines / secs) : 0
    const counts = lang === 'en' ? `${state.lines.toLocaleString('en')} lines  ${rate.toLocaleString('en')}/s` : `${state.lines.toLocaleString('en')} 行  ${rate.toLocaleString('en')} 行/秒`
    let bar: string
    if (state.total > 0) {
      const share = Math.min(1, state.bytes / state.total)
      const filled = Math.round(share * 30)
      bar = `[${'#'.repeat(filled)}${'.'.repeat(30 - filled)}] ${(share * 100).toFixed(0).padStart(3)}%`
    } else {
      const at = Math.floor(secs * 5) % 30
      bar = `[${'.'.repeat(at)}#${'.'.repeat(29 - at)}]`
    }
    out.write(`\r${state.phase ?? (lang === 'en' ? 'audit' : '审计中')} ${bar}  ${counts}\x1b[K`)
    shown = true
  }
  const clear = (): void => {
    if (shown) out.write('\r\x1b[K')
    shown = false
  }
  return {
    start: () => {
      draw()
      timer = setInterval(draw, every)
      timer.unref()
    },
    pause: clear,
    resume: () => {
      if (timer !== undefined) draw()
    },
    stop: () => {
      if (timer !== undefined) clearInterval(timer)
      timer = undefined
      clear()
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

/** The formats of the command. */
const FORMATS = ['table', 'csv', 'json', 'xlsx', 'html'] as const
type CommandFormat = (typeof FORMATS)[number]

/** Run `zhunru audit`; resolves to the exit code. */
export const auditCommand = async (events: string | undefined, o: AuditCommandOptions): Promise<number> => {
  const lang = localeOf(o.lang)
  const bad = badOptions(o, [...FORMATS])
  if (bad !== undefined) return usage(bad)
  const format = (o.format ?? 'table') as CommandFormat
  const only = o.only ?? 'all'
  if (only !== 'all' && only !== 'breaches' && only !== 'refusals') return usage(`--only: all | breaches | refusals (received ${JSON.stringify(inert(only))})`)
  const order = o.order ?? 'community'
  if (order !== 'community' && order !== 'found') return usage(`--order: community | found (received ${JSON.stringify(inert(order))})`)
  if (order === 'found' && (format === 'xlsx' || format === 'html')) return usage(`--order found: table, csv or json only (an ${format} report is written whole)`)
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
  const filter: ReportFilter = {
    ...(only !== 'all' ? { only } : {}),
    ...(o.department !== undefined ? { department: o.department } : {}),
    ...(o.community !== undefined ? { community: o.community } : {}),
  }
  // a workbook is binary: to a file, or to standard output when that is not a terminal
  if (format === 'xlsx' && o.output === undefined && process.stdout.isTTY === true)
    return usage(lang === 'en' ? '--format xlsx writes a binary workbook: name a file with --output report.xlsx, or redirect standard output to a file' : '--format xlsx 输出的是二进制工作簿：请用 --output 报告.xlsx 指定文件，或把标准输出重定向到文件')
  // the output file's folder must exist before the audit runs (the file is written at the end)
  if (o.output !== undefined) {
    try {
      const st = statSync(dirname(resolve(o.output)))
      if (!st.isDirectory()) return failWith([issue('load/not-found', '', { received: `${o.output} (its folder)` })], lang)
      if (existsSync(o.output) && statSync(o.output).isDirectory()) return failWith([issue('load/not-found', '', { received: `${o.output} (a folder, not a file)` })], lang)
    } catch (e) {
      return failWith([fsIssue(o.output, e)], lang)
    }
  }
  const toFile = o.output !== undefined ? createWriteStream(o.output) : undefined
  // the file is opened at once (an unwritable one fails now), written to only at the end
  if (toFile !== undefined) {
    const opened = await Promise.race([once(toFile, 'open').then(() => undefined), once(toFile, 'error').then(([e]) => e as Error)])
    if (opened !== undefined) return failWith([fsIssue(o.output as string, opened)], lang)
  }
  // a file that fails later (a full disk): the write that waits for it rejects, and the error
  // is reported as an output failure (exit 3), not thrown
  toFile?.on('error', () => undefined)
  const out: NodeJS.WritableStream = toFile ?? process.stdout
  // what has been written, to end an incomplete output on a line of its own
  let started = false
  let lastChar = '\n'
  const state: ProgressState = { bytes: 0, total: 0, lines: 0 }
  // once the marker is written, nothing more is: the marker stays the last line
  let stopped = false
  let bar: ReturnType<typeof progressBar> | undefined
  // output to the terminal the bar is on: the bar is cleared first and redrawn after
  const sameTerminal = toFile === undefined && process.stdout.isTTY === true
  const write = async (text: string | Uint8Array): Promise<void> => {
    if (text.length === 0 || stopped) return
    started = true
    if (typeof text === 'string') lastChar = text[text.length - 1] as string
    if (sameTerminal) bar?.pause()
    try {
      await writeOut(out, text)
    } catch (e) {
      writeError = e
      throw e
    }
    if (sameTerminal) bar?.resume()
  }
  /** The output failed (a full disk): one line, exit 3. */
  let writeError: unknown
  const writeFailed = (e: unknown): number => {
    bar?.stop()
    return outputFailed(e, lang)
  }
  let pending = ''
  /** End an output that is not the whole result: the marker, and what was read, on stderr. */
  const incomplete = (why: string, then?: () => void): void => {
    if (stopped || (!started && pending === '') || format === 'xlsx') {
      then?.()
      return
    }
    const text = `${pending}${(pending !== '' ? pending[pending.length - 1] : lastChar) === '\n' ? '' : '\n'}${incompleteMarker(lang, why, state.lines)}\n`
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
  if (file === '-' && spec === undefined) stream = process.stdin
  else if (spec === undefined) {
    try {
      const st = statSync(file)
      if (st.isDirectory()) return failWith([issue('load/not-found', '', { received: `${file} (a folder)` })], lang)
      state.total = st.size
      // a named pipe is polled as a socket: a read of it on libuv's thread pool could not be
      // given up, and the process could not exit while it waits. Opening it waits for a writer
      // (before the signal handlers: Ctrl-C still simply ends the wait)
      if (st.isFIFO()) stream = new Socket({ fd: openSync(file, 'r'), readable: true, writable: false })
      else if (!st.isFile()) stream = createReadStream(file)
      if (stream !== undefined) state.total = 0
    } catch (e) {
      return failWith([fsIssue(file, e)], lang)
    }
  }
  const onSignal = (signal: NodeJS.Signals): void => {
    bar?.stop()
    const code = signal === 'SIGINT' ? 130 : 143
    process.stderr.write(lang === 'en' ? `zhunru: audit interrupted (${signal}) after ${state.lines} lines: the output is incomplete\n` : `zhunru：审计被中断（${signal}），已读 ${state.lines} 行，输出不完整\n`)
    // a reader that never takes the rest does not keep the process alive
    setTimeout(() => process.exit(code), 5000)
    incomplete(signal, () => process.exit(code))
  }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  // the findings go into the report: kept and sorted, or (--order found) written as they come.
  // A streamed CSV names the pack chain on every row, before the audit's summary is known: the
  // policy is loaded here (the threads load the same pack; the chain is checked against the
  // summary's at the end)
  let early: CompiledPolicy | undefined
  if (order === 'found' && format === 'csv') {
    const p = loadPolicy(o.pack)
    if (E.isLeft(p)) return failWith(p.left, lang)
    early = p.right
  }
  const report = createReport(filter, order === 'community')
  const streamed = order === 'found' && format !== 'xlsx' && format !== 'html' ? reportStream(format, lang, filter, early?.fingerprint !== undefined ? describePolicy(early.fingerprint) : '') : undefined
  let headDone = false
  const take = (f: Finding): void => {
    const rows = report.add(f)
    if (streamed === undefined || rows.length === 0) return
    if (!headDone) {
      pending += streamed.head()
      headDone = true
    }
    for (const r of rows) pending += streamed.item(r)
  }
  const flush = async (): Promise<void> => {
    if (pending.length < 1 << 16) return
    const t = pending
    pending = ''
    await write(t)
  }
  try {
    let summary: AuditSummary
    if (o.progress !== false && process.stderr.isTTY === true) bar = progressBar(state, lang)
    if (stream === undefined && spec === undefined) {
      // the threads give each finding as a line of JSON; a piece may end inside a line
      let partial = ''
      const intern = interner()
      bar?.start()
      const r = await auditFile(file, {
        pack: o.pack,
        format: 'ndjson',
        lang,
        ...(threads !== undefined ? { threads } : {}),
        ...(reorderDays !== undefined ? { reorderDays } : {}),
        ...(maxLineBytes !== undefined ? { maxLineBytes } : {}),
        ...(encoding !== undefined ? { encoding } : {}),
        write: async (text) => {
          const lines = (partial + text).split('\n')
          partial = lines.pop() as string
          for (const l of lines) if (l !== '') take(intern(JSON.parse(l) as Finding))
          await flush()
        },
        onProgress: (bytes, n) => {
          state.bytes = bytes
          state.lines = n
        },
      })()
      if (E.isLeft(r)) {
        if (writeError !== undefined) return writeFailed(writeError)
        bar?.stop()
        incomplete(lang === 'en' ? 'an error' : '出错')
        return failWith(r.left, lang)
      }
      summary = r.right.summary
    } else {
      // standard input (or a pipe): streamed through `audit` on this thread
      const policy = early !== undefined ? E.right(early) : loadPolicy(o.pack)
      if (E.isLeft(policy)) return failWith(policy.left, lang)
      let source: Source | undefined
      if (spec !== undefined) {
        const opened = await openSource(spec, { ...(maxLineBytes !== undefined ? { maxLineBytes } : {}), ...(encoding !== undefined ? { encoding } : {}) })
        if (E.isLeft(opened)) return failWith(opened.left, lang)
        source = opened.right
      }
      bar?.start()
      const input = stream as NodeJS.ReadableStream
      const counted = async function* (): AsyncGenerator<unknown> {
        if (source !== undefined)
          for await (const l of eventsOf(source)) {
            state.lines++
            yield l
          }
        else for await (const l of linesOf(input, state, { name: file === '-' ? '<stdin>' : file, ...(maxLineBytes !== undefined ? { maxLineBytes } : {}), ...(encoding !== undefined ? { encoding } : {}) })) {
          state.lines++
          yield l
        }
      }
      const run = audit(policy.right, counted(), reorderDays !== undefined ? { reorderDays } : {})
      try {
        for await (const f of run.findings) {
          take(f)
          await flush()
        }
      } catch (e) {
        if (writeError !== undefined) return writeFailed(writeError)
        bar?.stop()
        incomplete(lang === 'en' ? 'an error' : '出错')
        return failWith(e instanceof InputError || e instanceof SourceError ? [...e.issues] : [issue('load/io', '', { received: `${source?.name ?? file}: ${e instanceof Error ? e.message : String(e)}` })], lang)
      }
      summary = await run.summary
    }
    // the bar stays while the report is sorted and written (an xlsx of a year takes a while)
    state.phase = lang === 'en' ? 'writing the report' : '写出报告'
    state.bytes = state.total
    const whole = report.finish()
    // the chain the rows named is the one that decided: a pack changed on disk while the threads
    // loaded it would make every row name the wrong packs
    if (early !== undefined && summary.fingerprint?.hash !== early.fingerprint?.hash) {
      bar?.stop()
      incomplete(lang === 'en' ? 'the pack changed during the audit' : '审计期间规则包被修改')
      return failWith([issue('record/policy-mismatch', '', { params: { recorded: early.fingerprint !== undefined ? describePolicy(early.fingerprint) : '', current: summary.fingerprint !== undefined ? describePolicy(summary.fingerprint) : '' } })], lang)
    }
    if (streamed !== undefined) {
      if (!headDone) pending += streamed.head()
      const t = pending + streamed.tail(whole.totals, summary)
      pending = ''
      try {
        await write(t)
        if (toFile !== undefined) await new Promise<void>((ok, fail) => toFile.end((e?: Error | null) => (e ? fail(e) : ok())))
      } catch (e) {
        return writeFailed(e)
      }
    } else {
      try {
        if (format === 'xlsx') {
          // exceljs ends the stream it writes to: it writes to a pass-through, copied to the output
          const pass = new PassThrough()
          const copied = (async () => {
            for await (const chunk of pass) await write(chunk as Buffer)
          })()
          copied.catch(() => pass.destroy())
          await Promise.all([copied, writeXlsx(pass, lang, whole, summary)])
        } else if (format === 'html') await write(reportHtml(lang, whole, summary))
        else for (const piece of reportText(format, lang, whole, summary)) await write(piece)
        if (toFile !== undefined) await new Promise<void>((ok, fail) => toFile.end((e?: Error | null) => (e ? fail(e) : ok())))
      } catch (e) {
        return writeFailed(e)
      }
    }
    bar?.stop()
    bar = undefined
    // the run always ends with the summary on standard error, wherever the report went
    process.stderr.write(`${summaryText(lang, summary)}\n`)
    return summary.violations + summary.skipped + summary.late > 0 ? EXIT.failures : EXIT.ok
  } finally {
    bar?.stop()
    process.removeListener('SIGINT', onSignal)
    process.removeListener('SIGTERM', onSignal)
  }
}

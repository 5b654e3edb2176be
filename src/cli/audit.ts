import { statSync } from 'node:fs'
import { once } from 'node:events'
import * as E from 'fp-ts/lib/Either.js'
import { audit } from '../audit/audit'
import type { AuditSummary } from '../audit/finding'
import { auditFile } from '../node/audit-file'
import { auditHead, auditRow, auditSummaryText, auditTail } from '../node/audit-format'
import { loadPolicy } from '../node/load'
import { issue } from '../issues/issue'
import { EXIT, failWith, localeOf } from './io'

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
}

/**
 * Lines of a file or standard input, counting the bytes read (for the progress bar). Lines are cut
 * at newline bytes and each is decoded on its own: decoding each chunk as a whole would break a
 * character whose bytes straddle two chunks (and costs more than decoding lines one by one).
 */
export async function* linesOf(input: AsyncIterable<unknown>, read: { bytes: number } = { bytes: 0 }): AsyncGenerator<string> {
  let rest: Buffer | undefined
  let restText = ''
  const trim = (l: string): string => (l.endsWith('\r') ? l.slice(0, -1) : l)
  for await (const chunk of input) {
    if (typeof chunk === 'string') {
      // a stream with an encoding set decodes whole characters itself
      read.bytes += Buffer.byteLength(chunk)
      const parts = (restText + chunk).split('\n')
      restText = parts.pop() as string
      for (const p of parts) yield trim(p)
      continue
    }
    const buf = chunk as Buffer
    read.bytes += buf.length
    let start = 0
    let nl = buf.indexOf(10)
    if (nl !== -1 && rest !== undefined) {
      yield trim(Buffer.concat([rest, buf.subarray(0, nl)]).toString('utf8'))
      rest = undefined
      start = nl + 1
      nl = buf.indexOf(10, start)
    }
    while (nl !== -1) {
      yield trim(buf.toString('utf8', start, nl))
      start = nl + 1
      nl = buf.indexOf(10, start)
    }
    if (start < buf.length) rest = rest === undefined ? buf.subarray(start) : Buffer.concat([rest, buf.subarray(start)])
  }
  if (rest !== undefined && rest.length > 0) yield trim(rest.toString('utf8'))
  if (restText !== '') yield trim(restText)
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

/** Run `zhunru audit`; resolves to the exit code. */
export const auditCommand = async (file: string, o: AuditCommandOptions): Promise<number> => {
  const lang = localeOf(o.lang)
  const format = o.format ?? 'table'
  if (format !== 'table' && format !== 'csv' && format !== 'json')
    return failWith([issue('request/invalid', '', { expected: 'table | csv | json', received: format })], lang)
  const reorderDays = o.reorderDays === undefined ? undefined : Number(o.reorderDays)
  if (reorderDays !== undefined && !(Number.isInteger(reorderDays) && reorderDays >= 0))
    return failWith([issue('request/invalid', '', { expected: '--reorder-days: a whole number ≥ 0', received: String(o.reorderDays) })], lang)
  const threads = o.threads === undefined ? undefined : Number(o.threads)
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1 && threads <= 64))
    return failWith([issue('request/invalid', '', { expected: '--threads: a whole number from 1 to 64', received: String(o.threads) })], lang)
  const out = process.stdout
  const write = async (text: string): Promise<void> => {
    if (!out.write(text)) await once(out, 'drain')
  }
  let summary: AuditSummary
  if (file !== '-') {
    let total = 0
    try {
      total = statSync(file).size
    } catch {
      return failWith([issue('load/not-found', '', { received: file })], lang)
    }
    let lines = 0
    const read = { bytes: 0 }
    const bar = o.progress !== false && process.stderr.isTTY === true && total > 1 << 20 ? progressBar(total, read, () => lines) : undefined
    let lastDraw = 0
    let pending = ''
    const r = await auditFile(file, {
      pack: o.pack,
      format,
      lang,
      ...(threads !== undefined ? { threads } : {}),
      ...(reorderDays !== undefined ? { reorderDays } : {}),
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
    await write(pending)
    if (E.isLeft(r)) return failWith(r.left, lang)
    summary = r.right.summary
  } else {
    // standard input: streamed through `audit` on this thread
    const policy = loadPolicy(o.pack)
    if (E.isLeft(policy)) return failWith(policy.left, lang)
    const row = auditRow(format, lang)
    let buf = auditHead(format, lang)
    let first = format === 'json'
    const run = audit(policy.right, linesOf(process.stdin), reorderDays !== undefined ? { reorderDays } : {})
    try {
      for await (const f of run.findings) {
        const text = row(f)
        buf += first ? text.slice(1) : text
        first = false
        if (buf.length > 1 << 16) {
          await write(buf)
          buf = ''
        }
      }
    } catch (e) {
      await write(buf)
      return failWith([issue('load/not-found', '', { received: `${file}: ${e instanceof Error ? e.message : String(e)}` })], lang)
    }
    summary = await run.summary
    await write(buf + auditTail(format, lang, summary))
  }
  if (format === 'csv') process.stderr.write(`${auditSummaryText(lang, summary)}\n`)
  return summary.violations + summary.skipped + summary.late > 0 ? EXIT.failures : EXIT.ok
}

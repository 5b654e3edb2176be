import { createReadStream, statSync } from 'node:fs'
import { once } from 'node:events'
import * as E from 'fp-ts/lib/Either.js'
import { audit } from '../audit/audit'
import type { AuditSummary, Finding } from '../audit/finding'
import { loadPolicy } from '../node/load'
import { issue } from '../issues/issue'
import { EXIT, failWith, localeOf } from './io'

/**
 * `zhunru audit events.ndjson --pack <id>`: every violation in a file of recorded events, as a
 * table (default), CSV or JSON, with a progress bar on a terminal; malformed lines and events out
 * of date order are reported with their line, and the summary counts read, skipped and judged
 * lines. Exit code 0 when nothing was found, 1 when anything was, 2 when the pack or the file
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

const csvCell = (v: unknown): string => {
  const s = v === undefined ? '' : String(v)
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

const CSV_HEAD = ['type', 'line', 'id', 'community', 'department', 'level', 'kind', 'date', 'outcome', 'rule', 'pack', 'window', 'window_start', 'window_end', 'count', 'max', 'source', 'article', 'reason']

const csvRow = (f: Finding): string => {
  const row: unknown[] =
    f.type === 'violation'
      ? [f.type, f.line, f.id, f.community, f.department, f.level, f.kind, f.date, f.outcome, f.rule, f.pack, f.windows.map((w) => `${w.cap}:${w.label}`).join(' '), f.windows[0]?.start, f.windows[0]?.end, f.windows[0]?.count, f.windows[0]?.max, f.citation.source, f.citation.article, '']
      : f.type === 'malformed'
        ? [f.type, f.line, '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', f.reason]
        : [f.type, f.line, '', f.community, '', '', '', f.date, '', '', '', '', '', '', '', '', '', '', `judged through ${f.judgedThrough}`]
  return row.map(csvCell).join(',')
}

/** Display width: CJK and full-width characters take two columns. */
const width = (s: string): number => {
  let w = 0
  for (const ch of s) w += (ch.codePointAt(0) as number) >= 0x2e80 ? 2 : 1
  return w
}
const pad = (s: string, n: number): string => {
  let out = s
  while (width(out) > n && out.length > 1) out = out.slice(0, -1)
  if (out !== s) out = `${out.slice(0, -1)}…`
  return out + ' '.repeat(Math.max(0, n - width(out)))
}

const TEXT = {
  'zh-CN': {
    head: ['行', '社区', '部门', '日期', '事项', '结论', '规则', '窗口', '依据'],
    outcome: { refusable: '有权拒绝', forbidden: '不得办理' } as Record<string, string>,
    malformed: '格式错误，已跳过',
    late: (d: string, t: string) => `日期 ${d} 早于本社区已判定到的 ${t}，顺序错乱，未判定（计入之后事件的上限）`,
    summary: (s: AuditSummary) =>
      `读入 ${s.read} 行（另有空行 ${s.blank}），跳过 ${s.skipped}，判定 ${s.judged}，顺序错乱 ${s.late}；违规 ${s.violations}，社区 ${s.communities}。`,
  },
  en: {
    head: ['line', 'community', 'department', 'date', 'kind', 'outcome', 'rule', 'window', 'citation'],
    outcome: { refusable: 'refusable', forbidden: 'forbidden' } as Record<string, string>,
    malformed: 'malformed, skipped',
    late: (d: string, t: string) => `dated ${d}, before ${t} already judged for its community: out of order, not judged (counted for later events)`,
    summary: (s: AuditSummary) =>
      `read ${s.read} lines (and ${s.blank} blank), skipped ${s.skipped}, judged ${s.judged}, out of order ${s.late}; violations ${s.violations}, communities ${s.communities}.`,
  },
}
const WIDTHS = [8, 10, 14, 11, 12, 9, 34, 22, 0]

const tableRow = (f: Finding, t: (typeof TEXT)['en']): string => {
  if (f.type === 'malformed') return `${pad(String(f.line), WIDTHS[0] as number)}${t.malformed}: ${f.reason}`
  if (f.type === 'out-of-order') return `${pad(String(f.line), WIDTHS[0] as number)}${pad(f.community, WIDTHS[1] as number)}${t.late(f.date, f.judgedThrough)}`
  const w = f.windows.map((x) => `${x.label} ${x.count}/${x.max}`).join(' ')
  const cells = [String(f.line), f.community, f.department, f.date, f.kind, t.outcome[f.outcome] ?? f.outcome, f.rule, w, `${f.citation.source} ${f.citation.article ?? ''}`.trim()]
  return cells.map((c, i) => (i === cells.length - 1 ? c : pad(c, WIDTHS[i] as number))).join('')
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
  const t = TEXT[lang]
  const format = o.format ?? 'table'
  if (!['table', 'csv', 'json'].includes(format))
    return failWith([issue('request/invalid', '', { expected: 'table | csv | json', received: format })], lang)
  const reorderDays = o.reorderDays === undefined ? undefined : Number(o.reorderDays)
  if (reorderDays !== undefined && !(Number.isInteger(reorderDays) && reorderDays >= 0))
    return failWith([issue('request/invalid', '', { expected: '--reorder-days: a whole number ≥ 0', received: String(o.reorderDays) })], lang)
  const policy = loadPolicy(o.pack)
  if (E.isLeft(policy)) return failWith(policy.left, lang)
  let total = 0
  let input: NodeJS.ReadableStream
  try {
    if (file === '-') input = process.stdin
    else {
      total = statSync(file).size
      input = createReadStream(file, { highWaterMark: 1 << 20 })
    }
  } catch {
    return failWith([issue('load/not-found', '', { received: file })], lang)
  }
  const read = { bytes: 0 }
  let lines = 0
  let lastDraw = 0
  const source = linesOf(input, read)
  const bar = o.progress !== false && process.stderr.isTTY === true && total > 1 << 20 ? progressBar(total, read, () => lines) : undefined
  async function* counted(): AsyncGenerator<string> {
    for await (const l of source) {
      lines++
      if (bar !== undefined && (lines & 1023) === 0 && Date.now() - lastDraw > 200) {
        lastDraw = Date.now()
        bar.draw()
      }
      yield l
    }
  }
  const out = process.stdout
  let buf = ''
  const flush = async (): Promise<void> => {
    if (buf === '') return
    const ok = out.write(buf)
    buf = ''
    if (!ok) await once(out, 'drain')
  }
  let first = true
  if (format === 'csv') buf += `${CSV_HEAD.join(',')}\n`
  else if (format === 'json') buf += '{"findings":['
  else buf += `${t.head.map((h, i) => (i === t.head.length - 1 ? h : pad(h, WIDTHS[i] as number))).join('')}\n`
  const run = audit(policy.right, counted(), reorderDays !== undefined ? { reorderDays } : {})
  try {
    for await (const f of run.findings) {
      if (format === 'csv') buf += `${csvRow(f)}\n`
      else if (format === 'json') {
        buf += `${first ? '\n' : ',\n'}${JSON.stringify(f)}`
        first = false
      } else buf += `${tableRow(f, t)}\n`
      if (buf.length > 1 << 16) {
        if (bar !== undefined) bar.clear()
        await flush()
      }
    }
  } catch (e) {
    if (bar !== undefined) bar.clear()
    await flush()
    return failWith([issue('load/not-found', '', { received: `${file}: ${e instanceof Error ? e.message : String(e)}` })], lang)
  }
  const summary = await run.summary
  if (bar !== undefined) bar.clear()
  if (format === 'json') buf += `\n],\n"summary":${JSON.stringify(summary)}}\n`
  else if (format === 'table') buf += `\n${t.summary(summary)}\n`
  await flush()
  if (format === 'csv') process.stderr.write(`${t.summary(summary)}\n`)
  return summary.violations + summary.skipped + summary.late > 0 ? EXIT.failures : EXIT.ok
}

import * as E from 'fp-ts/lib/Either.js'
import type { ImpactRow } from '../impact/impact'
import { describePolicy } from '../compile/fingerprint'
import { impactFile } from '../node/impact-file'
import { HTML_ROWS, impactHead, impactHtml, impactRow, impactSummaryText, impactTail, type ImpactFormat } from '../node/impact-format'
import { encodingOf } from '../node/read-text'
import { linesOfSource, openSource, redact } from '../node/sources/index'
import { sourceOf } from './source-options'
import { badOptions, EXIT, failWith, localeOf, usage, wholeNumber, writeOut } from './io'

/**
 * `zhunru impact --before <pack> --after <pack> requests.ndjson`: recorded requests replayed under
 * both policies; every decision that changes, as a table with a summary (default), JSON (a row a
 * line, then the summary), CSV or one HTML page. Exit 0 when no decision changes, 1 when one does
 * (or a line is malformed), 2 on bad input, 3 on an I/O failure.
 *
 * @module
 */

/** Options of the command. */
export interface ImpactCommandOptions {
  readonly before: string
  readonly after: string
  readonly format?: string
  readonly lang?: string
  readonly threads?: string
  readonly examples?: string
  readonly maxLineBytes?: string
  readonly encoding?: string
  /** the input is recorded events (`--events`): each replayed with its community's earlier events as history */
  readonly events?: boolean
  /** false (`--no-rows`): the summary only, no row per changed decision */
  readonly rows?: boolean
  /** read the requests from a database: `postgres://…` or `sqlite:<path>`, with `query` (docs/sources.md) */
  readonly from?: string
  /** the SQL query whose rows are the requests (with `from`) */
  readonly query?: string
  /** the file's format: `ndjson` (default) or `csv` (also chosen by a `.csv` name) */
  readonly inputFormat?: string
}

/** Run `zhunru impact`; resolves to the exit code. */
export const impactCommand = async (requests: string | undefined, o: ImpactCommandOptions): Promise<number> => {
  const lang = localeOf(o.lang)
  const bad = badOptions(o, ['table', 'json', 'csv', 'html'])
  if (bad !== undefined) return usage(bad)
  const format = (o.format ?? 'table') as ImpactFormat
  const threads = o.threads === undefined ? undefined : wholeNumber(o.threads, 1, 64)
  if (o.threads !== undefined && threads === undefined) return usage(`--threads: a whole number from 1 to 64 (received ${JSON.stringify(String(o.threads))})`)
  const examples = o.examples === undefined ? undefined : wholeNumber(o.examples, 0, 100)
  if (o.examples !== undefined && examples === undefined) return usage(`--examples: a whole number from 0 to 100 (received ${JSON.stringify(String(o.examples))})`)
  const maxLineBytes = o.maxLineBytes === undefined ? undefined : wholeNumber(o.maxLineBytes, 16, 1 << 30)
  if (o.maxLineBytes !== undefined && maxLineBytes === undefined) return usage(`--max-line-bytes: a whole number from 16 to 1073741824 (received ${JSON.stringify(String(o.maxLineBytes))})`)
  const encoding = encodingOf(o.encoding ?? 'utf-8')
  // a CSV file or a database query is read through openSource (docs/sources.md), on this thread
  const what = sourceOf(requests, o)
  if ('usage' in what) return usage(what.usage)
  let items: AsyncIterable<unknown> | undefined
  if ('spec' in what) {
    const opened = await openSource(what.spec, { ...(maxLineBytes !== undefined ? { maxLineBytes } : {}), ...(encoding !== undefined ? { encoding } : {}) })
    if (E.isLeft(opened)) return failWith(opened.left, lang)
    items = linesOfSource(opened.right)
  }
  const file = 'ndjson' in what ? what.ndjson : (what.spec.file ?? redact(what.spec.from ?? ''))
  const out = process.stdout
  let pending = ''
  let started = false
  // once the interrupted marker is written, nothing more is: it stays the last line
  let stopped = false
  const flush = async (): Promise<void> => {
    if (pending === '' || stopped) return
    const t = pending
    pending = ''
    await writeOut(out, t)
  }
  // a CSV row names both pack chains: known once impactFile has loaded the policies (onPolicies)
  let row = impactRow(format, lang)
  const html: ImpactRow[] = []
  let lines = 0
  // Ctrl-C or a stop (SIGTERM): the rows written so far end with a line that says they are not
  // the whole result, as an interrupted audit's do; the process exits once that line is out
  const onSignal = (signal: NodeJS.Signals): void => {
    const code = signal === 'SIGINT' ? 130 : 143
    process.stderr.write(lang === 'en' ? `zhunru: impact interrupted (${signal}) after ${lines} lines: the output is incomplete\n` : `zhunru：影响分析被中断（${signal}），已读 ${lines} 行，输出不完整\n`)
    setTimeout(() => process.exit(code), 5000)
    if (!started || stopped) {
      process.exit(code)
      return
    }
    stopped = true
    const text = `${pending}${lang === 'en' ? `# zhunru: INCOMPLETE: impact was interrupted (${signal}) after ${lines} lines; this output is not the whole result` : `# zhunru：影响分析被中断（${signal}，已读 ${lines} 行），以上结果不完整`}\n`
    pending = ''
    out.write(text, () => process.exit(code))
  }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  try {
    const r = await impactFile(file, {
      before: o.before,
      after: o.after,
      stdin: true,
      ...(items !== undefined ? { items } : {}),
      ...(o.events === true ? { events: true } : {}),
      ...(threads !== undefined ? { threads } : {}),
      ...(examples !== undefined ? { examples } : {}),
      ...(maxLineBytes !== undefined ? { maxLineBytes } : {}),
      ...(encoding !== undefined ? { encoding } : {}),
      onProgress: (n) => {
        lines = n
      },
      onPolicies: (p) => {
        row = impactRow(format, lang, { before: describePolicy(p.before), after: describePolicy(p.after) })
      },
      onRow: async (x) => {
        if (o.rows === false) return
        if (format === 'html') {
          if (html.length <= HTML_ROWS) html.push(x)
          return
        }
        // nothing is written before the packs and the input are known readable (the first row)
        if (!started) {
          started = true
          pending += impactHead(format, lang)
        }
        pending += row(x)
        if (pending.length >= 1 << 16) await flush()
      },
    })
    if (E.isLeft(r)) {
      // rows were written before the input failed: end them with a line saying the output is not whole
      if (started) pending += `${lang === 'en' ? '# zhunru: INCOMPLETE: reading the requests failed; this output is not the whole result' : '# zhunru：读取请求失败，以上结果不完整'}\n`
      await flush()
      return failWith(r.left, lang)
    }
    const s = r.right.summary
    if (format === 'html') pending += impactHtml(lang, s, html)
    else {
      if (!started && o.rows !== false) pending += impactHead(format, lang)
      const tail = impactTail(format, lang, s)
      pending += o.rows === false && format === 'table' ? tail.replace(/^\n/, '') : tail
    }
    await flush()
    if (format === 'csv') process.stderr.write(impactSummaryText(lang, s))
    return s.changed + s.skipped > 0 ? EXIT.failures : EXIT.ok
  } finally {
    process.removeListener('SIGINT', onSignal)
    process.removeListener('SIGTERM', onSignal)
  }
}

import { createReadStream, openSync, closeSync, statSync } from 'node:fs'
import * as E from 'fp-ts/lib/Either.js'
import type { CompiledPolicy } from '../compile/compile'
import { describePolicy } from '../compile/fingerprint'
import { formatIssues, type Locale } from '../issues/format'
import { issue, showValue, type Issue } from '../issues/issue'
import { encodingOf, fsIssue, type TextEncodingName } from '../node/read-text'
import { loadPackVersions, policyOf, type PackVersion } from '../node/versions'
import { decodeRecord, replayRecord, type DecisionRecord, type RecordDifference } from '../record/index'
import { inert } from '../text/inert'
import { InputError, linesOf } from '../node/sources/lines'
import { badOptions, EXIT, failWith, localeOf, usage, wholeNumber, writeOut } from './io'
import { MAX_LINE_BYTES } from '../node/line-splitter'
import { openSource, redact, SourceError, type Source } from '../node/sources/index'
import { sourceOf } from './source-options'
import { problemOf } from '../audit/auditor'

/** Options of `zhunru replay`. */
export interface ReplayCliOptions {
  /** a folder of pack versions (`--packs`); a parent it lacks is taken from the bundled packs */
  readonly packs?: string
  readonly format?: string
  readonly lang?: string
  readonly encoding?: string
  readonly maxLineBytes?: string
  /** read the records from a database: `postgres://…` or `sqlite:<path>`, with `query` (docs/sources.md) */
  readonly from?: string
  /** the SQL query whose rows are the records (with `from`) */
  readonly query?: string
  /** the file's format: `ndjson` (default) or `csv` (also chosen by a `.csv` name) */
  readonly inputFormat?: string
}


/** One stored record as read from the input: its place and its value, or why it could not be read. */
export interface StoredRecord {
  /** where it was read: the line number for NDJSON (a row number for another source) */
  readonly at: number
  readonly value?: unknown
  readonly issues?: readonly Issue[]
}

/**
 * The stored records of an NDJSON file or standard input, one at a time: the ONE place that reads
 * replay's input (lines through the bounded line reader of `zhunru audit`; blank lines skipped). A
 * SQL table or a CSV export plugs in as another generator of {@link StoredRecord}.
 */
export async function* ndjsonRecords(input: AsyncIterable<unknown>, o: { readonly name: string; readonly maxLineBytes?: number; readonly encoding?: TextEncodingName }): AsyncGenerator<StoredRecord> {
  let at = 0
  for await (const l of linesOf(input, { bytes: 0 }, o)) {
    at++
    if (typeof l !== 'string') {
      yield { at, issues: problemOf(l) ?? [] }
      continue
    }
    if (l.trim() === '') continue
    try {
      yield { at, value: JSON.parse(l) as unknown }
    } catch (e) {
      yield { at, issues: [issue('json/syntax', '', { received: e instanceof Error ? e.message : String(e) })] }
    }
  }
}

/** The stored records of a CSV file or a query (`openSource`): each row, at its row number. */
export async function* sourceRecords(source: Source): AsyncGenerator<StoredRecord> {
  for await (const r of source) yield 'issues' in r ? { at: r.row, issues: r.issues } : { at: r.row, value: r.value }
}

/** What replay finds in one record. */
export type ReplayFinding =
  | { readonly at: number; readonly status: 'changed'; readonly record: DecisionRecord; readonly differences: readonly RecordDifference[] }
  | { readonly at: number; readonly status: 'unknown-pack'; readonly record: DecisionRecord; readonly issues: readonly Issue[] }
  | { readonly at: number; readonly status: 'unreadable'; readonly issues: readonly Issue[] }

/** The counts of a replay. */
export interface ReplaySummary {
  readonly read: number
  readonly same: number
  readonly changed: number
  readonly unknownPack: number
  readonly unreadable: number
}

/**
 * Replay stored records: each decided again under the exact pack versions it names (id, version,
 * content hash, from `versions` or the bundled packs), compiled once per policy.
 */
export async function* replayRecords(records: AsyncIterable<StoredRecord>, versions: readonly PackVersion[], counts: { -readonly [K in keyof ReplaySummary]: number }): AsyncGenerator<ReplayFinding> {
  const policies = new Map<string, E.Either<Issue[], CompiledPolicy>>()
  for await (const s of records) {
    counts.read++
    if (s.issues !== undefined) {
      counts.unreadable++
      yield { at: s.at, status: 'unreadable', issues: s.issues }
      continue
    }
    const r = decodeRecord(s.value)
    if (E.isLeft(r)) {
      counts.unreadable++
      yield { at: s.at, status: 'unreadable', issues: r.left }
      continue
    }
    const key = JSON.stringify(r.right.policy)
    let policy = policies.get(key)
    if (policy === undefined) {
      policy = policyOf(versions, r.right.policy)
      if (policies.size < 256) policies.set(key, policy)
    }
    if (E.isLeft(policy)) {
      counts.unknownPack++
      yield { at: s.at, status: 'unknown-pack', record: r.right, issues: policy.left }
      continue
    }
    const again = replayRecord(policy.right, r.right)
    if (E.isLeft(again)) {
      counts.unreadable++
      yield { at: s.at, status: 'unreadable', issues: again.left }
    } else if (again.right.same) counts.same++
    else {
      counts.changed++
      yield { at: s.at, status: 'changed', record: r.right, differences: again.right.differences }
    }
  }
}

const WORDS = {
  'zh-CN': {
    line: (n: number) => `第 ${n} 行`,
    changed: '现在的决定与记录不同',
    unknownPack: '找不到记录所列的规则包版本',
    unreadable: '无法读取',
    packs: '规则包',
    summary: (s: ReplaySummary) => `共 ${s.read} 条记录：决定相同 ${s.same}，决定不同 ${s.changed}，规则包不符 ${s.unknownPack}，无法读取 ${s.unreadable}。`,
  },
  en: {
    line: (n: number) => `line ${n}`,
    changed: 'decides differently now',
    unknownPack: 'the pack versions the record names are not found',
    unreadable: 'cannot be read',
    packs: 'packs',
    summary: (s: ReplaySummary) => `${s.read} records: ${s.same} decide the same, ${s.changed} differently, ${s.unknownPack} name packs not found, ${s.unreadable} cannot be read.`,
  },
} as const

const indent = (text: string): string => text.split('\n').map((l) => `  ${l}`).join('\n')

/** One finding as text (every value from the input shown inert). */
export const findingText = (f: ReplayFinding, lang: Locale): string => {
  const w = WORDS[lang]
  if (f.status === 'unreadable') return `${w.line(f.at)}: ${w.unreadable}\n${indent(formatIssues(f.issues, lang))}`
  const head = `${w.line(f.at)}: ${f.status === 'changed' ? w.changed : w.unknownPack} (${inert(f.record.decision.date)} ${inert(f.record.decision.decidedBy.id)} [${inert(f.record.decision.decidedBy.pack)}]${f.record.decidedAt !== undefined ? `, ${inert(f.record.decidedAt)}` : ''})`
  if (f.status === 'unknown-pack') return `${head}\n  ${w.packs}: ${inert(describePolicy(f.record.policy))}\n${indent(formatIssues(f.issues, lang))}`
  return `${head}\n${f.differences.map((d) => `  ${d.field}: ${inert(showValue(d.before))} → ${inert(showValue(d.after))}`).join('\n')}`
}

/** One finding as JSON data. */
const findingJson = (f: ReplayFinding): unknown =>
  f.status === 'unreadable'
    ? { at: f.at, status: f.status, issues: f.issues }
    : { at: f.at, status: f.status, decidedAt: f.record.decidedAt, policy: f.record.policy, decision: f.record.decision, ...(f.status === 'changed' ? { differences: f.differences } : { issues: f.issues }) }

/**
 * `zhunru replay <records.ndjson|-> [--packs <folder>]`: re-decide every stored record under the
 * exact pack versions it names; report the records that decide differently now and those whose
 * packs are not found (an altered record, a missing version). Exit 0 when every record replays the
 * same, 1 when any is reported, 2 on bad input or usage, 3 on an I/O failure.
 */
export const replayCommand = async (records: string | undefined, o: ReplayCliOptions): Promise<number> => {
  const lang = localeOf(o.lang)
  const bad = badOptions(o, ['text', 'json'])
  if (bad !== undefined) return usage(bad)
  const maxLineBytes = o.maxLineBytes === undefined ? undefined : wholeNumber(o.maxLineBytes, 2, 1 << 30)
  if (o.maxLineBytes !== undefined && maxLineBytes === undefined) return usage(`--max-line-bytes: 2 … ${1 << 30} (received ${inert(o.maxLineBytes)})`)
  const encoding = encodingOf(o.encoding)
  let versions: PackVersion[] = []
  if (o.packs !== undefined) {
    const v = loadPackVersions(o.packs)
    if (E.isLeft(v)) return failWith(v.left, lang)
    versions = v.right
  }
  // a CSV file or a database query is read through openSource (docs/sources.md)
  const what = sourceOf(records, o)
  if ('usage' in what) return usage(what.usage)
  let source: Source | undefined
  if ('spec' in what) {
    const opened = await openSource(what.spec, { ...(maxLineBytes !== undefined ? { maxLineBytes } : {}), ...(encoding !== undefined ? { encoding } : {}) })
    if (E.isLeft(opened)) return failWith(opened.left, lang)
    source = opened.right
  }
  const file = 'ndjson' in what ? what.ndjson : (what.spec.file ?? redact(what.spec.from ?? ''))
  // standard input, unless a file is named (a source is read through `sourceRecords` below)
  let input: AsyncIterable<unknown> = process.stdin
  if (source === undefined && file !== '-') {
    // readable before anything is written
    try {
      if (statSync(file).isDirectory()) return failWith([issue('load/not-found', '', { received: `${file} (a folder)` })], lang)
      closeSync(openSync(file, 'r'))
    } catch (e) {
      return failWith([fsIssue(file, e)], lang)
    }
    input = createReadStream(file)
  }
  const out = process.stdout
  let pending = ''
  const flush = async (force = false): Promise<void> => {
    if (pending === '' || (!force && pending.length < 1 << 16)) return
    const t = pending
    pending = ''
    await writeOut(out, t)
  }
  const counts = { read: 0, same: 0, changed: 0, unknownPack: 0, unreadable: 0 }
  const json = o.format === 'json'
  let first = true
  if (json) pending += '{"findings":['
  try {
    const stored = source !== undefined ? sourceRecords(source) : ndjsonRecords(input, { name: file === '-' ? '<stdin>' : file, maxLineBytes: maxLineBytes ?? MAX_LINE_BYTES, ...(encoding !== undefined ? { encoding } : {}) })
    for await (const f of replayRecords(stored, versions, counts)) {
      pending += json ? `${first ? '' : ','}\n${JSON.stringify(findingJson(f))}` : `${findingText(f, lang)}\n`
      first = false
      await flush()
    }
  } catch (e) {
    pending = ''
    return failWith(e instanceof InputError || e instanceof SourceError ? [...e.issues] : [issue('load/io', '', { received: `${file}: ${e instanceof Error ? e.message : String(e)}` })], lang)
  }
  pending += json ? `\n],"summary":${JSON.stringify(counts)}}\n` : `${WORDS[lang].summary(counts)}\n`
  await flush(true)
  return counts.changed + counts.unknownPack + counts.unreadable > 0 ? EXIT.failures : EXIT.ok
}

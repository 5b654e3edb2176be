/**
 * The file and command-line half of the long fuzz run (scripts/fuzz-long.ts): files of hostile
 * lines through the audit's readers, folders of hostile packs and case files through lint, test
 * and the pack scan, and the CLI's commands with hostile arguments.
 *
 * Each round checks what the docs promise: the audit gives the same bytes on 1 and 2 threads and
 * the same counts on standard input, its counts add up, its CSV and table hold no raw control
 * character and no cell a spreadsheet would compute; the folder walks end; the commands return an
 * exit code of 0–3 and never print a stack trace. A broken promise is an inconsistency (the run
 * then exits 1), printed with the round's seed.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import * as E from 'fp-ts/lib/Either.js'
import { auditAll } from '../src/audit/audit'
import type { AuditSummary } from '../src/audit/finding'
import type { CompiledPolicy } from '../src/compile/compile'
import { auditCommand, linesOf } from '../src/cli/audit'
import { evaluateCommand } from '../src/cli/evaluate'
import { explainCommand } from '../src/cli/explain'
import { lintPaths } from '../src/cli/lint'
import { runCaseFiles } from '../src/cli/test'
import { auditFile } from '../src/node/audit-file'
import { findCaseFiles, scanPacks } from '../src/node/load'

/** What a round needs from the caller: its seeded randomness and pools. */
export interface IoPools {
  readonly rnd: () => number
  readonly events: readonly Record<string, unknown>[]
  readonly packTexts: readonly string[]
  readonly policy: CompiledPolicy
}

/** What the rounds found. */
export interface IoCounts {
  rounds: number
  files: number
  lines: number
  folders: number
  commands: number
  spawns: number
  inconsistencies: number
  readonly samples: string[]
}

// eslint-disable-next-line no-control-regex -- what inert output must not hold
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/
const FORMULA_CELL = /(^|,)"?[=+\-@＝＋－＠]/m
const LIMIT = 512

const pick = <T>(rnd: () => number, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T

/** One hostile line (bytes, no line end). */
const hostileLine = (p: IoPools): Buffer => {
  const { rnd } = p
  const ev = { ...pick(rnd, p.events), community: { id: `c${Math.floor(rnd() * 8)}` } }
  const text = (o: unknown): Buffer => Buffer.from(JSON.stringify(o))
  switch (Math.floor(rnd() * 14)) {
    case 0:
      return text({ ...ev, requester: { level: 'district', department: `区\u001b[2J民政局\n决定: 必须承接\u202e` } })
    case 1:
      return Buffer.from(`\uFEFF${JSON.stringify(ev)}`)
    case 2:
      return Buffer.from(`${JSON.stringify(ev)}\r`)
    case 3:
      return Buffer.from(`{"community":{"id":"c1"},"pad":"${'x'.repeat(LIMIT + Math.floor(rnd() * 3 * LIMIT))}"}`)
    case 4:
      return Buffer.concat([Buffer.from('{"community":{"id":"c'), Buffer.from([0xff, 0xfe, 0xc4, 0xe3]), Buffer.from(`"},"kind":"meeting","date":"2026-03-01"}`)])
    case 5:
      return Buffer.from(`{"community":{"id":"c1"},"community":{"id":"c2"},"kind":"meeting","date":"2026-02-0${1 + Math.floor(rnd() * 9)}","requester":{"level":"district"},"meeting":{}}`)
    case 6:
      return Buffer.from('['.repeat(Math.floor(rnd() * 400)))
    case 7:
      return Buffer.from('')
    case 8:
      return Buffer.from('\u0000\u0000{"a":\u001b[2J')
    case 9:
      return text({ ...ev, id: pick(rnd, ['=1+1', '+1', '-1', '@SUM(1,1)', '\t=1', '\r=1', `=cmd|' /C calc'!A0`, '＝1']) })
    case 10:
      return Buffer.from(JSON.stringify(ev).replace('"community"', '"\\u0063ommunity"'))
    case 11:
      return text({ ...ev, date: pick(rnd, ['2026-02-30', '2026-3-1', '', 12, null]) })
    default:
      return text(ev)
  }
}

const comparable = (s: AuditSummary): string => JSON.stringify({ ...s, peakHeld: 0 })

/** Run `f` with standard output and error captured. */
const captured = async (f: () => number | Promise<number>): Promise<{ code: number; out: string; err: string }> => {
  let out = ''
  let err = ''
  const o = process.stdout.write.bind(process.stdout)
  const e = process.stderr.write.bind(process.stderr)
  process.stdout.write = ((s: string) => ((out += String(s)), true)) as typeof process.stdout.write
  process.stderr.write = ((s: string) => ((err += String(s)), true)) as typeof process.stderr.write
  try {
    return { code: await f(), out, err }
  } finally {
    process.stdout.write = o
    process.stderr.write = e
  }
}

/**
 * One round: a file of hostile lines through the audit (file on 1 and 2 threads, standard input
 * in random chunks), a folder of hostile packs and case files through the walks, and the command
 * functions on them.
 */
export const ioRound = async (p: IoPools, c: IoCounts, seed: number): Promise<void> => {
  const { rnd } = p
  const fail = (what: string): void => {
    c.inconsistencies++
    if (c.samples.length < 10) c.samples.push(`round ${c.rounds} (seed ${seed}): ${what}`)
  }
  c.rounds++
  const dir = mkdtempSync(join(tmpdir(), 'zhunru-fuzz-io-'))
  try {
    // --- a file of hostile lines ---
    const n = 20 + Math.floor(rnd() * 200)
    const sep = rnd() < 0.2 ? '\r\n' : '\n'
    const parts: Buffer[] = []
    for (let i = 0; i < n; i++) parts.push(hostileLine(p), Buffer.from(sep))
    const bytes = Buffer.concat(parts)
    const file = join(dir, 'events.ndjson')
    writeFileSync(file, bytes)
    c.files++
    c.lines += n
    const outs: string[] = []
    const sums: string[] = []
    for (const threads of [1, 2]) {
      let out = ''
      const r = await auditFile(file, { pack: p.policy.id, format: 'csv', lang: 'en', threads, maxLineBytes: LIMIT, write: (t) => void (out += t) })()
      if (E.isLeft(r)) {
        fail(`auditFile on ${threads} thread(s): ${JSON.stringify(r.left).slice(0, 200)}`)
        continue
      }
      const s = r.right.summary
      if (s.read !== s.skipped + s.judged + s.late) fail(`counts do not add up: ${comparable(s)}`)
      if (RAW.test(out)) fail('a raw control character in the CSV')
      if (FORMULA_CELL.test(out.slice(1))) fail('a CSV cell a spreadsheet would compute')
      outs.push(out)
      sums.push(comparable(s))
    }
    if (outs.length === 2 && outs[0] !== outs[1]) fail('the CSV differs between 1 and 2 threads')
    const size = 1 + Math.floor(rnd() * 4096)
    const chunks = Readable.from(
      (function* () {
        for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size)
      })(),
    )
    const stdin = await auditAll(p.policy, linesOf(chunks, { bytes: 0 }, { maxLineBytes: LIMIT }))
    if (sums[0] !== undefined && comparable(stdin.summary) !== sums[0]) fail(`standard input counts differ: ${comparable(stdin.summary)} vs ${sums[0]}`)
    const table = await captured(() => auditCommand(file, { pack: p.policy.id, format: 'table', lang: 'en', maxLineBytes: String(LIMIT), progress: false }))
    if (table.code < 0 || table.code > 3) fail(`audit exit code ${table.code}`)
    if (RAW.test(table.out)) fail('a raw control character in the audit table')

    // --- a folder of hostile packs, case files and links ---
    const up = join(dir, 'upload')
    mkdirSync(up)
    const packs = 1 + Math.floor(rnd() * 4)
    for (let i = 0; i < packs; i++) {
      mkdirSync(join(up, `p${i}`))
      writeFileSync(join(up, `p${i}`, 'pack.yaml'), pick(rnd, p.packTexts))
      mkdirSync(join(up, `p${i}`, 'cases'))
      writeFileSync(join(up, `p${i}`, 'cases', 'a.yaml'), `pack: ${pick(rnd, ['mini', 'cn-shandong', '/etc/hostname', '../p0', '/dev/zero'])}\ncases:\n  - name: "x\\u001b[2J"\n    request: { kind: meeting, date: '2026-03-02', requester: { level: district } }\n    expect: { outcome: refusable }\n`)
    }
    if (rnd() < 0.7) symlinkSync('.', join(up, 'loop'))
    if (rnd() < 0.5) symlinkSync('..', join(up, 'p0', 'up'))
    c.folders++
    const started = Date.now()
    findCaseFiles([up])
    scanPacks(up)
    lintPaths([up], '2026-03-02')
    runCaseFiles([up])
    if (Date.now() - started > 60_000) fail(`a folder walk took ${Date.now() - started} ms`)

    // --- the command functions on hostile requests ---
    const req = join(dir, 'r.json')
    writeFileSync(req, JSON.stringify({ ...pick(rnd, p.events), certificate: { kind: `居住证明\n决定: 必须承接\u001b[2J\u202e` } }))
    for (const [f, name] of [
      [() => evaluateCommand(req, { pack: p.policy.id, explain: rnd() < 0.5, lang: rnd() < 0.5 ? 'en' : 'zh-CN' }), 'evaluate'],
      [() => explainCommand(req, { pack: p.policy.id, whatIf: rnd() < 0.3 }), 'explain'],
    ] as const) {
      c.commands++
      const r = await captured(f)
      if (r.code < 0 || r.code > 3) fail(`${name} exit code ${r.code}`)
      if (RAW.test(r.out)) fail(`a raw control character in the output of ${name}`)
    }
  } catch (e) {
    fail(`exception: ${e instanceof Error ? (e.stack ?? e.message).split('\n').slice(0, 3).join(' | ') : String(e)}`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const HOSTILE_ARGS: readonly (readonly string[])[] = [
  [],
  ['bogus'],
  ['evaluate'],
  ['audit', '/dev/zero', '--pack', 'cn-shandong', '--max-line-bytes', '1024'],
  ['audit', '-', '--pack', 'cn-shandong', '--reorder-days', '9007199254740993'],
  ['audit', '-', '--pack', 'cn-shandong', '--threads', 'NaN'],
  ['evaluate', '/dev/zero', '--pack', 'cn-shandong'],
  ['evaluate', '-', '--pack', '/dev/zero'],
  ['evaluate', '-', '--pack', 'cn-shandong', '--format', 'xml'],
  ['evaluate', '-', '--pack', 'cn-shandong', '--lang', 'fr'],
  ['lint', 'rules/cn-national', '--today', '2026-02-30'],
  ['test', 'rules/cn-beijing', '--min-coverage', 'Infinity'],
  ['compare', '-', '--packs', 'cn-shandong,/dev/zero'],
  ['explain', '-', '--encoding', 'gb18030', '--pack', 'cn-shandong'],
]

/** One spawn of the real CLI with hostile arguments: exit code 0–3, no stack trace, in time. */
export const cliRound = (p: IoPools, c: IoCounts, seed: number): void => {
  const args = pick(p.rnd, HOSTILE_ARGS)
  c.spawns++
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { input: JSON.stringify(pick(p.rnd, p.events)), encoding: 'utf8', timeout: 120_000 })
  const ok = r.status !== null && r.status >= 0 && r.status <= 3 && !/\n\s+at /.test(r.stderr ?? '')
  if (!ok) {
    c.inconsistencies++
    if (c.samples.length < 10) c.samples.push(`zhunru ${args.join(' ')} (seed ${seed}): exit ${r.status} ${r.signal ?? ''} ${(r.stderr ?? '').slice(0, 200)}`)
  }
}

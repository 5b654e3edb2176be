import { spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, describe, expect, it } from 'vitest'
import { evaluateCommand } from '../src/cli/evaluate'
import { explainCommand } from '../src/cli/explain'
import { replayCommand } from '../src/cli/replay'
import { evaluate, formatIssues } from '../src/node/index'
import { loadPackVersions, policyInForce, policyOf } from '../src/node/versions'
import { toRecord } from '../src/record/index'
import { run, runAsync } from './_capture'

const root = join(import.meta.dirname, '..')
process.chdir(root)
const FOLDER = 'test/fixtures/versions'
const tmp = mkdtempSync(join(tmpdir(), 'zhunru-versions-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

const request = (date: string): Record<string, unknown> => ({ kind: 'certificate', date, requester: { level: 'district' }, certificate: { kind: '政审' } })
const versions = (() => {
  const v = loadPackVersions(FOLDER)
  if (E.isLeft(v)) throw new Error(formatIssues(v.left, 'en'))
  return v.right
})()

/** Run an async command function, capturing its output. */

const write = (name: string, text: string): string => {
  const f = join(tmp, name)
  writeFileSync(f, text)
  return f
}

describe('pack versions in one folder', () => {
  it('are read with their version, adoption date and content hash', () => {
    expect(versions.map((v) => [v.id, v.version, v.adopted]).sort()).toEqual([
      ['demo', '1', '2026-01-01'],
      ['demo', '2', '2026-05-01'],
    ])
    expect(new Set(versions.map((v) => v.hash)).size).toBe(2)
  })

  it('refuse one id and version declared twice, naming both files', () => {
    const dir = join(tmp, 'dup')
    mkdirSync(dir)
    cpSync(join(FOLDER, 'demo@1'), join(dir, 'a'), { recursive: true })
    cpSync(join(FOLDER, 'demo@1'), join(dir, 'b'), { recursive: true })
    const v = loadPackVersions(dir)
    expect(E.isLeft(v)).toBe(true)
    if (E.isLeft(v)) {
      expect(v.left.map((i) => i.code)).toEqual(['load/duplicate-pack'])
      expect(v.left[0]?.received).toBe('"demo@1"')
      const text = formatIssues(v.left, 'en')
      expect(text).toContain(join(dir, 'a', 'pack.yaml'))
      expect(text).toContain(join(dir, 'b', 'pack.yaml'))
    }
  })

  it('give the version adopted last on or before a date', () => {
    const at = (date: string): string | undefined => {
      const p = policyInForce(versions, 'demo', date)
      return E.isRight(p) ? p.right.fingerprint.packs.at(-1)?.version : p.left[0]?.code
    }
    expect(at('2025-12-31')).toBe('eval/no-epoch')
    expect(at('2026-01-01')).toBe('1')
    expect(at('2026-04-30')).toBe('1')
    expect(at('2026-05-01')).toBe('2')
    expect(at('2027-01-01')).toBe('2')
    const unknown = policyInForce(versions, 'nope', '2026-05-01')
    expect(E.isLeft(unknown) && unknown.left[0]?.code).toBe('load/not-found')
  })

  it('take a parent the folder lacks from the bundled packs, the same content as bundled', () => {
    const dir = join(tmp, 'sd')
    mkdirSync(join(dir, 'cn-shandong@2026.1'), { recursive: true })
    writeFileSync(join(dir, 'cn-shandong@2026.1', 'pack.yaml'), readFileSync('rules/cn-shandong/pack.yaml'))
    const v = loadPackVersions(dir)
    if (E.isLeft(v)) throw new Error(formatIssues(v.left, 'en'))
    const p = policyInForce(v.right, 'cn-shandong', '2026-03-02')
    const bundled = policyInForce([], 'cn-shandong', '2026-03-02')
    expect(E.isRight(p) && E.isRight(bundled)).toBe(true)
    if (E.isRight(p) && E.isRight(bundled)) {
      expect(p.right.fingerprint.packs.map((x) => x.id)).toEqual(['cn-national', 'cn-shandong'])
      expect(p.right.fingerprint).toEqual(bundled.right.fingerprint)
    }
  })

  it('refuse an adoption date that is not a real date', () => {
    const dir = join(tmp, 'baddate')
    mkdirSync(join(dir, 'demo'), { recursive: true })
    writeFileSync(join(dir, 'demo', 'pack.yaml'), readFileSync(join(FOLDER, 'demo@1', 'pack.yaml'), 'utf8').replace('adopted: 2026-01-01', 'adopted: 2026-02-30'))
    const v = loadPackVersions(dir)
    expect(E.isLeft(v) && v.left.map((i) => [i.code, i.path])).toEqual([['compile/bad-period', '/adopted']])
  })

  it('decide differently where the versions differ (the CLI picks by the request date, or --on)', () => {
    const file = write('req.json', JSON.stringify(request('2026-06-02')))
    const later = run(() => evaluateCommand(file, { pack: 'demo', versions: FOLDER, lang: 'en' }))
    expect(later.code).toBe(0)
    expect(later.out).toMatch(/^Decision: .*\(forbidden\)$/m)
    expect(later.out).toContain('demo@2')
    const earlier = run(() => evaluateCommand(file, { pack: 'demo', versions: FOLDER, on: '2026-03-01', lang: 'en' }))
    expect(earlier.out).toMatch(/^Decision: .*\(required\)$/m)
    expect(earlier.out).toContain('demo@1')
    const none = run(() => evaluateCommand(file, { pack: 'demo', versions: FOLDER, on: '2025-03-01', lang: 'en' }))
    expect(none.code).toBe(2)
    expect(none.err).toContain('eval/no-epoch')
    expect(none.err).toContain('demo: 2026-01-01')
  })
})

describe('zhunru replay', () => {
  // a record made under each version of the pack
  const recordAt = (date: string): Record<string, unknown> => {
    const p = policyInForce(versions, 'demo', date)
    if (E.isLeft(p)) throw new Error(formatIssues(p.left, 'en'))
    const d = evaluate(p.right, request(date))
    if (E.isLeft(d)) throw new Error(formatIssues(d.left, 'en'))
    const r = toRecord(p.right, request(date), d.right)
    if (E.isLeft(r)) throw new Error(formatIssues(r.left, 'en'))
    return JSON.parse(JSON.stringify(r.right)) as Record<string, unknown>
  }
  const early = recordAt('2026-02-01')
  const late = recordAt('2026-06-01')

  it('finds the exact versions a record names', () => {
    const p = policyOf(versions, early.policy as never)
    expect(E.isRight(p) && p.right.fingerprint).toEqual(early.policy)
  })

  it('replays stored decisions to the same decisions: exit 0', async () => {
    const file = write('same.ndjson', `${JSON.stringify(early)}\n\n${JSON.stringify(late)}\n`)
    const r = await runAsync(() => replayCommand(file, { packs: FOLDER, lang: 'en' }))
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    expect(r.out).toContain('2 records: 2 decide the same, 0 differently, 0 name packs not found, 0 cannot be read.')
  })

  it('reports a record whose pack hash matches no pack, a missing version, and an altered decision: exit 1', async () => {
    const policy = early.policy as { packs: { hash: string }[] }
    const tampered = { ...early, policy: { ...policy, packs: policy.packs.map((p) => ({ ...p, hash: 'f'.repeat(64) })) } }
    const altered = { ...late, decision: { ...(late.decision as object), outcome: 'required' } }
    const lines = [early, tampered, altered, late].map((x) => JSON.stringify(x)).join('\n')
    const file = write('mixed.ndjson', `${lines}\n`)
    const r = await runAsync(() => replayCommand(file, { packs: FOLDER, format: 'json' }))
    expect(r.code).toBe(1)
    const out = JSON.parse(r.out) as { findings: { at: number; status: string; issues?: { code: string }[]; differences?: { field: string }[] }[]; summary: Record<string, number> }
    expect(out.findings.map((f) => [f.at, f.status])).toEqual([
      [2, 'unknown-pack'],
      [3, 'changed'],
    ])
    expect(out.findings[0]?.issues?.map((i) => i.code)).toEqual(['record/unknown-pack'])
    expect(out.findings[1]?.differences?.map((d) => d.field)).toEqual(['outcome'])
    expect(out.summary).toEqual({ read: 4, same: 2, changed: 1, unknownPack: 1, unreadable: 0 })
    // a folder without version 1: the early record's pack is missing
    const only2 = join(tmp, 'only2')
    cpSync(join(FOLDER, 'demo@2'), join(only2, 'demo@2'), { recursive: true })
    const missing = await runAsync(() => replayCommand(file, { packs: only2, lang: 'en' }))
    expect(missing.code).toBe(1)
    expect(missing.out).toMatch(/line 1: the pack versions the record names are not found/)
    expect(missing.out).toContain('demo@1')
  })

  it('shows text from the records inert: no terminal controls, no forged lines', async () => {
    const forged = { ...late, decidedAt: 'x\u001b[2J\nline 9: decides the same', decision: { ...(late.decision as object), outcome: 'required' } }
    const file = write('forged.ndjson', `${JSON.stringify(forged)}\n`)
    const r = await runAsync(() => replayCommand(file, { packs: FOLDER, lang: 'en' }))
    expect(r.code).toBe(1)
    expect(r.out).not.toContain('\u001b')
    expect(r.out.split('\n').some((l) => l.startsWith('line 9'))).toBe(false)
    expect(r.out).toContain('line 1: decides differently now')
  })

  it('reads standard input and reports a line that is not JSON', async () => {
    const stdin = Object.getOwnPropertyDescriptor(process, 'stdin')
    Object.defineProperty(process, 'stdin', { value: Readable.from([Buffer.from(`${JSON.stringify(early)}\n{oops\n`)]), configurable: true })
    try {
      const r = await runAsync(() => replayCommand('-', { packs: FOLDER }))
      expect(r.code).toBe(1)
      expect(r.out).toContain('第 2 行: 无法读取')
      expect(r.out).toContain('json/syntax')
    } finally {
      if (stdin) Object.defineProperty(process, 'stdin', stdin)
    }
  })

  it('runs from the command line (main.ts): exit 1 on a changed record, 0 when all replay the same', () => {
    const altered = { ...late, decision: { ...(late.decision as object), outcome: 'required' } }
    const bad = write('cli-bad.ndjson', `${JSON.stringify(early)}\n${JSON.stringify(altered)}\n`)
    const good = write('cli-good.ndjson', `${JSON.stringify(early)}\n`)
    const zhunru = (...args: string[]): ReturnType<typeof spawnSync> => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, encoding: 'utf8' })
    const r1 = zhunru('replay', bad, '--packs', FOLDER, '--lang', 'en')
    expect(r1.status).toBe(1)
    expect(String(r1.stdout)).toContain('line 2: decides differently now')
    const r0 = zhunru('replay', good, '--packs', FOLDER, '--format', 'json')
    expect(r0.status).toBe(0)
    expect((JSON.parse(String(r0.stdout)) as { summary: { same: number } }).summary.same).toBe(1)
  }, 60_000)

  it('refuses an unreadable file before writing anything: exit 2', async () => {
    const r = await runAsync(() => replayCommand(join(tmp, 'absent.ndjson'), {}))
    expect(r.code).toBe(2)
    expect(r.out).toBe('')
  })
})

describe('zhunru explain of a stored record', () => {
  it('explains it under the versions it names, and refuses other packs with exit 2', () => {
    const p = policyInForce(versions, 'demo', '2026-02-01')
    if (E.isLeft(p)) throw new Error('no policy')
    const d = evaluate(p.right, request('2026-02-01'))
    if (E.isLeft(d)) throw new Error('no decision')
    const r = toRecord(p.right, request('2026-02-01'), d.right)
    if (E.isLeft(r)) throw new Error('no record')
    const file = write('record.json', JSON.stringify(r.right))
    const x = run(() => explainCommand(file, { versions: FOLDER, lang: 'en' }))
    expect(x.err).toBe('')
    expect(x.code).toBe(0)
    expect(x.out).toMatch(/^Decision: .*\(required\)$/m)
    expect(x.out).toContain('packs: demo@1')
    // a plain load of a pack among its versions is refused as before (two files declare its id)
    const plain = run(() => explainCommand(file, { pack: join(FOLDER, 'demo@2'), lang: 'en' }))
    expect(plain.code).toBe(2)
    expect(plain.err).toContain('load/duplicate-pack')
    const alone = join(tmp, 'alone')
    cpSync(join(FOLDER, 'demo@2'), join(alone, 'demo'), { recursive: true })
    const other = run(() => explainCommand(file, { pack: join(alone, 'demo'), lang: 'en' }))
    expect(other.code).toBe(2)
    expect(other.out).toBe('')
    expect(other.err).toContain('record/policy-mismatch')
    expect(other.err).toContain('demo@1')
    expect(other.err).toContain('demo@2')
    // the bundled packs alone do not have the demo pack
    const bundled = run(() => explainCommand(file, { lang: 'en' }))
    expect(bundled.code).toBe(2)
    expect(bundled.err).toContain('record/unknown-pack')
    // --record on a file that is not one
    const notRecord = run(() => explainCommand(write('req2.json', JSON.stringify(request('2026-02-01'))), { record: true }))
    expect(notRecord.code).toBe(2)
    expect(readFileSync(file, 'utf8')).toBe(JSON.stringify(r.right))
  })

  it('writes a record with evaluate --format record, one line of JSON', () => {
    const file = write('req3.json', JSON.stringify(request('2026-06-02')))
    const out = run(() => evaluateCommand(file, { pack: 'demo', versions: FOLDER, format: 'record' }))
    expect(out.code).toBe(0)
    expect(out.out.trimEnd().split('\n')).toHaveLength(1)
    const rec = JSON.parse(out.out) as { format: string; decision: { outcome: string }; policy: { packs: { version: string }[] } }
    expect(rec.format).toBe('zhunru.decision/1')
    expect(rec.decision.outcome).toBe('forbidden')
    expect(rec.policy.packs.map((p) => p.version)).toEqual(['2'])
  })
})

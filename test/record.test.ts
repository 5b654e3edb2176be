import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, describe, expect, it } from 'vitest'
import { describePolicy, evaluate, explain, formatIssues, type CompiledPolicy } from '../src/node/index'
import { explainCommand } from '../src/cli/explain'
import { run } from './_capture'
import { loadPolicy, readDataFile } from '../src/node/load'
import { decodeRecord, explainRecord, replayRecord, toRecord, type DecisionRecord } from '../src/record/index'

const root = join(import.meta.dirname, '..')
process.chdir(root)
const tmp = mkdtempSync(join(tmpdir(), 'zhunru-record-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

const load = (id: string): CompiledPolicy => {
  const p = loadPolicy(id)
  if (E.isLeft(p)) throw new Error(formatIssues(p.left, 'en'))
  return p.right
}
const shandong = load('cn-shandong')
const national = load('cn-national')
const read = (f: string): unknown => {
  const r = readDataFile(join(root, f))
  if (E.isLeft(r)) throw new Error(formatIssues(r.left, 'en'))
  return r.right
}
const REQUESTS = ['examples/requests/seal-no-criminal-record.json', 'examples/requests/fourth-inspection.json']

const recordOf = (policy: CompiledPolicy, request: unknown): { record: DecisionRecord; texts: Record<'zh-CN' | 'en', string> } => {
  const d = evaluate(policy, request)
  if (E.isLeft(d)) throw new Error(formatIssues(d.left, 'en'))
  const r = toRecord(policy, request, d.right, { decidedAt: '2026-03-02T09:30:00+08:00' })
  if (E.isLeft(r)) throw new Error(formatIssues(r.left, 'en'))
  const text = (locale: 'zh-CN' | 'en'): string => {
    const x = explain(d.right, { locale })
    if (E.isLeft(x)) throw new Error(formatIssues(x.left, 'en'))
    return x.right.text
  }
  return { record: r.right, texts: { 'zh-CN': text('zh-CN'), en: text('en') } }
}

/** Explain a stored record in a second process (node --import tsx), under each `pack:locale`. */
const explainElsewhere = (record: string, asks: readonly string[]): { text?: string; issues?: { code: string }[] }[] => {
  const file = join(tmp, `r-${Math.random().toString(36).slice(2)}.json`)
  writeFileSync(file, record)
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'test/_explain-record.ts', file, ...asks], { cwd: root, encoding: 'utf8' })
  expect(r.stderr).toBe('')
  expect(r.status).toBe(0)
  return JSON.parse(r.stdout) as { text?: string; issues?: { code: string }[] }[]
}

describe('a decision record', () => {
  it('is plain JSON data naming the request, the decision and the pack chain', () => {
    const request = read(REQUESTS[0] as string)
    const { record } = recordOf(shandong, request)
    expect(JSON.parse(JSON.stringify(record))).toEqual(record)
    expect(record.format).toBe('zhunru.decision/1')
    expect(record.request).toEqual(request)
    expect(record.request).not.toBe(request)
    expect(record.policy).toEqual(shandong.fingerprint)
    expect(record.decision.decidedBy.id).toBe(record.decision.fired[0]?.id)
    expect(record.decidedAt).toBe('2026-03-02T09:30:00+08:00')
    expect(E.isRight(decodeRecord(JSON.parse(JSON.stringify(record))))).toBe(true)
  })

  it.each(REQUESTS)('of %s, stored as text, explains in a new process to the same text, and not under another pack', (file) => {
    const { record, texts } = recordOf(shandong, read(file))
    const stored = JSON.stringify(record)
    for (const locale of ['zh-CN', 'en'] as const) {
      const here = explainRecord(shandong, JSON.parse(stored), { locale })
      expect(E.isRight(here) && here.right.text).toBe(texts[locale])
    }
    const [zh, en, other] = explainElsewhere(stored, ['cn-shandong:zh-CN', 'cn-shandong:en', 'cn-national:en'])
    expect(zh?.text).toBe(texts['zh-CN'])
    expect(en?.text).toBe(texts.en)
    expect(other?.text).toBeUndefined()
    expect(other?.issues?.map((i) => i.code)).toEqual(['record/policy-mismatch'])
  }, 60_000)

  it('refuses another policy, naming both chains', () => {
    const { record } = recordOf(shandong, read(REQUESTS[0] as string))
    const x = explainRecord(national, record)
    expect(E.isLeft(x)).toBe(true)
    if (E.isLeft(x)) {
      const text = formatIssues(x.left, 'en')
      expect(x.left[0]?.code).toBe('record/policy-mismatch')
      expect(text).toContain('cn-shandong@2026.1')
      expect(text).toContain(national.fingerprint.hash.slice(0, 12))
      expect(text).toContain(shandong.fingerprint.hash.slice(0, 12))
    }
  })

  it('refuses a record whose chain was altered though its policy hash was kept', () => {
    const { record } = recordOf(shandong, read(REQUESTS[0] as string))
    const altered = { ...record, policy: { ...record.policy, packs: record.policy.packs.map((p) => ({ ...p, version: '2099.1' })) } }
    const x = explainRecord(shandong, altered)
    expect(E.isLeft(x) && x.left.map((i) => i.code)).toEqual(['record/policy-mismatch'])
  })

  it('refuses a record whose decision was altered, and replay names the field', () => {
    const { record } = recordOf(shandong, read(REQUESTS[0] as string))
    const other = (['required', 'permitted', 'refusable', 'forbidden'] as const).find((o) => o !== record.decision.outcome)
    const altered = { ...record, decision: { ...record.decision, outcome: other } }
    const x = explainRecord(shandong, altered)
    expect(E.isLeft(x) && x.left.map((i) => i.code)).toEqual(['record/decision-mismatch'])
    const r = replayRecord(shandong, altered)
    expect(E.isRight(r)).toBe(true)
    if (E.isRight(r)) {
      expect(r.right.same).toBe(false)
      expect(r.right.samePolicy).toBe(true)
      expect(r.right.differences.map((d) => d.field)).toEqual(['outcome'])
      expect(r.right.differences[0]?.before).toBe(other)
      expect(r.right.differences[0]?.after).toBe(record.decision.outcome)
    }
    const same = replayRecord(shandong, record)
    expect(E.isRight(same) && same.right).toMatchObject({ same: true, samePolicy: true, differences: [] })
  })

  it('replays under another policy and says what changed', () => {
    const { record } = recordOf(shandong, read(REQUESTS[0] as string))
    const r = replayRecord(national, record)
    expect(E.isRight(r)).toBe(true)
    if (E.isRight(r)) {
      expect(r.right.samePolicy).toBe(false)
      const direct = evaluate(national, record.request)
      const sameRule = E.isRight(direct) && direct.right.decidedBy.id === record.decision.decidedBy.id && direct.right.decidedBy.pack === record.decision.decidedBy.pack
      expect(r.right.same).toBe(sameRule && r.right.differences.length === 0)
      expect(r.right.after.decidedBy.pack).toBe(E.isRight(direct) ? direct.right.decidedBy.pack : '')
    }
  })

  it('decodes only well-formed, bounded records', () => {
    const { record } = recordOf(shandong, read(REQUESTS[0] as string))
    const bad: unknown[] = [
      null,
      'x',
      { ...record, format: 'zhunru.decision/2' },
      { ...record, policy: { ...record.policy, hash: 'abc' } },
      { ...record, decision: { ...record.decision, outcome: 'maybe' } },
      { ...record, decision: { ...record.decision, fired: Array.from({ length: 10_001 }, () => ({ id: 'a', pack: 'b' })) } },
      { ...record, decision: { ...record.decision, date: '2026-3-2' } },
      { ...record, policy: { ...record.policy, packs: [{ id: 'x'.repeat(1_001), hash: record.policy.hash }] } },
    ]
    for (const b of bad) expect(E.isLeft(decodeRecord(b))).toBe(true)
    const missing = decodeRecord({ ...record, policy: undefined })
    expect(E.isLeft(missing) && missing.left.map((i) => [i.code, i.path])).toEqual([['schema/missing', '/policy']])
  })

  it('is not made from values that are not a policy, a decision or a JSON request', () => {
    const d = evaluate(shandong, read(REQUESTS[0] as string))
    if (E.isLeft(d)) throw new Error('no decision')
    expect(E.isLeft(toRecord({} as never, {}, d.right))).toBe(true)
    expect(E.isLeft(toRecord(shandong, {}, {} as never))).toBe(true)
    expect(E.isLeft(toRecord(shandong, 1n, d.right))).toBe(true)
  })
})

describe('zhunru explain names the pack chain', () => {
  it('after the cases of a case file, as evaluate does after a request', () => {
    const r = run(() => explainCommand('rules/cn-shandong/cases/admission.yaml', { lang: 'en' }))
    expect(r.code).toBe(0)
    expect(r.out.trimEnd().split('\n').at(-1)).toBe(`packs: ${describePolicy(shandong.fingerprint)}`)
    const q = run(() => explainCommand(REQUESTS[0] as string, { pack: 'cn-shandong', lang: 'en' }))
    expect(q.out.trimEnd().split('\n').at(-1)).toBe(`packs: ${describePolicy(shandong.fingerprint)}`)
  })
})

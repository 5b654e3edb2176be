/**
 * D3: which pack decides is never ambiguous. A bare id is a bundled pack, never a folder of the
 * working directory; two files declaring one id (two packs in one folder, or a local pack reusing
 * a bundled id) is load/duplicate-pack naming both files; and every output names the pack chain
 * with versions and content hashes.
 */
import { createHash } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { stringify } from 'yaml'
import { describe, expect, it, vi } from 'vitest'
import { auditCommand } from '../../src/cli/audit'
import { auditFile } from '../../src/node/audit-file'
import { compareCommand } from '../../src/cli/compare'
import { evaluateCommand } from '../../src/cli/evaluate'
import { renderJunit } from '../../src/cli/junit'
import { lintCommand } from '../../src/cli/lint'
import { renderText, runCaseFiles } from '../../src/cli/test'
import { canonicalJson, compile, describePolicy, parseText, sha256Hex } from '../../src/node/index'
import { loadPolicy } from '../../src/node/load'
import { impactCommand } from '../../src/cli/impact'
import { run, runAsync } from '../_capture'
import { parseCsv } from '../_csv'
import { capPack } from '../_impact-packs'
import { miniText, right, scratch } from './_helpers'

const evil = miniText.replace('id: demo', 'id: evil').replace('    outcome: refusable\n    priority: 1\n', '    outcome: required\n    priority: 1\n')
const withCwd = <A>(dir: string, f: () => A): A => {
  const was = process.cwd()
  process.chdir(dir)
  try {
    return f()
  } finally {
    process.chdir(was)
  }
}
const pack = (dir: string, text: string): string => {
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'pack.yaml'), text)
  return dir
}
const child = (id: string, parent: string): string =>
  `id: ${id}\nextends: ${parent}\ntitle: { zh-CN: 子, en: child }\njurisdiction: { level: district, name: { zh-CN: 区, en: district } }\ndocuments: []\nrules: []\n`

describe('D3 a bare id is a bundled pack', () => {
  it('a folder ./cn-shandong in the working directory does not replace the bundled pack', () => {
    const cwd = scratch()
    pack(join(cwd, 'cn-shandong'), evil)
    writeFileSync(join(cwd, 'cn-national'), 'not a pack')
    const p = right(withCwd(cwd, () => loadPolicy('cn-shandong')))
    expect([p.id, ...p.chain]).toEqual(['cn-shandong', 'cn-national', 'cn-shandong'])
    expect(p.fingerprint.packs.map((x) => x.id)).toEqual(['cn-national', 'cn-shandong'])
    // the folder is still there to be named explicitly
    expect(right(withCwd(cwd, () => loadPolicy('./cn-shandong'))).id).toBe('evil')
  })
})

describe('D3 one id, two files', () => {
  it('a sibling declaring id: cn-national is an error naming both files', () => {
    const up = scratch()
    const mine = pack(join(up, 'a-district'), child('a-district', 'cn-national'))
    pack(join(up, 'zz-other'), miniText.replace('id: demo', 'id: cn-national'))
    const r = loadPolicy(mine)
    expect(E.isLeft(r) ? r.left.map((i) => i.code) : r).toEqual(['load/duplicate-pack'])
    const i = E.isLeft(r) ? r.left[0] : undefined
    expect(JSON.stringify(i?.params)).toContain(join('zz-other', 'pack.yaml'))
    expect(JSON.stringify(i?.params)).toContain(join('cn-national', 'pack.yaml'))
  })
  it('two packs with one id in a folder are an error naming both files', () => {
    const up = scratch()
    pack(join(up, 'p1'), miniText)
    pack(join(up, 'p2'), miniText)
    const r = loadPolicy(pack(join(up, 'kid'), child('kid', 'demo')))
    expect(E.isLeft(r) ? r.left.map((i) => [i.code, i.params?.first, i.params?.second]) : r).toEqual([
      ['load/duplicate-pack', join(up, 'p1', 'pack.yaml'), join(up, 'p2', 'pack.yaml')],
    ])
  })
  it('a local pack named by path that reuses a bundled id is refused', () => {
    const r = loadPolicy(pack(join(scratch(), 'mine'), miniText.replace('id: demo', 'id: cn-shandong')))
    expect(E.isLeft(r) ? r.left.map((i) => i.code) : r).toEqual(['load/duplicate-pack'])
  })
  it('zhunru lint reports a local pack that reuses a bundled id, naming both files, as loading does', () => {
    const dir = pack(join(scratch(), 'cn-shandong'), miniText.replace('id: demo', 'id: cn-shandong'))
    const r = run(() => lintCommand([dir], { format: 'json' }))
    expect(r.code).toBe(1)
    const out = JSON.parse(r.out) as { findings: { code: string; params?: { first?: string; second?: string } }[] }
    const dup = out.findings.filter((f) => f.code === 'load/duplicate-pack')
    expect(dup).toHaveLength(1)
    expect(dup[0]?.params?.first).toBe(join(dir, 'pack.yaml'))
    expect(dup[0]?.params?.second).toMatch(/rules[\\/]cn-shandong[\\/]pack\.yaml$/)
  })
  it('the bundled pack named by its own folder is not a duplicate of itself', () => {
    expect(E.isRight(loadPolicy('rules/cn-shandong'))).toBe(true)
  })
})

describe('D3 the chain that decided, with versions and content hashes', () => {
  it('the compiled policy carries { id, version, hash } per pack and one policy hash', () => {
    const p = right(loadPolicy('cn-shandong'))
    expect(p.fingerprint.id).toBe('cn-shandong')
    expect(p.fingerprint.packs.map((x) => [x.id, x.version])).toEqual([['cn-national', '2026.1'], ['cn-shandong', '2026.1']])
    for (const x of [...p.fingerprint.packs.map((y) => y.hash), p.fingerprint.hash]) expect(x).toMatch(/^[0-9a-f]{64}$/)
  })
  it('the content hash ignores YAML formatting, comments and key order, and follows content', () => {
    const a = right(compile({ text: miniText })).fingerprint
    const value = (parseText(miniText) as E.Right<{ value: Record<string, unknown> }>).right.value
    const reordered = Object.fromEntries(Object.entries(value).reverse())
    const b = right(compile({ text: `# a comment\n${stringify(reordered, { indent: 4 })}` })).fingerprint
    const c = right(compile({ text: JSON.stringify(value) })).fingerprint
    expect(b).toEqual(a)
    expect(c).toEqual(a)
    const d = right(compile({ text: miniText.replace('默认可拒绝', '默认可拒绝。') })).fingerprint
    expect(d.packs[0]?.hash).not.toBe(a.packs[0]?.hash)
    expect(d.hash).not.toBe(a.hash)
    // the limits requests are held to are part of the policy hash
    expect(right(compile({ text: miniText }, { limits: { maxHistory: 10 } })).fingerprint.hash).not.toBe(a.hash)
  })
  it('sha256Hex is SHA-256 of the UTF-8 bytes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (s) => sha256Hex(s) === createHash('sha256').update(s, 'utf8').digest('hex')),
      { numRuns: 300 },
    )
    for (const n of [0, 55, 56, 63, 64, 65, 119, 120, 1000, 100_000]) expect(sha256Hex('a'.repeat(n))).toBe(createHash('sha256').update('a'.repeat(n)).digest('hex'))
    expect(canonicalJson({ b: 1, a: [true, 'x', undefined], c: undefined })).toBe('{"a":[true,"x",null],"b":1}')
  })
  it('evaluate text and JSON, test text, JSON and JUnit name the chain with versions and hashes', () => {
    const p = right(loadPolicy('cn-shandong'))
    const line = describePolicy(p.fingerprint)
    expect(line).toContain('cn-national@2026.1 #')
    const req = join(scratch(), 'r.json')
    writeFileSync(req, JSON.stringify({ kind: 'task', date: '2026-03-02', requester: { level: 'street' } }))
    expect(run(() => evaluateCommand(req, { pack: 'cn-shandong', lang: 'en' })).out).toContain(`packs: ${line}`)
    expect(run(() => evaluateCommand(req, { pack: 'cn-shandong', explain: true })).out).toContain(`规则包: ${line}`)
    expect(JSON.parse(run(() => evaluateCommand(req, { pack: 'cn-shandong', format: 'json' })).out).policy).toEqual(p.fingerprint)
    const files = runCaseFiles(['rules/cn-shandong'])
    expect(renderText(files, 'en')).toContain(line)
    expect(renderJunit(files)).toContain(`<property name="zhunru.policy.hash" value="${p.fingerprint.hash}"/>`)
    expect(files[0]?.policy?.fingerprint).toEqual(p.fingerprint)
  })

  it('compare names the chain of every policy it compares, in text and in JSON', () => {
    const req = join(scratch(), 'r.json')
    writeFileSync(req, JSON.stringify({ kind: 'task', date: '2026-03-02', requester: { level: 'street' } }))
    const chains = { 'cn-shandong': right(loadPolicy('cn-shandong')).fingerprint, 'cn-beijing': right(loadPolicy('cn-beijing')).fingerprint }
    for (const lang of ['zh-CN', 'en']) {
      const text = run(() => compareCommand(req, { packs: 'cn-shandong,cn-beijing', lang })).out
      for (const [id, f] of Object.entries(chains)) expect(text).toContain(`${id}: ${describePolicy(f)}`)
    }
    const json = JSON.parse(run(() => compareCommand(req, { packs: 'cn-shandong,cn-beijing', format: 'json' })).out) as { policies: unknown }
    expect(json.policies).toEqual(chains)
  })
  it('audit names the chain in the table, the JSON summary and the summary on standard error', async () => {
    const ev = join(scratch(), 'ev.ndjson')
    writeFileSync(ev, ['2026-01-10', '2026-02-10', '2026-03-10'].map((date) => JSON.stringify({ kind: 'meeting', date, requester: { level: 'district', department: 'x' }, community: { id: 'c' }, meeting: {} })).join('\n'))
    const line = describePolicy(right(loadPolicy('cn-shandong')).fingerprint)
    for (const format of ['table', 'csv', 'json']) {
      let stdout = ''
      let stderr = ''
      vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((stdout += String(s)), true))
      vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((stderr += String(s)), true))
      try {
        expect(await auditCommand(ev, { pack: 'cn-shandong', format, lang: 'en' })).toBe(1)
      } finally {
        vi.restoreAllMocks()
      }
      expect(stderr, format).toContain(line)
      if (format === 'table') expect(stdout).toContain(line)
      if (format === 'json') expect((JSON.parse(stdout) as { summary: { fingerprint: unknown } }).summary.fingerprint).toEqual(right(loadPolicy('cn-shandong')).fingerprint)
    }
  })

  it('the audit CSV names the chain in a last column on every row (violations and problem lines), sorted or streamed, on 1 and 2 threads', async () => {
    const ev = join(scratch(), 'ev.ndjson')
    const meeting = (date: string, community: string) => JSON.stringify({ kind: 'meeting', date, requester: { level: 'district', department: 'x' }, community: { id: community }, meeting: {} })
    // three meetings break the yearly cap; a broken line; a line far out of date order
    writeFileSync(ev, [meeting('2026-01-10', 'c'), meeting('2026-02-10', 'c'), meeting('2026-03-10', 'c'), '{not json', meeting('2025-01-01', 'c')].join('\n'))
    const line = describePolicy(right(loadPolicy('cn-shandong')).fingerprint)
    const head = { 'zh-CN': '规则包链', en: 'packs' }
    for (const [lang, order, threads] of [['zh-CN', 'community', '1'], ['en', 'found', '1'], ['en', 'community', '2'], ['zh-CN', 'found', '2']] as const) {
      const r = await runAsync(() => auditCommand(ev, { pack: 'cn-shandong', format: 'csv', lang, order, threads }))
      const what = `${lang} ${order} ${threads}`
      expect(r.code, what).toBe(1)
      const [top, ...rows] = parseCsv(r.stdout.replace(/^\uFEFF/, ''))
      expect(top?.at(-1), what).toBe(head[lang])
      // a breach, a malformed line and an out-of-order line: each names the chain
      expect(rows.length, what).toBe(3)
      for (const row of rows) {
        expect(row.length, what).toBe(top?.length)
        expect(row.at(-1), what).toBe(line)
      }
    }
  })

  it("auditFile's own CSV (the API) names the chain in a last column on every row, in both languages, the same bytes on 1 and 2 threads", async () => {
    const ev = join(scratch(), 'ev.ndjson')
    const meeting = (date: string, community: string) => JSON.stringify({ kind: 'meeting', date, requester: { level: 'district', department: 'x' }, community: { id: community }, meeting: {} })
    // a breach in each of two communities (so that both threads write rows); a broken line; a line far out of date order
    const lines = ['c', 'd'].flatMap((c) => [meeting('2026-01-10', c), meeting('2026-02-10', c), meeting('2026-03-10', c)])
    writeFileSync(ev, [...lines, '{not json', meeting('2025-01-01', 'c')].join('\n'))
    const line = describePolicy(right(loadPolicy('cn-shandong')).fingerprint)
    // field names, in English in either language (the command's report heads its columns in the language)
    const head = { 'zh-CN': 'packs', en: 'packs' }
    for (const lang of ['zh-CN', 'en'] as const) {
      const outs: string[] = []
      for (const threads of [1, 2]) {
        let out = ''
        const r = right(await auditFile(ev, { pack: 'cn-shandong', format: 'csv', lang, threads, write: (t) => void (out += t) })())
        expect(r.threads).toBe(threads)
        const [top, ...rows] = parseCsv(out.replace(/^\uFEFF/, ''))
        const what = `${lang} ${threads}`
        expect(top?.at(-1), what).toBe(head[lang])
        expect(top?.at(-2), what).toBe('reason')
        // the breaches, the malformed line and the out-of-order line: each names the chain, in a row as wide as the header
        expect(new Set(rows.map((x) => x[0])), what).toEqual(new Set(['violation', 'malformed', 'out-of-order']))
        for (const row of rows) {
          expect(row.length, what).toBe(top?.length)
          expect(row.at(-1), what).toBe(line)
        }
        outs.push(out)
      }
      expect(outs[1]).toBe(outs[0])
    }
  })
  it("auditFile's CSV chain cell cannot be a formula (a local pack whose id starts with =)", async () => {
    const dir = scratch()
    const p = pack(join(dir, 'p'), miniText.replace('id: demo', "id: '=1+1'"))
    const ev = join(dir, 'ev.ndjson')
    writeFileSync(ev, ['{not json', '{"also": "not an event"'].join('\n'))
    const line = describePolicy(right(loadPolicy(p)).fingerprint)
    expect(line.startsWith('=')).toBe(true)
    for (const threads of [1, 2]) {
      let out = ''
      right(await auditFile(ev, { pack: p, format: 'csv', lang: 'en', threads, write: (t) => void (out += t) })())
      const rows = parseCsv(out.replace(/^\uFEFF/, '')).slice(1)
      expect(rows.length).toBe(2)
      for (const row of rows) {
        expect(row.at(-1)).toBe(`'${line}`)
        for (const cell of row) expect(/^[=+\-@\t\r＝＋－＠]/.test(cell), cell).toBe(false)
      }
    }
  })

  it('the impact CSV names both chains (before, after) on every row', async () => {
    const after = capPack(1)
    const req = join(scratch(), 'req.ndjson')
    const inspection = (n: number) => JSON.stringify({ kind: 'inspection', date: '2026-03-20', requester: { level: 'street' }, community: { id: 'c' }, inspection: { target: 'community' }, history: Array.from({ length: n }, () => ({ kind: 'inspection', date: '2026-03-02', requester: { level: 'street' } })) })
    writeFileSync(req, [inspection(1), inspection(2), '{not json'].join('\n'))
    const chains = [describePolicy(right(loadPolicy('cn-shandong')).fingerprint), describePolicy(right(loadPolicy(after)).fingerprint)]
    for (const threads of ['1', '2']) {
      const r = await runAsync(() => impactCommand(req, { before: 'cn-shandong', after, format: 'csv', lang: 'en', threads }))
      expect(r.code).toBe(1)
      const [top, ...rows] = parseCsv(r.stdout.replace(/^\uFEFF/, ''))
      expect(top?.slice(-2)).toEqual(['packs_before', 'packs_after'])
      expect(rows.map((x) => x[0])).toEqual(['change', 'change', 'malformed'])
      for (const row of rows) expect(row.slice(-2)).toEqual(chains)
    }
  })
})

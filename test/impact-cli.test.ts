import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { generateRequests } from '../scripts/gen-requests'
import { diffCommand } from '../src/cli/diff'
import { impactCommand, type ImpactCommandOptions } from '../src/cli/impact'
import { runAsync } from './_capture'
import { capPack } from './_impact-packs'

/** `zhunru impact` and `zhunru diff` (issue 17, items 1 and 2), run in this process. */

const capture = async (f: () => number | Promise<number>) => runAsync(async () => f())

describe('zhunru impact', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zhunru-impact-cli-'))
  const year = join(dir, 'year.ndjson')
  writeFileSync(year, `${[...generateRequests(5000, { seed: 17, communities: 30 })].join('\n')}\n`)
  const after = capPack(4)
  const run = (file: string, o: Partial<ImpactCommandOptions>) => capture(() => impactCommand(file, { before: 'cn-shandong', after, ...o }))

  it('writes the same rows and summary on 1, 2 and 3 threads (JSON and CSV)', async () => {
    for (const format of ['json', 'csv']) {
      const one = await run(year, { format, threads: '1' })
      expect(one.code).toBe(1)
      for (const threads of ['2', '3']) expect((await run(year, { format, threads })).stdout).toBe(one.stdout)
    }
  }, 120_000)

  it('--events on 1 and 2 threads gives what the requests with their history give', async () => {
    const events = join(dir, 'events.ndjson')
    const lines = [...generateRequests(3000, { seed: 18, communities: 20 })]
    writeFileSync(events, `${lines.map((l) => JSON.stringify({ ...JSON.parse(l), history: undefined })).join('\n')}\n`)
    const requests = join(dir, 'requests.ndjson')
    writeFileSync(requests, `${lines.join('\n')}\n`)
    const want = await run(requests, { format: 'json', threads: '1' })
    expect(want.code).toBe(1)
    for (const threads of ['1', '2']) expect((await run(events, { format: 'json', threads, events: true })).stdout).toBe(want.stdout)
  }, 120_000)

  it('JSON: one row a line, then the summary; every row a change of the cap', async () => {
    const r = await run(year, { format: 'json' })
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; transition?: string; line?: number })
    const summary = lines.pop() as { type: string; changed: number }
    expect(summary.type).toBe('summary')
    expect(lines.length).toBe(summary.changed)
    expect(new Set(lines.map((l) => l.transition))).toEqual(new Set(['refusable → permitted']))
  }, 60_000)

  it('CSV starts with a byte-order mark and guards a cell a spreadsheet would read as a formula; HTML is escaped', async () => {
    const f = join(dir, 'hostile.ndjson')
    const line = (community: string, department: string, n: number) =>
      JSON.stringify({ kind: 'inspection', date: '2026-03-20', requester: { level: 'street', department }, community: { id: community }, inspection: { target: 'community' }, history: Array.from({ length: n }, () => ({ kind: 'inspection', date: '2026-03-02', requester: { level: 'street' } })) })
    writeFileSync(f, [line('=HYPERLINK("x")', '街道\u001b[31m', 3), line('<script>alert(1)</script>', '<b>', 3), line('c', 'd', 0)].join('\n'))
    const csv = await run(f, { format: 'csv', lang: 'en' })
    expect(csv.code).toBe(1)
    expect(csv.stdout.startsWith('\uFEFFtype,line,id,community')).toBe(true)
    expect(csv.stdout).toContain(`"'=HYPERLINK(""x"")"`)
    expect(csv.stdout).not.toContain('\u001b')
    expect(csv.stderr).toContain('decisions changed 2')
    const html = await run(f, { format: 'html' })
    expect(html.stdout.startsWith('<!doctype html>')).toBe(true)
    expect(html.stdout).not.toContain('<script>')
    expect(html.stdout).toContain('&lt;script&gt;')
    expect(html.stdout).toContain('有权拒绝 → 可以承接')
  })

  it('reports malformed lines with their numbers; exit 0 without change, 2 on a bad pack or option, and nothing on stdout then', async () => {
    const f = join(dir, 'bad.ndjson')
    writeFileSync(f, '{"kind":"meeting"\n\n[]\n')
    const r = await run(f, { lang: 'en' })
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/^1 +malformed, skipped/m)
    expect(r.stdout).toMatch(/^3 +malformed, skipped/m)
    expect(r.stdout).toContain('read 2 lines (and 1 blank), skipped 2')
    const same = await capture(() => impactCommand(year, { before: 'cn-shandong', after: 'cn-shandong', format: 'json' }))
    expect(same.code).toBe(0)
    for (const o of [{ after: join(dir, 'nowhere') }, { threads: '0' }, { format: 'xml' }]) {
      const x = await run(year, o)
      expect(x.code).toBe(2)
      expect(x.stdout).toBe('')
    }
    const missing = await run(join(dir, 'missing.ndjson'), {})
    expect(missing.code).toBe(2)
    expect(missing.stdout).toBe('')
  }, 60_000)
})

describe('zhunru diff', () => {

  it('lists the changed cap with its lines, and --witness gives a request the two packs decide differently', async () => {
    const after = capPack(4)
    const r = await capture(() => diffCommand('cn-shandong', after, { witness: true, format: 'json' }))
    expect(r.code).toBe(1)
    const d = JSON.parse(r.stdout) as { changes: { kind: string; id: string; fields: { field: string; before: unknown; after: unknown; beforeLine?: number; afterLine?: number }[]; witness?: { found: boolean; request: unknown } }[] }
    const cap = d.changes.find((c) => c.kind === 'cap' && c.id === 'street-inspections')
    const max = cap?.fields.find((f) => f.field === 'max')
    expect(max).toMatchObject({ before: 3, after: 4 })
    // the line of `max:` in the bundled pack, found in its text
    const { readFileSync } = await import('node:fs')
    const text = readFileSync(new URL('../rules/cn-shandong/pack.yaml', import.meta.url), 'utf8').split('\n')
    expect(text[(max?.beforeLine as number) - 1]).toMatch(/^\s+max: 3$/)
    expect(readFileSync(join(after, 'pack.yaml'), 'utf8').split('\n')[(max?.afterLine as number) - 1]).toMatch(/^\s+max: 4$/)
    expect(cap?.witness?.found).toBe(true)
    // checked here again: the witness is decided differently under the two packs
    const { loadPolicy, evaluate } = await import('../src/node/index')
    const E = await import('fp-ts/lib/Either.js')
    const a = loadPolicy('cn-shandong')
    const b = loadPolicy(after)
    if (E.isLeft(a) || E.isLeft(b)) throw new Error('packs')
    const x = evaluate(a.right, cap?.witness?.request)
    const y = evaluate(b.right, cap?.witness?.request)
    if (E.isLeft(x) || E.isLeft(y)) throw new Error('witness not decidable')
    expect(x.right.outcome).not.toBe(y.right.outcome)
    const text2 = await capture(() => diffCommand('cn-shandong', after, { witness: true, lang: 'en' }))
    expect(text2.stdout).toMatch(/changed street-inspections +\(rules\/cn-shandong\/pack\.yaml:\d+ → .*pack\.yaml:\d+\)/)
    expect(text2.stdout).toMatch(/max: 3 → 4/)
  }, 60_000)

  it('exits 0 on the same pack, 2 on a pack that cannot be read', async () => {
    expect((await capture(() => diffCommand('cn-shandong', 'cn-shandong', {}))).code).toBe(0)
    const bad = await capture(() => diffCommand('cn-shandong', 'no-such-pack', {}))
    expect(bad.code).toBe(2)
    expect(bad.stdout).toBe('')
  })
})

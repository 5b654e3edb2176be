import * as E from 'fp-ts/lib/Either.js'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { evaluate, evaluateAsync, formatIssues, type CompiledPolicy } from '../src/node/index'
import { findCaseFiles, loadPolicy, readDataFile } from '../src/node/load'
import { decodeCaseFile, runCases, type Case } from '../src/testing/cases'
import { checkQuotes } from '../src/compile/check-quotes'
import { textsOf } from '../src/compile/citation'

// Every shipped pack: it loads, every case passes, both evaluation paths agree on every case,
// every rule is exercised by a case, and every quoted clause is in its source file verbatim.

const SOURCES = 'sources'
const packs = existsSync('rules') ? readdirSync('rules').filter((d) => existsSync(join('rules', d, 'pack.yaml'))).sort() : []

const casesOf = (dir: string): Case[] =>
  findCaseFiles([dir]).flatMap((f) => {
    const v = readDataFile(f)
    if (E.isLeft(v)) throw new Error(formatIssues(v.left, 'en'))
    const cf = decodeCaseFile(v.right)
    if (E.isLeft(cf)) throw new Error(`${f}: ${formatIssues(cf.left, 'en')}`)
    return cf.right.cases
  })

describe.each(packs)('pack %s', (id) => {
  const dir = join('rules', id)
  const loaded = loadPolicy(dir)
  const policy = (): CompiledPolicy => {
    if (E.isLeft(loaded)) throw new Error(formatIssues(loaded.left, 'en'))
    return loaded.right
  }
  const cases = casesOf(dir)

  it('loads and resolves', () => {
    expect(E.isLeft(loaded) ? formatIssues(loaded.left, 'en') : 'ok').toBe('ok')
  })
  it('has cases, and every case passes', () => {
    expect(cases.length).toBeGreaterThan(0)
    const failed = runCases(policy(), cases).filter((r) => !r.pass)
    expect(failed.map((r) => `${r.name}: ${JSON.stringify(r.diffs)}`)).toEqual([])
  })
  it('the compiled path and json-rules-engine decide every case alike', async () => {
    for (const c of cases) {
      const sync = evaluate(policy(), c.request)
      const slow = await evaluateAsync(policy(), c.request)
      const summary = (r: typeof sync) =>
        E.isLeft(r) ? r.left.map((i) => i.code) : { outcome: r.right.outcome, fired: r.right.fired.map((f) => f.id) }
      expect(summary(slow), c.name).toEqual(summary(sync))
    }
  })
  it('every rule of the pack is exercised by a case', () => {
    const own = policy().rules.filter((r) => r.ref.pack === policy().id)
    const hit = new Set<string>()
    for (const r of runCases(policy(), cases)) for (const f of r.decision?.fired ?? []) hit.add(f.id)
    expect(own.map((r) => r.ref.id).filter((rid) => !hit.has(rid))).toEqual([])
  })
  it('every quote is found verbatim in the text it names, in sources/ of this repository', () => {
    const read = (f: string): string | undefined => (existsSync(join(SOURCES, f)) ? readFileSync(join(SOURCES, f), 'utf8') : undefined)
    expect(checkQuotes(policy().resolved, read).map((i) => i.received)).toEqual([])
  })
  it('every citation states its provenance, and every text of a document is a file of the repository', () => {
    const p = policy()
    const bad: string[] = []
    const cites = [
      ...p.rules.map((r) => ({ at: r.ref.id, c: r.ref.citation })),
      ...[...p.capsById.values()].flatMap((c) => (c.citation ? [{ at: c.id, c: c.citation }] : [])),
    ]
    for (const { at, c } of cites) {
      if (!['official', 'secondary', 'reading'].includes(c.provenance)) bad.push(`${at}: no provenance`)
      if (c.provenance === 'reading' && (c.reading === undefined || /[「」“”『』]/.test(c.reading['zh-CN']))) bad.push(`${at}: a reading is the pack's own words, without quote marks`)
      if (c.provenance !== 'reading' && (c.textInfo === undefined || (c.textInfo.url === undefined && c.textInfo.publishedIn === undefined))) bad.push(`${at}: a quote says where its text was published`)
      if (c.document.title === c.source) bad.push(`${at}: the document has no title`)
    }
    for (const d of p.resolved.documents.values())
      for (const t of textsOf(d)) if (t.file === undefined || !existsSync(join(SOURCES, t.file))) bad.push(`${d.id}: text ${t.id} has no file in sources/ (${String(t.file)})`)
    expect(bad).toEqual([])
  })
})

describe('the shipped packs', () => {
  it('include the Shandong pack', () => {
    expect(packs).toContain('cn-shandong')
  })
})

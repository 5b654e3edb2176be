import * as E from 'fp-ts/lib/Either.js'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { evaluate, evaluateAsync, formatIssues, type CompiledPolicy } from '../src/node/index'
import { findCaseFiles, loadPolicy, readDataFile } from '../src/node/load'
import { decodeCaseFile, runCases, type Case } from '../src/testing/cases'

// Every shipped pack: it loads, every case passes, both evaluation paths agree on every case,
// every rule is exercised by a case, and every quoted clause is in its source file verbatim.

const SOURCES = join('..', 'shared', 'sources')
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
  it('every citation quotes its source verbatim and names a known document', () => {
    const p = policy()
    const bad: string[] = []
    const cites = [
      ...p.resolved.rules.map((r) => ({ at: r.rule.id, c: r.rule.citation })),
      ...[...p.resolved.caps.values()].flatMap((c) => (c.value.citation ? [{ at: c.id, c: c.value.citation }] : [])),
      ...[...p.resolved.lists.values()].flatMap((l) => (l.def.citation ? [{ at: l.id, c: l.def.citation }] : [])),
      ...[...p.resolved.params.values()].flatMap((x) => (x.value.citation ? [{ at: x.id, c: x.value.citation }] : [])),
    ]
    for (const { at, c } of cites) {
      const doc = p.resolved.documents.get(c.source)
      if (doc === undefined) bad.push(`${at}: unknown document ${c.source}`)
      else if (doc.kind !== 'national') {
        const file = join(SOURCES, c.source)
        if (!existsSync(file)) bad.push(`${at}: no source file ${c.source}`)
        else if (!readFileSync(file, 'utf8').includes(c.quote)) bad.push(`${at}: quote not found verbatim in ${c.source}: ${c.quote}`)
      } else if (c.quote.trim() === '') bad.push(`${at}: empty quote`)
    }
    expect(bad).toEqual([])
  })
})

describe('the shipped packs', () => {
  it('include the Shandong pack', () => {
    expect(packs).toContain('cn-shandong')
  })
})

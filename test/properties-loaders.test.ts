import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ISSUE_CODES, runCases, type Issue } from '../src/node/index'
import { findCaseFiles, loadPolicy, packChainSources, readDataFile, scanPacks } from '../src/node/load'
import { decodeCaseFile } from '../src/testing/cases'
import { jsonArb } from './hostile-inputs'

// The CLI's file loaders (src/node/load.ts) and the case runner, on temporary folders full of
// garbage: every call returns issues or a value, never throws.

const CODES = new Set<string>(ISSUE_CODES)
const isIssues = (xs: readonly Issue[]): boolean => xs.length > 0 && xs.every((i) => CODES.has(i.code) && typeof i.path === 'string')
const root = mkdtempSync(join(tmpdir(), 'zhunru-loaders-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
const mini = readFileSync('test/fixtures/mini/pack.yaml', 'utf8')

/** File contents a careless or hostile author might leave in a pack folder. */
const contentArb: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.uint8Array({ maxLength: 200 }),
  jsonArb.map((v) => JSON.stringify(v) ?? 'null'),
  fc.tuple(fc.integer({ min: 0, max: 40 }), fc.string({ maxLength: 20 })).map(([at, junk]) => {
    const lines = mini.split('\n')
    return [...lines.slice(0, at), junk, ...lines.slice(at)].join('\n')
  }),
  fc.constantFrom('', '\uFEFF', 'id: a\nextends: a\n', 'id: a\nextends: b\n', '{"id": 1}', '---\n---\n', 'a: *unknown', '\u0000\u0001'),
)

let n = 0
const freshDir = (): string => {
  const d = join(root, `case-${n++}`)
  mkdirSync(d, { recursive: true })
  return d
}

describe('file loaders on garbage', () => {
  it('readDataFile: a value or issues, for any bytes and any name', () => {
    fc.assert(
      fc.property(contentArb, fc.constantFrom('x.yaml', 'x.yml', 'x.json', 'x.txt', 'x'), (content, name) => {
        const file = join(freshDir(), name)
        writeFileSync(file, content)
        const r = readDataFile(file)
        if (E.isLeft(r)) expect(isIssues(r.left)).toBe(true)
      }),
      { numRuns: 200, seed: 650 },
    )
    for (const missing of ['', join(root, 'nope.yaml'), root, 'a\u0000b']) {
      const r = readDataFile(missing)
      expect(E.isLeft(r) && isIssues(r.left)).toBe(true)
    }
  })

  it('loadPolicy, packChainSources, scanPacks, findCaseFiles: issues, never a throw', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            folder: fc.constantFrom('a', 'b', 'c', 'cases', 'node_modules'),
            name: fc.constantFrom('pack.yaml', 'pack.json', 'pack.yml', 'x.cases.yaml', 'cases.json', 'other.yaml'),
            content: contentArb,
          }),
          { minLength: 1, maxLength: 6 },
        ),
        (files) => {
          const dir = freshDir()
          for (const f of files) {
            mkdirSync(join(dir, f.folder), { recursive: true })
            writeFileSync(join(dir, f.folder, f.name), f.content)
          }
          for (const target of [join(dir, 'a'), 'a', 'b', join(dir, 'a', 'pack.yaml'), join(dir, 'missing')]) {
            const r = loadPolicy(target, { searchDirs: [dir] })
            if (E.isLeft(r)) expect(isIssues(r.left)).toBe(true)
            const c = packChainSources(target, [dir])
            if (E.isLeft(c)) expect(isIssues(c.left)).toBe(true)
          }
          expect(scanPacks(dir)).toBeInstanceOf(Map)
          for (const file of findCaseFiles([dir])) {
            const v = readDataFile(file)
            if (E.isLeft(v)) continue
            const cf = decodeCaseFile(v.right)
            if (E.isLeft(cf)) expect(isIssues(cf.left)).toBe(true)
          }
        },
      ),
      { numRuns: 60, seed: 651 },
    )
  })

  it('a pack folder that is a folder, not a file, and cycles of extends: issues', () => {
    const dir = freshDir()
    mkdirSync(join(dir, 'a'))
    writeFileSync(join(dir, 'a', 'pack.yaml'), 'id: a\nextends: b\n')
    mkdirSync(join(dir, 'b'))
    writeFileSync(join(dir, 'b', 'pack.yaml'), 'id: b\nextends: a\n')
    mkdirSync(join(dir, 'c', 'pack.yaml'), { recursive: true })
    for (const t of [join(dir, 'a'), join(dir, 'c')]) {
      const r = loadPolicy(t, { searchDirs: [dir] })
      expect(E.isLeft(r) && isIssues(r.left)).toBe(true)
    }
  })

  it('the case runner: any case file value decodes to cases or issues, and runs', () => {
    const policy = loadPolicy('rules/cn-shandong')
    if (E.isLeft(policy)) throw new Error('cn-shandong must load')
    fc.assert(
      fc.property(
        fc.oneof(
          jsonArb,
          fc.record({ pack: fc.string(), cases: fc.array(fc.record({ name: fc.string(), request: jsonArb, expect: fc.record({ outcome: fc.constantFrom('required', 'forbidden'), issues: fc.array(fc.constantFrom(...ISSUE_CODES)) }, { requiredKeys: [] }) }), { maxLength: 3 }) }),
        ),
        (u) => {
          const cf = decodeCaseFile(u)
          if (E.isLeft(cf)) expect(isIssues(cf.left)).toBe(true)
          else for (const r of runCases(policy.right, cf.right.cases)) expect(typeof r.pass).toBe('boolean')
        },
      ),
      { numRuns: 300, seed: 652 },
    )
  })
})

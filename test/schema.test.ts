import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import Ajv2020 from 'ajv/dist/2020.js'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { parseText } from '../src/decode/parse-text'
import { findCaseFiles, scanPacks } from '../src/node/load'
import { casesSchema, packSchema } from '../src/schema/pack-schemas'

const root = join(import.meta.dirname, '..')
const right = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(JSON.stringify(e.left))
  return e.right
}
const read = (file: string): unknown => right(parseText(readFileSync(file, 'utf8'), { file })).value
const ajv = new Ajv2020({ allErrors: true, strict: false })
const pack = ajv.compile(right(packSchema()))
const cases = ajv.compile(right(casesSchema()))

describe('JSON Schemas generated from the codecs', () => {
  it('the committed files are what the codecs give', () => {
    for (const [name, s] of [['pack.schema.json', packSchema()], ['cases.schema.json', casesSchema()]] as const)
      expect(readFileSync(join(root, 'schemas', name), 'utf8')).toBe(`${JSON.stringify(right(s), null, 2)}\n`)
  })

  it('scripts/schemas.ts --check agrees (exit 0 when current)', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/schemas.ts', '--check'], { cwd: root, encoding: 'utf8' })
    expect({ code: r.status, err: r.stderr }).toEqual({ code: 0, err: '' })
  })

  it('validate every shipped pack', () => {
    const packs = [...scanPacks(join(root, 'rules')).values()]
    expect(packs.length).toBeGreaterThanOrEqual(6)
    for (const p of packs) {
      const ok = pack(read(p.file as string))
      expect({ file: p.file, errors: ok ? [] : pack.errors }).toEqual({ file: p.file, errors: [] })
    }
  })

  it('validate every shipped case file', () => {
    const files = findCaseFiles([join(root, 'rules')])
    expect(files.length).toBeGreaterThan(10)
    for (const f of files) {
      const ok = cases(read(f))
      expect({ f, errors: ok ? [] : cases.errors }).toEqual({ f, errors: [] })
    }
  })

  it("reject a pack fixture's bad fields, each at its place", () => {
    expect(pack(read(join(root, 'test/fixtures/lint/bad-fields.pack.yaml')))).toBe(false)
    const at = new Set((pack.errors ?? []).map((e) => `${e.instancePath} ${e.keyword} ${JSON.stringify(e.params)}`))
    const has = (s: string): boolean => [...at].some((a) => a.startsWith(s))
    expect(has('/jurisdiction/level enum')).toBe(true)
    expect(has('/rules/0/outcome enum')).toBe(true)
    expect(has('/rules/0/priority type')).toBe(true)
    expect(has('/rules/0 additionalProperties {"additionalProperty":"colour"}')).toBe(true)
    expect(has('/rules/0/citation additionalProperties {"additionalProperty":"page"}')).toBe(true)
    expect(has('/rules/0/conditions additionalProperties {"additionalProperty":"every"}')).toBe(true)
  })

  it("reject a case file fixture's bad fields", () => {
    expect(cases(read(join(root, 'test/fixtures/lint/bad-fields.case-file.yaml')))).toBe(false)
    const at = (cases.errors ?? []).map((e) => `${e.instancePath} ${e.keyword} ${JSON.stringify(e.params)}`)
    expect(at).toContain('/cases/0 additionalProperties {"additionalProperty":"expected"}')
    expect(at).toContain('/cases/0/expect additionalProperties {"additionalProperty":"decided"}')
    expect(at.some((a) => a.startsWith('/cases/0/expect/outcome enum'))).toBe(true)
  })

  it('the request schema accepts every well-formed request of the shipped cases', () => {
    const request = ajv.compile({ ...right(casesSchema()), $ref: '#/$defs/Request' })
    let n = 0
    for (const f of findCaseFiles([join(root, 'rules')]))
      for (const c of (read(f) as { cases: { name: string; request: unknown; expect: { issues?: unknown } }[] }).cases) {
        if (c.expect.issues !== undefined) continue
        n += 1
        expect({ f, name: c.name, errors: request(c.request) ? [] : request.errors }).toEqual({ f, name: c.name, errors: [] })
      }
    expect(n).toBeGreaterThan(100)
  })

  it("check the request inside a case, without refusing a malformed request in a case that expects issues", () => {
    const s = right(casesSchema()) as { $defs: Record<string, { properties?: Record<string, unknown>; else?: unknown }> }
    expect(s.$defs.Case?.else).toMatchObject({ properties: { request: { $ref: '#/$defs/Request' } } })
    expect(cases({ pack: 'p', cases: [{ name: 'n', request: { kind: 'nonsense', extra: 1 }, expect: { outcome: 'required' } }] })).toBe(false)
    expect(cases({ pack: 'p', cases: [{ name: 'n', request: { kind: 'task', date: '2026-03-02', requester: { level: 'district' } }, expect: { outcome: 'required' } }] })).toBe(true)
    expect(Object.keys(s.$defs.Request?.properties ?? {})).toEqual(expect.arrayContaining(['kind', 'date', 'requester', 'history']))
    expect(cases({ pack: 'p', cases: [{ name: 'n', request: { kind: 'nonsense', extra: 1 }, expect: { issues: ['request/invalid'] } }] })).toBe(true)
  })

  it('accept a minimal pack and refuse one without rules', () => {
    const minimal = { id: 'p', title: { 'zh-CN': '包', en: 'p' }, jurisdiction: { level: 'city', name: { 'zh-CN': '市', en: 'c' } }, documents: [], rules: [] }
    expect(pack(minimal)).toBe(true)
    const { rules: _r, ...noRules } = minimal
    expect(pack(noRules)).toBe(false)
  })
})

import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { schemaCheckCommand, schemaCheckFile } from '../src/cli/schema-check'
import { run } from './_capture'

const root = join(import.meta.dirname, '..')
const HAN = /[\u4e00-\u9fff]/

/** Every property of a schema, anywhere in it (definitions, inline objects, branches), with its place. */
const properties = (schema: unknown): { at: string; prop: Record<string, unknown> }[] => {
  const out: { at: string; prop: Record<string, unknown> }[] = []
  const visit = (node: unknown, at: string): void => {
    if (Array.isArray(node)) return node.forEach((n, i) => visit(n, `${at}/${i}`))
    if (node === null || typeof node !== 'object') return
    for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
      if (k === 'properties' && v !== null && typeof v === 'object')
        for (const [name, p] of Object.entries(v as Record<string, unknown>)) {
          out.push({ at: `${at}/properties/${name}`, prop: p as Record<string, unknown> })
          visit(p, `${at}/properties/${name}`)
        }
      else visit(v, `${at}/${k}`)
    }
  }
  visit(schema, '#')
  return out
}

describe.each(['pack.schema.json', 'cases.schema.json'])('schemas/%s explains every field', (name) => {
  const schema = JSON.parse(readFileSync(join(root, 'schemas', name), 'utf8')) as unknown
  const props = properties(schema)
  it('has properties to explain', () => expect(props.length).toBeGreaterThan(100))
  it('every property has a description in Chinese, then in English', () => {
    const lacking = props.filter(({ prop }) => {
      const d = prop.description
      if (typeof d !== 'string') return true
      const [zh, en] = d.split('\n\n')
      return zh === undefined || en === undefined || !HAN.test(zh) || !/[a-z]{3,}/.test(en)
    })
    expect(lacking.map((p) => p.at)).toEqual([])
  })
})

describe('the case-file schema checks the request too', () => {
  const schema = JSON.parse(readFileSync(join(root, 'schemas/cases.schema.json'), 'utf8')) as { $defs: Record<string, { properties: Record<string, unknown>; else?: unknown }> }
  it('refers a case request to the Request definition unless the case expects issues', () => {
    expect(schema.$defs.Case?.else).toEqual({ properties: { request: { description: expect.stringMatching(HAN), $ref: '#/$defs/Request' } } })
  })
})

describe('zhunru schema-check (the documented command)', () => {
  const guide = 'test/fixtures/lint/guide'
  it('passes the guide pack and its case file, exit 0', () => {
    const r = run(() => schemaCheckCommand([join(root, guide, 'pack.yaml'), join(root, guide, 'cases/guide.yaml')], {}))
    expect(r.code).toBe(0)
    expect(r.out).toContain('检查了 2 个文件，均符合 JSON Schema')
  })
  it('names a misspelt request field of a case, with its line and the nearest name, exit 1', () => {
    const r = run(() => schemaCheckCommand([join(root, 'test/fixtures/schema/typo.cases.yaml')], {}))
    expect(r.code).toBe(1)
    expect(r.out).toMatch(/typo\.cases\.yaml:9:9 \/cases\/0\/request\/plaque\/placment \[schema\/unknown-field\] 未知字段 "placment"/)
    expect(r.out).toContain('是否应为 placement？')
    expect(r.out).toContain('发现 2 个问题') // placement missing, placment unknown
  })
  it('marks a misspelt outcome of a pack, in English with --lang en', () => {
    const r = run(() => schemaCheckCommand([join(root, 'test/fixtures/schema/bad-outcome.pack.yaml')], { lang: 'en' }))
    expect(r.code).toBe(1)
    expect(r.out).toMatch(/bad-outcome\.pack\.yaml:\d+:\d+ \/rules\/0\/outcome \[schema\/invalid\] expected required \| permitted \| refusable \| forbidden, found "forbiden"|\/rules\/0\/outcome \[schema\/invalid\] expected .*forbidden.*found "forbiden"/)
    expect(r.out).toContain('did you mean forbidden?')
  })
  it('leaves a request open in a case that expects issues', () => {
    expect(schemaCheckFile(join(root, 'test/fixtures/schema/expects-issues.cases.yaml')).issues).toEqual([])
  })
  it('passes every shipped pack and case file', () => {
    const files = readdirSync(join(root, 'rules')).flatMap((d) => {
      const dir = join(root, 'rules', d)
      let cases: string[] = []
      try {
        cases = readdirSync(join(dir, 'cases')).map((f) => join(dir, 'cases', f))
      } catch {
        cases = []
      }
      return existsSync(join(dir, 'pack.yaml')) ? [join(dir, 'pack.yaml'), ...cases] : cases
    })
    const bad = files.flatMap((f) => schemaCheckFile(f).issues)
    expect(bad).toEqual([])
  })
  it('a missing file is bad input (exit 2), nothing on stdout', () => {
    const r = run(() => schemaCheckCommand([join(root, 'no/such/file.yaml')], {}))
    expect(r.code).toBe(2)
    expect(r.out).toBe('')
    expect(r.err).toContain('[load/not-found]')
  })
})

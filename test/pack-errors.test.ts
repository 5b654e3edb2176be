import * as E from 'fp-ts/lib/Either.js'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { compile, formatIssue } from '../src/node/index'

const mini = readFileSync('test/fixtures/mini/pack.yaml', 'utf8')

describe('a bad pack reports every problem at once, with its place', () => {
  it('reports five seeded mistakes, each with code, pointer and line:column', () => {
    const bad = mini
      .replace('outcome: required', 'outcome: requird') // 1: bad outcome
      .replace('    max: 3', '    max: 3\n    maxx: 4') // 2: unknown field
      .replace('{ fact: requester, path: $.level', '{ fact: requestr, path: $.level') // 3: unknown fact
      .replace('source: src.txt, article: 六', 'source: nope.txt, article: 六') // 4: unknown document
      .replace('operator: notInList, value: certs', 'operator: notInList, value: certz') // 5: unknown list
    const r = compile({ text: bad, file: 'bad.yaml' })
    expect(E.isLeft(r)).toBe(true)
    if (E.isRight(r)) return
    const got = r.left.map((i) => `${i.code} ${i.path} ${i.line}:${i.column}`)
    expect(got).toEqual([
      'compile/unknown-fact /caps/street_inspections/match/all/1/fact 11:75',
      'schema/unknown-field /caps/street_inspections/maxx 14:5',
      'schema/invalid /rules/1/outcome 23:5',
      'compile/unknown-list /rules/2/conditions/all/1/value 31:135',
      'compile/unknown-document /rules/3/citation/source 38:17',
    ])
    for (const i of r.left) {
      expect(i.file).toBe('bad.yaml')
      expect(formatIssue(i, 'zh-CN')).toMatch(/^bad\.yaml:\d+:\d+ /)
      expect(formatIssue(i, 'en')).toMatch(/^bad\.yaml:\d+:\d+ /)
    }
  })

  it('places a YAML syntax error at its line and column', () => {
    const r = compile({ text: 'id: x\nrules: [\n  - a: b\n', file: 'broken.yaml' })
    expect(E.isLeft(r) && r.left[0]?.code).toBe('yaml/syntax')
    if (E.isLeft(r)) expect(r.left[0]?.line).toBeGreaterThan(0)
  })

  it('reports a duplicate key with its place', () => {
    const r = compile({ text: mini.replace('id: demo', 'id: demo\nid: again'), file: 'dup.yaml' })
    expect(E.isLeft(r) && r.left.map((i) => `${i.code} ${i.line}`)).toEqual(['yaml/duplicate-key 3'])
  })

  it('reports missing fields of a rule with what was expected', () => {
    const r = compile({ id: 'p', title: { 'zh-CN': 'p', en: 'p' }, jurisdiction: { level: 'city', name: { 'zh-CN': 'p', en: 'p' } }, documents: [], rules: [{ id: 'r' }] })
    expect(E.isLeft(r)).toBe(true)
    if (E.isLeft(r)) {
      const paths = r.left.map((i) => `${i.code} ${i.path}`)
      expect(paths).toEqual(
        expect.arrayContaining(['schema/missing /rules/0/outcome', 'schema/missing /rules/0/citation', 'schema/missing /rules/0/message', 'schema/missing /rules/0/conditions']),
      )
    }
  })

  it('requires a catch-all rule in force', () => {
    const noCatchAll = mini.replace('conditions: { all: [] }', 'conditions: { all: [ { fact: kind, operator: equal, value: task } ] }')
    const r = compile({ text: noCatchAll, file: 'x.yaml' })
    expect(E.isLeft(r) && r.left.map((i) => i.code)).toEqual(['compile/no-catch-all'])
  })

  it('rejects a JSONPath filter in a path as not plain', () => {
    const r = compile({ text: mini.replace('path: $.kind', "path: '$..[?(@.constructor)]'"), file: 'x.yaml' })
    expect(E.isLeft(r) && r.left.map((i) => i.code)).toEqual(['compile/bad-path'])
  })

  it('never throws on garbage packs', () => {
    for (const g of [null, 1, 'x: [', [], [1, 2], { id: 3 }, { rules: 'no' }, { text: 5 }])
      expect(E.isLeft(compile(g as never))).toBe(true)
  })
})

/**
 * D12: the YAML nesting limit holds for every way YAML can nest, checked on the parser's own
 * structure (the yaml package's CST) before the composer recurses: compile/limit (maxNesting) with
 * a line, never "Maximum call stack size exceeded".
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { compile, parseText } from '../../src/node/index'
import { miniText } from './_helpers'

const CASES: [string, string][] = [
  ['block sequences on one line (- - - …)', `${'- '.repeat(5_000)}x\n`],
  ['complex keys (? ? ? …)', `${'? '.repeat(20_000)}x\n`],
  ['flow collections after an apostrophe in a plain scalar', `en: it's\nx: ${'['.repeat(50_000)}\n`],
  ['flow maps', `${'{a: '.repeat(30_000)}\n`],
  ['indentation', Array.from({ length: 500 }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n') + ' x\n'],
  ['mixed block and flow', `${'- '.repeat(300)}${'['.repeat(300)}\n`],
]

describe('D12 nesting is compile/limit whatever the syntax', () => {
  for (const [name, text] of CASES)
    it(name, () => {
      const r = parseText(text, { file: 'p.yaml' })
      expect(E.isLeft(r) ? r.left.map((i) => [i.code, i.params?.limit, i.file, typeof i.line]) : r).toEqual([['compile/limit', 'maxNesting', 'p.yaml', 'number']])
      expect(JSON.stringify(r)).not.toContain('call stack')
    })
  it('the shipped packs and deep-but-allowed YAML still parse', () => {
    expect(E.isRight(compile({ text: miniText }, { parse: (t, o) => parseText(t, o) }))).toBe(true)
    expect(E.isRight(parseText(`${'- '.repeat(300)}x\n`))).toBe(true)
    expect(E.isRight(parseText(`${'['.repeat(399)}${']'.repeat(399)}\n`))).toBe(true)
    // brackets and quotes inside scalars are not nesting
    expect(E.isRight(parseText(`a: "${'['.repeat(1000)}"\nb: '${'{'.repeat(1000)}'\nc: x${'['.repeat(1000)}\n`))).toBe(true)
  })
})

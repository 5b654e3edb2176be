/**
 * D8: message placeholders and every map keyed by data are prototype-free: a request value
 * `constructor`, `__proto__`, `toString` or `valueOf` renders as itself.
 */
import { describe, expect, it } from 'vitest'
import { compile, evaluate, explain, formatIssue } from '../../src/node/index'
import { miniText, right } from './_helpers'

const pack = miniText.replace('{ zh-CN: 超出公章使用范围, en: outside the seal\'s scope }', '{ zh-CN: "「{certificate.kind}」超出公章使用范围", en: "\\"{certificate.kind}\\" is outside the seal\'s scope" }')

describe('D8 placeholders and data-keyed maps are prototype-free', () => {
  const policy = right(compile({ text: pack, file: 'p.yaml' }))
  for (const word of ['constructor', 'toString', '__proto__', 'valueOf', 'hasOwnProperty'])
    it(`certificate.kind ${word} renders as itself`, () => {
      const d = right(evaluate(policy, { kind: 'certificate', date: '2026-03-01', requester: { level: 'street' }, certificate: { kind: word } }))
      expect(d.decidedBy.id).toBe('cert-no')
      for (const locale of ['zh-CN', 'en'] as const) {
        const x = right(explain(d, { locale }))
        const text = JSON.stringify(x)
        expect(text).toContain(word)
        expect(text).not.toContain('[native code]')
        expect(text).not.toContain('[object Object]')
      }
    })

  it('an issue whose params hold prototype names formats them as given', () => {
    const t = formatIssue({ code: 'compile/limit', path: '', params: JSON.parse('{"limit":"constructor"}') }, 'en')
    expect(t).toContain('constructor')
    expect(t).not.toContain('[native code]')
  })
})

/**
 * D8: message placeholders and every map keyed by data are prototype-free: a request value
 * `constructor`, `__proto__`, `toString` or `valueOf` renders as itself, and an issue's message
 * reads only its params' own members (src/issues/format.ts).
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

  it('issue params: an own value that is a prototype name shows as itself; an inherited one (a __proto__ key, Object.prototype) is never read', () => {
    const own = formatIssue({ code: 'compile/limit', path: '', params: JSON.parse('{"limit":"constructor"}') }, 'en')
    expect(own).toContain('the pack exceeds the limit constructor')
    expect(own).not.toContain('[native code]')
    // params copied with Object.assign from parsed JSON: its "__proto__" key becomes the prototype,
    // and `limit` (not an own member) would be read through it
    const copied = Object.assign({}, JSON.parse('{"__proto__":{"limit":"toString","operator":"valueOf"}}') as object) as Record<string, string>
    expect(Object.prototype.hasOwnProperty.call(copied, 'limit')).toBe(false)
    for (const locale of ['en', 'zh-CN'] as const) {
      const limit = formatIssue({ code: 'compile/limit', path: '', params: copied }, locale)
      const operator = formatIssue({ code: 'compile/bad-value', path: '', params: copied }, locale)
      expect(limit).toContain('{limit}')
      expect(operator).toContain('{operator}')
      for (const t of [limit, operator]) for (const word of ['toString', 'valueOf']) expect(t).not.toContain(word)
    }
    // other code in the process sets Object.prototype.limit (prototype pollution): an issue
    // without that param still shows the placeholder, not the polluted value
    Object.defineProperty(Object.prototype, 'limit', { value: 'hasOwnProperty', configurable: true, writable: true })
    try {
      const t = formatIssue({ code: 'compile/limit', path: '', params: {} }, 'en')
      expect(t).toContain('{limit}')
      expect(t).not.toContain('hasOwnProperty')
    } finally {
      delete (Object.prototype as Record<string, unknown>).limit
    }
  })
})

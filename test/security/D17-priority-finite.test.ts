/**
 * D17: a rule's priority must be a finite number: .nan, .inf and -.inf are a compile issue with
 * file and line. -0 is accepted and is the same priority as 0.
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { compile } from '../../src/node/index'
import { miniText, right } from './_helpers'

describe('D17 priority is a finite number', () => {
  for (const bad of ['.nan', '.inf', '-.inf', '.NaN', '1e309'])
    it(`priority: ${bad} is compile/bad-value at /rules/1/priority with file and line`, () => {
      const text = miniText.replace('    priority: 50\n', `    priority: ${bad}\n`)
      const r = compile({ text, file: 'p.yaml' })
      const i = E.isLeft(r) ? r.left.find((x) => x.path === '/rules/1/priority') : undefined
      expect(i).toMatchObject({ code: 'compile/bad-value', file: 'p.yaml' })
      expect(i?.line).toBeGreaterThan(0)
    })
  it('a pack value with NaN priority (no text) is refused too', () => {
    const text = miniText.replace('    priority: 50\n', '    priority: .nan\n')
    const r = compile({ text, file: 'p.yaml' })
    expect(E.isLeft(r)).toBe(true)
  })
  it('-0 is accepted as priority 0', () => {
    const p = right(compile({ text: miniText.replace('    priority: 50\n', '    priority: -0\n'), file: 'p.yaml' }))
    expect(Object.is(p.rules.find((r) => r.ref.id === 'cert-ok')?.ref.priority, 0)).toBe(true)
  })
})

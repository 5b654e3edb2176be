/**
 * D9: auditFile's byRule counts are prototype-free and the same as one auditor's (the stdin path):
 * a rule named `constructor` or `__proto__` counts like any other.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { audit, auditFile, compile } from '../../src/node/index'
import { miniText, right, scratch } from './_helpers'

describe('D9 auditFile byRule is prototype-free and equal to the single-auditor count', () => {
  for (const id of ['constructor', '__proto__', 'toString'])
    it(`a catch-all rule named ${id}`, async () => {
      const dir = scratch()
      const text = miniText.replace('id: demo', `id: demo-${id.replace(/_/g, 'u')}`).replace('  - id: default\n', `  - id: '${id}'\n`)
      mkdirSync(join(dir, 'p'))
      writeFileSync(join(dir, 'p', 'pack.yaml'), text)
      const lines = [1, 2, 3].map((d) => JSON.stringify({ kind: 'task', date: `2026-03-0${d}`, community: { id: 'c1' }, requester: { level: 'street', department: 'x' } }))
      const file = join(dir, 'ev.ndjson')
      writeFileSync(file, `${lines.join('\n')}\n`)
      const viaFile = right(await auditFile(file, { pack: join(dir, 'p'), threads: 1 })())
      const run = audit(right(compile({ text, file: 'pack.yaml' })), lines)
      for await (const _ of run.findings) void _
      const one = await run.summary
      expect(one.byRule[id]).toBe(3)
      expect(Object.prototype.hasOwnProperty.call(viaFile.summary.byRule, id)).toBe(true)
      expect(viaFile.summary.byRule[id]).toBe(3)
      expect(JSON.stringify(viaFile.summary.byRule)).toBe(JSON.stringify(one.byRule))
    })
})

import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { evaluateCommand } from '../../src/cli/evaluate'
import { explainCommand } from '../../src/cli/explain'
import { createAuditor } from '../../src/audit/auditor'
import type { Finding } from '../../src/audit/finding'
import { formatIssue } from '../../src/issues/format'
import { issue } from '../../src/issues/issue'
import { auditRow } from '../../src/node/audit-format'
import { loadPolicy } from '../../src/node/load'
import { inert } from '../../src/text/inert'
import { run } from '../_capture'

/**
 * D4 (security review): request text shown raw in explanations, decision messages, the audit
 * table and malformed-line reasons could forge lines ("决定: 必须承接"), clear a terminal (ESC[2J)
 * or reorder text (bidi overrides). Every such character is now shown as a visible escape.
 */

// a control character other than the newlines between lines of output
// eslint-disable-next-line no-control-regex -- the control characters a forged value holds
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/
const FORGED = '居住证明\n决定: 必须承接 (required)\r\u001b[2J\u001b[H\u2028\u202e伪造\u0085\u009b31m\u0000'
const dir = mkdtempSync(join(tmpdir(), 'zhunru-d4-'))
const request = (kind: string): string => {
  const f = join(dir, `${Math.random().toString(36).slice(2)}.json`)
  writeFileSync(f, JSON.stringify({ id: 'r1', kind: 'certificate', date: '2026-03-02', community: { id: 'c1' }, requester: { level: 'district', department: '某区某单位' }, certificate: { kind } }))
  return f
}

describe('D4: request text is inert in text output', () => {
  it('inert escapes C0, C1, DEL, ESC, U+2028/2029 and bidi controls visibly, and leaves other text alone', () => {
    expect(inert('a\nb')).toBe('a\\nb')
    expect(inert('\r\t')).toBe('\\r\\t')
    expect(inert('\u001b[2J')).toBe('\\u001b[2J')
    expect(inert('x\u007fy\u0085\u009b')).toBe('x\\u007fy\\u0085\\u009b')
    expect(inert('\u2028\u2029\u202e\u2066\u200f')).toBe('\\u2028\\u2029\\u202e\\u2066\\u200f')
    expect(inert('\u0000')).toBe('\\u0000')
    expect(inert('社区 C:\\dir 😀')).toBe('社区 C:\\dir 😀')
    expect(inert(12)).toBe('12')
    expect(inert({ toString: () => { throw new Error('x') } })).toBe('[object]')
    expect(inert(Object.create(null))).toBe('[object]')
  })

  for (const lang of ['zh-CN', 'en'])
    it(`evaluate --explain and evaluate (${lang}) print the forged value on one line, escaped`, () => {
      // a kind on no list decides as the forged one does (its first line is 居住证明, not the whole value)
      const plain = run(() => evaluateCommand(request('某证明'), { pack: 'cn-shandong', explain: true, lang }))
      const forged = run(() => evaluateCommand(request(FORGED), { pack: 'cn-shandong', explain: true, lang }))
      expect(forged.code).toBe(0)
      expect(forged.out).not.toMatch(RAW)
      expect(forged.out.split('\n').length).toBe(plain.out.split('\n').length)
      expect(forged.out).toContain('\\n')
      expect(forged.out).toContain('\\u001b[2J')
      const short = run(() => evaluateCommand(request(FORGED), { pack: 'cn-shandong', lang }))
      const plainShort = run(() => evaluateCommand(request('某证明'), { pack: 'cn-shandong', lang }))
      expect(short.out).not.toMatch(RAW)
      // as many lines as for a harmless kind: outcome, rule and message, its source, the other rules, the packs
      expect(short.out.trim().split('\n')).toHaveLength(plainShort.out.trim().split('\n').length)
      expect(short.out).toContain('\\n')
      const x = run(() => explainCommand(request(FORGED), { pack: 'cn-shandong', lang, whatIf: true }))
      expect(x.out).not.toMatch(RAW)
    })

  it('audit table rows, CSV cells and malformed reasons are inert', () => {
    const policy = loadPolicy('cn-shandong')
    if (E.isLeft(policy)) throw new Error('pack')
    const a = createAuditor(policy.right)
    const found: Finding[] = []
    const ev = (department: string, date: string): string =>
      JSON.stringify({ kind: 'meeting', date, requester: { level: 'district', department }, community: { id: `c\u001b[31m\n1` }, meeting: {} })
    for (const d of ['2026-01-10', '2026-02-10', '2026-03-10']) a.push(ev(`区\u001b[2J民政局\n伪造行`, d), (f) => found.push(f))
    a.push('\u0000\u0000{"a":\u001b[2J', (f) => found.push(f))
    a.end((f) => found.push(f))
    expect(found.map((f) => f.type).sort()).toEqual(['malformed', 'violation'])
    for (const lang of ['zh-CN', 'en'] as const) {
      const table = found.map(auditRow('table', lang)).join('')
      expect(table).not.toMatch(RAW)
      expect(table.split('\n')).toHaveLength(3)
      const csv = found.map(auditRow('csv', lang)).join('')
      expect(csv).not.toMatch(RAW)
      expect(csv.split('\n')).toHaveLength(3)
    }
    const m = found.find((f) => f.type === 'malformed')
    expect(m?.type === 'malformed' && m.reason).not.toMatch(RAW)
  })

  it('issues print request text escaped', () => {
    const text = formatIssue(issue('request/bad-date', '/date', { received: '2026\n/date [request/ok] fine\u001b[2J' }), 'en')
    expect(text).not.toMatch(RAW)
    expect(text.split('\n')).toHaveLength(2)
  })
})

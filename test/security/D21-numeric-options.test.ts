import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { auditCommand, type AuditCommandOptions } from '../../src/cli/audit'
import { testCommand } from '../../src/cli/test'
import { auditAll } from '../../src/audit/audit'
import { auditFile } from '../../src/node/audit-file'
import { loadPolicy } from '../../src/node/load'
import { run } from '../_capture'

/**
 * D21 (security review): `--reorder-days 9007199254740993` passed validation, wrote the output's
 * header, then failed as "cannot read ev.ndjson: Invalid time value". Every numeric option now
 * takes decimal digits only, in range, and is checked before anything is written.
 */

const meeting = (date: string): string => JSON.stringify({ kind: 'meeting', date, requester: { level: 'district', department: '区民政局' }, community: { id: 'A' }, meeting: {} })
const dir = mkdtempSync(join(tmpdir(), 'zhunru-d21-'))
const file = join(dir, 'ev.ndjson')
writeFileSync(file, ['2026-01-10', '2026-02-10', '2026-03-10'].map(meeting).join('\n'))

const audit = async (o: Partial<AuditCommandOptions>): Promise<{ code: number; stdout: string; stderr: string }> => {
  let stdout = ''
  let stderr = ''
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((stdout += String(s)), true))
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((stderr += String(s)), true))
  try {
    return { code: await auditCommand(file, { pack: 'cn-shandong', format: 'csv', ...o }), stdout, stderr }
  } finally {
    vi.restoreAllMocks()
  }
}

const NOT_NUMBERS = ['NaN', 'Infinity', '-Infinity', '-1', '1.5', '1e3', '', ' 7', '0x10', 'abc']

describe('D21: numeric options', () => {
  afterEach(() => vi.restoreAllMocks())

  it('--reorder-days: a huge value, NaN, infinities, fractions and other spellings exit 2 before any output', async () => {
    for (const v of ['9007199254740993', '36501', ...NOT_NUMBERS]) {
      const r = await audit({ reorderDays: v })
      expect(r.code, v).toBe(2)
      expect(r.stdout, v).toBe('')
      expect(r.stderr, v).toContain('--reorder-days')
    }
    expect((await audit({ reorderDays: '36500' })).code).toBe(1)
  })

  it('--threads and --max-line-bytes likewise', async () => {
    for (const v of ['0', '65', ...NOT_NUMBERS]) {
      const r = await audit({ threads: v })
      expect(r.code, v).toBe(2)
      expect(r.stdout, v).toBe('')
    }
    for (const v of ['0', '15', '1073741825', ...NOT_NUMBERS]) {
      const r = await audit({ maxLineBytes: v })
      expect(r.code, v).toBe(2)
      expect(r.stdout, v).toBe('')
    }
  })

  it('--min-coverage: a number from 0 to 100', () => {
    for (const v of ['NaN', 'Infinity', '101', '', '-1', '1e2', 'abc']) {
      const r = run(() => testCommand(['rules/cn-beijing'], { minCoverage: v }))
      expect(r.code, v).toBe(2)
      expect(r.out, v).toBe('')
    }
  })

  it('auditFile rejects such values, and the auditor never fails on them', async () => {
    for (const reorderDays of [1e20, Number.NaN, Infinity, -1, 1.5]) {
      const r = await auditFile(file, { pack: 'cn-shandong', reorderDays })()
      expect(E.isLeft(r), String(reorderDays)).toBe(true)
    }
    const policy = loadPolicy('cn-shandong')
    if (E.isLeft(policy)) throw new Error('pack')
    // the core auditor does not fail either: it judges nothing, and reports the option's issue as a malformed finding
    for (const reorderDays of [2 ** 53 + 2, Number.NaN, Infinity]) {
      const { summary, findings } = await auditAll(policy.right, ['2026-01-10', '2026-02-10', '2026-03-10'].map(meeting), { reorderDays })
      expect(summary, String(reorderDays)).toMatchObject({ judged: 0, violations: 0 })
      expect(findings.length > 0 && findings.every((f) => f.type === 'malformed' && f.issues[0]?.code === 'request/invalid'), String(reorderDays)).toBe(true)
    }
    const { summary } = await auditAll(policy.right, ['2026-01-10', '2026-02-10', '2026-03-10'].map(meeting), { reorderDays: 36_500 })
    expect(summary).toMatchObject({ read: 3, skipped: 0, judged: 3, violations: 1 })
  })
})

/**
 * D3, the audit CSV streamed (`--order found`): its rows name the chain loaded before the audit
 * starts; the threads load the pack again. When the two differ (the pack changed on disk in
 * between), the output must not stand as whole: it ends with the incomplete marker, and the run
 * fails naming both chains. The change is made deterministic by giving the command's own load
 * another pack's policy.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it, vi } from 'vitest'
import { auditCommand } from '../../src/cli/audit'
import { describePolicy } from '../../src/node/index'
import { runAsync } from '../_capture'
import { scratch } from './_helpers'

vi.mock('../../src/node/load', async (importOriginal) => {
  const load = await importOriginal<typeof import('../../src/node/load')>()
  // the command's own load sees cn-beijing where the threads read cn-shandong
  return { ...load, loadPolicy: (ref: string) => load.loadPolicy(ref === 'cn-shandong' ? 'cn-beijing' : ref) }
})

describe('D3 the streamed audit CSV and a pack that changed during the audit', () => {
  it('ends with the incomplete marker and fails with record/policy-mismatch naming both chains', async () => {
    const { loadPolicy } = await vi.importActual<typeof import('../../src/node/load')>('../../src/node/load')
    const shandong = loadPolicy('cn-shandong')
    const beijing = loadPolicy('cn-beijing')
    if (E.isLeft(shandong) || E.isLeft(beijing)) throw new Error('bundled packs')
    const ev = join(scratch(), 'ev.ndjson')
    const meeting = (date: string) => JSON.stringify({ kind: 'meeting', date, requester: { level: 'district', department: 'x' }, community: { id: 'c' }, meeting: {} })
    writeFileSync(ev, ['2026-01-10', '2026-02-10', '2026-03-10'].map(meeting).join('\n'))
    const r = await runAsync(() => auditCommand(ev, { pack: 'cn-shandong', format: 'csv', order: 'found', lang: 'en', threads: '1' }))
    expect(r.code).toBe(2)
    const lines = r.stdout.trim().split('\n')
    expect(lines.at(-1)).toMatch(/^# zhunru: INCOMPLETE: .*the pack changed during the audit/)
    expect(r.stderr).toContain('record/policy-mismatch')
    expect(r.stderr).toContain(describePolicy(beijing.right.fingerprint))
    expect(r.stderr).toContain(describePolicy(shandong.right.fingerprint))
  })
})

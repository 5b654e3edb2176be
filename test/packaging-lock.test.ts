/**
 * `npm ci` (the first step of .ci/run) refuses a lock that lacks an optional dependency, and the
 * registry reachable here does not serve every platform's prebuilt binaries, so npm leaves some out
 * of package-lock.json. scripts/fix-lock.mjs adds them (skipped on other platforms); this keeps it so.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

const ROOT = resolve(fileURLToPath(import.meta.url), '../..')
const SCRIPT = join(ROOT, 'scripts/fix-lock.mjs')
const tmp = mkdtempSync(join(tmpdir(), 'zhunru-lock-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

const check = (cwd: string) => spawnSync(process.execPath, [SCRIPT, '--check'], { cwd, encoding: 'utf8' })

describe('package-lock.json', () => {
  it('has an entry for every optional platform package (npm ci needs them)', () => {
    const r = check(ROOT)
    expect(`${r.stdout}${r.stderr}`).toContain('every optional platform package has an entry')
    expect(r.status).toBe(0)
  })

  it('the check fails on a lock without them, and fix-lock.mjs repairs it', () => {
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { optional?: boolean; os?: string[] }> }
    const dropped = Object.keys(lock.packages).filter((k) => lock.packages[k]?.optional === true && lock.packages[k]?.os?.includes('win32'))
    expect(dropped.length).toBeGreaterThan(0)
    for (const k of dropped) delete lock.packages[k]
    writeFileSync(join(tmp, 'package-lock.json'), JSON.stringify(lock))
    expect(check(tmp).status).toBe(1)
    expect(spawnSync(process.execPath, [SCRIPT], { cwd: tmp }).status).toBe(0)
    expect(check(tmp).status).toBe(0)
  })
})

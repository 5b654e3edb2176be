import { cpSync, mkdirSync, mkdtempSync, realpathSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { findPackFiles, lintPaths } from '../../src/cli/lint'
import { runCaseFiles } from '../../src/cli/test'
import { findCaseFiles, scanPacks } from '../../src/node/load'

/**
 * D13 (security review): `findCaseFiles` followed directory links up to depth 32 without
 * remembering real paths: two self-links (`a -> .`, `b -> .`) made 2^32 walks (`zhunru test`
 * hung), one counted every case 32 times, and `lint` reported a pack as a duplicate of itself.
 * Every walk now enters each real folder once.
 */

/**
 * Every folder zhunru lists (`readdirSync`, all walks use it). Past 10,000 listings a listing
 * fails: a walk that loops (2^32 walks before the fix) then ends, and the test sees the repeats
 * instead of hanging (a synchronous loop cannot be stopped by the test's timeout).
 */
const listed = vi.hoisted(() => [] as string[])
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>()
  const readdirSync = ((...a: Parameters<typeof fs.readdirSync>) => {
    listed.push(String(a[0]))
    if (listed.length > 10_000) throw new Error('too many folder listings')
    return Reflect.apply(fs.readdirSync, fs, a) as unknown
  }) as typeof fs.readdirSync
  return { ...fs, default: { ...fs, readdirSync }, readdirSync }
})

const dir = mkdtempSync(join(tmpdir(), 'zhunru-d13-'))
// a copy of a shipped pack with its cases, and links back to the folder and to itself
const pack = join(dir, 'upload', 'cn-beijing')
mkdirSync(join(dir, 'upload'))
cpSync('rules/cn-beijing', pack, { recursive: true })
symlinkSync('.', join(dir, 'upload', 'a'))
symlinkSync('.', join(dir, 'upload', 'b'))
symlinkSync('..', join(pack, 'up'))
symlinkSync('cases', join(pack, 'cases-again'))
symlinkSync(pack, join(dir, 'upload', 'same-pack'))

describe('D13: folder walks enter each real folder once', () => {
  beforeEach(() => {
    listed.length = 0
  })
  it('findCaseFiles ends and lists each case file once', () => {
    const plain = findCaseFiles(['rules/cn-beijing'])
    listed.length = 0
    const found = findCaseFiles([join(dir, 'upload')])
    // each real folder listed once: upload, the pack, its cases (the links lead back to these)
    const real = listed.map((d) => realpathSync(d))
    expect(new Set(real).size).toBe(3)
    expect(real).toHaveLength(3)
    expect(found).toHaveLength(plain.length)
  })

  it('zhunru test counts each case once', () => {
    const plain = runCaseFiles(['rules/cn-beijing']).reduce((n, f) => n + f.results.length, 0)
    const linked = runCaseFiles([join(dir, 'upload')]).reduce((n, f) => n + f.results.length, 0)
    expect(linked).toBe(plain)
  })

  it('lint finds the pack once, and no duplicate of itself', () => {
    expect(findPackFiles([join(dir, 'upload')])).toHaveLength(1)
    const { files, findings } = lintPaths([join(dir, 'upload')], '2026-03-02')
    expect(files).toHaveLength(1)
    expect(findings.filter((f) => f.code === 'lint/duplicate-id')).toEqual([])
  })

  it('scanPacks sees a pack linked twice once', () => {
    expect([...scanPacks(join(dir, 'upload')).keys()]).toEqual(['cn-beijing'])
  })
})

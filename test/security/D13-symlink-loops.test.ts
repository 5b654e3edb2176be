import { cpSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { findPackFiles, lintPaths } from '../../src/cli/lint'
import { runCaseFiles } from '../../src/cli/test'
import { findCaseFiles, scanPacks } from '../../src/node/load'

/**
 * D13 (security review): `findCaseFiles` followed directory links up to depth 32 without
 * remembering real paths: two self-links (`a -> .`, `b -> .`) made 2^32 walks (`zhunru test`
 * hung), one counted every case 32 times, and `lint` reported a pack as a duplicate of itself.
 * Every walk now enters each real folder once.
 */

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
  it('findCaseFiles ends and lists each case file once', () => {
    const plain = findCaseFiles(['rules/cn-beijing'])
    const started = Date.now()
    const found = findCaseFiles([join(dir, 'upload')])
    expect(Date.now() - started).toBeLessThan(5_000)
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

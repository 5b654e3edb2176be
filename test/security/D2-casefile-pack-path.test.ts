/**
 * D2: a case file's `pack:` chooses no file outside the folder under test. It is a bundled id, or
 * a path relative to the case file inside that folder; anything else is load/outside-folder and
 * nothing is read. A pack file that is not a regular file (/dev/zero) is refused before reading.
 */
import * as E from 'fp-ts/lib/Either.js'
import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs'
import { join, sep } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { renderJunit } from '../../src/cli/junit'
import { renderText, runCaseFiles, testCommand } from '../../src/cli/test'
import { loadPolicy } from '../../src/node/load'
import { run } from '../_capture'
import { miniText, scratch } from './_helpers'

/** Every path zhunru opens (all its reads go through `openSync`, in src/node/read-text.ts). */
const opened = vi.hoisted(() => [] as string[])
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>()
  const openSync = (...a: Parameters<typeof fs.openSync>): number => {
    opened.push(String(a[0]))
    return fs.openSync(...a)
  }
  return { ...fs, default: { ...fs, openSync }, openSync }
})
/** The paths `f` opens. */
const opens = <A>(f: () => A): { value: A; paths: string[] } => {
  opened.length = 0
  const value = f()
  return { value, paths: [...opened] }
}

const SECRET = 'db_password: hunter2-SECRET\napi_token: SECRET-TOKEN\n'
const caseFile = (pack: string): string =>
  `pack: ${JSON.stringify(pack)}\ncases:\n  - name: one\n    request: { kind: task, date: '2026-03-02', requester: { level: street } }\n    expect: { outcome: refusable }\n`

/** uploads/secret.yaml beside the folder under test uploads/district (with a pack and cases) */
const layout = (): { root: string; dir: string; secret: string } => {
  const root = scratch()
  const dir = join(root, 'district')
  mkdirSync(join(dir, 'cases'), { recursive: true })
  writeFileSync(join(dir, 'pack.yaml'), miniText)
  const secret = join(root, 'secret.yaml')
  writeFileSync(secret, SECRET)
  return { root, dir, secret }
}

describe('D2 a case file cannot make zhunru test read a file outside the folder', () => {
  const outside = (secret: string): string[] => ['/etc/passwd', '/etc/shadow', '/dev/zero', secret, '../../secret.yaml', '../../../../../../etc/passwd', '../../secret.yaml/']
  it('every path outside the folder is load/outside-folder, and no content shows in text or JUnit', () => {
    const { dir, secret } = layout()
    for (const [i, p] of outside(secret).entries()) writeFileSync(join(dir, 'cases', `c${i}.yaml`), caseFile(p))
    const { value: files, paths } = opens(() => runCaseFiles([dir]))
    // nothing outside the folder is opened (the case files and nothing else: /dev/zero is never read)
    expect(paths.length).toBeGreaterThan(0)
    const real = realpathSync(dir) + sep
    for (const p of paths) expect(realpathSync(p).startsWith(real), p).toBe(true)
    expect(files).toHaveLength(outside(secret).length)
    for (const f of files) expect(f.issues.map((i) => i.code)).toEqual(['load/outside-folder'])
    const text = renderText(files, 'en') + renderJunit(files) + JSON.stringify(files)
    expect(text).not.toContain('SECRET')
    expect(text).not.toContain('root:')
  })
  it('a link inside the folder that leads outside is refused by its real path', () => {
    const { root, dir } = layout()
    mkdirSync(join(root, 'elsewhere'))
    writeFileSync(join(root, 'elsewhere', 'pack.yaml'), SECRET)
    symlinkSync(join(root, 'elsewhere'), join(dir, 'link'))
    writeFileSync(join(dir, 'cases', 'c.yaml'), caseFile('../link'))
    const [f] = runCaseFiles([dir])
    expect(f?.issues.map((i) => i.code)).toEqual(['load/outside-folder'])
    expect(JSON.stringify(f)).not.toContain('SECRET')
  })
  it('a path is relative to the case file, not to the working directory', () => {
    const { dir } = layout()
    writeFileSync(join(dir, 'cases', 'c.yaml'), caseFile('..'))
    writeFileSync(join(dir, 'cases', 'd.yaml'), caseFile('../pack.yaml'))
    const files = runCaseFiles([dir])
    expect(files.map((f) => [f.issues.length, f.results.map((r) => r.pass)])).toEqual([[0, [true]], [0, [true]]])
  })
  it('the CLI says why and exits 2', () => {
    const { dir } = layout()
    writeFileSync(join(dir, 'cases', 'c.yaml'), caseFile('/etc/passwd'))
    const r = run(() => testCommand([dir], { lang: 'en' }))
    expect(r.code).toBe(2)
    expect(r.out).toContain('load/outside-folder')
    expect(r.out).toContain('outside the folder under test')
    expect(r.out).not.toContain('root:')
  })
  it('--pack /dev/zero (and a FIFO-like device) is refused without reading', () => {
    const { value: r, paths } = opens(() => loadPolicy('/dev/zero'))
    // refused by what it is (not a regular file), never opened, so never read
    expect(paths).toEqual([])
    expect(E.isLeft(r) ? r.left.map((i) => i.code) : []).toEqual(['load/not-found'])
  })
})

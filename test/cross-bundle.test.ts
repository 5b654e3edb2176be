import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'

// dist/node.js carries its own copy of the core: a decision it makes must still be explainable by
// the root entry's explain (the evaluation record is keyed by Symbol.for, not by a class).
describe('a decision made by zhunru/node is explained by zhunru', () => {
  beforeAll(() => {
    if (!existsSync('dist/index.js') || !existsSync('dist/node.js')) execFileSync('npx', ['tsup'], { stdio: 'ignore' })
  }, 120_000)
  it('explains across the two bundles', async () => {
    const root = await import(pathToFileURL(resolve('dist/index.js')).href)
    const node = await import(pathToFileURL(resolve('dist/node.js')).href)
    const policy = node.loadPolicy('cn-shandong').right
    const d = node.evaluate(policy, { kind: 'certificate', date: '2026-03-02', requester: { level: 'district' }, certificate: { kind: '无犯罪记录证明' } })
    const x = root.explain(d.right, { locale: 'en' })
    expect(x._tag).toBe('Right')
    expect(x.right.text).toContain('certificate-no-longer-issued')
    expect(JSON.stringify(d.right)).not.toContain('ctx')
  })
})

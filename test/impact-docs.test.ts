import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { generateRequests } from '../scripts/gen-requests'
import { diffCommand } from '../src/cli/diff'
import { explainCommand } from '../src/cli/explain'
import { impactCommand } from '../src/cli/impact'
import { lintCommand } from '../src/cli/lint'

/**
 * The worked example of docs/impact.md and docs/impact.en.md (issue 17, item 5) runs: the blocks
 * marked `<!-- check: impact:… -->` are what `zhunru lint`, `zhunru diff`, `zhunru impact` and
 * `zhunru explain` print on examples/amend-shandong and the seeded year of requests
 * (examples/amend-shandong/run.sh runs the same commands). After a deliberate change, `UPDATE_DOCS=1 npx vitest run
 * test/impact-docs.test.ts` rewrites the blocks; review the diff of docs/.
 */

const UPDATE = process.env.UPDATE_DOCS === '1'
const DOCS = new URL('../docs/', import.meta.url)

const blockOf = (file: string, marker: string): string => {
  const text = readFileSync(new URL(file, DOCS), 'utf8')
  const head = `<!-- check: ${marker} -->\n`
  const at = text.indexOf(head)
  if (at < 0) throw new Error(`docs/${file}: no block marked ${marker}`)
  const open = text.indexOf('\n', text.indexOf('```', at + head.length)) + 1
  const close = text.indexOf('\n```', open - 1)
  return text.slice(open, close + 1)
}

const rewrite = (file: string, marker: string, body: string): void => {
  const text = readFileSync(new URL(file, DOCS), 'utf8')
  const head = `<!-- check: ${marker} -->\n`
  const at = text.indexOf(head)
  const open = text.indexOf('\n', text.indexOf('```', at + head.length)) + 1
  const close = text.indexOf('\n```', open - 1)
  writeFileSync(new URL(file, DOCS), `${text.slice(0, open)}${body.replace(/\n$/, '')}${text.slice(close)}`)
}

const capture = async (f: () => number | Promise<number>): Promise<{ code: number; stdout: string }> => {
  let stdout = ''
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
    stdout += String(s)
    return true
  })
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
  try {
    return { code: await f(), stdout }
  } finally {
    vi.restoreAllMocks()
  }
}

describe('the worked example of docs/impact.md', () => {
  afterEach(() => vi.restoreAllMocks())
  const requests = join(mkdtempSync(join(tmpdir(), 'zhunru-impact-docs-')), 'requests.ndjson')
  // the year of requests of the example (scripts/gen-requests.ts 20000 --seed 2027)
  writeFileSync(requests, `${[...generateRequests(20000, { seed: 2027, communities: 60 })].join('\n')}\n`)

  const cases: [string, () => Promise<{ code: number; stdout: string }>, number][] = [
    ['lint', () => capture(() => lintCommand(['examples/amend-shandong'], { lang: 'zh-CN' })), 0],
    ['diff', () => capture(() => diffCommand('cn-shandong', 'examples/amend-shandong', { witness: true })), 1],
    ['diff-en', () => capture(() => diffCommand('cn-shandong', 'examples/amend-shandong', { witness: true, lang: 'en' })), 1],
    ['impact-en', () => capture(() => impactCommand(requests, { before: 'cn-shandong', after: 'examples/amend-shandong', rows: false, lang: 'en' })), 1],
    ['explain', () => capture(() => explainCommand('examples/requests/fourth-inspection.json', { pack: 'examples/amend-shandong', lang: 'zh-CN' })), 0],
    ['explain-en', () => capture(() => explainCommand('examples/requests/fourth-inspection.json', { pack: 'examples/amend-shandong', lang: 'en' })), 0],
  ]
  for (const [name, run, code] of cases)
    it(`prints what docs/impact${name.endsWith('-en') ? '.en' : ''}.md shows (${name})`, async () => {
      const file = name.endsWith('-en') ? 'impact.en.md' : 'impact.md'
      const marker = `impact:${name}`
      const r = await run()
      expect(r.code).toBe(code)
      if (UPDATE) rewrite(file, marker, r.stdout)
      expect(blockOf(file, marker)).toBe(r.stdout)
    }, 60_000)

  it('shows the first rows of the table and the summary as zhunru impact prints them (impact, rows)', async () => {
    const r = await capture(() => impactCommand(requests, { before: 'cn-shandong', after: 'examples/amend-shandong' }))
    expect(r.code).toBe(1)
    const head = `${r.stdout.split('\n').slice(0, 4).join('\n')}\n`
    // the summary under the table is what --no-rows prints
    const summary = r.stdout.slice(r.stdout.indexOf('\n\n之前：') + 2)
    if (UPDATE) {
      rewrite('impact.md', 'impact:rows', head)
      rewrite('impact.md', 'impact:impact', summary)
    }
    expect(blockOf('impact.md', 'impact:rows')).toBe(head)
    expect(blockOf('impact.md', 'impact:impact')).toBe(summary)
    const noRows = await capture(() => impactCommand(requests, { before: 'cn-shandong', after: 'examples/amend-shandong', rows: false, threads: '2' }))
    expect(noRows.stdout).toBe(summary)
  }, 60_000)
})

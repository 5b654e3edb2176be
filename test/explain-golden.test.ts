import * as E from 'fp-ts/lib/Either.js'
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { evaluate, explain, formatIssues, type Locale } from '../src/node/index'
import { loadPolicy, readDataFile } from '../src/node/load'

// Golden files for rendered explanations: a change in wording is a reviewed diff.
// Regenerate with UPDATE_GOLDEN=1 npx vitest run test/explain-golden.test.ts and review `git diff`.

const GOLDEN = 'test/golden/explain'
const update = process.env.UPDATE_GOLDEN === '1'

// each request file names its pack in the folder it sits in, or in the cases below
const CASES: readonly { name: string; pack: string; request: string }[] = [
  { name: 'shandong-seal-no-criminal-record', pack: 'cn-shandong', request: 'examples/requests/seal-no-criminal-record.json' },
  { name: 'shandong-fourth-inspection', pack: 'cn-shandong', request: 'examples/requests/fourth-inspection.json' },
  ...(existsSync('test/golden/requests')
    ? readdirSync('test/golden/requests')
        .filter((f) => f.endsWith('.yaml'))
        .sort()
        .map((f) => ({ name: f.replace(/\.yaml$/, ''), pack: f.split('--')[0] as string, request: join('test/golden/requests', f) }))
    : []),
]

describe.each(CASES)('explanation of $name', ({ name, pack, request }) => {
  const policy = loadPolicy(pack)
  it.each(['zh-CN', 'en'] as Locale[])('in %s matches its golden file', (locale) => {
    if (E.isLeft(policy)) throw new Error(formatIssues(policy.left, 'en'))
    const req = readDataFile(request)
    if (E.isLeft(req)) throw new Error(formatIssues(req.left, 'en'))
    const d = evaluate(policy.right, req.right)
    if (E.isLeft(d)) throw new Error(formatIssues(d.left, 'en'))
    const x = explain(d.right, { locale })
    if (E.isLeft(x)) throw new Error(formatIssues(x.left, 'en'))
    const file = join(GOLDEN, `${name}.${locale}.txt`)
    const text = `${x.right.text}\n`
    if (update || !existsSync(file)) writeFileSync(file, text)
    expect(text).toBe(readFileSync(file, 'utf8'))
  })
})

import * as E from 'fp-ts/lib/Either.js'
import type { CompiledPolicy } from '../compile/compile'
import { formatIssues, type Locale } from '../issues/format'
import type { Issue } from '../issues/issue'
import { findCaseFiles, loadPolicy, readDataFile } from '../node/load'
import { decodeCaseFile, runCases, type CaseResult } from '../testing/cases'
import { EXIT, localeOf } from './io'

/** Options of `zhunru test`. */
export interface TestCliOptions {
  readonly format?: string
  readonly lang?: string
}

/** The result of one case file. */
export interface FileResult {
  readonly file: string
  readonly pack?: string
  readonly issues: readonly Issue[]
  readonly results: readonly CaseResult[]
}

/** Run every case file under the folders; data out, no printing. */
export const runCaseFiles = (dirs: readonly string[]): FileResult[] => {
  const policies = new Map<string, E.Either<Issue[], CompiledPolicy>>()
  return findCaseFiles(dirs.length > 0 ? dirs : ['rules']).map((file) => {
    const v = readDataFile(file)
    if (E.isLeft(v)) return { file, issues: v.left, results: [] }
    const cf = decodeCaseFile(v.right)
    if (E.isLeft(cf)) return { file, issues: cf.left.map((i) => ({ ...i, file })), results: [] }
    const id = cf.right.pack
    let policy = policies.get(id)
    if (policy === undefined) {
      policy = loadPolicy(id)
      policies.set(id, policy)
    }
    if (E.isLeft(policy)) return { file, pack: id, issues: policy.left, results: [] }
    return { file, pack: id, issues: [], results: runCases(policy.right, cf.right.cases) }
  })
}

const T = {
  'zh-CN': { pass: '通过', fail: '未通过', expected: '应为', actual: '实际', total: (p: number, f: number) => `${p} passed, ${f} failed` },
  en: { pass: 'PASS', fail: 'FAIL', expected: 'expected', actual: 'actual', total: (p: number, f: number) => `${p} passed, ${f} failed` },
} as const

/** Render case results as text. */
export const renderText = (files: readonly FileResult[], lang: Locale): string => {
  const t = T[lang]
  const lines: string[] = []
  let pass = 0
  let fail = 0
  for (const f of files) {
    lines.push(`${f.file}${f.pack ? ` (${f.pack})` : ''}`)
    if (f.issues.length > 0) {
      fail += 1
      lines.push(formatIssues(f.issues, lang).replace(/^/gm, '  '))
    }
    for (const r of f.results) {
      if (r.pass) pass += 1
      else fail += 1
      lines.push(`  ${r.pass ? '✓' : '✗'} ${r.pass ? t.pass : t.fail}  ${r.name}`)
      for (const d of r.diffs)
        lines.push(`      ${d.field}: ${t.expected} ${JSON.stringify(d.expected)}, ${t.actual} ${JSON.stringify(d.actual)}`)
    }
  }
  lines.push('', t.total(pass, fail))
  return lines.join('\n')
}

/** `zhunru test [dirs…]`: exit 0 when every case passes, 1 on failures, 2 on bad input. */
export const testCommand = (dirs: readonly string[], o: TestCliOptions): number => {
  const lang = localeOf(o.lang)
  const files = runCaseFiles(dirs)
  if (o.format === 'json') process.stdout.write(`${JSON.stringify(files.map((f) => ({ ...f, results: f.results.map(({ decision: _d, ...r }) => r) })), null, 2)}\n`)
  else process.stdout.write(`${renderText(files, lang)}\n`)
  if (files.length === 0) return EXIT.badInput
  if (files.some((f) => f.issues.length > 0)) return EXIT.badInput
  return files.every((f) => f.results.every((r) => r.pass)) ? EXIT.ok : EXIT.failures
}

import * as E from 'fp-ts/lib/Either.js'
import type { CompiledPolicy } from '../compile/compile'
import { closest, distance } from 'fastest-levenshtein'
import { formatIssue, type Locale } from '../issues/format'
import { pointer, type Issue } from '../issues/issue'
import { dirname, resolve } from 'node:path'
import { describePolicy } from '../compile/fingerprint'
import { parseText, locate, type Positions } from '../decode/parse-text'
import { findCaseFiles, isPackPath, loadPolicy } from '../node/load'
import { readTextFile } from '../node/read-text'
import { existsSync, statSync } from 'node:fs'
import { decodeCaseFile, runCases, type CaseResult } from '../testing/cases'
import { coverage, renderCoverage, type PackCoverage } from './coverage'
import { badOptions, EXIT, localeOf, usage } from './io'
import { inert } from '../text/inert'
import { renderJunit } from './junit'

/** Options of `zhunru test`. */
export interface TestCliOptions {
  readonly format?: string
  readonly lang?: string
  readonly coverage?: boolean
  /** fail (exit 1) when a pack's coverage is below this percentage; implies coverage */
  readonly minCoverage?: string | number
}

/** The result of one case file. */
export interface FileResult {
  readonly file: string
  readonly pack?: string
  readonly issues: readonly Issue[]
  readonly results: readonly CaseResult[]
  /** the policy the cases ran against (for coverage) */
  readonly policy?: CompiledPolicy
}

const isDir = (p: string): boolean => {
  try {
    return statSync(p).isDirectory()
  } catch {
    return false
  }
}

/**
 * Run every case file under the folders; data out, no printing. A case file's `pack:` is the id
 * of a bundled pack, or a path relative to the case file that must stay inside the folder under
 * test (the folder given, or the folder of a case file given): outside it nothing is read
 * (`load/outside-folder`).
 */
export const runCaseFiles = (dirs: readonly string[]): FileResult[] => {
  const policies = new Map<string, E.Either<Issue[], CompiledPolicy>>()
  const roots = dirs.length > 0 ? dirs : ['rules']
  // each case file with the folder under test it was found in (the first, when folders overlap)
  const found = new Map<string, string>()
  for (const root of roots) for (const file of findCaseFiles([root])) if (!found.has(file)) found.set(file, isDir(root) ? root : dirname(root))
  return [...found].map(([file, root]) => {
    const text = readTextFile(file)
    if (E.isLeft(text)) return { file, issues: text.left, results: [] }
    const v = parseText(text.right, { file })
    if (E.isLeft(v)) return { file, issues: v.left, results: [] }
    const positions = v.right.positions
    const cf = decodeCaseFile(v.right.value)
    if (E.isLeft(cf)) return { file, issues: locate(cf.left, positions, file), results: [] }
    const id = cf.right.pack
    const key = isPackPath(id) ? `${resolve(dirname(file), id)}\u0000${resolve(root)}` : id
    let policy = policies.get(key)
    if (policy === undefined) {
      policy = loadPolicy(id, isPackPath(id) ? { base: dirname(file), within: root } : {})
      policies.set(key, policy)
    }
    if (E.isLeft(policy)) return { file, pack: id, issues: policy.left, results: [] }
    const results = runCases(policy.right, cf.right.cases).map((r, i) => placeRequestIssues(r, i, positions, file))
    return { file, pack: id, issues: [], results, policy: policy.right }
  })
}

/**
 * A case's request issues placed in the case file: their pointer is made relative to the file
 * (`/cases/<n>/request/...`) and given the line and column of the field they name.
 */
const placeRequestIssues = (r: CaseResult, index: number, positions: Positions, file: string): CaseResult => {
  if (r.issues === undefined || r.issues.length === 0) return r
  const base = `${pointer(pointer('', 'cases'), index)}/request`
  return { ...r, issues: locate(r.issues.map((i) => ({ ...i, path: `${base}${i.path}` })), positions, file) }
}

/**
 * The allowed name nearest to a misspelt field (`placment` → `placement`), when one is near enough
 * to be a slip: at most a third of its letters differ (and at least one may).
 */
export const nearestName = (received: string, allowed: readonly string[]): string | undefined => {
  const name = received.replace(/^"|"$/g, '')
  const names = allowed.filter((a) => a.length > 0 && a !== name)
  if (names.length === 0 || name.length === 0) return undefined
  const best = closest(name, names)
  return distance(name, best) <= Math.max(1, Math.floor(name.length / 3)) ? best : undefined
}

/** A formatted issue, with the nearest allowed name when it names an unknown field. */
const issueText = (i: Issue, lang: Locale): string => {
  const text = formatIssue(i, lang)
  if ((i.code !== 'request/unknown-field' && i.code !== 'schema/unknown-field') || i.received === undefined || i.expected === undefined) return text
  const near = nearestName(i.received, i.expected.split(/,\s*/))
  return near === undefined ? text : `${text}\n  ${lang === 'en' ? `did you mean ${near}?` : `是否应为 ${near}？`}`
}

const T = {
  'zh-CN': {
    missing: (p: string) => `找不到 ${p}：没有这个文件或文件夹（路径相对于当前目录）`,
    noCases: (p: string) => `${p} 中没有找到用例文件：用例文件放在规则包的 cases/ 文件夹里（*.yaml），或命名为 *.cases.yaml`,
    pass: '通过', fail: '未通过', expected: '应为', actual: '实际', total: (p: number, f: number) => `${p} 个通过，${f} 个未通过`, below: (p: string, pct: number, min: number) => `${p} 的覆盖率 ${pct}% 低于要求的 ${min}%` },
  en: {
    missing: (p: string) => `cannot find ${p}: no such file or folder (paths are relative to the current folder)`,
    noCases: (p: string) => `no case file in ${p}: case files go in the pack's cases/ folder (*.yaml), or are named *.cases.yaml`,
    pass: 'PASS', fail: 'FAIL', expected: 'expected', actual: 'actual', total: (p: number, f: number) => `${p} passed, ${f} failed`, below: (p: string, pct: number, min: number) => `${p}: coverage ${pct}% is below ${min}%` },
} as const

const FIELD_ZH: Record<string, string> = {
  outcome: '结果',
  decidedBy: '决定规则',
  pack: '规则包',
  redirect: '转办去向',
  fired: '触发的规则',
  notFired: '不应触发的规则',
  obligations: '义务',
  citations: '出处',
  issues: '问题代码',
}

/** Render case results as text. */
export const renderText = (files: readonly FileResult[], lang: Locale): string => {
  const t = T[lang]
  const lines: string[] = []
  let pass = 0
  let fail = 0
  for (const f of files) {
    lines.push(inert(`${f.file}${f.policy ? ` (${describePolicy(f.policy.fingerprint)})` : f.pack ? ` (${f.pack})` : ''}`))
    if (f.issues.length > 0) {
      fail += 1
      lines.push(f.issues.map((i) => issueText(i, lang)).join('\n').replace(/^/gm, '  '))
    }
    for (const r of f.results) {
      if (r.pass) pass += 1
      else fail += 1
      lines.push(`  ${r.pass ? '✓' : '✗'} ${r.pass ? t.pass : t.fail}  ${inert(r.name)}`)
      for (const d of r.diffs) {
        const field = lang === 'en' ? d.field : `${Object.prototype.hasOwnProperty.call(FIELD_ZH, d.field) ? FIELD_ZH[d.field] : d.field} (${d.field})`
        lines.push(`      ${field}: ${t.expected} ${inert(JSON.stringify(d.expected))}, ${t.actual} ${inert(JSON.stringify(d.actual))}`)
      }
      // why the request was refused: each issue with its line in the case file
      if (!r.pass && r.issues !== undefined && r.issues.length > 0) lines.push(r.issues.map((i) => issueText(i, lang)).join('\n').replace(/^/gm, '      '))
    }
  }
  lines.push('', t.total(pass, fail))
  return lines.join('\n')
}

/** The coverage of the packs the case files ran against. */
export const coverageOf = (files: readonly FileResult[]): PackCoverage[] => {
  const byPolicy = new Map<CompiledPolicy, FileResult[]>()
  for (const f of files) if (f.policy !== undefined) byPolicy.set(f.policy, [...(byPolicy.get(f.policy) ?? []), f])
  const tested = new Set(files.flatMap((f) => (f.policy !== undefined ? [f.policy.id] : [])))
  // every pack a case ran through counts its rules; only the packs the case files name are shown
  return coverage([...byPolicy].map(([policy, fs]) => ({ policy, decisions: fs.flatMap((f) => f.results.map((r) => r.decision)) }))).filter((c) => tested.has(c.pack))
}

/**
 * `zhunru test [dirs…]`: exit 0 when every case passes (and coverage is at least
 * `--min-coverage`), 1 on failures, 2 on bad input (no case file, an unreadable case file or pack).
 */
export const testCommand = (dirs: readonly string[], o: TestCliOptions): number => {
  const lang = localeOf(o.lang)
  const bad = badOptions(o, ['text', 'json', 'junit'])
  if (bad !== undefined) return usage(bad)
  // a percentage: decimal digits with an optional fraction, 0 to 100 (no NaN, Infinity, 1e2, '')
  const min = o.minCoverage === undefined ? undefined : /^[0-9]{1,3}(\.[0-9]{1,6})?$/.test(String(o.minCoverage).trim()) ? Number(String(o.minCoverage).trim()) : NaN
  if (min !== undefined && !(min >= 0 && min <= 100)) return usage(`--min-coverage: a number from 0 to 100 (received ${JSON.stringify(inert(String(o.minCoverage)))})`)
  // say why nothing would run, rather than "0 passed, 0 failed"
  const missing = dirs.filter((d) => typeof d !== 'string' || !existsSync(d))
  if (missing.length > 0) return usage(missing.map((d) => T[lang].missing(JSON.stringify(inert(String(d))))).join('\n'))
  const files = runCaseFiles(dirs)
  if (files.length === 0) return usage(T[lang].noCases((dirs.length > 0 ? dirs : ['rules']).map((d) => JSON.stringify(inert(d))).join(', ')))
  const cov = o.coverage === true || min !== undefined ? coverageOf(files) : undefined
  const below = min === undefined || cov === undefined ? [] : cov.filter((c) => c.percent < min)
  if (o.format === 'json')
    process.stdout.write(
      `${JSON.stringify({ files: files.map(({ policy, ...f }) => ({ ...f, ...(policy ? { policy: policy.fingerprint } : {}), results: f.results.map(({ decision: _d, ...r }) => r) })), ...(cov ? { coverage: cov } : {}) }, null, 2)}\n`,
    )
  else if (o.format === 'junit') process.stdout.write(`${renderJunit(files)}\n`)
  else {
    process.stdout.write(`${renderText(files, lang)}\n`)
    if (cov !== undefined) process.stdout.write(`\n${renderCoverage(cov, lang)}\n`)
    for (const c of below) process.stdout.write(`${T[lang].below(c.pack, c.percent, min as number)}\n`)
  }
  if (files.length === 0) return EXIT.badInput
  if (files.some((f) => f.issues.length > 0)) return EXIT.badInput
  const passed = files.every((f) => f.results.every((r) => r.pass))
  return passed && below.length === 0 ? EXIT.ok : EXIT.failures
}

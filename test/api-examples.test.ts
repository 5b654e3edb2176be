/**
 * The API reference's examples are code: every export of the root entry (src/index.ts) has an
 * `@example` in its doc comment (those listed in PENDING are the debt, reported to the lead), and every `@example` of an export type-checks against the real
 * sources. Examples that need nothing from outside run, and a line `expr // literal` is checked:
 * `expr` must equal `literal`.
 *
 * Examples may use a few names without defining them (a compiled `policy`, a `request`, …): the
 * CONTEXT below declares them, so that an example stays short and still type-checks.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import ts from 'typescript'
import { afterAll, describe, expect, it } from 'vitest'

const ROOT = resolve(fileURLToPath(import.meta.url), '../..')
const INDEX = join(ROOT, 'src/index.ts')

/** Exports that had no @example when this test was written (reported to the lead): a debt to pay,
 *  never to grow. A new export without an example fails the test. Remove names as examples land. */
const PENDING = new Set<string>([
  'PackInput', 'PackSource', 'CompilePacksOptions', 'Trace', 'Decision', 'Explanation',
  'ExplainOptions', 'RuleExplanation', 'ConditionExplanation', 'RuleStatus', 'AsyncOptions',
  'OUTCOME_RANK', 'DEFAULT_LIMITS', 'CompiledPolicy', 'CompiledRule', 'RuleRef', 'Limits',
  'CompileOptions', 'Epoch', 'ResolvedPolicy', 'DecodedPack', 'DecodedRequest', 'locate',
  'ParsedText', 'Positions', 'codecs', 'Pack', 'Rule', 'Citation', 'Outcome', 'Localized',
  'Redirect', 'Obligation', 'Cap', 'ListDef', 'Window', 'Request', 'HistoryEvent', 'YearlyReview',
  'RequestKind', 'Level', 'IssueCode', 'ISSUE_CODES', 'formatIssues', 'issueHelp', 'Locale',
  'OPERATORS', 'DECORATORS', 'FACTS', 'isLocalDate', 'runCases', 'decodeCaseFile', 'Case',
  'CaseFile', 'CaseResult', 'CaseDiff', 'Expect', 'CapStatus', 'ApprovalStatus', 'PriorReview',
  'AuditRun', 'Auditor', 'Finding', 'Violation', 'Malformed', 'OutOfOrder', 'FindingWindow',
  'AuditSummary', 'AuditOptions',
])

/** Names examples may use without defining them, with their types. */
const CONTEXT = `
declare const policy: CompiledPolicy
declare const shandong: CompiledPolicy
declare const national: CompiledPolicy
declare const hunnan: CompiledPolicy
declare const policies: ReadonlyMap<string, CompiledPolicy>
declare const decision: Decision
declare const request: Request
declare const resolved: ResolvedPolicy
declare const pack: Pack
declare const nationalYaml: string
declare const shandongYaml: string
declare const events: AsyncIterable<string>
declare const lines: readonly string[]
declare const result: WhatIfResult
declare const reason: { 'zh-CN': string; en: string }
declare const readline: typeof import('node:readline')
declare const createReadStream: typeof import('node:fs').createReadStream
`

interface Example {
  readonly name: string
  readonly index: number
  readonly code: string
}

/** How the sources, and the examples against them, are type-checked. */
const COMPILER: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  noEmit: true,
  skipLibCheck: true,
  strict: true,
}
const program = ts.createProgram([INDEX], COMPILER)
const checker = program.getTypeChecker()
const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(INDEX) as ts.SourceFile) as ts.Symbol
const exported = checker.getExportsOfModule(moduleSymbol)
const targetOf = (s: ts.Symbol): ts.Symbol => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s)
const examplesOf = (s: ts.Symbol): string[] =>
  (targetOf(s).declarations ?? [])
    .flatMap((d) => ts.getJSDocTags(d))
    .filter((t) => t.tagName.text === 'example')
    .map((t) => ts.getTextOfJSDocComment(t.comment) ?? '')
    .map((c) => c.replace(/^```\w*\n?|```\s*$/gm, '').trim())
    .filter((c) => c !== '')
const valueNames = exported.filter((s) => targetOf(s).flags & ts.SymbolFlags.Value).map((s) => s.name)
const typeNames = exported.filter((s) => !(targetOf(s).flags & ts.SymbolFlags.Value)).map((s) => s.name)

const examples: Example[] = exported.flatMap((s) => examplesOf(s).map((code, index) => ({ name: s.name, index, code })))

const IMPORT = /^\s*import\s+(?:type\s+)?(?:\{([^}]*)\}|\*\s+as\s+(\w+)|(\w+))\s+from\s+'([^']+)'\s*;?\s*$/
const ENTRIES: Record<string, string> = {
  zhunru: 'src/index',
  'zhunru/node': 'src/node/index',
  'zhunru/packs': 'src/packs/index',
  'zhunru/testing': 'src/testing/index',
}
const specifier = (from: string): string => (ENTRIES[from] !== undefined ? join(ROOT, ENTRIES[from] as string) : from)

/** One module per example: its imports hoisted (zhunru → the sources), the rest in a block. */
const moduleFor = (e: Example, withContext: boolean): { text: string; usesContext: boolean } => {
  const imports: string[] = []
  const imported = new Set<string>()
  const body: string[] = []
  for (const line of e.code.split('\n')) {
    const m = IMPORT.exec(line)
    if (m === null) {
      body.push(line)
      continue
    }
    const names = m[1] !== undefined ? m[1].split(',').map((n) => n.trim().split(/\s+as\s+/).pop() ?? '') : [m[2] ?? m[3] ?? '']
    for (const n of names) if (n !== '') imported.add(n.replace(/^type\s+/, ''))
    imports.push(line.replace(`'${m[4] ?? ''}'`, `'${specifier(m[4] ?? '')}'`))
  }
  const auto = [...valueNames, ...typeNames].filter((n) => !imported.has(n))
  const contextNames = [...CONTEXT.matchAll(/declare const (\w+)/g)].map((m) => m[1] as string)
  const code = body.join('\n')
  const defined = new Set([...code.matchAll(/\b(?:const|let|var|function)\s+(\w+)/g)].map((m) => m[1]))
  const usesContext = contextNames.some((n) => !defined.has(n) && new RegExp(`\\b${n}\\b`).test(code))
  return {
    usesContext,
    text: [
      ...imports,
      `import { ${auto.filter((n) => valueNames.includes(n)).join(', ')} } from '${INDEX.replace(/\.ts$/, '')}'`,
      `import type { ${auto.filter((n) => typeNames.includes(n)).join(', ')} } from '${INDEX.replace(/\.ts$/, '')}'`,
      imported.has('E') ? '' : "import * as E from 'fp-ts/lib/Either.js'",
      'export {}',
      withContext ? CONTEXT : '',
      'declare const __check: (actual: unknown, expected: unknown, line: string) => void',
      '{',
      code,
      '}',
    ].join('\n'),
  }
}

/** `expr // 'literal'` (a whole-line expression and a JS literal) becomes a checked assertion. */
const withChecks = (code: string): string =>
  code
    .split('\n')
    .map((line) => {
      const m = /^(?!\s*(?:const|let|var|if|for|return|import)\b)(\S.*?)\s*\/\/\s*(.+)$/.exec(line)
      if (m === null) return line
      const [, expr, literal] = m as unknown as [string, string, string]
      try {
        new Function(`return (${literal})`)()
      } catch {
        return line
      }
      return `__check(${expr}, ${literal}, ${JSON.stringify(line.trim())})`
    })
    .join('\n')

// inside node_modules/.cache so that the examples resolve fp-ts and the rest as the sources do
mkdirSync(join(ROOT, 'node_modules/.cache'), { recursive: true })
const tmp = mkdtempSync(join(ROOT, 'node_modules/.cache/zhunru-examples-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

describe('API reference examples (src/index.ts)', () => {
  it('every export has an @example, except the pending ones reported to the lead', () => {
    const missing = exported.filter((s) => examplesOf(s).length === 0).map((s) => s.name)
    expect(missing.filter((n) => !PENDING.has(n))).toEqual([])
    const done = [...PENDING].filter((n) => !missing.includes(n))
    if (done.length > 0) console.log(`has an example now, can leave PENDING: ${done.join(', ')}`)
    expect(exported.length).toBeGreaterThan(20)
  })

  it('every @example type-checks against the sources', () => {
    const files = examples.map((e, i) => {
      const file = join(tmp, `check-${i}.ts`)
      writeFileSync(file, moduleFor(e, true).text)
      return file
    })
    const p = ts.createProgram(files, {
      ...COMPILER,
      noUnusedLocals: false,
      types: ['node'],
      typeRoots: [join(ROOT, 'node_modules/@types')],
    })
    const problems = files.flatMap((f, i) =>
      ts.getPreEmitDiagnostics(p, p.getSourceFile(f)).map((d) => `${examples[i]?.name} example ${(examples[i]?.index ?? 0) + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`),
    )
    expect(problems).toEqual([])
    expect(files.length).toBeGreaterThan(10)
  }, 120_000)

  it('the examples that need no context run, and their `// result` comments hold', async () => {
    const runnable = examples.filter((e) => !moduleFor(e, false).usesContext && !/\bawait\b|readline|createReadStream/.test(e.code))
    const failures: string[] = []
    let checked = 0
    for (const [i, e] of runnable.entries()) {
      const file = join(tmp, `run-${i}.ts`)
      writeFileSync(file, moduleFor({ ...e, code: withChecks(e.code) }, false).text.replace('declare const __check', 'const __check_unused'))
      const checks: string[] = []
      ;(globalThis as Record<string, unknown>).__zhunruCheck = (actual: unknown, expected: unknown, line: string) => {
        checked += 1
        try {
          expect(actual).toEqual(expected)
        } catch {
          checks.push(`${line} → ${JSON.stringify(actual)}`)
        }
      }
      writeFileSync(file, `const __check = (a: unknown, b: unknown, l: string): void => (globalThis as any).__zhunruCheck(a, b, l)\n${moduleFor({ ...e, code: withChecks(e.code) }, false).text.replace(/declare const __check.*\n/, '')}`)
      try {
        await import(pathToFileURL(file).href)
      } catch (err) {
        failures.push(`${e.name}: throws ${String(err)}`)
      }
      failures.push(...checks.map((c) => `${e.name}: ${c}`))
    }
    expect(failures).toEqual([])
    expect(runnable.length).toBeGreaterThan(5)
    expect(checked).toBeGreaterThan(5)
  }, 120_000)
})

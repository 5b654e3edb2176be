import { existsSync, statSync } from 'node:fs'
import * as E from 'fp-ts/lib/Either.js'
import { readTextFile } from '../node/read-text'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { findingHelp, findingMessage, formatFinding, isWarning, lintSources, type LintFinding, type LintSource } from '../lint/index'
import { bundledRulesDir, walkFiles } from '../node/load'
import { isLocalDate } from '../time/local-date'
import { badOptions, EXIT, localeOf, usage } from './io'
import { inert } from '../text/inert'

/** Options of `zhunru lint`. @since 0.1.0 */
export interface LintCliOptions {
  readonly format?: string
  readonly lang?: string
  /** the date periods are judged against; default today in Asia/Shanghai */
  readonly today?: string
}

const PACK_FILE = /^pack\.(ya?ml|json)$/

/** Pack files under folders (a pack file given directly is taken as is). @since 0.1.0 */
export const findPackFiles = (paths: readonly string[]): string[] =>
  walkFiles(paths, 6, (name) => name !== 'node_modules' && name !== 'cases' && !name.startsWith('.'), (name) => PACK_FILE.test(name))

const todayIn = (zone: string): string => new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date())

/** Lint pack files (with the bundled packs as possible parents); data out. @since 0.1.0 */
/** The nearest `sources/` folder above a pack file (at most 4 levels up), as a reader of its files. */
const sourcesFor = (packFile: string): ((textFile: string) => string | undefined) | undefined => {
  let d = dirname(resolve(packFile))
  for (let i = 0; i < 5; i++) {
    const s = join(d, 'sources')
    if (existsSync(s) && statSync(s).isDirectory())
      return (textFile) => {
        const full = resolve(s, textFile)
        // a text file inside that folder only
        if (!full.startsWith(s + sep)) return undefined
        const t = readTextFile(full)
        return E.isRight(t) ? t.right : undefined
      }
    const up = dirname(d)
    if (up === d) break
    d = up
  }
  return undefined
}

export const lintPaths = (paths: readonly string[], today?: string, options: { readonly maxConflictChecks?: number } = {}): { files: string[]; findings: LintFinding[] } => {
  const files = findPackFiles(paths.length > 0 ? paths : ['rules'])
  const mine = new Set(files.map((f) => resolve(f)))
  // bounded, BOM dropped, strict UTF-8 (see read-text.ts)
  const read = (file: string, linted: boolean): LintSource[] => {
    const text = readTextFile(file)
    return E.isRight(text) ? [{ text: text.right, file, linted }] : []
  }
  const parents = findPackFiles([bundledRulesDir()]).filter((f) => !mine.has(resolve(f)))
  const sources = [...files.flatMap((f) => read(f, true)), ...parents.flatMap((f) => read(relative(process.cwd(), f) || f, false))]
  return {
    files,
    findings: lintSources(sources, {
      today: today ?? todayIn('Asia/Shanghai'),
      sourcesFor,
      ...(options.maxConflictChecks !== undefined ? { maxConflictChecks: options.maxConflictChecks } : {}),
    }),
  }
}

const T = {
  'zh-CN': { clean: (n: number) => `检查了 ${n} 个规则包，未发现问题`, found: (n: number, f: number) => `检查了 ${n} 个规则包，发现 ${f} 个问题`, none: '没有找到规则包（pack.yaml）' },
  en: { clean: (n: number) => `${n} pack(s) checked, no problems`, found: (n: number, f: number) => `${n} pack(s) checked, ${f} problem(s)`, none: 'no pack files (pack.yaml) found' },
} as const
const WARNINGS = { 'zh-CN': (n: number) => `（其中 ${n} 个是提醒，不影响使用）`, en: (n: number) => ` (${n} of them warning(s) only)` } as const
const MORE = { 'zh-CN': (n: number) => `……另有 ${n} 个问题未显示（--format json 列出全部）`, en: (n: number) => `… and ${n} more finding(s) not shown (--format json lists them all)` } as const

/** The most findings the text output shows; the rest are counted (JSON lists them all). */
export const MAX_TEXT_FINDINGS = 200

/**
 * `zhunru lint [dirs…]`: exit 0 when clean, 1 when problems are found, 2 when there is nothing
 * to lint.
 *
 * @since 0.1.0
 */
export const lintCommand = (paths: readonly string[], o: LintCliOptions): number => {
  const lang = localeOf(o.lang)
  const bad = badOptions(o, ['text', 'json'])
  if (bad !== undefined) return usage(bad)
  // an empty or impossible date would turn the expiry checks off, or compare as a string
  if (o.today !== undefined && !isLocalDate(o.today)) return usage(`--today: a real date, YYYY-MM-DD (received ${JSON.stringify(inert(o.today))})`)
  const { files, findings } = lintPaths(paths, o.today)
  if (files.length === 0) {
    process.stderr.write(`${T[lang].none}\n`)
    return EXIT.badInput
  }
  if (o.format === 'json') {
    const out = findings.map((f) => ({ ...f, message: findingMessage(f, lang), ...(findingHelp(f, lang) !== undefined ? { help: findingHelp(f, lang) } : {}) }))
    process.stdout.write(`${JSON.stringify({ files, findings: out }, null, 2)}\n`)
  }
  else {
    const shown = findings.slice(0, MAX_TEXT_FINDINGS)
    const body = shown.map((f) => formatFinding(f, lang)).join('\n') + (findings.length > shown.length ? `\n${MORE[lang](findings.length - shown.length)}` : '')
    const warnings = findings.filter(isWarning).length
    process.stdout.write(`${body}${body ? '\n\n' : ''}${findings.length === 0 ? T[lang].clean(files.length) : T[lang].found(files.length, findings.length)}${warnings > 0 ? WARNINGS[lang](warnings) : ''}\n`)
  }
  // warnings alone (lint/missing-english) do not fail
  return findings.every(isWarning) ? EXIT.ok : EXIT.failures
}

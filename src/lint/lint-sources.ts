import * as E from 'fp-ts/lib/Either.js'
import { decodePack } from '../decode/decode-pack'
import { locate, parseText, type Positions } from '../decode/parse-text'
import type { Issue } from '../issues/issue'
import { resolvePolicy, type DecodedPack } from '../resolve/resolve'
import { checkQuotes } from '../compile/check-quotes'
import { fromIssue, type LintFinding } from './finding'
import { lintPolicy, type LintOptions } from './lint-policy'
import { rawChecks } from './raw-checks'

/**
 * Lint pack files given as text: parse (with line and column), check the rules as written,
 * decode, resolve each linted pack against the packs it extends, run the checks, and place every
 * finding at its file, line and column. Packs given with `linted: false` are only there as
 * parents; findings in them are not reported.
 *
 * @module
 */

/** A pack file to lint, or a parent it needs. @since 0.1.0 */
export interface LintSource {
  readonly text: string
  readonly file: string
  readonly linted: boolean
}

const key = (f: LintFinding): string => JSON.stringify([f.code, f.file, f.path, f.received, f.params])

/**
 * Lint packs. Findings come sorted by file, line and column, without repeats.
 *
 * @example
 * lintSources([{ text, file: 'rules/x/pack.yaml', linted: true }], { today: '2026-03-02' })
 * @since 0.1.0
 */
export const lintSources = (sources: readonly LintSource[], options: LintOptions = {}): LintFinding[] => {
  const findings: LintFinding[] = []
  const positions = new Map<string, Positions>()
  const packs = new Map<string, DecodedPack>()
  const linted = new Set<string>()
  const lintedFiles = new Set(sources.filter((s) => s.linted).map((s) => s.file))
  for (const src of sources) {
    const parsed = parseText(src.text, { file: src.file })
    if (E.isLeft(parsed)) {
      if (src.linted) findings.push(...parsed.left.map(fromIssue))
      continue
    }
    positions.set(src.file, parsed.right.positions)
    const raw = rawChecks(parsed.right.value, src.file)
    if (src.linted) findings.push(...raw.findings)
    const d = decodePack(raw.repaired)
    const pack = E.isRight(d) ? d.right : d.left.salvaged
    if (E.isLeft(d) && src.linted) findings.push(...d.left.issues.map((i) => fromIssue({ ...i, file: src.file })))
    if (pack === undefined) continue
    if (packs.has(pack.id)) {
      // the same pack from a second file: a linted copy is a duplicate; a parent copy is ignored
      const first = packs.get(pack.id)?.file
      if (src.linted && first !== src.file)
        findings.push(fromIssue({ code: 'compile/duplicate-id', path: '/id', file: src.file, received: JSON.stringify(pack.id) }))
      // a linted pack that reuses the id of a bundled one: loading it is an error, and so is linting it
      else if (!src.linted && first !== undefined && first !== src.file && lintedFiles.has(first))
        findings.push(fromIssue({ code: 'load/duplicate-pack', path: '/id', file: first, received: JSON.stringify(pack.id), params: { first, second: src.file } }))
      continue
    }
    const { rulePointers, ...rest } = pack as typeof pack & { rulePointers?: readonly string[] }
    packs.set(pack.id, { pack: rest, file: src.file, ...(rulePointers !== undefined ? { rulePointers } : {}) })
    if (src.linted) linted.add(pack.id)
  }
  // a rule may prevail over a rule of a pack below it: it names no rule only if no policy has both
  const reachable = new Map<string, Set<string>>()
  for (const id of linted) {
    const resolved = resolvePolicy(id, packs)
    if (E.isLeft(resolved)) {
      findings.push(...resolved.left.map((i: Issue) => fromIssue({ ...i, ...(i.file === undefined ? { file: packs.get(id)?.file as string } : {}) })))
      continue
    }
    for (const p of resolved.right.chain) {
      const ids = reachable.get(p.pack.id) ?? new Set<string>()
      for (const r of resolved.right.rules) ids.add(r.rule.id)
      reachable.set(p.pack.id, ids)
    }
    findings.push(...lintPolicy(resolved.right, options))
    // the quotes of the linted pack, verbatim in the texts they name, where those texts are at hand
    const file = packs.get(id)?.file
    const read = file !== undefined && typeof options.sourcesFor === 'function' ? options.sourcesFor(file) : undefined
    if (read !== undefined) findings.push(...checkQuotes(resolved.right, read).filter((i) => i.file === file).map(fromIssue))
  }
  const seen = new Set<string>()
  const placed = findings
    .filter((f) => f.file === undefined || lintedFiles.has(f.file))
    .filter((f) => f.code !== 'lint/unknown-prevails-over' || !reachable.get(String(f.params?.pack))?.has(String(f.params?.target)))
    .filter((f) => {
      const k = key(f)
      if (seen.has(k)) return false
      seen.add(k)
      return true
    })
    .map((f) => (f.line !== undefined || f.file === undefined ? f : ({ ...f, ...pick(locate([f as unknown as Issue], positions.get(f.file), f.file)[0]) }) as LintFinding))
    .map(placeRule(positions))
  return placed.sort(
    (a, b) =>
      (a.file ?? '').localeCompare(b.file ?? '') ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      a.code.localeCompare(b.code),
  )
}

/** A finding that names a rule of another file (lint/cap-quote-differs): the rule's place as file:line:column. */
const placeRule =
  (positions: ReadonlyMap<string, Positions>) =>
  (f: LintFinding): LintFinding => {
    const file = f.params?.ruleFile
    const path = f.params?.rulePath
    if (typeof file !== 'string' || typeof path !== 'string') return f
    const at = pick(locate([{ code: f.code as Issue['code'], path, file }], positions.get(file), file)[0])
    return at.line === undefined ? f : { ...f, params: { ...f.params, ruleAt: `${file}:${at.line}:${at.column ?? 1}` } }
  }

const pick = (i: Issue | undefined): Pick<Issue, 'line' | 'column'> =>
  i === undefined || i.line === undefined ? {} : { line: i.line, column: i.column ?? 1 }

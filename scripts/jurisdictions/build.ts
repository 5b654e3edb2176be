import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { join } from 'node:path'
import { evaluate, explain, formatIssues, type CompiledPolicy, type ConditionExplanation, type Decision } from '../../src/node/index'
import type { Outcome } from '../../src/node/index'
import { findCaseFiles, loadPolicy, readDataFile, scanPacks } from '../../src/node/load'
import { decodeCaseFile } from '../../src/testing/cases'

/**
 * The comparison of every pack on the same requests (the data behind docs/jurisdictions.md):
 * load every pack under a rules folder, decide every request of `_comparison/requests.yaml` by
 * every pack, and keep what a reader needs to see where the policies differ.
 *
 * @module
 */

const Localized = t.type({ 'zh-CN': t.string, en: t.string })

/** The requests file: groups of requests, each with a title in both languages. @since 0.1.0 */
export const ComparisonFile = t.type({
  groups: t.array(
    t.type({
      id: t.string,
      title: Localized,
      requests: t.array(t.intersection([t.type({ id: t.string, title: Localized, request: t.unknown }), t.partial({ why: Localized })])),
    }),
  ),
})
/** @since 0.1.0 */
export type ComparisonFile = t.TypeOf<typeof ComparisonFile>

/** One pack, as a column of the comparison. @since 0.1.0 */
export interface PackColumn {
  readonly id: string
  readonly level: string
  readonly name: { readonly 'zh-CN': string; readonly en: string }
  readonly title: { readonly 'zh-CN': string; readonly en: string }
  readonly extends?: string
  /** the documents the pack itself lists */
  readonly documents: readonly { readonly id: string; readonly title: string; readonly kind?: string; readonly number?: string }[]
  /** rules written in the pack itself */
  readonly ownRules: number
  /** rules of the resolved policy (its own and those it inherits) */
  readonly resolvedRules: number
  /** cases in the pack's case files */
  readonly cases: number
  readonly policy: CompiledPolicy
}

/** A leaf of the deciding rule that found nothing in a list the source gives only in part. @since 0.1.0 */
export interface PartialListNote {
  readonly leaf: string
  readonly note: { readonly 'zh-CN': string; readonly en: string }
}

/** How one pack decided one request. @since 0.1.0 */
export interface Cell {
  readonly pack: string
  readonly outcome: Outcome
  readonly rule: string
  /** the layer of the deciding rule */
  readonly rulePack: string
  readonly redirect?: string
  /** rules the deciding rule prevails over that fired too, with the reason */
  readonly prevails: readonly { readonly rule: string; readonly reason: { readonly 'zh-CN': string; readonly en: string } }[]
  /** absence from a partial list that the deciding rule rests on */
  readonly partial: readonly PartialListNote[]
}

/** One request and its decision by every pack. @since 0.1.0 */
export interface Row {
  readonly n: number
  readonly id: string
  readonly title: { readonly 'zh-CN': string; readonly en: string }
  readonly request: unknown
  /** why the packs differ on it, as the requests file explains */
  readonly why?: { readonly 'zh-CN': string; readonly en: string }
  readonly date: string
  readonly cells: readonly Cell[]
  /** whether the packs reach different outcomes */
  readonly outcomesDiffer: boolean
  /** whether the packs are decided by different rules */
  readonly rulesDiffer: boolean
}

/** A group of requests. @since 0.1.0 */
export interface Group {
  readonly id: string
  readonly title: { readonly 'zh-CN': string; readonly en: string }
  readonly rows: readonly Row[]
}

/** The whole comparison. @since 0.1.0 */
export interface Comparison {
  readonly packs: readonly PackColumn[]
  readonly groups: readonly Group[]
}

const LEVEL_ORDER = ['national', 'central', 'province', 'city', 'district', 'street', 'street-department']

/** The rules folder's requests file. @since 0.1.0 */
export const requestsFileOf = (rulesDir: string): string => join(rulesDir, '_comparison', 'requests.yaml')

/**
 * Every pack under `rulesDir` as a column: compiled with the packs it extends, with its counts.
 * Columns go from the national floor down (national, province, city, district), then by id.
 *
 * @example
 * const packs = loadPackColumns('rules') // Either<string[], PackColumn[]>
 * @since 0.1.0
 */
export const loadPackColumns = (rulesDir: string): E.Either<string[], PackColumn[]> => {
  const errors: string[] = []
  const out: PackColumn[] = []
  for (const id of [...scanPacks(rulesDir).keys()].sort()) {
    const dir = join(rulesDir, id)
    const loaded = loadPolicy(dir, { searchDirs: [rulesDir] })
    if (E.isLeft(loaded)) {
      errors.push(`${id}: ${formatIssues(loaded.left, 'en')}`)
      continue
    }
    let cases = 0
    for (const f of findCaseFiles([dir])) {
      const v = readDataFile(f)
      const cf = E.isRight(v) ? decodeCaseFile(v.right) : v
      if (E.isLeft(cf)) errors.push(`${f}: ${formatIssues(cf.left, 'en')}`)
      else cases += cf.right.cases.length
    }
    const policy = loaded.right
    const pack = policy.resolved.chain[policy.resolved.chain.length - 1]?.pack
    if (pack === undefined) continue
    out.push({
      id: policy.id,
      level: pack.jurisdiction.level,
      name: pack.jurisdiction.name,
      title: pack.title,
      ...(pack.extends !== undefined ? { extends: pack.extends } : {}),
      documents: pack.documents.map((d) => ({
        id: d.id,
        title: d.title,
        ...(d.kind !== undefined ? { kind: d.kind } : {}),
        ...(d.number !== undefined ? { number: d.number } : {}),
      })),
      ownRules: pack.rules.length,
      resolvedRules: policy.resolved.rules.length,
      cases,
      policy,
    })
  }
  out.sort((a, b) => LEVEL_ORDER.indexOf(a.level) - LEVEL_ORDER.indexOf(b.level) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  return errors.length > 0 ? E.left(errors) : E.right(out)
}

// leaves with a note, on the branches that made the rule fire
const partialNotes = (node: ConditionExplanation | undefined, out: ConditionExplanation[] = []): ConditionExplanation[] => {
  if (node === undefined || node.result !== true) return out
  if (node.kind === 'leaf' && node.note !== undefined) out.push(node)
  for (const c of node.children) partialNotes(c, out)
  return out
}

const leafText = (l: ConditionExplanation): string =>
  `${l.fact ?? ''}${l.path !== undefined && l.path !== '$' ? l.path.replace(/^\$/, '') : ''} ${l.operator ?? ''} ${typeof l.expected === 'string' ? l.expected : JSON.stringify(l.expected)}`

const cellOf = (pack: PackColumn, request: unknown, where: string): E.Either<string[], Cell> => {
  const d = evaluate(pack.policy, request)
  if (E.isLeft(d)) return E.left([`${where} [${pack.id}]: ${formatIssues(d.left, 'en')}`])
  const decision: Decision = d.right
  const zh = explain(decision, { locale: 'zh-CN' })
  const en = explain(decision, { locale: 'en' })
  if (E.isLeft(zh) || E.isLeft(en)) return E.left([`${where} [${pack.id}]: cannot explain`])
  const leavesZh = partialNotes(zh.right.rules.find((r) => r.decided)?.conditions)
  const leavesEn = partialNotes(en.right.rules.find((r) => r.decided)?.conditions)
  const ref = decision.decidedBy
  return E.right({
    pack: pack.id,
    outcome: decision.outcome,
    rule: ref.id,
    rulePack: ref.pack,
    ...(decision.redirect !== undefined ? { redirect: decision.redirect.to } : {}),
    prevails: (ref.prevailsOver ?? []).filter((p) => decision.overruled.some((o) => o.id === p.rule)),
    partial: leavesZh.map((l, i) => ({ leaf: leafText(l), note: { 'zh-CN': l.note ?? '', en: leavesEn[i]?.note ?? '' } })),
  })
}

/**
 * Decide every request of a comparison file by every pack.
 *
 * @example
 * const c = buildComparison(packs, file) // Either<string[], Comparison>
 * @since 0.1.0
 */
export const buildComparison = (packs: readonly PackColumn[], file: ComparisonFile): E.Either<string[], Comparison> => {
  const errors: string[] = []
  const seen = new Set<string>()
  let n = 0
  const groups: Group[] = file.groups.map((g) => ({
    id: g.id,
    title: g.title,
    rows: g.requests.flatMap((r) => {
      if (seen.has(r.id)) errors.push(`request id ${r.id} is used twice`)
      seen.add(r.id)
      const cells: Cell[] = []
      for (const p of packs) {
        const c = cellOf(p, r.request, `${g.id}/${r.id}`)
        if (E.isLeft(c)) errors.push(...c.left)
        else cells.push(c.right)
      }
      if (cells.length !== packs.length) return []
      n += 1
      const date = (r.request as { date?: unknown }).date
      return [
        {
          n,
          id: r.id,
          title: r.title,
          request: r.request,
          ...(r.why !== undefined ? { why: r.why } : {}),
          date: typeof date === 'string' ? date : '',
          cells,
          outcomesDiffer: new Set(cells.map((c) => c.outcome)).size > 1,
          rulesDiffer: new Set(cells.map((c) => `${c.rulePack}/${c.rule}`)).size > 1,
        },
      ]
    }),
  }))
  return errors.length > 0 ? E.left(errors) : E.right({ packs, groups })
}

/**
 * Load the packs and the requests of a rules folder and build the comparison.
 *
 * @example
 * const c = loadComparison('rules')
 * @since 0.1.0
 */
export const loadComparison = (rulesDir: string, requestsFile: string = requestsFileOf(rulesDir)): E.Either<string[], Comparison> => {
  const packs = loadPackColumns(rulesDir)
  if (E.isLeft(packs)) return packs
  const raw = readDataFile(requestsFile)
  if (E.isLeft(raw)) return E.left([`${requestsFile}: ${formatIssues(raw.left, 'en')}`])
  const file = ComparisonFile.decode(raw.right)
  if (E.isLeft(file)) return E.left([`${requestsFile}: not a comparison file (groups[].{id, title, requests[].{id, title, request}})`])
  return buildComparison(packs.right, file.right)
}

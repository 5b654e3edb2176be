import * as E from 'fp-ts/lib/Either.js'
import type { CompiledPolicy } from '../compile/compile'
import { packFingerprint, type PolicyFingerprint } from '../compile/fingerprint'
import { decodePack } from '../decode/decode-pack'
import { parseText } from '../decode/parse-text'
import { issue, showValue, type Issue } from '../issues/issue'
import { compile, type PackSource } from '../load/compile-packs'
import { isLocalDate } from '../time/local-date'
import { bundledRulesDir, readPackSource, scanPacks, walkFiles } from './load'

/**
 * Versions of packs side by side in one folder (Node only): `packs/cn-shandong@2026.1/pack.yaml`,
 * `packs/cn-shandong@2026.2/pack.yaml`, or any folder under it whose pack file declares an id and
 * a version. {@link policyInForce} picks the version of each pack adopted last on or before a
 * date (the pack's `adopted` field); {@link policyOf} picks the exact versions a stored decision
 * names (by id, version and content hash).
 *
 * @module
 */

/** One version of a pack, as read from a versions folder. @since 0.2.0 */
export interface PackVersion {
  readonly id: string
  readonly version?: string
  /** the date this version was adopted (`adopted`, YYYY-MM-DD), if the pack says */
  readonly adopted?: string
  /** the id of the pack it extends */
  readonly extends?: string
  /** SHA-256 of the pack's canonical content (as in `policy.fingerprint`) */
  readonly hash: string
  readonly file: string
  readonly source: PackSource
}

const PACK_FILE = /^pack\.(ya?ml|json)$/

/** A pack file read as a version, or its issues (a pack that does not decode is not a version). */
const versionOf = (file: string): E.Either<Issue[], PackVersion> => {
  const src = readPackSource(file)
  if (E.isLeft(src)) return src
  const parsed = parseText(src.right.text ?? '', { file })
  if (E.isLeft(parsed)) return parsed
  const pack = decodePack(parsed.right.value)
  if (E.isLeft(pack)) return E.left(pack.left.issues.map((i) => ({ ...i, file })))
  const p = pack.right
  if (p.adopted !== undefined && !isLocalDate(p.adopted))
    return E.left([issue('compile/bad-period', '/adopted', { file, received: showValue(p.adopted), expected: 'YYYY-MM-DD' })])
  return E.right({
    id: p.id,
    ...(p.version !== undefined ? { version: p.version } : {}),
    ...(p.adopted !== undefined ? { adopted: p.adopted } : {}),
    ...(p.extends !== undefined ? { extends: p.extends } : {}),
    hash: packFingerprint(p).hash,
    file,
    source: { text: src.right.text ?? '', file },
  })
}

const versionName = (v: { readonly version?: string }): string => v.version ?? '(none)'

/**
 * Every pack version under a folder (pack files named `pack.yaml`, `pack.yml` or `pack.json`, at
 * most three folders down). Two files that declare the same id and the same version (or both no
 * version) are `load/duplicate-pack` (`"id@version"`), naming both; a pack file that does not decode gives its
 * issues. Several versions of one id are what the folder is for.
 *
 * @example
 * const versions = loadPackVersions('packs') // Either<Issue[], PackVersion[]>
 * @since 0.2.0
 */
export const loadPackVersions = (folder: string): E.Either<Issue[], PackVersion[]> => {
  if (typeof folder !== 'string' || folder === '') return E.left([issue('load/not-found', '', { received: showValue(folder) })])
  const files = walkFiles([folder], 3, (name) => name !== 'node_modules' && !name.startsWith('.'), (name) => PACK_FILE.test(name))
  if (files.length === 0) return E.left([issue('load/not-found', '', { received: `${folder} (no pack.yaml under it)` })])
  const issues: Issue[] = []
  const out: PackVersion[] = []
  const byKey = new Map<string, PackVersion>()
  for (const f of files) {
    const v = versionOf(f)
    if (E.isLeft(v)) {
      issues.push(...v.left)
      continue
    }
    const key = JSON.stringify([v.right.id, v.right.version ?? null])
    const first = byKey.get(key)
    if (first !== undefined) {
      issues.push(issue('load/duplicate-pack', '', { received: JSON.stringify(`${v.right.id}@${versionName(v.right)}`), params: { first: first.file, second: f } }))
      continue
    }
    byKey.set(key, v.right)
    out.push(v.right)
  }
  return issues.length > 0 ? E.left(issues.slice(0, 100)) : E.right(out)
}

/** The bundled packs as versions (the fallback for a parent a versions folder lacks). */
const bundledVersions = (): PackVersion[] => {
  const out: PackVersion[] = []
  for (const [, src] of scanPacks(bundledRulesDir())) {
    if (src.file === undefined) continue
    const v = versionOf(src.file)
    if (E.isRight(v)) out.push(v.right)
  }
  return out
}

/** Options of {@link policyInForce} and {@link policyOf}. @since 0.2.0 */
export interface VersionOptions {
  /** also take a parent pack the versions lack from the bundled packs (default true) */
  readonly bundled?: boolean
}

const validVersions = (versions: unknown): versions is readonly PackVersion[] =>
  Array.isArray(versions) && versions.every((v) => typeof v === 'object' && v !== null && typeof (v as PackVersion).id === 'string' && typeof (v as PackVersion).hash === 'string' && typeof (v as PackVersion).source === 'object')

/** The version of a pack in force on a date: adopted last on or before it (an undated version counts as adopted always). */
const inForce = (versions: readonly PackVersion[], id: string, date: string): E.Either<Issue[], PackVersion> => {
  const these = versions.filter((v) => v.id === id && (v.adopted === undefined || v.adopted <= date))
  if (these.length === 0) {
    const dated = versions.filter((v) => v.id === id).map((v) => v.adopted ?? '')
    if (dated.length === 0) return E.left([issue('load/not-found', '', { received: id })])
    // no version adopted by then: no rules of this pack are in force on the date
    return E.left([issue('eval/no-epoch', '', { received: date, expected: `${id}: ${dated.sort()[0] ?? '…'} – …` })])
  }
  const key = (v: PackVersion): string => v.adopted ?? ''
  const best = these.reduce((a, b) => (key(b) > key(a) ? b : a))
  const tie = these.find((v) => v !== best && key(v) === key(best))
  if (tie !== undefined)
    return E.left([issue('load/duplicate-pack', '', { received: JSON.stringify(`${id} (adopted ${best.adopted ?? '—'})`), params: { first: best.file, second: tie.file } })])
  return E.right(best)
}

const compileChain = (chain: readonly PackVersion[], target: string): E.Either<Issue[], CompiledPolicy> =>
  compile(
    chain.map((v) => v.source),
    { parse: parseText, target },
  )

/**
 * The policy in force on a date: the version of pack `id` adopted last on or before `date`, and of
 * each pack it extends the version in force on the same date (from `versions`, else the bundled
 * packs). An undated version counts as adopted always, so it is in force until a dated one is
 * adopted. `eval/no-epoch` when no version of a pack was adopted by then (its `expected` names the
 * first adoption date); two versions adopted the same day are `load/duplicate-pack`.
 *
 * @example
 * const v = loadPackVersions('packs')
 * const policy = E.isRight(v) ? policyInForce(v.right, 'cn-shandong', '2026-05-01') : v
 * @since 0.2.0
 */
export const policyInForce = (versions: readonly PackVersion[], id: string, date: string, options: VersionOptions = {}): E.Either<Issue[], CompiledPolicy> => {
  if (!validVersions(versions)) return E.left([issue('request/invalid', '', { expected: 'pack versions (from loadPackVersions)', received: showValue(versions) })])
  if (typeof id !== 'string') return E.left([issue('load/not-found', '', { received: showValue(id) })])
  if (!isLocalDate(date)) return E.left([issue('request/bad-date', '', { received: showValue(date), expected: 'YYYY-MM-DD' })])
  // the bundled packs are read only when a pack is not among the versions
  let fallback: PackVersion[] | undefined = typeof options === 'object' && options !== null && options.bundled === false ? [] : undefined
  const chain: PackVersion[] = []
  const seen = new Set<string>()
  let next: string | undefined = id
  while (next !== undefined && !seen.has(next) && chain.length < 64) {
    seen.add(next)
    let v = inForce(versions, next, date)
    if (E.isLeft(v) && v.left[0]?.code === 'load/not-found') v = inForce((fallback ??= bundledVersions()), next, date)
    if (E.isLeft(v)) return v
    chain.unshift(v.right)
    next = v.right.extends
  }
  return compileChain(chain, id)
}

/**
 * The policy a stored decision names: for each pack of its fingerprint, the version with that id,
 * version and content hash (from `versions`, else the bundled packs), compiled, and checked to give
 * the fingerprint's policy hash. `record/unknown-pack` for a pack no version matches (an altered
 * record, or a version missing from the folder); `record/policy-mismatch` when the packs match but
 * the policy does not (other limits, say).
 *
 * @example
 * const policy = policyOf(versions, record.policy)
 * @since 0.2.0
 */
export const policyOf = (versions: readonly PackVersion[], fingerprint: PolicyFingerprint, options: VersionOptions = {}): E.Either<Issue[], CompiledPolicy> => {
  if (!validVersions(versions)) return E.left([issue('request/invalid', '', { expected: 'pack versions (from loadPackVersions)', received: showValue(versions) })])
  if (typeof fingerprint !== 'object' || fingerprint === null || !Array.isArray(fingerprint.packs) || typeof fingerprint.id !== 'string')
    return E.left([issue('request/invalid', '', { expected: 'a policy fingerprint', received: showValue(fingerprint) })])
  let fallback: PackVersion[] | undefined = typeof options === 'object' && options !== null && options.bundled === false ? [] : undefined
  const chain: PackVersion[] = []
  for (const p of fingerprint.packs) {
    const match = (v: PackVersion): boolean => v.id === p.id && v.version === p.version && v.hash === p.hash
    const found = versions.find(match) ?? (fallback ??= bundledVersions()).find(match)
    if (found === undefined)
      return E.left([issue('record/unknown-pack', '', { received: `${String(p.id)}${p.version !== undefined ? `@${String(p.version)}` : ''}`, expected: String(p.hash).slice(0, 12) })])
    chain.push(found)
  }
  const policy = compileChain(chain, fingerprint.id)
  if (E.isLeft(policy)) return policy
  if (policy.right.fingerprint.hash !== fingerprint.hash) {
    const show = (f: PolicyFingerprint): string => `${f.id} (policy #${String(f.hash).slice(0, 12)})`
    return E.left([issue('record/policy-mismatch', '/policy/hash', { params: { recorded: show(fingerprint), current: show(policy.right.fingerprint) } })])
  }
  return policy
}

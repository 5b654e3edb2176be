import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

// The advisory service cannot be reached from here (`npm audit` answers 405), so this test reads
// the installed tree itself: every runtime dependency of zhunru, followed transitively through
// `dependencies` as Node resolves them, checked against the advisories listed below. The check is
// a pure function over [{name, version}], so it is tested on a fake tree too.
//
// To add an advisory: append it to ADVISORIES with the first fixed version, and list the package
// in docs/security.md.

/** An installed package. */
export interface Installed {
  readonly name: string
  readonly version: string
  /** the chain of packages that brought it in, from zhunru */
  readonly via?: readonly string[]
}

/** A known advisory: versions below `fixed` (within `from` and above, if given) are affected. */
export interface Advisory {
  readonly name: string
  readonly id: string
  readonly fixed: string
  readonly from?: string
  readonly summary: string
}

/** Advisories documented for zhunru's runtime dependencies (see docs/security.md). */
export const ADVISORIES: readonly Advisory[] = [
  { name: 'jsonpath-plus', id: 'CVE-2024-21534 (GHSA-pppg-cpfq-h7wr)', fixed: '10.0.7', summary: 'remote code execution through JSONPath filter scripts (vm)' },
  { name: 'jsonpath-plus', id: 'CVE-2025-1302 (GHSA-hw8r-x6gr-5gjp)', fixed: '10.3.0', summary: 'remote code execution through safe-eval with non-string property names' },
  { name: 'jsonpath-plus', id: 'jsonpath-plus 10.4.0 fix(eval)', fixed: '10.4.0', summary: 'remote code execution through __lookupGetter__ / __lookupSetter__ in safe-eval' },
  { name: 'ajv', id: 'CVE-2020-15366 (GHSA-v88g-cgmw-v5xw)', fixed: '6.12.3', summary: 'prototype pollution through a crafted JSON Schema' },
  { name: 'yaml', id: 'CVE-2023-2251 (GHSA-f9xv-q969-pqx4)', fixed: '2.2.2', from: '2.0.0-5', summary: 'uncaught exception from parseDocument on crafted input (denial of service)' },
]

type Version = { nums: number[]; pre: string | undefined }
const parse = (v: string): Version => {
  const m = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?/.exec(v.trim())
  if (m === null) return { nums: [0, 0, 0], pre: 'unparsable' }
  return { nums: [Number(m[1]), Number(m[2]), Number(m[3])], pre: m[4] }
}

/** Compare two versions (x.y.z with an optional pre-release, which sorts before its release). */
export const compareVersions = (a: string, b: string): number => {
  const x = parse(a)
  const y = parse(b)
  for (let i = 0; i < 3; i++) if ((x.nums[i] as number) !== (y.nums[i] as number)) return (x.nums[i] as number) - (y.nums[i] as number)
  if (x.pre === y.pre) return 0
  if (x.pre === undefined) return 1
  if (y.pre === undefined) return -1
  const xs = x.pre.split('.')
  const ys = y.pre.split('.')
  for (let i = 0; i < Math.max(xs.length, ys.length); i++) {
    const p = xs[i]
    const q = ys[i]
    if (p === undefined) return -1
    if (q === undefined) return 1
    if (p === q) continue
    const pn = /^\d+$/.test(p)
    const qn = /^\d+$/.test(q)
    if (pn && qn) return Number(p) - Number(q)
    if (pn !== qn) return pn ? -1 : 1
    return p < q ? -1 : 1
  }
  return 0
}

/** The packages of `tree` affected by an advisory, with the advisory. Pure. */
export const vulnerable = (tree: readonly Installed[], advisories: readonly Advisory[] = ADVISORIES): { pkg: Installed; advisory: Advisory }[] =>
  tree.flatMap((pkg) =>
    advisories
      .filter((a) => a.name === pkg.name && compareVersions(pkg.version, a.fixed) < 0 && (a.from === undefined || compareVersions(pkg.version, a.from) >= 0))
      .map((advisory) => ({ pkg, advisory })),
  )

type Manifest = { name?: string; version?: string; dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> }
const readJson = (file: string): Manifest => JSON.parse(readFileSync(file, 'utf8')) as Manifest

/** Where Node finds `name` when `fromDir` requires it: the nearest node_modules upwards. */
const locate = (name: string, fromDir: string): string | undefined => {
  let dir = fromDir
  for (;;) {
    const candidate = join(dir, 'node_modules', name, 'package.json')
    if (existsSync(candidate)) return candidate
    const up = dirname(dir)
    if (up === dir) return undefined
    dir = up
  }
}

/**
 * The installed runtime tree of the package at `root`: its `dependencies`, and theirs,
 * transitively, each resolved as Node would resolve it. Missing packages are reported with
 * version `missing`.
 */
export const installedRuntimeTree = (root: string): Installed[] => {
  const out = new Map<string, Installed>()
  const walk = (dir: string, via: readonly string[]): void => {
    const manifest = readJson(join(dir, 'package.json'))
    const deps = { ...(manifest.dependencies ?? {}), ...(manifest.optionalDependencies ?? {}) }
    for (const name of Object.keys(deps).sort()) {
      const file = locate(name, dir)
      if (file === undefined) {
        out.set(`${name}@missing`, { name, version: 'missing', via })
        continue
      }
      const m = readJson(file)
      const key = `${dirname(file)}`
      if (out.has(key)) continue
      out.set(key, { name, version: m.version ?? '0.0.0', via })
      walk(dirname(file), [...via, name])
    }
  }
  walk(resolve(root), ['zhunru'])
  return [...out.values()]
}

describe('the dependency check', () => {
  it('compares versions as semver does', () => {
    expect(compareVersions('10.3.0', '10.4.0')).toBeLessThan(0)
    expect(compareVersions('10.4.0', '10.4.0')).toBe(0)
    expect(compareVersions('10.10.0', '10.4.0')).toBeGreaterThan(0)
    expect(compareVersions('2.0.0-5', '2.2.2')).toBeLessThan(0)
    expect(compareVersions('2.0.0-5', '2.0.0')).toBeLessThan(0)
    expect(compareVersions('2.0.0-4', '2.0.0-5')).toBeLessThan(0)
    expect(compareVersions('2.0.0-rc.1', '2.0.0-5')).toBeGreaterThan(0)
    expect(compareVersions('11.0.0', '10.4.0')).toBeGreaterThan(0)
  })

  it('fails a tree with jsonpath-plus forced to 10.3.0 (and names the advisory)', () => {
    const fake: Installed[] = [
      { name: 'json-rules-engine', version: '7.3.1' },
      { name: 'jsonpath-plus', version: '10.3.0', via: ['zhunru', 'json-rules-engine'] },
      { name: 'yaml', version: '2.9.1' },
    ]
    expect(vulnerable(fake).map((v) => `${v.pkg.name}@${v.pkg.version} ${v.advisory.id}`)).toEqual(['jsonpath-plus@10.3.0 jsonpath-plus 10.4.0 fix(eval)'])
    expect(vulnerable([{ name: 'jsonpath-plus', version: '10.0.0' }]).map((v) => v.advisory.fixed)).toEqual(['10.0.7', '10.3.0', '10.4.0'])
    expect(vulnerable([{ name: 'jsonpath-plus', version: '10.4.0' }, { name: 'jsonpath-plus', version: '11.0.0' }])).toEqual([])
  })

  it('knows the yaml advisory range (2.0.0-5 up to 2.2.2)', () => {
    expect(vulnerable([{ name: 'yaml', version: '2.2.1' }])).toHaveLength(1)
    expect(vulnerable([{ name: 'yaml', version: '2.2.2' }])).toHaveLength(0)
    expect(vulnerable([{ name: 'yaml', version: '1.10.2' }])).toHaveLength(0)
  })

  it('reads a tree: every runtime dependency of package.json is found, and its own dependencies', () => {
    const tree = installedRuntimeTree('.')
    const names = new Set(tree.map((p) => p.name))
    const declared = Object.keys(readJson('package.json').dependencies ?? {})
    expect(declared.length).toBeGreaterThan(0)
    for (const d of declared) expect(names.has(d), d).toBe(true)
    for (const transitive of ['jsonpath-plus', 'clone', 'eventemitter2', 'hash-it']) expect(names.has(transitive), transitive).toBe(true)
    expect(tree.filter((p) => p.version === 'missing')).toEqual([])
    expect(tree.find((p) => p.name === 'jsonpath-plus')?.via).toEqual(['zhunru', 'json-rules-engine'])
  })
})

describe('the installed tree', () => {
  it('has no runtime dependency below the first fixed version of a known advisory', () => {
    const found = vulnerable(installedRuntimeTree('.'))
    expect(found.map((v) => `${v.pkg.name}@${v.pkg.version} (via ${(v.pkg.via ?? []).join(' > ')}): ${v.advisory.id}, fixed in ${v.advisory.fixed}: ${v.advisory.summary}`)).toEqual([])
  })
})

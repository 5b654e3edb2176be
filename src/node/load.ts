import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as E from 'fp-ts/lib/Either.js'
import { compile, type CompilePacksOptions, type PackSource } from '../load/compile-packs'
import type { CompiledPolicy } from '../compile/compile'
import { parseText } from '../decode/parse-text'
import { issue, type Issue } from '../issues/issue'
import { readTextFile } from './read-text'

/**
 * Loading packs and case files from disk (Node only; the core never touches the file system).
 *
 * @module
 */

/** The folder of the packs shipped with zhunru. @since 0.1.0 */
export const bundledRulesDir = (): string => {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'rules')
    if (existsSync(join(candidate, 'cn-shandong'))) return candidate
    dir = dirname(dir)
  }
  return resolve('rules')
}

/** The pack file of a pack folder (pack.yaml, pack.yml or pack.json). @since 0.1.0 */
export const packFileIn = (dir: string): string | undefined =>
  ['pack.yaml', 'pack.yml', 'pack.json'].map((f) => join(dir, f)).find((f) => existsSync(f))

/**
 * Read a pack file as a source (text and file name).
 *
 * @since 0.1.0
 */
export const readPackSource = (file: string): E.Either<Issue[], PackSource> => {
  // bounded (an endless file such as /dev/zero is load/too-large), BOM dropped, strict UTF-8
  const text = readTextFile(file)
  return E.isLeft(text) ? text : E.right({ text: text.right, file })
}

// a dangling link or a link loop is skipped, never thrown
const safeStat = (p: string): ReturnType<typeof statSync> | undefined => {
  try {
    return statSync(p)
  } catch {
    return undefined
  }
}

/**
 * The real path of a file or folder (links resolved), or undefined when it cannot be resolved.
 * Walks enter each real folder once (a set of these), so link loops end and nothing is counted
 * twice.
 *
 * @since 0.1.0
 */
export const realPathOf = (p: string): string | undefined => {
  try {
    return realpathSync(p)
  } catch {
    return undefined
  }
}

const packIdOf = (src: PackSource): { id?: string; extends?: string } => {
  const p = parseText(src.text ?? '', src.file !== undefined ? { file: src.file } : {})
  if (E.isLeft(p)) return {}
  const v = p.right.value as { id?: unknown; extends?: unknown } | null
  return {
    ...(typeof v?.id === 'string' ? { id: v.id } : {}),
    ...(typeof v?.extends === 'string' ? { extends: v.extends } : {}),
  }
}

/**
 * Every pack under a folder of packs (each in its own sub-folder), by id.
 *
 * @since 0.1.0
 */
export const scanPacks = (rulesDir: string): Map<string, PackSource> => {
  const out = new Map<string, PackSource>()
  if (!existsSync(rulesDir)) return out
  let names: string[] = []
  try {
    names = readdirSync(rulesDir).sort()
  } catch {
    return out
  }
  // a pack folder linked under two names is read once
  const seen = new Set<string>()
  for (const name of names) {
    const dir = join(rulesDir, name)
    if (safeStat(dir)?.isDirectory() !== true) continue
    const real = realPathOf(dir)
    if (real === undefined || seen.has(real)) continue
    seen.add(real)
    const file = packFileIn(dir)
    if (file === undefined) continue
    const src = readPackSource(file)
    if (E.isLeft(src)) continue
    const { id } = packIdOf(src.right)
    out.set(id ?? name, src.right)
  }
  return out
}

/**
 * The sources of a pack and every pack it extends, found by id or folder: a folder with a
 * `pack.yaml`, a pack file, or the id of a pack in `searchDirs` (the bundled packs by default).
 *
 * @since 0.1.0
 */
export const packChainSources = (
  idOrPath: string,
  searchDirs: readonly string[] = [bundledRulesDir()],
): E.Either<Issue[], { target: string; sources: PackSource[] }> => {
  let first: PackSource | undefined
  if (existsSync(idOrPath)) {
    const file = safeStat(idOrPath)?.isDirectory() === true ? packFileIn(idOrPath) : idOrPath
    if (file === undefined) return E.left([issue('load/not-found', '', { received: join(idOrPath, 'pack.yaml') })])
    const src = readPackSource(file)
    if (E.isLeft(src)) return src
    first = src.right
  }
  const known = new Map<string, PackSource>()
  for (const d of [...(first?.file ? [dirname(dirname(first.file))] : []), ...searchDirs])
    for (const [k, v] of scanPacks(d)) if (!known.has(k)) known.set(k, v)
  if (first === undefined) {
    first = known.get(idOrPath)
    if (first === undefined) return E.left([issue('load/not-found', '', { received: idOrPath })])
  }
  const sources: PackSource[] = [first]
  const head = packIdOf(first)
  let parent = head.extends
  const seen = new Set<string>([head.id ?? idOrPath])
  while (parent !== undefined && !seen.has(parent)) {
    seen.add(parent)
    const src = known.get(parent)
    if (src === undefined) break // resolve reports the unknown parent with its place
    sources.unshift(src)
    parent = packIdOf(src).extends
  }
  return E.right({ target: head.id ?? idOrPath, sources })
}

/**
 * Load and compile a pack by id or folder, with the packs it extends.
 *
 * @example
 * const policy = loadPolicy('cn-shandong') // Either<Issue[], CompiledPolicy>
 * @since 0.1.0
 */
export const loadPolicy = (
  idOrPath: string,
  options: CompilePacksOptions & { readonly searchDirs?: readonly string[] } = {},
): E.Either<Issue[], CompiledPolicy> => {
  const chain = packChainSources(idOrPath, options.searchDirs)
  if (E.isLeft(chain)) return chain
  return compile(chain.right.sources, { parse: parseText, ...options, target: options.target ?? chain.right.target })
}

/**
 * Read a YAML or JSON file into a value, with issues placed by line and column.
 *
 * @since 0.1.0
 */
export const readDataFile = (file: string): E.Either<Issue[], unknown> => {
  const text = readTextFile(file)
  if (E.isLeft(text)) return text
  const p = parseText(text.right, { file })
  return E.isLeft(p) ? p : E.right(p.right.value)
}

/**
 * Case files under folders: `*.cases.yaml`, `*.cases.json` and any YAML in a `cases/` folder.
 *
 * @since 0.1.0
 */
export const findCaseFiles = (dirs: readonly string[]): string[] => {
  const out: string[] = []
  // each real folder and file once: a link loop (`a -> .`) ends, a linked folder is not counted twice
  const seen = new Set<string>()
  const once = (p: string): boolean => {
    const real = realPathOf(p)
    if (real === undefined || seen.has(real)) return false
    seen.add(real)
    return true
  }
  const walk = (d: string, inCases: boolean, depth: number): void => {
    const st = safeStat(d)
    if (st === undefined || depth > 32 || !once(d)) return
    if (st.isFile()) {
      out.push(d)
      return
    }
    let names: string[] = []
    try {
      names = readdirSync(d).sort()
    } catch {
      return
    }
    for (const name of names) {
      const p = join(d, name)
      const ps = safeStat(p)
      if (ps === undefined) continue
      if (ps.isDirectory()) {
        if (name !== 'node_modules') walk(p, name === 'cases', depth + 1)
      } else if ((/\.cases\.(ya?ml|json)$/.test(name) || (inCases && /\.(ya?ml|json)$/.test(name))) && once(p)) out.push(p)
    }
  }
  for (const d of dirs) walk(d, false, 0)
  return [...new Set(out)]
}

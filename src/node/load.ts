import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs'
import { dirname, isAbsolute, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as E from 'fp-ts/lib/Either.js'
import { compile, type CompilePacksOptions, type PackSource } from '../load/compile-packs'
import { DEFAULT_LIMITS, type CompiledPolicy } from '../compile/compile'
import { parseText } from '../decode/parse-text'
import { issue, showValue, type Issue } from '../issues/issue'
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
  typeof dir === 'string' ? ['pack.yaml', 'pack.yml', 'pack.json'].map((f) => join(dir, f)).find((f) => existsSync(f)) : undefined

/**
 * Read a pack file as a source (text and file name).
 *
 * @since 0.1.0
 */
export const readPackSource = (file: string): E.Either<Issue[], PackSource> => {
  // a path only: a number would be read as a file descriptor (0 is standard input)
  if (typeof file !== 'string') return E.left([issue('load/not-found', '', { received: String(typeof file) })])
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

/** Every pack under a folder of packs (each in its own sub-folder), with every file that declares each id. */
const scanPackFiles = (rulesDir: string): Map<string, PackSource[]> => {
  const out = new Map<string, PackSource[]>()
  if (typeof rulesDir !== 'string' || !existsSync(rulesDir)) return out
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
    const src = readPackFile(file)
    if (E.isLeft(src)) continue
    const id = packIdOf(src.right).id ?? name
    out.set(id, [...(out.get(id) ?? []), src.right])
  }
  return out
}

/**
 * Every pack under a folder of packs (each in its own sub-folder), by id. When two files declare
 * one id, the first by folder name is kept here; {@link packChainSources} refuses such an id.
 *
 * @since 0.1.0
 */
export const scanPacks = (rulesDir: string): Map<string, PackSource> =>
  new Map([...scanPackFiles(rulesDir)].map(([id, srcs]) => [id, srcs[0] as PackSource]))

/**
 * Whether a pack reference is a path: `.`, `..`, anything with a `/` or `\\`, or a name ending in
 * `.yaml`, `.yml` or `.json`. Anything else is the id of a bundled pack, and never a folder of the
 * working directory (a folder that happens to be named `cn-shandong` changes nothing).
 *
 * @example
 * isPackPath('cn-shandong') // false: the bundled pack
 * isPackPath('./cn-shandong') // true: the folder
 * @since 0.1.0
 */
export const isPackPath = (ref: string): boolean =>
  typeof ref === 'string' &&
  (ref === '.' || ref === '..' || /[\\/]/.test(ref) || /\.(ya?ml|json)$/i.test(ref))

const real = (p: string): string => {
  try {
    return realpathSync(p)
  } catch {
    return resolve(p)
  }
}

/** Whether `p` is `dir` or inside it, by real paths (links followed). */
const isInside = (p: string, dir: string): boolean => {
  const rel = relative(real(dir), real(p))
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))
}

// the most a pack file may weigh before it is read: maxPackBytes characters, 4 bytes each at most
const MAX_PACK_FILE = DEFAULT_LIMITS.maxPackBytes * 4

/** Read a pack file only when it is a regular file of a sane size (not /dev/zero, a FIFO or a folder). */
const readPackFile = (file: string): E.Either<Issue[], PackSource> => {
  const st = safeStat(file)
  if (st === undefined || !st.isFile()) return E.left([issue('load/not-found', '', { received: file })])
  if (st.size > MAX_PACK_FILE)
    return E.left([issue('compile/limit', '', { file, received: String(st.size), expected: String(MAX_PACK_FILE), params: { limit: 'maxPackBytes' } })])
  return readPackSource(file)
}

/** Options of {@link packChainSources}. @since 0.1.0 */
export interface PackChainOptions {
  /**
   * a path reference must lie inside this folder (by real path): a case file's `pack:` under
   * `zhunru test`. Outside it, nothing is read and the result is `load/outside-folder`.
   */
  readonly within?: string
  /** a relative path reference is taken from this folder (default: the working directory) */
  readonly base?: string
}

/**
 * The sources of a pack and every pack it extends. `idOrPath` is the id of a pack in `searchDirs`
 * (the bundled packs by default), or a path (see {@link isPackPath}): a pack folder or a pack file.
 * The packs a path's pack extends are looked up by id among the folders beside its own folder and
 * in `searchDirs`. An id that two different files declare (two packs in one folder, or a local
 * pack that reuses a bundled id) is `load/duplicate-pack`, naming both files.
 *
 * @since 0.1.0
 */
/** The number of single-character edits between two strings (Levenshtein). */
const distance = (a: string, b: string): number => {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const next = [i]
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min((row[j] as number) + 1, (next[j - 1] as number) + 1, (row[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1))
    row = next
  }
  return row[b.length] as number
}

/**
 * A pack id that is not found, with the nearest known id when one is close (a typo:
 * `cn-shangdong → cn-shandong?`), or else the ids that are known, so that the message says what to
 * write instead. Written with symbols only, so that it reads the same in both languages.
 */
const withSuggestion = (id: string, known: readonly string[]): string => {
  const ids = [...new Set(known)].filter((k) => k !== '').sort()
  if (ids.length === 0 || id.length > 200) return id
  const scored = ids.map((k) => [k, distance(id.toLowerCase(), k.toLowerCase())] as const).sort((x, y) => x[1] - y[1])
  const [best, d] = scored[0] as readonly [string, number]
  if (d <= Math.max(2, Math.floor(best.length / 4))) return `${id} → ${best}?`
  return `${id} ∉ { ${ids.slice(0, 12).join(', ')}${ids.length > 12 ? ', …' : ''} }`
}

export const packChainSources = (
  idOrPath: string,
  searchDirs: readonly string[] = [bundledRulesDir()],
  chainOptions: PackChainOptions = {},
): E.Either<Issue[], { target: string; sources: PackSource[] }> => {
  const options: PackChainOptions = typeof chainOptions === 'object' && chainOptions !== null ? chainOptions : {}
  if (!Array.isArray(searchDirs) || !searchDirs.every((d) => typeof d === 'string')) searchDirs = [bundledRulesDir()]
  if (typeof options.base !== 'string' && options.base !== undefined) return E.left([issue('load/not-found', '', { received: 'base' })])
  if (typeof options.within !== 'string' && options.within !== undefined) return E.left([issue('load/not-found', '', { received: 'within' })])
  if (typeof idOrPath !== 'string' || idOrPath === '') return E.left([issue('load/not-found', '', { received: showValue(idOrPath) })])
  let first: PackSource | undefined
  const scan: string[] = []
  if (isPackPath(idOrPath)) {
    const p = resolve(options.base ?? '.', idOrPath)
    if (options.within !== undefined && !isInside(p, options.within))
      return E.left([issue('load/outside-folder', '', { received: idOrPath, expected: options.within })])
    const file = safeStat(p)?.isDirectory() === true ? packFileIn(p) : p
    if (file === undefined) return E.left([issue('load/not-found', '', { received: join(idOrPath, 'pack.yaml') })])
    if (options.within !== undefined && !isInside(file, options.within))
      return E.left([issue('load/outside-folder', '', { received: idOrPath, expected: options.within })])
    const src = readPackFile(file)
    if (E.isLeft(src)) return src
    first = src.right
    // its parents may sit beside its folder (a folder of packs), within the folder under test
    const siblings = dirname(dirname(file))
    if (options.within === undefined || isInside(siblings, options.within)) scan.push(siblings)
  }
  // every pack of the folders searched, by id, with every file that declares it
  const declared = new Map<string, Map<string, PackSource>>()
  const add = (id: string, src: PackSource): void => {
    const files = declared.get(id) ?? new Map<string, PackSource>()
    files.set(real(src.file ?? ''), src)
    declared.set(id, files)
  }
  for (const d of [...new Set([...scan, ...searchDirs].map((x) => real(x)))]) for (const [id, srcs] of scanPackFiles(d)) for (const src of srcs) add(id, src)
  const headId = first !== undefined ? packIdOf(first).id : idOrPath
  if (first !== undefined && headId !== undefined) add(headId, first)
  const one = (id: string): E.Either<Issue[], PackSource | undefined> => {
    const files = [...(declared.get(id)?.values() ?? [])]
    if (files.length > 1)
      return E.left([issue('load/duplicate-pack', '', { received: JSON.stringify(id), params: { first: files[0]?.file ?? '', second: files[1]?.file ?? '' } })])
    return E.right(files[0])
  }
  if (first === undefined) {
    const found = one(idOrPath)
    if (E.isLeft(found)) return found
    first = found.right
    if (first === undefined) return E.left([issue('load/not-found', '', { received: withSuggestion(idOrPath, [...declared.keys()]) })])
  } else if (headId !== undefined) {
    const same = one(headId)
    if (E.isLeft(same)) return same
  }
  const sources: PackSource[] = [first]
  const head = packIdOf(first)
  let parent = head.extends
  const seen = new Set<string>([head.id ?? idOrPath])
  while (parent !== undefined && !seen.has(parent)) {
    seen.add(parent)
    const found = one(parent)
    if (E.isLeft(found)) return found
    const src = found.right
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
  loadOptions: CompilePacksOptions & PackChainOptions & { readonly searchDirs?: readonly string[] } = {},
): E.Either<Issue[], CompiledPolicy> => {
  const options = typeof loadOptions === 'object' && loadOptions !== null ? loadOptions : {}
  const chain = packChainSources(idOrPath, options.searchDirs, options)
  if (E.isLeft(chain)) return chain
  return compile(chain.right.sources, { parse: parseText, ...options, target: options.target ?? chain.right.target })
}

/**
 * Read a YAML or JSON file into a value, with issues placed by line and column.
 *
 * @since 0.1.0
 */
export const readDataFile = (file: string): E.Either<Issue[], unknown> => {
  if (typeof file !== 'string') return E.left([issue('load/not-found', '', { received: String(typeof file) })])
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
export const findCaseFiles = (dirs: readonly string[]): string[] =>
  // paths only: anything else names no folder
  Array.isArray(dirs)
    ? walkFiles(
        dirs.filter((d): d is string => typeof d === 'string'),
        32,
        (name) => name !== 'node_modules',
        (name, inFolder) => /\.cases\.(ya?ml|json)$/.test(name) || (inFolder === 'cases' && /\.(ya?ml|json)$/.test(name)),
      )
    : []

/**
 * The files under folders that `take` wants, walking at most `maxDepth` folders down into those
 * `enter` allows (a file given directly is taken as is). Each real folder and file is visited once,
 * so a link loop (`a -> .`) ends and a linked folder is not counted twice. `take` is told the name
 * of the folder the file is in (none for the roots' own files).
 *
 * @example
 * walkFiles(['rules'], 6, (folder) => folder !== 'node_modules', (name) => name === 'pack.yaml')
 * @since 0.2.0
 */
export const walkFiles = (
  roots: readonly string[],
  maxDepth: number,
  enter: (folder: string) => boolean,
  take: (name: string, inFolder: string | undefined) => boolean,
): string[] => {
  if (!Array.isArray(roots) || typeof enter !== 'function' || typeof take !== 'function' || typeof maxDepth !== 'number') return []
  const out: string[] = []
  const seen = new Set<string>()
  const once = (p: string): boolean => {
    const real = realPathOf(p)
    if (real === undefined || seen.has(real)) return false
    seen.add(real)
    return true
  }
  const walk = (d: string, folder: string | undefined, depth: number): void => {
    const st = safeStat(d)
    if (st === undefined || depth > maxDepth || !once(d)) return
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
        if (enter(name)) walk(p, name, depth + 1)
      } else if (take(name, folder) && once(p)) out.push(p)
    }
  }
  for (const r of roots) if (typeof r === 'string') walk(r, undefined, 0)
  return [...new Set(out)]
}

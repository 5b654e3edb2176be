import * as E from 'fp-ts/lib/Either.js'
import { compilePolicy, DEFAULT_LIMITS, type CompiledPolicy, type CompileOptions } from '../compile/compile'
import { checkPolicy } from '../compile/check'
import { decodePack } from '../decode/decode-pack'
import type { Pack } from '../decode/pack-codec'
import { locate, type ParsedText, type Positions } from '../decode/locate'
import { parseJson } from '../decode/parse-json'
import { issue, sortIssues, type Issue } from '../issues/issue'
import { resolvePolicy, type DecodedPack } from '../resolve/resolve'

/**
 * The whole pipeline for packs: text or values in, one compiled policy out —
 * parse → decode → resolve layers → check → compile — with every issue of every stage reported
 * at once, each placed by file, JSON pointer, line and column. Nothing is half-loaded.
 *
 * @module
 */

/** A pack as text (YAML or JSON) or as an already-parsed value, with its file name. */
export interface PackSource {
  readonly text?: string
  readonly value?: unknown
  readonly file?: string
}

/** What {@link compile} takes: one pack, several (layers), as values, text or sources. */
export type PackInput = PackSource | string | Record<string, unknown>

/**
 * Turns pack text into a value with positions: `parseJson` (the core's default) or `parseText` (YAML).
 *
 * @example
 * const parse: TextParser = parseJson
 * compile({ text: '{"id":"demo"}' }, { parse })
 * @since 0.1.0
 */
export type TextParser = (text: string, options: { readonly file?: string }) => E.Either<Issue[], ParsedText>

/** Options of {@link compile}. @since 0.1.0 */
export interface CompilePacksOptions extends CompileOptions {
  /** how text sources are parsed: JSON by default; `parseText` (zhunru/text, zhunru/node) reads YAML */
  readonly parse?: TextParser
  /** the pack to compile when several are given (default: the one no other extends) */
  readonly target?: string
}

const validLimit = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= 1 ? v : undefined

const toSource = (p: PackInput): PackSource => {
  if (typeof p === 'string') return { text: p }
  if (typeof p === 'object' && p !== null && ('text' in p || 'value' in p) && !('id' in p)) return p as PackSource
  return { value: p }
}

/**
 * Compile one pack, or several that extend one another, into a policy to evaluate.
 *
 * @example
 * import { compile, evaluate } from 'zhunru'
 * const policy = compile([nationalYaml, shandongYaml]) // Either<Issue[], CompiledPolicy>
 * @since 0.1.0
 */
export const compile = (
  input: PackInput | readonly PackInput[],
  options: CompilePacksOptions = {},
): E.Either<Issue[], CompiledPolicy> => {
  try {
    return compileSources((Array.isArray(input) ? input : [input]).map(toSource), options)
  } catch (e) {
    return E.left([issue('schema/invalid', '', { expected: 'packs', received: e instanceof Error ? e.message : String(e) })])
  }
}

const compileSources = (
  sources: readonly PackSource[],
  options: CompilePacksOptions,
): E.Either<Issue[], CompiledPolicy> => {
  const issues: Issue[] = []
  const positions = new Map<string | undefined, Positions>()
  const decoded = new Map<string, DecodedPack>()
  let salvagedOnly = false
  // a pack that did not parse is missing from the chain: resolving without it would only add
  // false issues (its children's parent "not loaded"), so its syntax error is reported alone
  let unparsed = false
  const maxBytes = validLimit(options.limits?.maxPackBytes) ?? DEFAULT_LIMITS.maxPackBytes
  const maxNodes = validLimit(options.limits?.maxPackNodes) ?? DEFAULT_LIMITS.maxPackNodes
  for (const src of sources) {
    let value = src.value
    if (typeof src.text === 'string' && src.text.length > maxBytes) {
      issues.push(
        issue('compile/limit', '', {
          ...(src.file !== undefined ? { file: src.file } : {}),
          received: String(src.text.length),
          expected: String(maxBytes),
          params: { limit: 'maxPackBytes' },
        }),
      )
      salvagedOnly = true
      continue
    }
    if (src.text !== undefined) {
      const parsed = (options.parse ?? parseJson)(src.text, src.file !== undefined ? { file: src.file } : {})
      if (E.isLeft(parsed)) {
        issues.push(...parsed.left)
        salvagedOnly = true
        unparsed = true
        continue
      }
      value = parsed.right.value
      positions.set(src.file, parsed.right.positions)
    }
    const d = decodePack(value, { maxNodes })
    let pack: Pack | undefined
    let rulePointers: readonly string[] | undefined
    if (E.isLeft(d)) {
      issues.push(...locate(d.left.issues, positions.get(src.file), src.file))
      if (d.left.salvaged !== undefined) {
        const { rulePointers: rp, ...rest } = d.left.salvaged
        pack = rest
        rulePointers = rp
      }
      salvagedOnly = true
    } else pack = d.right
    if (pack === undefined) continue
    if (decoded.has(pack.id))
      issues.push(...locate([issue('compile/duplicate-id', '/id', { received: JSON.stringify(pack.id) })], positions.get(src.file), src.file))
    decoded.set(pack.id, {
      pack,
      ...(src.file !== undefined ? { file: src.file } : {}),
      ...(rulePointers !== undefined ? { rulePointers } : {}),
    })
  }
  const extended = new Set([...decoded.values()].flatMap((p) => (p.pack.extends ? [p.pack.extends] : [])))
  const leaves = [...decoded.keys()].filter((k) => !extended.has(k))
  const target = options.target ?? (leaves.length === 1 ? leaves[0] : [...decoded.keys()].pop())
  const finish = (more: readonly Issue[]): Issue[] =>
    sortIssues([...issues, ...more.map((i) => locate([i], positions.get(i.file), i.file)[0] as Issue)])
  if (target === undefined || unparsed)
    return E.left(finish(issues.length > 0 ? [] : [issue('schema/invalid', '', { expected: 'at least one pack', received: '[]' })]))
  const resolved = resolvePolicy(target, decoded)
  if (E.isLeft(resolved)) return E.left(finish(resolved.left))
  if (salvagedOnly) return E.left(finish(checkPolicy(resolved.right, options)))
  const compiled = compilePolicy(resolved.right, options)
  if (E.isLeft(compiled)) return E.left(finish(compiled.left))
  return issues.length > 0 ? E.left(finish([])) : compiled
}

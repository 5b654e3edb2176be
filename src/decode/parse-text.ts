import * as E from 'fp-ts/lib/Either.js'
import { Composer, isMap, isPair, isScalar, isSeq, LineCounter, Parser, YAMLParseError, type Document, type Node } from 'yaml'
import { issue, pointer, type Issue } from '../issues/issue'
import type { ParsedText } from './locate'

export { locate, type ParsedText, type Positions } from './locate'

const walk = (
  node: unknown,
  at: string,
  lc: LineCounter,
  out: Map<string, { line: number; column: number }>,
  depth: number,
): void => {
  if (depth > 2000) return
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair)) continue
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key)
      const here = pointer(at, key)
      const keyNode = pair.key as Node | null
      const start = keyNode?.range?.[0] ?? (pair.value as Node | null)?.range?.[0]
      if (start !== undefined) {
        const p = lc.linePos(start)
        out.set(here, { line: p.line, column: p.col })
      }
      walk(pair.value, here, lc, out, depth + 1)
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => {
      const here = pointer(at, i)
      const start = (item as Node | null)?.range?.[0]
      if (start !== undefined) {
        const p = lc.linePos(start)
        out.set(here, { line: p.line, column: p.col })
      }
      walk(item, here, lc, out, depth + 1)
    })
  }
}

/** How deep YAML or JSON text may nest (collections inside collections). @since 0.1.0 */
export const MAX_TEXT_NESTING = 400

type CstToken = { readonly type?: string; readonly offset?: number; readonly value?: unknown; readonly key?: unknown; readonly items?: readonly unknown[] }
const COLLECTIONS = new Set(['block-map', 'block-seq', 'flow-collection'])

/**
 * The first collection nested deeper than MAX_TEXT_NESTING in the parser's concrete syntax tree
 * (the yaml package's CST, which its Parser builds without recursion): block maps, block
 * sequences (`- - -` on one line too), complex keys (`? ? ?`) and flow collections alike. Walked
 * with a stack of our own, before the composer (which recurses once per level) sees the tokens.
 */
const tooDeep = (tokens: readonly unknown[]): { offset: number; depth: number } | undefined => {
  const stack: [unknown, number][] = tokens.map((t) => [t, 0])
  while (stack.length > 0) {
    const [node, d] = stack.pop() as [unknown, number]
    if (node === null || typeof node !== 'object') continue
    const t = node as CstToken
    let depth = d
    if (t.type !== undefined && COLLECTIONS.has(t.type)) {
      depth = d + 1
      if (depth > MAX_TEXT_NESTING) return { offset: t.offset ?? 0, depth }
    }
    if (t.type === 'document') stack.push([t.value, depth])
    if (Array.isArray(t.items))
      for (const item of t.items as CstToken[]) {
        // a block or flow item: { start, key?, sep?, value? }; a flow collection may also hold tokens
        if (item.key !== undefined) stack.push([item.key, depth])
        if (item.value !== undefined) stack.push([item.value, depth])
        if (item.type !== undefined) stack.push([item, depth])
      }
  }
  return undefined
}

/**
 * Parse YAML or JSON text into a plain value, keeping the line and column of every part.
 * Syntax errors and duplicate keys come back as issues with their place; nothing throws.
 *
 * @example
 * const r = parseText('id: demo\nrules: []\n', { file: 'pack.yaml' })
 * // Right({ value: { id: 'demo', rules: [] }, positions: Map { '/id' => {line:1,column:1}, ... } })
 * @since 0.1.0
 */
export const parseText = (
  text: string,
  options: { readonly file?: string; readonly format?: 'yaml' | 'json' } = {},
): E.Either<Issue[], ParsedText> => {
  if (typeof text !== 'string') return E.left([issue('yaml/syntax', '', { received: typeof text, expected: 'text' })])
  const lc = new LineCounter()
  const format =
    options.format ?? (options.file !== undefined && /\.json$/i.test(options.file) ? 'json' : 'yaml')
  let doc: Document.Parsed | undefined
  try {
    // parse to the CST, check its nesting, then compose those tokens (as parseDocument does)
    const tokens = [...new Parser(lc.addNewLine).parse(text)]
    const deep = tooDeep(tokens)
    if (deep !== undefined) {
      const p = lc.linePos(deep.offset)
      return E.left([
        issue('compile/limit', '', {
          file: options.file,
          line: p.line,
          column: p.col,
          received: String(deep.depth),
          expected: String(MAX_TEXT_NESTING),
          params: { limit: 'maxNesting' },
        }),
      ])
    }
    for (const d of new Composer({ uniqueKeys: true }).compose(tokens, true, text.length)) {
      if (doc === undefined) doc = d
      else {
        doc.errors.push(new YAMLParseError([d.range[0], d.range[1]], 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'))
        break
      }
    }
  } catch (e) {
    return E.left([
      issue(format === 'json' ? 'json/syntax' : 'yaml/syntax', '', {
        file: options.file,
        received: e instanceof Error ? e.message : String(e),
      }),
    ])
  }
  if (doc === undefined) return E.left([issue('yaml/syntax', '', { file: options.file, received: 'no document' })])
  if (doc.errors.length > 0) {
    return E.left(
      doc.errors.map((err) => {
        const p = lc.linePos(err.pos[0])
        const dup = err.code === 'DUPLICATE_KEY'
        return issue(dup ? 'yaml/duplicate-key' : format === 'json' ? 'json/syntax' : 'yaml/syntax', '', {
          file: options.file,
          line: p.line,
          column: p.col,
          received: dup ? text.slice(err.pos[0], Math.min(err.pos[1], err.pos[0] + 60)) : err.message.split('\n')[0],
        })
      }),
    )
  }
  let value: unknown
  try {
    value = doc.toJS({ maxAliasCount: 100 })
  } catch (e) {
    return E.left([
      issue('yaml/syntax', '', { file: options.file, received: e instanceof Error ? e.message : String(e) }),
    ])
  }
  const positions = new Map<string, { line: number; column: number }>()
  walk(doc.contents, '', lc, positions, 0)
  const start = (doc.contents as Node | null)?.range?.[0]
  if (start !== undefined) {
    const p = lc.linePos(start)
    positions.set('', { line: p.line, column: p.col })
  }
  return E.right({ value, positions, file: options.file })
}

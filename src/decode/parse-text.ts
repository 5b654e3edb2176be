import * as E from 'fp-ts/lib/Either.js'
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml'
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

/** How deep YAML or JSON text may nest (brackets, or indentation in columns). @since 0.1.0 */
export const MAX_TEXT_NESTING = 400

// the YAML parser recurses once per level: refuse absurd nesting before it overflows the stack
const tooDeep = (text: string): { line: number; depth: number } | undefined => {
  let depth = 0
  let line = 1
  let quote: string | undefined
  let lineStart = true
  let indent = 0
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (ch === '\n') {
      line++
      lineStart = true
      indent = 0
      continue
    }
    if (lineStart) {
      if (ch === ' ') {
        if (++indent > MAX_TEXT_NESTING * 2) return { line, depth: indent }
        continue
      }
      lineStart = false
    }
    if (quote !== undefined) {
      if (ch === '\\' && quote === '"') i++
      else if (ch === quote) quote = undefined
      continue
    }
    if (ch === '"' || ch === "'") quote = ch
    else if (ch === '#' && (i === 0 || text[i - 1] === ' ')) {
      const nl = text.indexOf('\n', i)
      i = nl < 0 ? text.length : nl - 1
    } else if (ch === '[' || ch === '{') {
      if (++depth > MAX_TEXT_NESTING) return { line, depth }
    } else if ((ch === ']' || ch === '}') && depth > 0) depth--
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
  const deep = tooDeep(text)
  if (deep !== undefined)
    return E.left([
      issue('compile/limit', '', {
        file: options.file,
        line: deep.line,
        column: 1,
        received: String(deep.depth),
        expected: String(MAX_TEXT_NESTING),
        params: { limit: 'maxNesting' },
      }),
    ])
  const lc = new LineCounter()
  const format =
    options.format ?? (options.file !== undefined && /\.json$/i.test(options.file) ? 'json' : 'yaml')
  let doc
  try {
    doc = parseDocument(text, { lineCounter: lc, uniqueKeys: true, prettyErrors: false })
  } catch (e) {
    return E.left([
      issue(format === 'json' ? 'json/syntax' : 'yaml/syntax', '', {
        file: options.file,
        received: e instanceof Error ? e.message : String(e),
      }),
    ])
  }
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

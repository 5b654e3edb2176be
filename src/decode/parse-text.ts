import * as E from 'fp-ts/lib/Either.js'
import { Composer, type CST, isMap, isPair, isScalar, isSeq, LineCounter, Parser, YAMLParseError, type Document, type Node } from 'yaml'
import { issue, pointer, type Issue } from '../issues/issue'
import type { ParsedText } from './locate'
import { yamlErrorText } from './yaml-errors'

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

type CstToken = { readonly type?: string; readonly offset?: number; readonly source?: string; readonly value?: unknown; readonly key?: unknown; readonly items?: readonly unknown[] }
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

type CstItem = { readonly start?: readonly CstToken[]; readonly key?: CstToken | null; readonly sep?: readonly CstToken[]; readonly value?: CstToken | null }
type CstFull = CstToken & { readonly start?: CstToken; readonly end?: readonly CstToken[] }
const BLANK = new Set(['space', 'newline', 'comment'])

/** Where an item of a block collection starts: its `-`, its key, or its value. */
const itemStart = (item: CstItem): number | undefined => {
  for (const t of [...(item.start ?? []), item.key, ...(item.sep ?? []), item.value])
    if (t !== null && t !== undefined && typeof t.offset === 'number' && !BLANK.has(String(t.type))) return t.offset
  return undefined
}

/** The block collections (with where each item starts) and the flow collections of a CST. */
const collectionsOf = (
  tokens: readonly unknown[],
): { blocks: { type: string; items: number[] }[]; flows: { offset: number; open: string; closed: boolean }[] } => {
  const blocks: { type: string; items: number[] }[] = []
  const flows: { offset: number; open: string; closed: boolean }[] = []
  const stack: unknown[] = [...tokens]
  while (stack.length > 0) {
    const node = stack.pop()
    if (node === null || typeof node !== 'object') continue
    const t = node as CstFull
    if (t.type === 'block-map' || t.type === 'block-seq')
      blocks.push({ type: t.type, items: ((t.items ?? []) as CstItem[]).flatMap((i) => { const o = itemStart(i); return o === undefined ? [] : [o] }) })
    if (t.type === 'flow-collection' && t.start !== undefined && typeof t.start.offset === 'number') {
      const open = String(t.start.source)
      const close = open === '[' ? ']' : '}'
      flows.push({ offset: t.start.offset, open, closed: (t.end ?? []).some((e) => e.source === close) })
    }
    if (t.type === 'document') stack.push(t.value)
    if (Array.isArray(t.items))
      for (const item of t.items as CstItem[]) {
        if (item.key !== undefined) stack.push(item.key)
        if (item.value !== undefined) stack.push(item.value)
        if ((item as CstToken).type !== undefined) stack.push(item)
      }
  }
  return { blocks, flows }
}

/**
 * The first syntax error of a text as one issue in plain words (zh-CN and en, from
 * yaml-errors.ts), at the line the slip is on. The parser goes on after its first error and
 * reports what follows from it (a cascade); only the first, by place in the text, is kept. Where
 * the parser notices a slip later than it happened, the place moves back to the slip: an unclosed
 * `{`/`[` is reported where it opens, and when only the first item of a list or mapping is out of
 * line with all the others, that item is named rather than the second.
 */
const syntaxIssue = (
  err: YAMLParseError,
  text: string,
  tokens: readonly unknown[],
  lc: LineCounter,
  format: 'yaml' | 'json',
  file: string | undefined,
): Issue => {
  const message = err.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? ''
  const dup = err.code === 'DUPLICATE_KEY'
  let at = err.pos[0]
  const fill: Record<string, string> = {}
  const { blocks, flows } = collectionsOf(tokens)
  if (/^Flow (map|sequence)/.test(message)) {
    const open = flows.filter((f) => !f.closed && f.offset <= at).sort((a, b) => b.offset - a.offset)[0]
    if (open !== undefined) at = open.offset
    fill.open = open?.open ?? (message.startsWith('Flow sequence') ? '[' : '{')
    fill.close = fill.open === '[' ? ']' : '}'
  } else if (err.code === 'BAD_INDENT' && / items must start at the same column/.test(message)) {
    const line = lc.linePos(at).line
    const type = message.startsWith('All sequence') ? 'block-seq' : 'block-map'
    const col = (o: number): number => lc.linePos(o).col
    for (const b of blocks) {
      if (b.type !== type || b.items.length < 2) continue
      const first = b.items[0] as number
      const flagged = b.items.find((o) => lc.linePos(o).line === line && col(o) !== col(first))
      if (flagged === undefined) continue
      // the parser may have taken the items after a slip as a list of their own, nested in the item
      const items = [...new Set([...b.items, ...blocks.filter((c) => c.type === type && c.items[0] === flagged).flatMap((c) => c.items)])].sort((x, y) => x - y)
      const rest = items.slice(1).map(col)
      // the first item alone out of line with two or more others that agree: the first is the slip
      if (rest.length >= 2 && rest.every((c) => c === rest[0]) && col(first) !== rest[0]) {
        at = first
        fill.got = String(col(first) - 1)
        fill.want = String((rest[0] as number) - 1)
      } else {
        at = flagged
        fill.got = String(col(flagged) - 1)
        fill.want = String(col(first) - 1)
      }
      break
    }
  }
  const p = lc.linePos(at)
  const place = { file, line: p.line, column: p.col }
  if (dup) return issue('yaml/duplicate-key', '', { ...place, received: text.slice(err.pos[0], Math.min(err.pos[1], err.pos[0] + 60)) })
  if (format === 'json') return issue('json/syntax', '', { ...place, received: message })
  const refined = yamlErrorText(err.code, message)
  const sub = (s: string): string => s.replace(/\{(got|want|open|close)\}/g, (whole, k: string) => fill[k] ?? whole)
  // a refined text needing values this place could not give falls back to the code's own text
  const chosen = /\{(got|want|open|close)\}/.test(sub(refined.zh)) ? yamlErrorText(err.code, '') : refined
  return issue('yaml/syntax', '', {
    ...place,
    received: message,
    params: { yaml: err.code, zh: sub(chosen.zh), zhHelp: sub(chosen.zhHelp), en: sub(chosen.en), enHelp: sub(chosen.enHelp) },
  })
}

/** A `yaml/syntax` issue for a failure that is not one of the parser's errors. */
const otherSyntax = (file: string | undefined, received: string): Issue => {
  const t = yamlErrorText('IMPOSSIBLE', '')
  return issue('yaml/syntax', '', { file, received, params: { yaml: 'IMPOSSIBLE', zh: t.zh, zhHelp: t.zhHelp, en: t.en, enHelp: t.enHelp } })
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
  if (typeof text !== 'string') return E.left([otherSyntax(undefined, typeof text)])
  const lc = new LineCounter()
  const format =
    options.format ?? (options.file !== undefined && /\.json$/i.test(options.file) ? 'json' : 'yaml')
  let doc: Document.Parsed | undefined
  let tokens: CST.Token[] = []
  try {
    // parse to the CST, check its nesting, then compose those tokens (as parseDocument does)
    tokens = [...new Parser(lc.addNewLine).parse(text)]
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
    const received = e instanceof Error ? e.message : String(e)
    return E.left([format === 'json' ? issue('json/syntax', '', { file: options.file, received }) : otherSyntax(options.file, received)])
  }
  if (doc === undefined) return E.left([otherSyntax(options.file, 'no document')])
  if (doc.errors.length > 0) {
    // the first slip only: what the parser reports after it mostly follows from it
    const first = [...doc.errors].sort((a, b) => a.pos[0] - b.pos[0])[0] as YAMLParseError
    try {
      return E.left([syntaxIssue(first, text, tokens, lc, format, options.file)])
    } catch {
      // placing the slip more precisely is a nicety: never a reason to throw
      const t = yamlErrorText(first.code, '')
      const p = lc.linePos(first.pos[0])
      return E.left([issue('yaml/syntax', '', { file: options.file, line: p.line, column: p.col, received: first.code, params: { yaml: first.code, zh: t.zh, zhHelp: t.zhHelp, en: t.en, enHelp: t.enHelp } })])
    }
  }
  let value: unknown
  try {
    value = doc.toJS({ maxAliasCount: 100 })
  } catch (e) {
    const t = yamlErrorText('RESOURCE_EXHAUSTION', '')
    const received = e instanceof Error ? e.message : String(e)
    return E.left([issue('yaml/syntax', '', { file: options.file, received, params: { yaml: 'RESOURCE_EXHAUSTION', zh: t.zh, zhHelp: t.zhHelp, en: t.en, enHelp: t.enHelp } })])
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

import type { Issue } from '../issues/issue'

/**
 * Placing issues in the text they are about: positions of a parsed document by JSON pointer, and
 * `locate`, which gives issues their line and column. No parser here, so that the browser core can
 * place issues without carrying a YAML parser.
 *
 * @module
 */

/**
 * Where each JSON pointer of a parsed document starts in the text (1-based line and column).
 *
 * @since 0.1.0
 */
export type Positions = ReadonlyMap<string, { readonly line: number; readonly column: number }>

/**
 * A document read from text: its plain value and where each part of it stands.
 *
 * @since 0.1.0
 */
export interface ParsedText {
  readonly value: unknown
  readonly positions: Positions
  readonly file?: string
}

/**
 * Give issues their file, line and column from the positions of the document they are about.
 * An issue whose exact pointer has no position takes the nearest enclosing one.
 *
 * @since 0.1.0
 */
export const locate = (
  issues: readonly Issue[],
  positions: Positions | undefined,
  file: string | undefined,
): Issue[] =>
  (Array.isArray(issues) ? issues : []).map((i) => {
    if (typeof i !== 'object' || i === null || typeof i.path !== 'string') return i
    if (i.line !== undefined && (i.file !== undefined || file === undefined)) return i
    let at = i.path
    const get = (k: string): { line: number; column: number } | undefined => (positions instanceof Map ? positions.get(k) : undefined)
    let pos = get(at)
    while (pos === undefined && at !== '') {
      at = at.slice(0, at.lastIndexOf('/'))
      pos = get(at)
    }
    return {
      ...i,
      ...(typeof file === 'string' && i.file === undefined ? { file } : {}),
      ...(pos !== undefined && i.line === undefined ? { line: pos.line, column: pos.column } : {}),
    }
  })

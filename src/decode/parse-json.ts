import * as E from 'fp-ts/lib/Either.js'
import { issue, type Issue } from '../issues/issue'
import type { ParsedText } from './locate'

/**
 * The browser core's text parser: JSON only, with the platform's `JSON.parse` (no YAML parser in
 * the core). Positions are not kept; YAML text, and line and column for every part, come from
 * `parseText` in `zhunru/text` (and `zhunru/node`).
 *
 * @example
 * parseJson('{"id":"demo"}') // Right({ value: { id: 'demo' }, positions: Map {} })
 * @since 0.1.0
 */
export const parseJson = (text: string, options: { readonly file?: string } = {}): E.Either<Issue[], ParsedText> => {
  try {
    return E.right({ value: JSON.parse(text) as unknown, positions: new Map(), ...(options.file !== undefined ? { file: options.file } : {}) })
  } catch (e) {
    return E.left([
      issue('json/syntax', '', {
        file: options.file,
        expected: 'JSON (YAML text needs parseText from zhunru/text or zhunru/node)',
        received: e instanceof Error ? e.message : String(e),
      }),
    ])
  }
}

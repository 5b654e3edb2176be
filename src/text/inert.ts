/**
 * Text from a request, an event or a file, made inert for text output: a value shown to a clerk
 * (an explanation, a decision message, the audit table, a malformed line's reason, an issue) can
 * neither forge a line, move the cursor, clear a terminal, nor reorder what follows it.
 *
 * Browser-safe (no Node API): the core, the CLI and portals use the same function.
 *
 * @module
 */

/**
 * The characters {@link inert} escapes: C0 controls (tab, newline and carriage return included),
 * DEL, C1 controls (U+0080–U+009F, among them the one-byte CSI U+009B), the line and paragraph
 * separators U+2028/U+2029 (line breaks to JavaScript and some viewers), and the bidirectional
 * marks, embeddings, overrides and isolates (U+061C, U+200E, U+200F, U+202A–U+202E,
 * U+2066–U+2069), which reorder the text around them.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\0-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' }

/**
 * `s` with every control character, line break and bidirectional control written as a visible
 * escape: `\n`, `\r`, `\t`, or `\uXXXX` (ESC is `\u001b`, U+202E is `\u202e`). Nothing is
 * deleted: the clerk sees that the value held such a character. Other text (Chinese, emoji,
 * backslashes) is unchanged. Any value is accepted: a non-string is shown with `String`.
 *
 * @example
 * inert('居住证明\n决定: 必须承接') // '居住证明\\n决定: 必须承接' (one line)
 * inert('\u001b[2J') // '\\u001b[2J'
 * @since 0.1.0
 */
export const inert = (s: unknown): string => {
  let text: string
  try {
    text = String(s)
  } catch {
    text = '[object]'
  }
  // most text has nothing to escape: searching is several times cheaper than replacing
  return text.search(UNSAFE) < 0 ? text : text.replace(UNSAFE, (c) => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

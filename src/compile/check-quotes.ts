import type { Citation } from '../decode/pack-codec'
import { issue, type Issue } from '../issues/issue'
import type { ResolvedPolicy } from '../resolve/resolve'
import { textOf } from './citation'

/**
 * Check every quote of a policy against the texts it comes from: the quote must be found,
 * character for character, in the part of the file its text names. The file system stays
 * outside: `read` gives a file's text by the path a document's text names (relative to the
 * project's `sources/` folder), or `undefined` when there is no such file.
 *
 * No normalisation of any kind: the files keep the punctuation of the copies they were made
 * from (half-width commas in the national texts, pinyin glosses in Shandong's), and so do the
 * quotes.
 *
 * @module
 */

/** The part of a file a text names: from the line that starts with `part` to the next line of `=` signs. @since 0.2.0 */
export const partOf = (file: string, part: string | undefined): string | undefined => {
  if (part === undefined) return file
  const lines = file.split('\n')
  const start = lines.findIndex((l) => l.startsWith(part))
  if (start < 0) return undefined
  const rest = lines.slice(start + 1)
  const end = rest.findIndex((l) => /^={5,}\s*$/.test(l))
  return (end < 0 ? rest : rest.slice(0, end)).join('\n')
}

interface Quoted {
  readonly at: string
  readonly file?: string
  readonly citation: Citation
}

/**
 * Every quote of the rules, caps, lists, parameters and the service catalogue not found verbatim in
 * its text, as `compile/bad-citation` issues (empty when all are found). Citations of provenance
 * `reading` have no quote and are not checked here.
 *
 * @example
 * checkQuotes(resolved, (f) => readFileSync(join('sources', f), 'utf8'))
 * @since 0.2.0
 */
export const checkQuotes = (policy: ResolvedPolicy, read: (file: string) => string | undefined): Issue[] => {
  const fileOf = new Map(policy.chain.map((p) => [p.pack.id, p.file]))
  const quoted: Quoted[] = [
    ...policy.rules.map((r) => ({ at: `rule ${r.rule.id}`, file: fileOf.get(r.pack), citation: r.rule.citation })),
    ...[...policy.caps.values()].flatMap((c) => (c.value.citation ? [{ at: `cap ${c.id}`, file: fileOf.get(c.pack), citation: c.value.citation }] : [])),
    ...[...policy.lists.values()].flatMap((l) => (l.def.citation ? [{ at: `list ${l.id}`, file: fileOf.get(l.pack), citation: l.def.citation }] : [])),
    ...[...policy.params.values()].flatMap((x) => (x.value.citation ? [{ at: `param ${x.id}`, file: fileOf.get(x.pack), citation: x.value.citation }] : [])),
    ...(policy.catalogue?.citation ? [{ at: 'catalogue', file: fileOf.get(policy.catalogue.pack), citation: policy.catalogue.citation }] : []),
  ]
  const texts = new Map<string, string | undefined>()
  const textFor = (file: string, part: string | undefined): string | undefined => {
    const key = `${file}\u0000${part ?? ''}`
    if (!texts.has(key)) {
      const whole = read(file)
      texts.set(key, whole === undefined ? undefined : partOf(whole.replace(/\r\n?/g, '\n'), part))
    }
    return texts.get(key)
  }
  const out: Issue[] = []
  for (const q of quoted) {
    const c = q.citation
    if (c.quote === undefined) continue
    const doc = policy.documents.get(c.source)
    const text = doc === undefined ? undefined : textOf(doc, c)
    if (doc === undefined || text === undefined || text.file === undefined) continue // checkPolicy reports these; no file, nothing to check
    const body = textFor(text.file, text.part)
    const where = { ...(q.file !== undefined ? { file: q.file } : {}) }
    if (body === undefined)
      out.push(issue('compile/bad-citation', '', { ...where, received: `${q.at}: ${text.file}${text.part ? ` (${text.part})` : ''} not found`, expected: 'sources/ 中的文件，写了 part 的，文件中要有以它开头的一行 / a file in sources/ and, if part is given, a line starting with it' }))
    else if (!body.includes(c.quote))
      out.push(issue('compile/bad-citation', '', { ...where, received: `${q.at}: quote not found verbatim in ${text.file}${text.part ? ` (${text.part})` : ''}: ${c.quote}`, expected: '逐字照抄文件中的文字（含标点和注音） / the words copied exactly from the file' }))
  }
  return out
}

import type { Citation, DocumentRef, Localized, Provenance, SourceText } from '../decode/pack-codec'

/**
 * A citation as a decision carries it: what the pack wrote, with what a reader needs beside it,
 * resolved once at compile time: the document's title and number, what kind of text the words
 * come from (the official text, a report of it, or the pack's own reading), where that text was
 * published, and the quote as a reader should see it.
 *
 * @module
 */

/**
 * The document a citation names, as a reader needs it.
 *
 * @example
 * const doc: CitedDocument = decision.decidedBy.citation.document
 * doc.title // '关于进一步开展社区减负工作的通知'
 * @since 0.2.0
 */
export interface CitedDocument {
  readonly id: string
  readonly title: string
  readonly number?: string
  readonly issuer?: string
  readonly date?: string
}

/**
 * The text of the document a quote was taken from.
 *
 * @example
 * const text: CitedText | undefined = decision.decidedBy.citation.textInfo
 * text?.url // where the quoted text was published
 * @since 0.2.0
 */
export interface CitedText {
  readonly id: string
  /** the copy in the project's `sources/` folder the quote is checked against */
  readonly file?: string
  readonly publishedIn?: string
  readonly url?: string
  readonly date?: string
}

/**
 * A resolved citation: the pack's citation plus its provenance, its document and its text.
 * `quote` is verbatim (as in the file, pinyin glosses and all); `readable` is the same words as a
 * reader should see them. A citation of provenance `reading` has no quote: `reading` holds the
 * pack's own words.
 *
 * @example
 * const c: Cited = decision.decidedBy.citation
 * c.provenance // 'official' | 'secondary' | 'reading'
 * @since 0.2.0
 */
export interface Cited extends Citation {
  readonly provenance: Provenance
  readonly document: CitedDocument
  readonly text?: string
  readonly textInfo?: CitedText
  readonly readable?: string
  readonly reading?: Localized
}

/**
 * A quote as a clerk reads it: some source files carry pinyin glosses after characters
 * (`社區(qū)`), which the citation keeps verbatim and the reader's copy leaves out.
 *
 * @example
 * readableQuote('社區(qū)居民委員會') // '社區居民委員會'
 * @since 0.1.0
 */
export const readableQuote = (quote: string): string =>
  typeof quote === 'string' ? quote.replace(/\([a-z\u00e0-\u01dc]{1,8}\)/g, '') : ''

/** The texts of a document: its `texts`, or the one it gives in short. @since 0.2.0 */
export const textsOf = (doc: DocumentRef): readonly SourceText[] =>
  doc.texts ??
  (doc.provenance === undefined
    ? []
    : [
        {
          id: 'text',
          provenance: doc.provenance,
          ...(doc.file !== undefined ? { file: doc.file } : {}),
          ...(doc.publishedIn !== undefined ? { publishedIn: doc.publishedIn } : {}),
          ...(doc.url !== undefined ? { url: doc.url } : {}),
        },
      ])

/** The text a citation quotes: the one it names, or the document's only text. @since 0.2.0 */
export const textOf = (doc: DocumentRef, c: Citation): SourceText | undefined => {
  const texts = textsOf(doc)
  if (c.text !== undefined) return texts.find((t) => t.id === c.text)
  return texts.length === 1 ? texts[0] : undefined
}

/**
 * Resolve a citation against the documents of its policy. Checks live in `checkPolicy`; here a
 * missing document or text only leaves those parts out.
 *
 * @since 0.2.0
 */
export const resolveCitation = (c: Citation, documents: ReadonlyMap<string, DocumentRef>): Cited => {
  const doc = documents.get(c.source)
  const text = doc === undefined ? undefined : textOf(doc, c)
  const provenance: Provenance = c.quote === undefined ? 'reading' : (text?.provenance ?? 'secondary')
  const document: CitedDocument =
    doc === undefined
      ? { id: c.source, title: c.source }
      : {
          id: doc.id,
          title: doc.title,
          ...(doc.number !== undefined ? { number: doc.number } : {}),
          ...(doc.issuer !== undefined ? { issuer: doc.issuer } : {}),
          ...(doc.date !== undefined ? { date: doc.date } : {}),
        }
  return {
    ...c,
    provenance,
    document,
    ...(text !== undefined
      ? {
          text: text.id,
          textInfo: {
            id: text.id,
            ...(text.file !== undefined ? { file: text.file } : {}),
            ...(text.publishedIn !== undefined ? { publishedIn: text.publishedIn } : {}),
            ...(text.url !== undefined ? { url: text.url } : {}),
            ...(text.date !== undefined ? { date: text.date } : {}),
          },
        }
      : {}),
    ...(c.quote !== undefined ? { readable: readableQuote(c.quote) } : {}),
  }
}

import * as t from 'io-ts'
import { Condition, TopCondition } from './condition-codec'

/**
 * The io-ts codecs of a rule pack: the one source of truth for the pack format. The JSON Schema
 * for editors is generated from these, and `docs/pack-format.md` describes them.
 *
 * @module
 */

/** A calendar date `YYYY-MM-DD` (checked for reality by compile). @since 0.1.0 */
export const LocalDateString = t.string

/** Text in both languages. @since 0.1.0 */
export interface Localized {
  readonly 'zh-CN': string
  readonly en: string
}

const LOCALIZED_PARTS = [t.type({ 'zh-CN': t.string }), t.partial({ en: t.string })] as const
const localizedIn = t.intersection([...LOCALIZED_PARTS])

/**
 * Text in Chinese and, optionally, English: a pack may leave `en` out (`zhunru lint` warns,
 * `lint/missing-english`); decoding fills it from `zh-CN`, so the decoded and compiled forms
 * always carry both and an English explanation shows the Chinese text. An intersection codec
 * still, so that schemas and unknown-field checks see its two fields.
 *
 * @since 0.1.0
 */
export const Localized: t.Type<Localized, unknown, unknown> = new t.IntersectionType(
  'Localized',
  (u: unknown): u is Localized => localizedIn.is(u) && typeof (u as { en?: unknown }).en === 'string',
  (u, c) => {
    const r = localizedIn.validate(u, c)
    if (r._tag === 'Left') return r
    return t.success({ ...r.right, en: r.right.en ?? r.right['zh-CN'] })
  },
  (a) => a,
  [...LOCALIZED_PARTS],
) as unknown as t.Type<Localized, unknown, unknown>

/** The outcomes, strongest first. @since 0.1.0 */
export const Outcome = t.keyof(
  { forbidden: null, refusable: null, required: null, permitted: null },
  'Outcome',
)
export type Outcome = t.TypeOf<typeof Outcome>

/**
 * Where a rule comes from: the document, the article or paragraph, and either the words quoted
 * verbatim from one of the document's texts (`quote`, with `text` naming which text when the
 * document has more than one), or the pack's own reading of the document, in its own words and
 * without quote marks (`reading`). What kind of text a quote comes from (the official text, or a
 * report of it) is said by the text it names: see {@link SourceText}.
 *
 * @since 0.1.0
 */
export const Citation = t.intersection(
  [
    t.type({ source: t.string, article: t.string }),
    t.partial({ quote: t.string, text: t.string, reading: Localized, note: Localized }),
  ],
  'Citation',
)
export type Citation = t.TypeOf<typeof Citation>

/**
 * What kind of text a citation rests on.
 *
 * @example
 * const p: Provenance = 'official' // or 'secondary' (a report), 'reading' (the pack's own words)
 * @since 0.2.0
 */
export const Provenance = t.keyof({ official: null, secondary: null, reading: null }, 'Provenance')
export type Provenance = t.TypeOf<typeof Provenance>

/**
 * One text of a document that a pack quotes: the official text (`official`: the document's own
 * words, as published where `publishedIn`/`url` say), or a secondary source (`secondary`: a news
 * report or summary that reports the document's content). `file` is the copy kept in the
 * project's `sources/` folder, against which every quote is checked verbatim; `part`, when
 * given, is the first words of the line that opens the part of the file holding this text (the
 * part runs to the next line of `=` signs), so that a quote from a report is never taken for the
 * official words printed in the same file.
 *
 * @example
 * const t: SourceText = { id: 'official', provenance: 'official', file: 'national/mfa-2015-136.txt', part: 'A. Official text' }
 * @since 0.2.0
 */
export const SourceText = t.intersection(
  [
    t.type({ id: t.string, provenance: t.keyof({ official: null, secondary: null }) }),
    t.partial({ file: t.string, part: t.string, publishedIn: t.string, url: t.string, date: LocalDateString, note: t.string }),
  ],
  'SourceText',
)
export type SourceText = t.TypeOf<typeof SourceText>

/**
 * A document a pack cites, with the texts of it the project keeps (`texts`). A document with a
 * single text may give it in short, on the document itself: `provenance`, `file`, `publishedIn`,
 * `url` (its text is then called `text`).
 *
 * @example
 * const d: DocumentRef = { id: 'doc', title: '某区社区工作准入办法', provenance: 'official', publishedIn: '某区人民政府网站' }
 * @since 0.2.0
 */
export const DocumentRef = t.intersection(
  [
    t.type({ id: t.string, title: t.string }),
    t.partial({
      kind: t.keyof({ source: null, national: null, local: null }),
      number: t.string,
      issuer: t.string,
      date: LocalDateString,
      note: t.string,
      texts: t.array(SourceText),
      provenance: t.keyof({ official: null, secondary: null }),
      file: t.string,
      publishedIn: t.string,
      url: t.string,
    }),
  ],
  'Document',
)
export type DocumentRef = t.TypeOf<typeof DocumentRef>

/** The period something is in force; either end may be open. Both ends are inclusive. */
export const Period = t.partial({ from: LocalDateString, until: LocalDateString }, 'Period')
export type Period = t.TypeOf<typeof Period>

/** A list item: a plain id, or an object with an id, its names and its period. @since 0.1.0 */
export const ListItem = t.union(
  [
    t.string,
    t.intersection([
      t.type({ id: t.string }),
      t.partial({
        name: t.string,
        en: t.string,
        aliases: t.array(t.string),
        from: LocalDateString,
        until: LocalDateString,
        note: t.string,
      }),
    ]),
  ],
  'ListItem',
)
export type ListItem = t.TypeOf<typeof ListItem>

/** A named list: duties, assist items, certificate kinds, negative list, plaques, forms, plan. */
export const ListDef = t.intersection(
  [
    t.type({ items: t.array(ListItem) }),
    t.partial({
      title: Localized,
      incomplete: t.boolean,
      statedSize: t.number,
      citation: Citation,
      from: LocalDateString,
      until: LocalDateString,
    }),
  ],
  'List',
)
export type ListDef = t.TypeOf<typeof ListDef>

/** A calendar window a cap counts in. @since 0.1.0 */
export const Window = t.union(
  [
    t.keyof({ year: null, month: null, isoWeek: null, day: null }),
    t.type({ rollingDays: t.number }),
  ],
  'Window',
)
export type Window = t.TypeOf<typeof Window>

/** A cap: events matching `match`, in the window containing the request's date, at most `max`. */
export const Cap = t.intersection(
  [
    t.type({ match: Condition, window: Window, max: t.number }),
    t.partial({ title: Localized, citation: Citation, deliberate: t.boolean }),
  ],
  'Cap',
)
export type Cap = t.TypeOf<typeof Cap>

/** Where a decision sends the matter instead. @since 0.1.0 */
export const Redirect = t.type({ to: t.string, label: Localized }, 'Redirect')
export type Redirect = t.TypeOf<typeof Redirect>

/** What holds if the matter is accepted (or refused). @since 0.1.0 */
export const Obligation = t.type({ code: t.string, text: Localized }, 'Obligation')
export type Obligation = t.TypeOf<typeof Obligation>

/** A rule. @since 0.1.0 */
export const Rule = t.intersection(
  [
    t.type({
      id: t.string,
      outcome: Outcome,
      priority: t.number,
      conditions: TopCondition,
      citation: Citation,
      message: Localized,
    }),
    t.partial({
      title: Localized,
      redirect: Redirect,
      obligations: t.array(Obligation),
      from: LocalDateString,
      until: LocalDateString,
      tags: t.array(t.string),
      /** rules (usually of another layer) this one is meant to win over, and why */
      prevailsOver: t.array(t.type({ rule: t.string, reason: Localized })),
      /** rules (usually of a parent layer) this one deliberately gives way to, and why */
      yieldsTo: t.array(t.type({ rule: t.string, reason: Localized })),
    }),
  ],
  'Rule',
)
export type Rule = t.TypeOf<typeof Rule>

/** Who the pack is for. @since 0.1.0 */
export const Jurisdiction = t.intersection(
  [
    t.type({
      level: t.keyof({ national: null, province: null, city: null, district: null, street: null }),
      name: Localized,
    }),
    t.partial({ code: t.string }),
  ],
  'Jurisdiction',
)
export type Jurisdiction = t.TypeOf<typeof Jurisdiction>

/** What a child pack removes from its parents, by id. @since 0.1.0 */
export const Removals = t.partial(
  {
    rules: t.array(t.string),
    caps: t.array(t.string),
    lists: t.array(t.string),
    listItems: t.record(t.string, t.array(t.string)),
  },
  'Removals',
)
export type Removals = t.TypeOf<typeof Removals>

/** A parameter value: a number, a ratio written `"1/3"`, a string or a boolean. @since 0.1.0 */
export const ParamValue = t.union([t.number, t.string, t.boolean], 'ParamValue')

/** A parameter with its citation; a child loosening it must say `deliberate: true`. */
export const ParamDef = t.intersection(
  [
    t.type({ value: ParamValue }),
    t.partial({
      title: Localized,
      citation: Citation,
      direction: t.keyof({ 'higher-is-stricter': null, 'lower-is-stricter': null }),
      deliberate: t.boolean,
    }),
  ],
  'Param',
)
export type ParamDef = t.TypeOf<typeof ParamDef>

/** A time limit: calendar days, working days, hours, or the same day (即办). @since 0.1.0 */
export const TimeLimit = t.intersection(
  [
    t.type({ unit: t.keyof({ 'calendar-days': null, 'working-days': null, hours: null, 'same-day': null }) }),
    t.partial({ value: t.number }),
  ],
  'TimeLimit',
)
export type TimeLimit = t.TypeOf<typeof TimeLimit>

/** A service catalogue entry (便民服务事项): who owns it, where to go, its time limits. */
export const CatalogueEntry = t.intersection(
  [
    t.type({ id: t.string, name: t.string }),
    t.partial({
      en: t.string,
      department: t.string,
      where: t.keyof({ community: null, 'functional-area': null, street: null, district: null, city: null, 'service-centre': null }),
      legalLimit: TimeLimit,
      promisedLimit: TimeLimit,
      /** joint items (联办): each department's own limit; the longest governs */
      joint: t.array(t.type({ department: t.string, limit: TimeLimit })),
      note: t.string,
    }),
  ],
  'CatalogueEntry',
)
export type CatalogueEntry = t.TypeOf<typeof CatalogueEntry>

/** A service catalogue (目录), possibly given by its source only in part. @since 0.1.0 */
export const Catalogue = t.intersection(
  [
    t.type({ entries: t.array(CatalogueEntry) }),
    t.partial({ title: Localized, incomplete: t.boolean, statedSize: t.number, citation: Citation }),
  ],
  'Catalogue',
)
export type Catalogue = t.TypeOf<typeof Catalogue>

/** The metadata of a pack (everything but its rules, lists, caps and parameters). */
export const PackMeta = t.intersection(
  [
    t.type({ id: t.string, title: Localized, jurisdiction: Jurisdiction }),
    t.partial({
      $schema: t.string,
      version: t.string,
      /** the date this version of the pack was adopted (YYYY-MM-DD): `policyInForce` picks the version in force by it */
      adopted: LocalDateString,
      description: Localized,
      timeZone: t.string,
      from: LocalDateString,
      until: LocalDateString,
      extends: t.string,
    }),
  ],
  'PackMeta',
)

/**
 * A request field a pack declares for a fact its source needs and the shared vocabulary lacks: the
 * portal sends it under the request's `extra` object, and it is validated like the rest (an
 * undeclared name or a value of another type is an issue). Rules read it as `{ fact: extra, path:
 * $.<name> }`.
 *
 * @example
 * const f: FieldDef = { type: 'boolean', title: { 'zh-CN': '经街道党工委研究同意', en: 'agreed by the street Party working committee' } }
 * @since 0.2.0
 */
export const FieldDef = t.intersection(
  [t.type({ type: t.keyof({ boolean: null, string: null, number: null }), title: Localized }), t.partial({ description: Localized })],
  'FieldDef',
)
export type FieldDef = t.TypeOf<typeof FieldDef>

/** A whole pack file. @since 0.1.0 */
export const Pack = t.intersection(
  [
    PackMeta,
    t.type({ documents: t.array(DocumentRef), rules: t.array(Rule) }),
    t.partial({
      lists: t.record(t.string, ListDef),
      params: t.record(t.string, ParamDef),
      caps: t.record(t.string, Cap),
      conditions: t.record(t.string, Condition),
      fields: t.record(t.string, FieldDef),
      catalogue: Catalogue,
      remove: Removals,
    }),
  ],
  'Pack',
)
export type Pack = t.TypeOf<typeof Pack>

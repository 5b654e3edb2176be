import type { Localized } from '../decode/pack-codec'
import type { Locale } from '../issues/format'
import { parsePath, resolveSegments } from '../compile/path'

import { requestFact, type RequestCtx } from '../runtime/context'
import { inert } from '../text/inert'

/**
 * A rule's message with its `{fact.path}` placeholders filled from one evaluation's facts: what
 * `evaluate` puts on the decision (`message`, `messages`) and `explain` shows.
 *
 * @module
 */

/** Words for the codes derived facts use (approvalStatus.missing), and for empty and yes/no values. */
const TERMS: Record<Locale, Readonly<Record<string, string>>> = {
  'zh-CN': {
    content: '授权内容',
    object: '授权对象',
    authority: '权限',
    timeLimit: '时限',
    funds: '工作经费',
    approval: '准入审批',
  },
  en: {
    content: 'authorised content',
    object: 'object',
    authority: 'authority',
    timeLimit: 'time limit',
    funds: 'funds',
    approval: 'an admission approval',
  },
}
/** not given, yes, no, and what joins the items of a list */
const WORDS = { 'zh-CN': ['（未提供）', '是', '否', '、'], en: ['(not given)', 'yes', 'no', ', '] } as const

/** A fact value as words in a message: codes translated, booleans as yes/no, lists joined. */
const term = (v: unknown, locale: Locale): string => {
  const w = WORDS[locale]
  if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) return w[0]
  if (typeof v === 'boolean') return w[v ? 1 : 2]
  if (Array.isArray(v)) return v.map((x) => term(x, locale)).join(w[3])
  // own entries only: a value named like an Object.prototype member renders as itself
  if (typeof v === 'string') return Object.prototype.hasOwnProperty.call(TERMS[locale], v) ? (TERMS[locale][v] as string) : v
  return show(v)
}

/** A value in a line of text: strings as they are, others as (at most 120 characters of) JSON. */
export const show = (v: unknown): string => {
  if (v === undefined) return '∅'
  if (typeof v === 'string') return v
  try {
    const s = JSON.stringify(v)
    return s.length > 120 ? `${s.slice(0, 117)}...` : s
  } catch {
    return String(v)
  }
}

/** A template cut at its placeholders: text, and for each placeholder the words of its value. */
type Piece = string | ((ctx: RequestCtx, locale: Locale) => string)

/**
 * The pieces of a template. A filled value passes through `inert`: a value taken from the request
 * can neither break the line nor reorder the text. A placeholder that names no fact, or no path,
 * stays as written.
 */
const pieces = (template: string): Piece[] =>
  template.split(/\{([A-Za-z_][\w.\-[\]]*)\}/).map((p, i) => {
    if (i % 2 === 0) return p
    const dot = p.indexOf('.')
    const get = requestFact(dot < 0 ? p : p.slice(0, dot))
    const segs = dot < 0 ? [] : parsePath(`$.${p.slice(dot + 1)}`)
    return get === undefined || segs === undefined ? `{${p}}` : (ctx, locale) => inert(term(resolveSegments(get(ctx), segs), locale))
  })

const join = (ps: readonly Piece[], locale: Locale, ctx: RequestCtx): string => {
  let out = ''
  for (const p of ps) out += typeof p === 'string' ? p : p(ctx, locale)
  return out
}

/** Each message's pieces in both locales, cut once (a rule's message is one object for the policy's life); `null`: nothing to fill. */
const cut = new WeakMap<Localized, readonly Piece[][] | null>()

/** A message filled in both locales, or the message itself when it has no placeholders or no context (shared, not copied). */
export const fillBoth = (m: Localized, ctx: RequestCtx | undefined): Localized => {
  let c = cut.get(m)
  if (c === undefined) {
    c = [pieces(m['zh-CN']), pieces(m.en)]
    cut.set(m, (c = c[0]!.length + c[1]!.length > 2 ? c : null))
  }
  return c === null || ctx === undefined ? m : { 'zh-CN': join(c[0]!, 'zh-CN', ctx), en: join(c[1]!, 'en', ctx) }
}

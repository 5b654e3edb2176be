import type { Cited } from '../compile/citation'
import { citationText } from './citation-text'
import * as E from 'fp-ts/lib/Either.js'
import type { CompiledRule, RuleRef } from '../compile/compile'
import { leafValues, type NodeInfo } from '../compile/condition'
import { resolveOperator } from '../compile/operators'
import type { Localized, Outcome, Window } from '../decode/pack-codec'
import type { Decision } from '../evaluate/decision'
import { replay, traceOf, type Trace } from '../evaluate/evaluate'
import type { RequestCtx } from '../runtime/context'
import type { Locale } from '../issues/format'
import { issue, type Issue } from '../issues/issue'
import { requestFact } from '../runtime/context'
import { whatIf, type WhatIfOptions, type WhatIfResult } from '../whatif/what-if'
import { explainWhatIf } from '../whatif/explain-what-if'
import { inert } from '../text/inert'
import { fillBoth, show } from '../evaluate/render'

/**
 * Explain a decision: a structured tree (each rule fired, not fired, not evaluated or not in
 * force; each condition with the fact, the value seen, the operator, the value expected and the
 * result) and text a clerk can read, quoting the cited clause. A pure function of the decision
 * and the record `evaluate` kept beside it.
 *
 * @module
 */

/** The state of a rule in an explanation. @since 0.1.0 */
export type RuleStatus = 'fired' | 'not-fired' | 'not-evaluated' | 'not-in-force'

/** One condition, explained. @since 0.1.0 */
export interface ConditionExplanation {
  readonly kind: NodeInfo['kind']
  readonly result: boolean | 'not-evaluated'
  readonly fact?: string
  readonly path?: string
  readonly operator?: string
  readonly expected?: unknown
  readonly seen?: unknown
  readonly ref?: string
  readonly note?: string
  readonly children: readonly ConditionExplanation[]
}

/** One rule, explained. @since 0.1.0 */
export interface RuleExplanation {
  readonly id: string
  readonly pack: string
  readonly status: RuleStatus
  readonly decided: boolean
  readonly outcome: Outcome
  readonly priority: number
  readonly message: string
  readonly citation: Cited
  readonly overrides: RuleRef['overrides']
  readonly period?: { readonly from?: string; readonly until?: string }
  readonly conditions?: ConditionExplanation
  /**
   * the caps the rule's conditions read (`caps.<id>.*`), as counted for this request; absent for a
   * rule that reads none (and for a rule not in force)
   */
  readonly caps?: readonly CapExplanation[]
}

/**
 * A cap a rule reads, as counted for the request: the cap in force (a child pack that replaces a
 * parent's cap gives its own `max`, title and citation), the window the request's date falls in,
 * the count, and the clause that sets the number. `sameClause` says whether that clause is the
 * rule's own (then an explanation does not cite it twice).
 *
 * @example
 * const e = explain(decision)
 * const cap = E.isRight(e) ? e.right.rules.find((r) => r.decided)?.caps?.[0] : undefined
 * // cap.max is 4 under a district pack that raised Shandong's 3 inspections a month to 4
 * @since 0.3.0
 */
export interface CapExplanation {
  readonly id: string
  /** the pack whose definition of the cap is in force */
  readonly pack: string
  /** the cap's title in the explanation's language, when the pack gives one */
  readonly title?: string
  readonly window: Window
  /** the window the request's date falls in: its first and last day and its name (`2026-03`) */
  readonly period: { readonly start: string; readonly end: string; readonly label: string }
  /** the events of the history the cap counts in the window, before this request */
  readonly count: number
  /** whether this request is itself of the kind the cap counts */
  readonly applies: boolean
  /** `count`, plus one if this request applies */
  readonly withThis: number
  readonly max: number
  readonly exceeded: boolean
  readonly citation?: Cited
  /** the cap's citation is the rule's own clause (same document and article, one quote within the other) */
  readonly sameClause: boolean
  /**
   * the cap is the rule's own: set by the rule's pack and citing the rule's clause. The text shows
   * no line for it (the rule's message and clause say it); any other cap is named, and its clause
   * cited unless `sameClause`
   */
  readonly own: boolean
}

/** An explanation. @since 0.1.0 */
export interface Explanation {
  readonly locale: Locale
  readonly outcome: Outcome
  readonly summary: string
  readonly rules: readonly RuleExplanation[]
  readonly text: string
  /** the what-if answer, when asked for */
  readonly whatIf?: WhatIfResult
}

/** Options of {@link explain}. @since 0.1.0 */
export interface ExplainOptions {
  readonly locale?: Locale
  /** include rules that did not fire in the text (the tree always has them) */
  readonly verbose?: boolean
  /** also say what change to the request would turn the answer (see `whatIf`) */
  readonly whatIf?: boolean | WhatIfOptions
}

/**
 * The labels a decision is shown with, the same wherever it is shown (`explain`, `zhunru evaluate`,
 * the playground): each outcome in words, the deciding rule, and the two groups of the other rules
 * that fired: those with the decision's outcome (`supporting`) and those with another (`overruled`).
 * The field `overruled` of a decision holds both groups; show them apart with these labels.
 *
 * @example
 * DECISION_LABELS['zh-CN'].supporting // '同样支持该决定的规则'
 * DECISION_LABELS.en.outcome.refusable // 'the community has the right to refuse'
 * @since 0.2.0
 */
export const DECISION_LABELS: {
  readonly [L in Locale]: {
    readonly decision: string
    readonly decidedBy: string
    readonly supporting: string
    readonly overruled: string
    readonly source: string
    /** a cap the rule reads, as counted */
    readonly cap: string
    /** the clause that sets a cap, when it is not the rule's own */
    readonly capSource: string
    readonly outcome: Readonly<Record<Outcome, string>>
  }
} = {
  'zh-CN': {
    decision: '决定',
    decidedBy: '依据规则',
    supporting: '同样支持该决定的规则',
    overruled: '同时触发但未采用的规则',
    source: '出处',
    cap: '上限',
    capSource: '上限出处',
    outcome: { required: '必须承接', permitted: '可以承接（社区自主决定）', refusable: '有权拒绝', forbidden: '不得办理' },
  },
  en: {
    decision: 'Decision',
    decidedBy: 'Deciding rule',
    supporting: 'Also supporting this decision',
    overruled: 'Also fired, overruled',
    source: 'Source',
    cap: 'Cap',
    capSource: 'Cap source',
    outcome: {
      required: 'the community must accept',
      permitted: 'the community may accept; nobody can make it',
      refusable: 'the community has the right to refuse',
      forbidden: 'it must not be done by or demanded of the community',
    },
  },
}

const T = {
  'zh-CN': {
    ...DECISION_LABELS['zh-CN'],
    note: '说明',
    redirect: '转办',
    obligations: '须遵守',
    conditions: '条件',
    notInForce: '未施行的规则',
    notFired: '未触发的规则',
    overrides: '覆盖了上级规则',
    prevails: (id: string) => `优先于规则 ${id}`,
    date: '日期',
    policy: '规则包',
    seen: '实际',
    every: (w: Window): string => (typeof w === 'string' ? { year: '每年', month: '每月', isoWeek: '每周', day: '每日' }[w] : `任意连续${w?.rollingDays}日内`),
    capCount: (c: CapExplanation, every: string): string =>
      c.applies
        ? `${c.period.label} 计入本次为第${c.withThis}次（此前${c.count}次），上限${every}${c.max}次${c.exceeded ? '，已超过' : ''}`
        : `本次不计入；${c.period.label} 已有${c.count}次，上限${every}${c.max}次`,
    incomplete: (n?: number) =>
      `该清单来源只列出部分条目${n !== undefined ? `（原文称共 ${n} 项）` : ''}：未找到不等于不在清单中`,
  },
  en: {
    ...DECISION_LABELS.en,
    note: 'Note',
    redirect: 'Redirect',
    obligations: 'Obligations',
    conditions: 'Conditions',
    notInForce: 'Rules not in force',
    notFired: 'Rules that did not fire',
    overrides: 'overrides',
    prevails: (id: string) => `prevails over rule ${id}`,
    date: 'Date',
    policy: 'Policy',
    seen: 'seen',
    every: (w: Window): string => (typeof w === 'string' ? { year: 'a year', month: 'a month', isoWeek: 'a week', day: 'a day' }[w] : `in any ${w?.rollingDays} days`),
    capCount: (c: CapExplanation, every: string): string =>
      c.applies
        ? `${c.period.label}, this is number ${c.withThis} (${c.count} before), at most ${c.max} ${every}${c.exceeded ? ', over the cap' : ''}`
        : `this request is not counted; ${c.count} in ${c.period.label}, at most ${c.max} ${every}`,
    incomplete: (n?: number) =>
      `not found in a list the source gives only in part${n !== undefined ? ` (it states ${n} items)` : ''}`,
  },
} as const

/**
 * Fill `{fact.path}` placeholders of a rule message from the evaluation's facts (each filled value
 * made inert). A decision carries its fired rules' messages filled already (`message`, `messages`).
 *
 * @since 0.1.0
 */
export const renderMessage = (message: Localized, locale: Locale, trace: Trace | undefined): string =>
  fillBoth(message, trace?.ctx)[locale]

const explainNode = (n: NodeInfo, trace: Trace, locale: Locale, ctx: RequestCtx): ConditionExplanation => {
  const code = ctx.nodes[n.index] ?? 0
  const result = code === 0 ? 'not-evaluated' : code === 2
  const children = n.children.map((c) => explainNode(c, trace, locale, ctx))
  if (n.kind !== 'leaf' || n.leaf === undefined)
    return { kind: n.kind, result, ...(n.ref ? { ref: n.ref } : {}), children }
  const leaf = n.leaf
  const { factValue, value } = leafValues(leaf, requestFact, ctx)
  let note: string | undefined
  const op = resolveOperator(leaf.operator)
  if (op !== undefined && (op.base.name === 'inList' || op.base.name === 'notInList') && typeof value === 'string') {
    const list = trace.epoch.env.lists.get(value)
    if (result !== 'not-evaluated' && factValue !== undefined && list?.incomplete === true && list.members.has(factValue) !== true)
      note = T[locale].incomplete(list.statedSize)
  }
  return {
    kind: 'leaf',
    result,
    fact: leaf.fact,
    ...(leaf.path !== undefined ? { path: leaf.path } : {}),
    operator: leaf.operator,
    expected: value,
    seen: factValue,
    ...(note !== undefined ? { note } : {}),
    children,
  }
}

/** The ids of the caps a condition reads (`caps.<id>.*`, as the fact or as the value compared with), in order. */
const capsRead = (n: NodeInfo, out: string[] = []): string[] => {
  const l = n.leaf
  if (l !== undefined) {
    const v = l.value as unknown
    const refs = [{ fact: l.fact, path: l.path }, ...(v !== null && typeof v === 'object' && 'fact' in v ? [v as { fact: unknown; path?: unknown }] : [])]
    for (const r of refs) {
      const m = r.fact === 'caps' && typeof r.path === 'string' ? /^\$\.([^.[\]]+)/.exec(r.path) : null
      if (m !== null && !out.includes(m[1] as string)) out.push(m[1] as string)
    }
  }
  for (const c of n.children) capsRead(c, out)
  return out
}

const words = (c: Cited): string =>
  c.provenance === 'reading' || typeof c.quote !== 'string' ? String(c.reading?.['zh-CN'] ?? '') : String(c.readable ?? c.quote)

/**
 * Whether two citations are one clause: the same object, or the same document and article with
 * the words of one within the other's (a rule may quote the whole sentence a cap quotes part of).
 */
const sameClause = (a: Cited, b: Cited): boolean => {
  if (a === b) return true
  if (a.document?.id !== b.document?.id || a.article !== b.article || a.provenance !== b.provenance) return false
  const x = words(a)
  const y = words(b)
  return x !== '' && y !== '' && (x.includes(y) || y.includes(x))
}

const capExplanations = (r: CompiledRule, trace: Trace, locale: Locale, ctx: RequestCtx): CapExplanation[] =>
  capsRead(r.info).flatMap((id) => {
    const index = trace.policy.caps.findIndex((c) => c.id === id)
    const cap = trace.policy.capsById.get(id)
    const s = index < 0 ? undefined : ctx.cap(index)
    if (cap === undefined || s === undefined) return []
    const same = cap.citation === undefined || sameClause(cap.citation, r.ref.citation)
    return [
      {
        id,
        pack: cap.pack,
        ...(cap.title !== undefined ? { title: cap.title[locale] } : {}),
        window: cap.window,
        period: { start: s.window.start, end: s.window.end, label: s.window.label },
        count: s.count,
        applies: s.applies,
        withThis: s.withThis,
        max: s.max,
        exceeded: s.exceeded,
        ...(cap.citation !== undefined ? { citation: cap.citation } : {}),
        sameClause: same,
        own: same && cap.pack === r.ref.pack,
      },
    ]
  })

const ruleExplanation = (
  r: CompiledRule,
  status: RuleStatus,
  decided: boolean,
  trace: Trace,
  locale: Locale,
  ctx: RequestCtx,
): RuleExplanation => ({
  id: r.ref.id,
  pack: r.ref.pack,
  status,
  decided,
  outcome: r.ref.outcome,
  priority: r.ref.priority,
  message: renderMessage(r.ref.message, locale, trace),
  citation: r.ref.citation,
  overrides: r.ref.overrides,
  ...(r.ref.from !== undefined || r.ref.until !== undefined
    ? { period: { ...(r.ref.from ? { from: r.ref.from } : {}), ...(r.ref.until ? { until: r.ref.until } : {}) } }
    : {}),
  ...(status === 'not-in-force' ? {} : { conditions: explainNode(r.info, trace, locale, ctx) }),
  ...(status === 'not-in-force' ? {} : nonEmpty(capExplanations(r, trace, locale, ctx))),
})

// what capLines needs of an entry it is given (the rest reads as text whatever it holds)
const isCapExplanation = (c: unknown): c is CapExplanation => {
  const p = c !== null && typeof c === 'object' ? (c as { period?: unknown }).period : undefined
  return p !== null && typeof p === 'object'
}

const nonEmpty = (caps: CapExplanation[]): { caps?: CapExplanation[] } => (caps.length > 0 ? { caps } : {})

/**
 * The lines that name the caps a rule reads that are not the rule's own, as counted, and cite the
 * clause that sets each one when it is not the rule's clause: a district pack that replaced a
 * parent's cap (its own `max`, title and citation) while inheriting the rule that reads it. A cap
 * of the rule's own pack citing the rule's own clause gets no line: the rule's message and clause
 * say it already (the explanation's `caps` still carry its counts). `indent` goes before each line.
 *
 * @example
 * const e = explain(decision)
 * const lines = E.isRight(e) ? e.right.rules.flatMap((r) => capLines(r, 'zh-CN', '  ')) : []
 * // under a district pack that raised Shandong's 3 inspections a month to 4:
 * // ['  上限: 街道办事处对社区工作的检查（每月不超过4次，示例区修订） [cn-shandong-example-district]：2026-03 计入本次为第4次（此前3次），上限每月4次',
 * //  '  上限出处: 《（示例）示例区关于调整社区工作检查频次和社区证明范围的通知》 一 [本包解读] 示例区将……']
 * @since 0.3.0
 */
export const capLines = (r: Pick<RuleExplanation, 'caps'>, locale: Locale, indent = ''): string[] => {
  const lang: Locale = locale === 'en' ? 'en' : 'zh-CN'
  const t = T[lang]
  const out: string[] = []
  const caps: unknown = r !== null && typeof r === 'object' ? r.caps : undefined
  for (const c of (Array.isArray(caps) ? caps : []).filter(isCapExplanation)) {
    // the rule's own cap (its pack's, citing its clause): the rule's message and clause already say it
    if (c.own === true) continue
    const name = `${typeof c.title === 'string' ? inert(c.title) : c.id} [${c.pack}]`
    out.push(`${indent}${t.cap}: ${name}${lang === 'en' ? ': ' : '：'}${t.capCount(c, t.every(c.window))}`)
    if (!c.sameClause && c.citation !== undefined) out.push(`${indent}${t.capSource}: ${citationText(c.citation, lang)}`)
  }
  return out
}

const conditionLines = (c: ConditionExplanation, locale: Locale, indent: string, out: string[]): void => {
  const mark = c.result === 'not-evaluated' ? '·' : c.result ? '✓' : '✗'
  if (c.kind === 'leaf') {
    const target = c.path !== undefined ? `${c.fact}${c.path.replace(/^\$/, '')}` : c.fact
    out.push(`${indent}${mark} ${target} ${c.operator} ${inert(show(c.expected))}  (${T[locale].seen}: ${inert(show(c.seen))})`)
    if (c.note !== undefined) out.push(`${indent}  ${T[locale].note}: ${c.note}`)
  } else {
    const label = c.kind === 'ref' ? `condition ${c.ref}` : c.kind
    out.push(`${indent}${mark} ${label}`)
    for (const ch of c.children) conditionLines(ch, locale, `${indent}  `, out)
  }
}

export { readableQuote } from '../compile/citation'

const citationLine = (c: Cited, locale: Locale): string => `${T[locale].source}: ${citationText(c, locale)}`

/**
 * Explain a decision in a locale. Returns `Left` only for a decision that carries no evaluation
 * record (one rebuilt from JSON, say).
 *
 * @example
 * const e = explain(decision, { locale: 'en' })
 * if (E.isRight(e)) console.log(e.right.text)
 * @since 0.1.0
 */
export const explain = (decision: Decision, options: ExplainOptions = {}): E.Either<Issue[], Explanation> => {
  const locale: Locale = options.locale === 'en' ? 'en' : 'zh-CN'
  const trace = decision !== null && typeof decision === 'object' ? traceOf(decision) : undefined
  if (trace === undefined) return E.left([issue('explain/no-trace', '')])
  const t = T[locale]
  const ctx = replay(trace)
  const inForce = trace.epoch.rules
  const rules: RuleExplanation[] = [
    ...inForce.map((r) =>
      ruleExplanation(r, trace.fired.includes(r.ref) ? 'fired' : 'not-fired', r.ref === decision.decidedBy, trace, locale, ctx),
    ),
    ...trace.epoch.notInForce.map((r) => ruleExplanation(r, 'not-in-force', false, trace, locale, ctx)),
  ]
  const decided = rules.find((r) => r.decided) as RuleExplanation
  const lines: string[] = [`${t.decision}: ${t.outcome[decision.outcome]} (${decision.outcome})`]
  const summary = `${lines[0]} — ${decided.message}`
  lines.push(`${t.date}: ${decision.date}    ${t.policy}: ${decision.policy.id}`)
  lines.push(`${t.decidedBy}: ${decided.id} [${decided.pack}]`)
  lines.push(`  ${decided.message}`)
  lines.push(`  ${citationLine(decided.citation, locale)}`)
  lines.push(...capLines(decided, locale, '  '))
  for (const o of decided.overrides) lines.push(`  ${t.overrides}: ${o.pack}${o.outcome ? ` (${o.outcome})` : ''}`)
  const ref = decision.decidedBy
  for (const p of ref.prevailsOver ?? [])
    if (decision.overruled.some((o) => o.id === p.rule)) lines.push(`  ${t.prevails(p.rule)}: ${p.reason[locale]}`)
  for (const o of decision.overruled)
    for (const y of o.yieldsTo ?? []) if (y.rule === ref.id) lines.push(`  ${t.prevails(o.id)}: ${y.reason[locale]}`)
  if (decision.redirect) lines.push(`${t.redirect}: ${decision.redirect.label[locale]}`)
  if (decision.obligations.length > 0) {
    lines.push(`${t.obligations}:`)
    for (const o of decision.obligations) lines.push(`  - ${o.text[locale]}`)
  }
  if (decided.conditions) {
    lines.push(`${t.conditions}:`)
    conditionLines(decided.conditions, locale, '  ', lines)
  }
  const supporting = rules.filter((r) => r.status === 'fired' && !r.decided && r.outcome === decision.outcome)
  if (supporting.length > 0) {
    lines.push(`${t.supporting}:`)
    for (const r of supporting) {
      lines.push(`  - ${r.id} [${r.pack}] ${r.outcome}, priority ${r.priority}: ${r.message}`)
      lines.push(`    ${citationLine(r.citation, locale)}`)
      lines.push(...capLines(r, locale, '    '))
    }
  }
  const overruled = rules.filter((r) => r.status === 'fired' && !r.decided && r.outcome !== decision.outcome)
  if (overruled.length > 0) {
    lines.push(`${t.overruled}:`)
    for (const r of overruled) {
      lines.push(`  - ${r.id} [${r.pack}] ${r.outcome}, priority ${r.priority}: ${r.message}`)
      lines.push(`    ${citationLine(r.citation, locale)}`)
      lines.push(...capLines(r, locale, '    '))
    }
  }
  const notInForce = rules.filter((r) => r.status === 'not-in-force')
  if (notInForce.length > 0) {
    lines.push(`${t.notInForce}:`)
    for (const r of notInForce) lines.push(`  - ${r.id} [${r.pack}] ${r.period?.from ?? '…'} – ${r.period?.until ?? '…'}`)
  }
  if (options.verbose === true) {
    const notFired = rules.filter((r) => r.status === 'not-fired')
    if (notFired.length > 0) {
      lines.push(`${t.notFired}:`)
      for (const r of notFired) {
        lines.push(`  - ${r.id} [${r.pack}]`)
        if (r.conditions) conditionLines(r.conditions, locale, '    ', lines)
      }
    }
  }
  let hints: WhatIfResult | undefined
  if (options.whatIf !== undefined && options.whatIf !== false) {
    const w = whatIf(trace.policy, trace.ctx.req, options.whatIf === true ? {} : options.whatIf)
    if (E.isRight(w)) {
      hints = w.right
      lines.push('', explainWhatIf(w.right, locale))
    }
  }
  return E.right({ locale, outcome: decision.outcome, summary, rules, text: lines.join('\n'), ...(hints ? { whatIf: hints } : {}) })
}

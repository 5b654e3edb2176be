import type { Cited } from '../compile/citation'
import { citationText } from './citation-text'
import * as E from 'fp-ts/lib/Either.js'
import type { CompiledRule, RuleRef } from '../compile/compile'
import { leafValues, type NodeInfo } from '../compile/condition'
import { resolveOperator } from '../compile/operators'
import type { Localized, Outcome } from '../decode/pack-codec'
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
    readonly outcome: Readonly<Record<Outcome, string>>
  }
} = {
  'zh-CN': {
    decision: '决定',
    decidedBy: '依据规则',
    supporting: '同样支持该决定的规则',
    overruled: '同时触发但未采用的规则',
    source: '出处',
    outcome: { required: '必须承接', permitted: '可以承接（社区自主决定）', refusable: '有权拒绝', forbidden: '不得办理' },
  },
  en: {
    decision: 'Decision',
    decidedBy: 'Deciding rule',
    supporting: 'Also supporting this decision',
    overruled: 'Also fired, overruled',
    source: 'Source',
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
})

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
    }
  }
  const overruled = rules.filter((r) => r.status === 'fired' && !r.decided && r.outcome !== decision.outcome)
  if (overruled.length > 0) {
    lines.push(`${t.overruled}:`)
    for (const r of overruled) {
      lines.push(`  - ${r.id} [${r.pack}] ${r.outcome}, priority ${r.priority}: ${r.message}`)
      lines.push(`    ${citationLine(r.citation, locale)}`)
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

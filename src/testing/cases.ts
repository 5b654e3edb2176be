import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import type { CompiledPolicy } from '../compile/compile'
import { Outcome } from '../decode/pack-codec'
import { reportErrors, unknownFields } from '../decode/report'
import type { Decision } from '../evaluate/decision'
import { evaluate } from '../evaluate/evaluate'
import { explain } from '../explain/explain'
import { issue, showValue, type Issue } from '../issues/issue'

/**
 * Test cases legal staff write beside a pack: a request and the expected answer
 * (Cedar's `{request, decision, reason}` idea). The runner returns data; reporters render it.
 *
 * @module
 */

/** What a case expects; every field given is checked, the rest are not. @since 0.1.0 */
export const Expect = t.partial(
  {
    outcome: Outcome,
    decidedBy: t.string,
    /** the pack (layer) whose rule decided */
    pack: t.string,
    redirect: t.string,
    fired: t.array(t.string),
    notFired: t.array(t.string),
    obligations: t.array(t.string),
    /** citations that must carry the decision (the deciding rule's, or a fired rule's with the same outcome) */
    citations: t.array(t.type({ source: t.string, article: t.string })),
    /** issue codes a malformed request must give */
    issues: t.array(t.string),
    /** words the explanation must contain, per locale (e.g. a prevailsOver reason, an incomplete-list note) */
    explains: t.partial({ 'zh-CN': t.array(t.string), en: t.array(t.string) }),
  },
  'Expect',
)
export type Expect = t.TypeOf<typeof Expect>

/** One case. @since 0.1.0 */
export const Case = t.intersection(
  [t.type({ name: t.string, request: t.unknown, expect: Expect }), t.partial({ note: t.string, tags: t.array(t.string) })],
  'Case',
)
export type Case = t.TypeOf<typeof Case>

/** A case file. @since 0.1.0 */
export const CaseFile = t.intersection(
  [t.type({ pack: t.string, cases: t.array(Case) }), t.partial({ $schema: t.string, description: t.string })],
  'CaseFile',
)
export type CaseFile = t.TypeOf<typeof CaseFile>

/** One difference between what a case expects and what happened. @since 0.1.0 */
export interface CaseDiff {
  readonly field: keyof Expect
  readonly expected: unknown
  readonly actual: unknown
}

/** The result of one case. @since 0.1.0 */
export interface CaseResult {
  readonly name: string
  readonly pass: boolean
  readonly diffs: readonly CaseDiff[]
  readonly decision?: Decision
  readonly issues?: readonly Issue[]
}

/**
 * Decode a case file value; every problem at once.
 *
 * @since 0.1.0
 */
export const decodeCaseFile = (u: unknown): E.Either<Issue[], CaseFile> => {
  const r = CaseFile.decode(u)
  const issues = [...(E.isLeft(r) ? reportErrors(r.left, '') : []), ...unknownFields(CaseFile, u, '')]
  return E.isRight(r) && issues.length === 0 ? E.right(r.right) : E.left(issues)
}

/**
 * Run one case against a compiled policy.
 *
 * @example
 * runCase(policy, { name: 'stamp', request, expect: { outcome: 'forbidden' } }).pass
 * @since 0.1.0
 */
export const runCase = (policy: CompiledPolicy, c: Case): CaseResult => {
  try {
    return runCaseUnchecked(policy, c)
  } catch {
    return { name: typeof c?.name === 'string' ? c.name : '', pass: false, diffs: [], issues: [issue('request/invalid', '', { expected: 'a compiled policy and a case (from decodeCaseFile)', received: showValue(c) })] }
  }
}

const runCaseUnchecked = (policy: CompiledPolicy, c: Case): CaseResult => {
  const result = evaluate(policy, c.request)
  const diffs: CaseDiff[] = []
  const x = c.expect
  if (E.isLeft(result)) {
    const codes = result.left.map((i) => i.code)
    if (x.issues === undefined) diffs.push({ field: 'outcome', expected: x.outcome ?? 'a decision', actual: codes })
    else if (x.issues.some((code) => !codes.includes(code as Issue['code'])))
      diffs.push({ field: 'issues', expected: x.issues, actual: codes })
    return { name: c.name, pass: diffs.length === 0, diffs, issues: result.left }
  }
  const d = result.right
  const fired = d.fired.map((r) => r.id)
  if (x.issues !== undefined) diffs.push({ field: 'issues', expected: x.issues, actual: [] })
  if (x.outcome !== undefined && x.outcome !== d.outcome) diffs.push({ field: 'outcome', expected: x.outcome, actual: d.outcome })
  if (x.decidedBy !== undefined && x.decidedBy !== d.decidedBy.id)
    diffs.push({ field: 'decidedBy', expected: x.decidedBy, actual: d.decidedBy.id })
  if (x.pack !== undefined && x.pack !== d.decidedBy.pack) diffs.push({ field: 'pack', expected: x.pack, actual: d.decidedBy.pack })
  if (x.redirect !== undefined && x.redirect !== d.redirect?.to)
    diffs.push({ field: 'redirect', expected: x.redirect, actual: d.redirect?.to })
  if (x.fired !== undefined && x.fired.some((id) => !fired.includes(id))) diffs.push({ field: 'fired', expected: x.fired, actual: fired })
  if (x.notFired !== undefined && x.notFired.some((id) => fired.includes(id)))
    diffs.push({ field: 'notFired', expected: x.notFired, actual: fired })
  const obligations = d.obligations.map((o) => o.code)
  if (x.obligations !== undefined && x.obligations.some((o) => !obligations.includes(o)))
    diffs.push({ field: 'obligations', expected: x.obligations, actual: obligations })
  // the citations that carry the decision: the deciding rule's and those of fired rules with its outcome
  const carrying = d.fired.filter((r) => r.outcome === d.outcome).map((r) => r.citation)
  if (x.citations !== undefined && x.citations.some((c) => !carrying.some((dc) => dc.source === c.source && dc.article === c.article)))
    diffs.push({ field: 'citations', expected: x.citations, actual: carrying.map((c) => ({ source: c.source, article: c.article })) })
  for (const locale of ['zh-CN', 'en'] as const) {
    const words = x.explains?.[locale]
    if (words === undefined || words.length === 0) continue
    const text = explain(d, { locale })
    const body = E.isRight(text) ? text.right.text : ''
    const missing = words.filter((w) => !body.includes(w))
    if (missing.length > 0) diffs.push({ field: 'explains', expected: missing, actual: body })
  }
  return { name: c.name, pass: diffs.length === 0, diffs, decision: d }
}

/**
 * Run every case of a file.
 *
 * @since 0.1.0
 */
export const runCases = (policy: CompiledPolicy, cases: readonly Case[]): CaseResult[] => (Array.isArray(cases) ? cases : []).map((c) => runCase(policy, c))

/**
 * zhunru: community work admission policy (社区工作准入制度) as data.
 *
 * decode (io-ts) → resolve layers → compile → evaluate → explain.
 *
 * @module
 */
export { compile, type PackInput, type PackSource, type CompilePacksOptions } from './load/compile-packs'
export { evaluate, combine, type Trace } from './evaluate/evaluate'
export type { Decision } from './evaluate/decision'
export { explain, type Explanation, type ExplainOptions, type RuleExplanation, type ConditionExplanation, type RuleStatus } from './explain/explain'
export { evaluateAsync, type AsyncOptions } from './adapter/json-rules-engine'
export { compilePolicy, OUTCOME_RANK, DEFAULT_LIMITS, type CompiledPolicy, type CompiledRule, type RuleRef, type Limits, type CompileOptions, type Epoch } from './compile/compile'
export { resolvePolicy, type ResolvedPolicy, type DecodedPack } from './resolve/resolve'
export { decodePack } from './decode/decode-pack'
export { decodeRequest, type DecodedRequest } from './decode/decode-request'
export { parseText, locate, type ParsedText, type Positions } from './decode/parse-text'
export * as codecs from './decode/codecs'
export type { Pack, Rule, Citation, Outcome, Localized, Redirect, Obligation, Cap, ListDef, Window } from './decode/pack-codec'
export type { Request, HistoryEvent, YearlyReview, RequestKind, Level } from './decode/request-codec'
export { type Issue, type IssueCode, ISSUE_CODES } from './issues/issue'
export { formatIssue, formatIssues, issueMessage, issueHelp, issuePlace, type Locale } from './issues/format'
export { OPERATORS, DECORATORS } from './compile/operators'
export { FACTS } from './compile/facts'
export { pathResolver } from './compile/path'
export { toLocalDate, isLocalDate } from './time/local-date'
export { windowBounds } from './time/window'
export { runCase, runCases, decodeCaseFile, type Case, type CaseFile, type CaseResult, type CaseDiff, type Expect } from './testing/cases'
export type { CapStatus, ApprovalStatus, PriorReview } from './runtime/context'
export { audit, auditAll, type AuditRun } from './audit/audit'
export { createAuditor, type Auditor } from './audit/auditor'
export type { Finding, Violation, Malformed, OutOfOrder, FindingWindow, AuditSummary, AuditOptions } from './audit/finding'
export { whatIf, mergeChanges, type WhatIfOptions, type WhatIfResult, type ChangeSet } from './whatif/what-if'
export { explainWhatIf } from './whatif/explain-what-if'
export { applyChanges, type Change } from './whatif/change'
export { FIELD_CONTROL, controlOf, type FieldControl } from './whatif/control'
export type { Blocker } from './whatif/blockers'
export { compare, type Comparison, type CompareRow, type PairDifference, type RuleDifference, type RuleBrief } from './compare/compare'
export { renderComparison } from './compare/render-comparison'

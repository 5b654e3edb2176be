// A TypeScript consumer (ESM side), type-checked with `tsc --noEmit` against the published types.
// Every line must compile; the @ts-expect-error lines must NOT compile (the types are not `any`).
import {
  compile,
  DECISION_LABELS,
  evaluate,
  explain,
  isLeft,
  isRight,
  readableQuote,
  type Either,
  type CompiledPolicy,
  type Decision,
  type Explanation,
  type Issue,
  type IssueCode,
  type Outcome,
  type Request,
} from 'zhunru'
import { bundledChain, type BundledPackId } from 'zhunru/packs'
import { loadPolicy } from 'zhunru/node'
import { runCases, type CaseResult } from 'zhunru/testing'

const request: Request = {
  id: 'ts-1',
  kind: 'certificate',
  date: '2026-03-02',
  community: { id: 'jinan-lixia-quancheng', name: '泉城社区' },
  requester: { level: 'district', department: '某区某单位' },
  certificate: { kind: '无犯罪记录证明' },
}

const id: BundledPackId = 'cn-shandong'
// @ts-expect-error not a bundled pack id
const notAPack: BundledPackId = 'cn-atlantis'
void notAPack

const chain = bundledChain(id)
const policy: Either<Issue[], CompiledPolicy> = isRight(chain) ? compile(chain.right) : chain
const fromDisk: Either<Issue[], CompiledPolicy> = loadPolicy(id)

export const decide = (p: CompiledPolicy): Outcome | IssueCode => {
  const d: Either<Issue[], Decision> = evaluate(p, request)
  if (isLeft(d)) return d.left[0]?.code ?? 'request/invalid'
  const x: Either<Issue[], Explanation> = explain(d.right, { locale: 'en' })
  // @ts-expect-error locales are 'zh-CN' | 'en'
  explain(d.right, { locale: 'fr' })
  return isRight(x) ? x.right.outcome : d.right.outcome
}

export const results: CaseResult[] = isRight(fromDisk) ? runCases(fromDisk.right, []) : []
export const outcome = isRight(policy) ? decide(policy.right) : undefined

// a literal request is checked against Request; JSON (unknown) is accepted and checked when it runs
export const fromJson = (p: CompiledPolicy, json: unknown): Either<Issue[], Decision> => evaluate(p, json)
export const misspelt = (p: CompiledPolicy) =>
  // @ts-expect-error 'streett' is not a level
  evaluate(p, { kind: 'meeting', date: '2026-03-02', requester: { level: 'streett', department: '街道办' } })
// what a portal shows: the filled messages, the shared labels, the readable quote
export const shown = (d: Decision): string[] => [
  `${DECISION_LABELS['zh-CN'].decision}: ${DECISION_LABELS['zh-CN'].outcome[d.outcome]}`,
  d.messages[0]?.['zh-CN'] ?? '',
  readableQuote(d.decidedBy.citation.quote ?? ''),
]

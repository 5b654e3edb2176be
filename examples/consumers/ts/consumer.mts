// A TypeScript consumer (ESM side), type-checked with `tsc --noEmit` against the published types.
// Every line must compile; the @ts-expect-error lines must NOT compile (the types are not `any`).
import * as E from 'fp-ts/lib/Either.js'
import {
  compile,
  evaluate,
  explain,
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
const policy: E.Either<Issue[], CompiledPolicy> = E.isRight(chain) ? compile(chain.right) : chain
const fromDisk: E.Either<Issue[], CompiledPolicy> = loadPolicy(id)

export const decide = (p: CompiledPolicy): Outcome | IssueCode => {
  const d: E.Either<Issue[], Decision> = evaluate(p, request)
  if (E.isLeft(d)) return d.left[0]?.code ?? 'request/invalid'
  const x: E.Either<Issue[], Explanation> = explain(d.right, { locale: 'en' })
  // @ts-expect-error locales are 'zh-CN' | 'en'
  explain(d.right, { locale: 'fr' })
  return E.isRight(x) ? x.right.outcome : d.right.outcome
}

export const results: CaseResult[] = E.isRight(fromDisk) ? runCases(fromDisk.right, []) : []
export const outcome = E.isRight(policy) ? decide(policy.right) : undefined

import * as E from 'fp-ts/lib/Either.js'
import type { CompiledPolicy } from '../compile/compile'
import { describePolicy } from '../compile/fingerprint'
import { evaluate } from '../evaluate/evaluate'
import type { Decision } from '../evaluate/decision'
import { issue, type Issue } from '../issues/issue'
import type { Locale } from '../issues/format'
import { loadPolicy } from '../node/load'
import { loadPackVersions, policyInForce, policyOf, type PackVersion } from '../node/versions'
import { decodeRecord, explainRecord, RECORD_FORMAT } from '../record/index'
import { isLocalDate } from '../time/local-date'
import { EXIT, failWith } from './io'

/**
 * The decision-record parts of the commands: `evaluate --versions/--on`, `evaluate --format
 * record`, `explain` of a stored record. Kept apart from evaluate.ts and explain.ts so that those
 * files only call in.
 */

/** Whether a value read from a file is a decision record (its `format` says so). */
export const isRecord = (u: unknown): boolean => typeof u === 'object' && u !== null && (u as { format?: unknown }).format === RECORD_FORMAT

/** The packs a decision came from, as one line: `规则包: cn-national@2026.1 #… → …`. */
export const chainLine = (policy: CompiledPolicy, lang: Locale): string => `${lang === 'en' ? 'packs' : '规则包'}: ${describePolicy(policy.fingerprint)}`

/**
 * The policy and decision for a request under a folder of pack versions: the version of `id` in
 * force on `on`, or else on the request's date (in the policy's time zone: picked by the date as
 * written, then again by the decision's date if the zone moved it to another day).
 */
export const decideUnderVersions = (folder: string, id: string, request: unknown, on?: string): E.Either<Issue[], { policy: CompiledPolicy; decision: Decision }> => {
  const versions = loadPackVersions(folder)
  if (E.isLeft(versions)) return versions
  if (on !== undefined && !isLocalDate(on)) return E.left([issue('request/bad-date', '', { received: on, expected: '--on YYYY-MM-DD' })])
  const written = typeof request === 'object' && request !== null ? (request as { date?: unknown }).date : undefined
  const guess = on ?? (typeof written === 'string' ? written.slice(0, 10) : undefined)
  if (guess === undefined || !isLocalDate(guess)) return E.left([issue('request/bad-date', '/date', { received: String(written), expected: 'YYYY-MM-DD (or --on)' })])
  const decide = (date: string): E.Either<Issue[], { policy: CompiledPolicy; decision: Decision }> => {
    const policy = policyInForce(versions.right, id, date)
    if (E.isLeft(policy)) return policy
    const d = evaluate(policy.right, request)
    return E.isLeft(d) ? d : E.right({ policy: policy.right, decision: d.right })
  }
  const first = decide(guess)
  if (on !== undefined || E.isLeft(first) || first.right.decision.date === guess) return first
  return decide(first.right.decision.date)
}

/**
 * The policy to explain or replay a record under: `--pack` as given (checked against the record
 * by `explainRecord`), else the versions the record names, from `--versions` and the bundled packs.
 */
export const policyForRecord = (record: unknown, o: { readonly pack?: string; readonly versions?: string }, versions?: readonly PackVersion[]): E.Either<Issue[], CompiledPolicy> => {
  if (o.pack !== undefined && o.versions === undefined) return loadPolicy(o.pack)
  const r = decodeRecord(record)
  if (E.isLeft(r)) return r
  let vs = versions
  if (vs === undefined && o.versions !== undefined) {
    const loaded = loadPackVersions(o.versions)
    if (E.isLeft(loaded)) return loaded
    vs = loaded.right
  }
  return policyOf(vs ?? [], r.right.policy)
}

/**
 * `zhunru explain <record.json>`: a stored decision explained, the same text as when it was made,
 * then the pack chain. Exit 0; 2 when the record does not decode, its packs are not found, the
 * packs given are not the record's (`record/policy-mismatch`) or decide otherwise now
 * (`record/decision-mismatch`).
 */
export const explainRecordCommand = (record: unknown, file: string, o: { readonly pack?: string; readonly versions?: string; readonly format?: string; readonly whatIf?: boolean }, lang: Locale): number => {
  const policy = policyForRecord(record, o)
  if (E.isLeft(policy)) return failWith(policy.left.map((i) => ({ ...i, file })), lang)
  const x = explainRecord(policy.right, record, { locale: lang, ...(o.whatIf === true ? { whatIf: true } : {}) })
  if (E.isLeft(x)) return failWith(x.left.map((i) => ({ ...i, file })), lang)
  if (o.format === 'json') process.stdout.write(`${JSON.stringify({ policy: policy.right.fingerprint, explanation: { summary: x.right.summary, rules: x.right.rules, text: x.right.text }, ...(x.right.whatIf !== undefined ? { whatIf: x.right.whatIf } : {}) }, null, 2)}\n`)
  else process.stdout.write(`${x.right.text}\n${chainLine(policy.right, lang)}\n`)
  return EXIT.ok
}

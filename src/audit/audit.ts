import type { CompiledPolicy } from '../compile/compile'
import { issue } from '../issues/issue'
import { auditOptionIssues, createAuditor } from './auditor'
import type { AuditOptions, AuditSummary, Finding } from './finding'

/**
 * Batch audit: run a year of a city's recorded events through a policy, streaming.
 *
 * @module
 */

/** What {@link audit} returns: the findings as they come, and the summary once they are all out. @since 0.1.0 */
export interface AuditRun {
  /** violations, malformed lines and out-of-order events, in the order they are found */
  readonly findings: AsyncIterable<Finding>
  /** the counts; settles when `findings` has been read to the end */
  readonly summary: Promise<AuditSummary>
}

const isAsyncIterable = (u: unknown): u is AsyncIterable<unknown> =>
  typeof u === 'object' && u !== null && typeof (u as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function'
const isIterable = (u: unknown): u is Iterable<unknown> =>
  typeof u === 'object' && u !== null && typeof (u as Iterable<unknown>)[Symbol.iterator] === 'function'

/**
 * Audit recorded events (meetings, inspections, evaluations, tasks, certificates, plaques, forms:
 * each a request with `community.id`, `requester` and `date`, without `history`) against a
 * compiled policy. `events` is an iterable or async iterable of event values or of NDJSON lines
 * (strings; blank lines are ignored). Each event is decided by `evaluate` with its community's
 * earlier events in the open cap windows as history; every refusable or forbidden decision is a
 * violation, with community, department, the cap windows exceeded, the rule and its citation.
 *
 * Memory holds, per community, the events of the open windows and of the reorder window only.
 * Events out of date order are sorted within `reorderDays` (default 7) per community; an event
 * older than what was already judged for its community is reported as `out-of-order`, never
 * judged against a wrong count. Malformed lines are reported with their line number and skipped.
 * Never throws: a bad policy or input gives one malformed finding.
 *
 * @example
 * const run = audit(policy, readline.createInterface({ input: createReadStream('events.ndjson') }))
 * for await (const f of run.findings) if (f.type === 'violation') console.log(f.community, f.rule)
 * const { read, skipped, judged, late } = await run.summary // read === skipped + judged + late
 * @since 0.1.0
 */
export const audit = (
  policy: CompiledPolicy,
  events: Iterable<unknown> | AsyncIterable<unknown>,
  options: AuditOptions = {},
): AuditRun => {
  let settle: (s: AuditSummary) => void = () => undefined
  const summary = new Promise<AuditSummary>((resolve) => {
    settle = resolve
  })
  async function* run(): AsyncGenerator<Finding> {
    if (policy === null || typeof policy !== 'object' || policy.kind !== 'zhunru/compiled-policy') {
      yield { type: 'malformed', line: 0, reason: 'not a compiled policy', issues: [issue('request/invalid', '', { expected: 'a compiled policy (from compile)', received: typeof policy })] }
      settle({ policy: '', read: 0, blank: 0, skipped: 0, judged: 0, late: 0, violations: 0, byRule: {}, communities: 0, peakHeld: 0 })
      return
    }
    const bad = auditOptionIssues(options)
    if (bad.length > 0) {
      yield { type: 'malformed', line: 0, reason: 'the audit options are not valid', issues: bad }
      settle({ policy: policy.id, fingerprint: policy.fingerprint, read: 0, blank: 0, skipped: 0, judged: 0, late: 0, violations: 0, byRule: {}, communities: 0, peakHeld: 0 })
      return
    }
    const auditor = createAuditor(policy, options)
    // the findings of one push, handed on one by one; the array is reused (nothing else pushes
    // while this generator waits for its reader)
    const out: Finding[] = []
    const emit = (f: Finding): void => {
      out.push(f)
    }
    try {
      if (isAsyncIterable(events)) {
        for await (const e of events) {
          auditor.push(e, emit)
          for (let i = 0; i < out.length; i++) yield out[i] as Finding
          out.length = 0
        }
      } else if (isIterable(events)) {
        for (const e of events) {
          auditor.push(e, emit)
          for (let i = 0; i < out.length; i++) yield out[i] as Finding
          out.length = 0
        }
      } else yield { type: 'malformed', line: 0, reason: 'events are neither iterable nor async iterable', issues: [issue('request/invalid', '', { expected: 'an iterable of events', received: typeof events })] }
      auditor.end(emit)
      for (let i = 0; i < out.length; i++) yield out[i] as Finding
      out.length = 0
    } finally {
      settle(auditor.summary())
    }
  }
  return { findings: run(), summary }
}

/**
 * Audit and collect everything: the findings as an array and the summary.
 *
 * @example
 * const { findings, summary } = await auditAll(policy, events)
 * @since 0.1.0
 */
export const auditAll = async (
  policy: CompiledPolicy,
  events: Iterable<unknown> | AsyncIterable<unknown>,
  options: AuditOptions = {},
): Promise<{ readonly findings: Finding[]; readonly summary: AuditSummary }> => {
  const run = audit(policy, events, options)
  const findings: Finding[] = []
  for await (const f of run.findings) findings.push(f)
  return { findings, summary: await run.summary }
}

import { describe, expect, it } from 'vitest'
import * as E from 'fp-ts/lib/Either.js'
import { auditAll } from '../src/audit/audit'
import type { Finding, FindingWindow } from '../src/audit/finding'
import type { CompiledCap, CompiledPolicy } from '../src/compile/compile'
import { decodeRequest } from '../src/decode/decode-request'
import { evaluate, traceOf } from '../src/evaluate/evaluate'
import { loadPolicy } from '../src/node/load'
import { toLocalDate } from '../src/time/local-date'
import { generateEvents } from '../bench/events'
import { vocabOf } from '../bench/requests'

/**
 * The audit keeps per community only the open windows, counts them itself, and gives `evaluate`
 * only what a decision can depend on. This checks it against the plainest audit there is: every
 * event judged by `evaluate` with every earlier event of its community (judged or late) as
 * history, on a few thousand generated events with disorder, late events and malformed lines.
 */

const policyOf = (id: string): CompiledPolicy => {
  const p = loadPolicy(id)
  if (E.isLeft(p)) throw new Error(JSON.stringify(p.left))
  return p.right
}

type Plain = { type: string; line: number; codes?: string[]; [k: string]: unknown }

/** A recorded event as a past event: the fields a history event has. */
const HISTORY_FIELDS = ['kind', 'date', 'requester', 'community', 'item', 'certificate', 'plaque', 'meeting', 'inspection', 'evaluation', 'form']
const asPast = (e: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(HISTORY_FIELDS.filter((k) => e[k] !== undefined).map((k) => [k, e[k]]))

const shift = (d: string, days: number): string => new Date(Date.parse(`${d}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)

/** The reference: no pruning, no slimming, no counting of its own. */
const plainAudit = (policy: CompiledPolicy, items: readonly unknown[], reorderDays = 7): { findings: Plain[]; judged: number; late: number; skipped: number } => {
  const findings: Plain[] = []
  let judged = 0
  let late = 0
  let skipped = 0
  // the cap's title and clause, as the pack gives them
  const capNames = (c: CompiledCap | undefined): Pick<FindingWindow, 'title' | 'citation'> => ({ ...(c?.title !== undefined ? { title: c.title } : {}), ...(c?.citation !== undefined ? { citation: c.citation } : {}) })
  interface Held { line: number; date: string; event: Record<string, unknown> }
  const communities = new Map<string, { pending: Held[]; past: Record<string, unknown>[]; latest: string; judgedThrough?: string }>()
  const bad = (line: number, codes: string[]): void => {
    skipped++
    findings.push({ type: 'malformed', line, codes })
  }
  const judge = (c: { past: Record<string, unknown>[]; judgedThrough?: string }, h: Held): void => {
    c.judgedThrough = h.date
    const d = evaluate(policy, { ...h.event, history: c.past })
    if (E.isLeft(d)) return bad(h.line, d.left.map((i) => i.code))
    judged++
    c.past.push(asPast(h.event))
    const decision = d.right
    if (decision.outcome !== 'refusable' && decision.outcome !== 'forbidden') return
    const trace = traceOf(decision)
    const windows: FindingWindow[] = []
    policy.caps.forEach((cap, j) => {
      const s = trace?.ctx.cap(j)
      if (s?.exceeded === true) windows.push({ cap: cap.id, label: s.window.label, start: s.window.start, end: s.window.end, count: s.withThis, max: s.max, ...capNames(policy.capsById.get(cap.id)) })
    })
    const e = h.event as { id?: string; community: { id: string }; requester: { level: string; department?: string }; kind: string }
    findings.push({
      type: 'violation',
      line: h.line,
      ...(e.id !== undefined ? { id: e.id } : {}),
      community: e.community.id,
      department: e.requester.department ?? e.requester.level,
      level: e.requester.level,
      kind: e.kind,
      date: h.date,
      outcome: decision.outcome,
      rule: decision.decidedBy.id,
      pack: decision.decidedBy.pack,
      citation: decision.decidedBy.citation,
      windows,
    })
  }
  const release = (c: { pending: Held[]; past: Record<string, unknown>[] }, until?: string): void => {
    const ready = c.pending.filter((h) => until === undefined || h.date < until)
    c.pending = c.pending.filter((h) => !ready.includes(h))
    for (const h of ready) judge(c, h)
  }
  items.forEach((item, i) => {
    const line = i + 1
    let value: unknown = item
    if (typeof item === 'string') {
      if (item.trim() === '') return
      try {
        value = JSON.parse(item)
      } catch {
        return bad(line, ['json/syntax'])
      }
    }
    const v = value as { community?: { id?: unknown }; history?: unknown; date?: unknown }
    if (typeof v !== 'object' || v === null || Array.isArray(v) || v.history !== undefined) return bad(line, ['request/invalid'])
    if (typeof v.community?.id !== 'string') return bad(line, ['request/missing'])
    const date = toLocalDate(v.date, policy.timeZone)
    if (date === undefined) return bad(line, [v.date === undefined ? 'request/missing' : 'request/bad-date'])
    const id = v.community.id
    let c = communities.get(id)
    if (c === undefined) communities.set(id, (c = { pending: [], past: [], latest: date }))
    const event = value as Record<string, unknown>
    if (c.judgedThrough !== undefined && date < c.judgedThrough) {
      const checked = decodeRequest(event, policy.timeZone, policy.limits)
      if (E.isLeft(checked)) return bad(line, checked.left.map((x) => x.code))
      late++
      findings.push({ type: 'out-of-order', line, community: id, date, judgedThrough: c.judgedThrough })
      c.past.push(asPast(event))
      return
    }
    c.pending.push({ line, date, event })
    c.pending.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.line - b.line))
    if (date > c.latest) {
      c.latest = date
      release(c, shift(date, -reorderDays))
    }
  })
  for (const c of communities.values()) release(c)
  return { findings, judged, late, skipped }
}

const plain = (fs: readonly Finding[]): Plain[] =>
  fs.map((f) => (f.type === 'malformed' ? { type: f.type, line: f.line, codes: f.issues.map((i) => i.code) } : (f as unknown as Plain)))

/** Generated lines, with events of unknown kind and events far out of order mixed in. */
const sample = (policy: CompiledPolicy, seed: number): string[] => {
  const lines = [...generateEvents(2_500, vocabOf(policy.resolved.lists), { seed, communities: 10, start: '2025-11-20', days: 100, jitterDays: 5, lateEvery: 211, malformedEvery: 331 })]
  return lines.map((l, i) => {
    if (i % 173 !== 50) return l
    try {
      return JSON.stringify({ ...(JSON.parse(l) as object), kind: 'party' })
    } catch {
      return l
    }
  })
}

const deepFreeze = <T>(v: T): T => {
  if (typeof v === 'object' && v !== null) {
    for (const x of Object.values(v)) deepFreeze(x)
    Object.freeze(v)
  }
  return v
}

describe('audit: the same findings as judging each event with its whole past', () => {
  for (const [pack, options] of [
    ['cn-shandong', {}],
    ['cn-shandong', { reorderDays: 0 }],
    ['cn-shandong', { fullHistory: true }],
    ['cn-beijing', {}],
  ] as const) {
    it(`${pack} ${JSON.stringify(options)}`, async () => {
      const policy = policyOf(pack)
      const lines = sample(policy, pack.length * 31 + ('reorderDays' in options ? 1 : 0))
      const { findings, summary } = await auditAll(policy, lines, options)
      const ref = plainAudit(policy, lines, 'reorderDays' in options ? options.reorderDays : 7)
      expect(plain(findings)).toEqual(ref.findings)
      expect(summary).toMatchObject({ judged: ref.judged, late: ref.late, skipped: ref.skipped })
      // the sample exercises what it should: caps exceeded, late events, malformed lines
      // (Beijing's form limits are fixed sets of forms, not counts: it has no caps, and its violations are refusals)
      if (policy.capsById.size > 0) expect(findings.filter((f) => f.type === 'violation' && f.windows.length > 0).length).toBeGreaterThan(20)
      else expect(findings.filter((f) => f.type === 'violation').length).toBeGreaterThan(20)
      expect(summary.late).toBeGreaterThan(5)
      expect(summary.skipped).toBeGreaterThan(10)
    })
  }

  it('gives the same findings for event values as for their lines, and leaves the values alone', async () => {
    const policy = policyOf('cn-shandong')
    const lines = sample(policy, 77)
    const values = lines.map((l) => {
      try {
        return deepFreeze(JSON.parse(l) as unknown)
      } catch {
        return l
      }
    })
    const before = JSON.stringify(values)
    const fromLines = await auditAll(policy, lines)
    const fromValues = await auditAll(policy, values)
    expect(fromValues).toEqual(fromLines)
    expect(JSON.stringify(values)).toBe(before)
  })
})

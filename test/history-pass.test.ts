import { describe, expect, it } from 'vitest'
import * as E from 'fp-ts/lib/Either.js'
import { generateRequests, vocabOf } from '../bench/requests'
import { decodeRequest, KIND_CODES } from '../src/decode/decode-request'
import type { HistoryEvent, Request } from '../src/decode/request-codec'
import { run, traceOf } from '../src/evaluate/evaluate'
import { evaluate, evaluateAsync } from '../src/node/index'
import { loadPolicy } from '../src/node/load'
import { dateReader, dayOfLocalDate } from '../src/time/local-date'

// decodeRequest reads a history once: each event checked, its date read into a day number and its
// kind into a code, packed into `historyDays`; the caps count on those. These hold the pass to
// what reading each date with the date reader and counting on the dates gives.
describe('the one pass over a history', () => {
  const loaded = loadPolicy('cn-shandong')
  if (E.isLeft(loaded)) throw new Error(JSON.stringify(loaded.left))
  const policy = loaded.right
  const made = generateRequests(300, vocabOf(policy.resolved.lists), { seed: 16, history: 'long' })
  const mixes = { 'as generated': made, 'from JSON.parse': JSON.parse(JSON.stringify(made)) as Record<string, unknown>[] }
  const read = dateReader(policy.timeZone)

  for (const [name, requests] of Object.entries(mixes))
    it(`leaves each event's local day and kind, and the caps count as on the dates (${name})`, async () => {
      let events = 0
      let instants = 0
      for (const r of requests) {
        const d = decodeRequest(r, policy.timeZone, policy.limits)
        if (E.isLeft(d)) throw new Error(JSON.stringify(d.left))
        const history = (r.history ?? []) as HistoryEvent[]
        const days = d.right.historyDays as readonly number[]
        expect(days.length).toBe(history.length)
        expect(d.right.historyDates).toEqual(history.map((e) => read(e.date)))
        history.forEach((e, i) => {
          expect((days[i] as number) >> 3).toBe(dayOfLocalDate(read(e.date)))
          expect((days[i] as number) & 7).toBe(KIND_CODES[e.kind])
          if (e.date.length > 10) instants++
        })
        events += history.length
        // the same request decoded otherwise (the audit's way: the dates only) decides alike and counts alike
        const fast = run(policy, d.right)
        const onDates = run(policy, { request: d.right.request, date: d.right.date, historyDates: d.right.historyDates, approvalDates: d.right.approvalDates })
        if (E.isLeft(fast) || E.isLeft(onDates)) throw new Error('run gave issues')
        expect([fast.right.outcome, fast.right.decidedBy.id]).toEqual([onDates.right.outcome, onDates.right.decidedBy.id])
        expect(traceOf(fast.right)?.ctx.caps()).toEqual(traceOf(onDates.right)?.ctx.caps())
        // and evaluate and evaluateAsync decide alike
        const sync = evaluate(policy, r)
        const async = await evaluateAsync(policy, r)
        if (E.isLeft(sync) || E.isLeft(async)) throw new Error('evaluate gave issues')
        expect([async.right.outcome, async.right.decidedBy.id]).toEqual([sync.right.outcome, sync.right.decidedBy.id])
        expect([sync.right.outcome, sync.right.decidedBy.id]).toEqual([fast.right.outcome, fast.right.decidedBy.id])
      }
      expect(events).toBeGreaterThan(20_000)
      expect(instants).toBeGreaterThan(events / 3)
    })

  const base: Request = { kind: 'meeting', date: '2026-03-02', requester: { level: 'district' }, meeting: {} }
  const ev = (date: string, kind = 'meeting'): Record<string, unknown> => ({ kind, date, requester: { level: 'district' } })

  it('a date that is not one gives its issue at its place, after the request date', () => {
    const r = { ...base, date: '2026-02-30', history: [ev('2026-01-05'), ev('2026-02-30T10:00:00Z'), ev('2026-01-06'), ev('yesterday')] }
    const d = decodeRequest(r, policy.timeZone)
    expect(E.isLeft(d) && d.left.map((i) => [i.code, i.path])).toEqual([
      ['request/bad-date', '/date'],
      ['request/bad-date', '/history/1/date'],
      ['request/bad-date', '/history/3/date'],
    ])
  })

  it('an event that is not one is reported by the full decoder (its dates are not read)', () => {
    const r = { ...base, history: [ev('2026-01-05'), ev('not a date'), ev('2026-01-06', 'party'), { ...ev('2026-01-07'), extra: 1 }] }
    const d = decodeRequest(r, policy.timeZone)
    expect(E.isLeft(d) && d.left.map((i) => [i.code, i.path])).toEqual([
      ['request/invalid', '/history/2/kind'],
      ['request/unknown-field', '/history/3/extra'],
    ])
  })

  it('an event field that is inherited or hidden is not read: the copy of the own enumerable fields is decoded and counted', () => {
    const proto = { kind: 'meeting', requester: { level: 'district' } }
    const inherited = Object.assign(Object.create(proto) as object, { date: '2026-01-05' })
    const hidden: Record<string, unknown> = { kind: 'meeting', date: '2026-01-05' }
    Object.defineProperty(hidden, 'requester', { value: { level: 'district' }, enumerable: false })
    // the event without its inherited kind is not an event; without its hidden requester it is
    const a = decodeRequest({ ...base, history: [inherited] }, policy.timeZone)
    expect(E.isLeft(a) && a.left.map((i) => [i.code, i.path])).toEqual([['request/missing', '/history/0/kind']])
    const b = evaluate(policy, { ...base, history: [hidden, ev('2026-01-06'), ev('2026-01-07')] } as unknown)
    // read, the hidden requester would make it a third district meeting of the year
    const caps = E.isRight(b) ? traceOf(b.right)?.ctx.caps() : undefined
    expect(caps?.['district-meetings']?.count).toBe(2)
  })
})

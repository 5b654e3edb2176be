import { describe, expect, it } from 'vitest'
import * as E from 'fp-ts/lib/Either.js'
import { evaluate } from '../src/node/index'
import { loadPolicy } from '../src/node/load'
import { generateRequests, vocabOf } from '../bench/requests'
import { historyLoop, makeFloor } from '../bench/floor'
import { toLocalDate } from '../src/time/local-date'

// The bench's hand-written floor must decide what zhunru decides, or `floor_rps` means nothing.
describe('the bench floor (hand-written Shandong + national)', () => {
  const policy = loadPolicy('cn-shandong')
  if (E.isLeft(policy)) throw new Error(JSON.stringify(policy.left))
  const p = policy.right
  const vocab = vocabOf(p.resolved.lists)
  const floor = makeFloor(vocab, p.chain.includes('cn-national'))
  const requests = generateRequests(2_000, vocab, { seed: 11 })

  it('agrees with evaluate on the outcome and the deciding rule of 2,000 seeded requests', () => {
    const disagreements: string[] = []
    const decidedBy = new Set<string>()
    for (const r of requests) {
      const d = evaluate(p, r)
      if (E.isLeft(d)) {
        disagreements.push(`${String(r.id)}: evaluate gave issues ${d.left.map((i) => i.code).join(', ')}`)
        continue
      }
      decidedBy.add(d.right.decidedBy.id)
      const f = floor(r)
      if (f.outcome !== d.right.outcome || f.rule !== d.right.decidedBy.id)
        disagreements.push(`${String(r.id)}: floor ${f.outcome}/${f.rule}, evaluate ${d.right.outcome}/${d.right.decidedBy.id}`)
    }
    expect(disagreements).toEqual([])
    // the mix reaches the caps, the lists and the approvals, not only the catch-all
    for (const rule of ['catch-all', 'seal-outside-scope', 'assist-list', 'admission-approved', 'district-meeting-cap', 'street-meeting-within-cap', 'negative-list', 'certificate-needs-basis', 'certificate-required-by-law', 'department-separate-evaluation', 'evaluation-mandated', 'work-list-statutory-duty'])
      expect(decidedBy).toContain(rule)
  })

  it('is not the catch-all in disguise: a changed request changes its answer', () => {
    const base = { kind: 'meeting', date: '2026-03-10', requester: { level: 'district' }, meeting: {} }
    expect(floor(base)).toEqual({ outcome: 'permitted', rule: 'district-meeting-within-cap' })
    const twoBefore = { ...base, history: [{ kind: 'meeting', date: '2026-01-05', requester: { level: 'district' } }, { kind: 'meeting', date: '2026-02-05', requester: { level: 'district' } }] }
    expect(floor(twoBefore)).toEqual({ outcome: 'refusable', rule: 'district-meeting-cap' })
  })

  const everyDate = makeFloor(vocab, p.chain.includes('cn-national'), { everyDate: true })
  for (const [name, floor] of [['reading the dates it counts', makeFloor(vocab, p.chain.includes('cn-national'))], ['reading every date', everyDate]] as const)
  it(`reads instants as evaluate does, ${name}: 600 requests of the long-history mix (0..200 events, half instants)`, () => {
    const long = generateRequests(600, vocab, { seed: 12, history: 'long' })
    const disagreements: string[] = []
    let instants = 0
    for (const r of long) {
      for (const e of (r.history as { date: string }[]) ?? []) if (e.date.length > 10) instants++
      const d = evaluate(p, r)
      const f = floor(r)
      if (E.isLeft(d) || f.outcome !== d.right.outcome || f.rule !== d.right.decidedBy.id)
        disagreements.push(`${String(r.id)}: floor ${f.outcome}/${f.rule}, evaluate ${E.isLeft(d) ? 'issues' : `${d.right.outcome}/${d.right.decidedBy.id}`}`)
    }
    expect(disagreements).toEqual([])
    expect(instants).toBeGreaterThan(20_000)
    // an instant on the evening of the last day of February in UTC is 1 March in Shanghai
    const streetMeeting = (date: string) => ({ kind: 'meeting', date, requester: { level: 'street' }, meeting: {} })
    const four = ['2026-03-02', '2026-03-03T09:00:00+08:00', '2026-03-04 01:00:00-0500', '2026-02-28T16:30:00Z'].map(streetMeeting)
    expect(floor({ ...streetMeeting('2026-03-10'), history: four })).toEqual({ outcome: 'refusable', rule: 'street-meeting-cap' })
    four[3] = streetMeeting('2026-02-28T15:30:00Z')
    expect(floor({ ...streetMeeting('2026-03-10'), history: four })).toEqual({ outcome: 'permitted', rule: 'street-meeting-within-cap' })
  })
  it("issue 16's hand-written loop counts a month's and a year's inspections as the zone's calendar does", () => {
    const long = generateRequests(300, vocab, { seed: 13, history: 'long' })
    for (const r of long) {
      const date = toLocalDate(r.date, 'Asia/Shanghai') as string
      let inMonth = 0
      let inYear = 0
      for (const e of r.history as { kind: string; date: string }[]) {
        const d = toLocalDate(e.date, 'Asia/Shanghai') as string
        if (e.kind !== 'inspection' || d > date) continue
        if (d.slice(0, 7) === date.slice(0, 7)) inMonth++
        if (d.slice(0, 4) === date.slice(0, 4)) inYear++
      }
      expect(historyLoop(r)).toBe(inMonth * 1000 + inYear)
    }
    // 16:30 UTC on 28 February is 1 March in Shanghai
    expect(historyLoop({ date: '2026-03-10', history: [{ kind: 'inspection', date: '2026-02-28T16:30:00Z' }, { kind: 'inspection', date: '2026-02-28T15:30:00Z' }] })).toBe(1002)
  })
})

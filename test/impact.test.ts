import * as E from 'fp-ts/lib/Either.js'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { generateRequests } from '../scripts/gen-requests'
import { impact, impactAll, judgeRequest } from '../src/impact/index'
import { evaluate, loadPolicy, type CompiledPolicy } from '../src/node/index'
import { capPack } from './_impact-packs'

/**
 * `impact` (issue 17, item 1): the requests whose decision changes between two policies, exactly
 * those, checked against evaluating every request under both; bounded memory over a long input.
 */

const load = (ref: string): CompiledPolicy => {
  const p = loadPolicy(ref)
  if (E.isLeft(p)) throw new Error(JSON.stringify(p.left))
  return p.right
}

/** The lines whose decision differs, by evaluating each request under both policies. */
const expectedChanges = (a: CompiledPolicy, b: CompiledPolicy, lines: readonly string[]): number[] =>
  lines.flatMap((l, i) => {
    const x = evaluate(a, JSON.parse(l))
    const y = evaluate(b, JSON.parse(l))
    if (E.isLeft(x) || E.isLeft(y)) return E.isLeft(x) && E.isLeft(y) ? [] : [i + 1]
    return x.right.outcome !== y.right.outcome || x.right.decidedBy.id !== y.right.decidedBy.id || x.right.decidedBy.pack !== y.right.decidedBy.pack ? [i + 1] : []
  })

describe('impact', () => {
  const before = load('cn-shandong')

  for (const max of [2, 4, 5]) {
    it(`reports exactly the requests whose decision changes when a cap's maximum goes from 3 to ${max}`, async () => {
      const after = load(capPack(max))
      const lines = [...generateRequests(6000, { seed: max, communities: 25 })]
      const want = expectedChanges(before, after, lines)
      expect(want.length).toBeGreaterThan(10)
      const { rows, summary } = await impactAll(before, after, lines)
      expect(rows.map((r) => r.line)).toEqual(want)
      expect(summary.changed).toBe(want.length)
      expect(summary.read).toBe(6000)
      expect(summary.judged + summary.skipped).toBe(summary.read)
      // every change is a street inspection whose count falls between the two maxima
      for (const r of rows) {
        if (r.type !== 'change') throw new Error('malformed')
        const request = JSON.parse(lines[r.line - 1] as string) as { kind: string; history: { kind: string }[] }
        expect(request.kind).toBe('inspection')
        const n = request.history.filter((h) => h.kind === 'inspection').length + 1
        expect(n).toBeGreaterThan(Math.min(3, max))
        expect(n).toBeLessThanOrEqual(Math.max(3, max))
        expect(r.transition).toBe(max > 3 ? 'refusable → permitted' : 'permitted → refusable')
      }
      expect(summary.byTransition.map((g) => [g.key, g.count])).toEqual([[max > 3 ? 'refusable → permitted' : 'permitted → refusable', want.length]])
    }, 60_000)
  }

  it('gives the deciding rule and clause on each side, the rules fired on one side only, and groups with communities and examples', async () => {
    const after = load(capPack(4))
    const lines = [...generateRequests(3000, { seed: 9, communities: 10 })]
    const { rows, summary } = await impactAll(before, after, lines, { examples: 2 })
    const c = rows[0]
    if (c?.type !== 'change') throw new Error('no change')
    expect(c.before).toMatchObject({ outcome: 'refusable', rule: 'street-inspection-cap', pack: 'cn-shandong', clause: { article: '十项规定 六' } })
    expect(c.after).toMatchObject({ outcome: 'permitted', rule: 'street-inspection-within-cap' })
    expect(c.onlyBefore).toContain('cn-shandong:street-inspection-cap')
    expect(c.onlyAfter).toContain('cn-shandong:street-inspection-within-cap')
    const g = summary.byRule[0]
    expect(g?.key).toBe('cn-shandong:street-inspection-cap → cn-shandong:street-inspection-within-cap')
    expect(g?.examples.map((e) => e.line)).toEqual(rows.slice(0, 2).map((r) => r.line))
    const communities = new Set(rows.map((r) => (r.type === 'change' ? r.community : '')))
    expect(g?.communities).toBe(communities.size)
    expect(g?.topCommunities.reduce((n, x) => n + x.count, 0)).toBeLessThanOrEqual(g?.count ?? 0)
  }, 60_000)

  it('reports malformed lines with their line numbers, counts blank lines, and never throws', async () => {
    const after = load(capPack(4))
    const good = [...generateRequests(3, { seed: 1 })]
    const { rows, summary } = await impactAll(before, after, [good[0], '{oops', '', '[1]', '{"kind":"nonsense","date":"2026-01-01","requester":{"level":"street"}}', good[1]])
    expect(rows.map((r) => [r.type, r.line])).toEqual([
      ['malformed', 2],
      ['malformed', 4],
      ['malformed', 5],
    ])
    expect(summary).toMatchObject({ read: 5, blank: 1, skipped: 3, judged: 2 })
    expect(judgeRequest(before, after, 42, 1)).toMatchObject({ type: 'malformed' })
    const bad = await impactAll(null as never, after, [])
    expect(bad.rows[0]).toMatchObject({ type: 'malformed', line: 0 })
  })

  it('holds bounded memory over 200,000 requests (counts and examples only)', async () => {
    // every street inspection changes (a cap of 0): some 75,000 changes, which would take well
    // over 40 MB if they were held
    const after = load(capPack(0))
    setFlagsFromString('--expose-gc')
    const gc = runInNewContext('gc') as () => void
    const run = impact(before, after, generateRequests(200_000, { seed: 5, communities: 3000 }))
    const heap: number[] = []
    let n = 0
    for await (const r of run.rows) {
      if (++n % 20_000 === 0) {
        gc()
        heap.push(process.memoryUsage().heapUsed)
      }
      void r
    }
    const s = await run.summary
    expect(s.read).toBe(200_000)
    expect(s.changed).toBeGreaterThan(60_000)
    // from the first sample to the last (20,000 to 80,000+ changes): the heap does not grow with them
    expect((heap[heap.length - 1] as number) - (heap[0] as number)).toBeLessThan(8 << 20)
  }, 120_000)
})

describe('impact --events', () => {
  it('replays recorded events as the requests they were: the same changes as the requests with their history', async () => {
    const before = load('cn-shandong')
    const after = load('examples/amend-shandong')
    const requests = [...generateRequests(6000, { seed: 11, communities: 25 })]
    // the same events without their history
    const events = requests.map((l) => {
      const { history: _h, ...event } = JSON.parse(l) as Record<string, unknown>
      void _h
      return JSON.stringify(event)
    })
    const withHistory = await impactAll(before, after, requests)
    const replayed = await impactAll(before, after, events, { events: true })
    expect(withHistory.summary.changed).toBeGreaterThan(50)
    expect(replayed.rows).toEqual(withHistory.rows)
    // an event far out of date order, one with a history of its own, one without a community: malformed, with their lines
    const ev = (date: string): string => JSON.stringify({ kind: 'task', date, requester: { level: 'street' }, community: { id: 'x' } })
    const bad = await impactAll(before, after, [ev('2026-06-01'), ev('2026-05-28'), ev('2026-01-01'), '{"kind":"task","date":"2026-01-01","requester":{"level":"street"},"community":{"id":"y"},"history":[]}', '{"kind":"task","date":"2026-01-01","requester":{"level":"street"}}'], { events: true })
    expect(bad.rows.map((r) => [r.type, r.line])).toEqual([
      ['malformed', 3],
      ['malformed', 4],
      ['malformed', 5],
    ])
    expect(bad.summary).toMatchObject({ read: 5, skipped: 3, judged: 2 })
  }, 60_000)
})

import { describe, expect, it } from 'vitest'
import * as E from 'fp-ts/lib/Either.js'
import { audit, auditAll } from '../src/audit/audit'
import type { Finding, Violation } from '../src/audit/finding'
import { loadPolicy } from '../src/node/load'
import { generateEvents } from '../bench/events'
import { vocabOf } from '../bench/requests'

const loaded = loadPolicy('cn-shandong')
if (E.isLeft(loaded)) throw new Error(JSON.stringify(loaded.left))
const policy = loaded.right

const districtMeeting = (community: string, date: string, id?: string): Record<string, unknown> => ({
  ...(id !== undefined ? { id } : {}),
  kind: 'meeting',
  date,
  requester: { level: 'district', department: '区民政局' },
  community: { id: community },
  meeting: {},
})
const violations = (fs: readonly Finding[]): Violation[] => fs.filter((f): f is Violation => f.type === 'violation')

describe('audit: caps', () => {
  it('finds the district-meeting cap exceeded at the third meeting of the year, not before, not in another community', async () => {
    const { findings, summary } = await auditAll(policy, [
      districtMeeting('A', '2025-12-20'), // last year: does not count
      districtMeeting('A', '2026-01-10'),
      districtMeeting('B', '2026-02-01'), // another community
      districtMeeting('A', '2026-03-05'),
      districtMeeting('A', '2026-05-20', 'the-third'),
    ])
    const v = violations(findings)
    expect(v).toHaveLength(1)
    expect(v[0]).toMatchObject({
      line: 5,
      id: 'the-third',
      community: 'A',
      department: '区民政局',
      date: '2026-05-20',
      outcome: 'refusable',
      rule: 'district-meeting-cap',
      pack: 'cn-shandong',
      windows: [{ cap: 'district-meetings', label: '2026', start: '2026-01-01', end: '2026-12-31', count: 3, max: 2 }],
    })
    expect(v[0]?.citation.article).toBe('十项规定 五')
    // the window names its cap for people and cites the clause that sets it
    expect(v[0]?.windows[0]?.title).toEqual({ 'zh-CN': '区级组织的会议（每年不超过2次）', en: 'Meetings organised at district level (at most 2 a year)' })
    expect(v[0]?.windows[0]?.citation?.quote).toContain('每年不得超過2次')
    expect(summary).toMatchObject({ read: 5, skipped: 0, judged: 5, late: 0, violations: 1, communities: 2 })
  })

  it('reports tasks without approval and certificates outside the seal scope, with the citation and its provenance', async () => {
    const { findings } = await auditAll(policy, [
      { kind: 'task', date: '2026-03-01', requester: { level: 'district', department: '住建局' }, community: { id: 'A' }, item: { category: '人口普查入户' } },
      { kind: 'task', date: '2026-03-01', requester: { level: 'district', department: '民政局' }, community: { id: 'A' }, item: { category: '社会救助', assist: true } },
      { kind: 'certificate', date: '2026-03-02', requester: { level: 'district', department: '公安分局' }, community: { id: 'A' }, certificate: { kind: '收入证明', verifiable: false } },
    ])
    const v = violations(findings)
    expect(v.map((x) => [x.line, x.rule, x.department, x.windows.length])).toEqual([
      [1, 'admission-unapproved', '住建局', 0],
      [2, 'assist-needs-funds', '民政局', 0],
      [3, 'seal-outside-scope', '公安分局', 0],
    ])
    expect(v.map((x) => x.citation.provenance)).toEqual(['official', 'official', 'official'])
    expect(v[1]?.citation.document.number).toBe('民发〔2015〕136号')
  })
})

describe('audit: events out of date order', () => {
  it('sorts events within the reorder window, so the cap falls on the latest meeting, not the last line', async () => {
    const { findings, summary } = await auditAll(policy, [
      districtMeeting('A', '2026-05-03'),
      districtMeeting('A', '2026-05-01'),
      districtMeeting('A', '2026-05-02'),
    ])
    expect(violations(findings).map((v) => [v.line, v.date])).toEqual([[1, '2026-05-03']])
    expect(summary).toMatchObject({ read: 3, judged: 3, late: 0 })
  })

  it('reports an event older than what was already judged as out of order, never judged on a wrong count', async () => {
    const { findings, summary } = await auditAll(policy, [
      districtMeeting('A', '2026-06-01'),
      districtMeeting('A', '2026-06-20'), // judges 06-01 (more than 7 days before)
      districtMeeting('A', '2026-07-15'), // judges 06-20; 07-15 itself is held (reorder window)
      districtMeeting('A', '2026-05-01'), // too late: 06-01 and 06-20 were judged without it
      districtMeeting('A', '2026-08-01'), // judges 07-15
    ])
    expect(findings.filter((f) => f.type === 'out-of-order')).toEqual([
      { type: 'out-of-order', line: 4, community: 'A', date: '2026-05-01', judgedThrough: '2026-06-20' },
    ])
    // the late meeting did happen: 07-15 (still held when it came) and 08-01 count it
    expect(violations(findings).map((v) => [v.line, v.windows[0]?.count])).toEqual([
      [3, 4],
      [5, 5],
    ])
    expect(summary).toMatchObject({ read: 5, judged: 4, late: 1, skipped: 0 })
  })

  it('with no reorder window, an event a day late is reported, and counted for the events after it', async () => {
    const { findings, summary } = await auditAll(
      policy,
      [districtMeeting('A', '2026-05-03'), districtMeeting('A', '2026-05-04'), districtMeeting('A', '2026-05-01')],
      { reorderDays: 0 },
    )
    // 05-03 is judged at once; 05-01 comes too late, is reported, and still counts for 05-04
    expect(findings.map((f) => [f.type, f.line])).toEqual([
      ['out-of-order', 3],
      ['violation', 2],
    ])
    expect(summary).toMatchObject({ read: 3, judged: 2, late: 1 })
  })
})

describe('audit: malformed input', () => {
  it('reports each malformed line with its number and reason, skips it, and the counts add up', async () => {
    const lines = [
      JSON.stringify(districtMeeting('A', '2026-01-10')),
      '{"kind": "meeting", "date": ',
      '',
      JSON.stringify({ kind: 'meeting', date: '2026-01-11', requester: { level: 'district' } }),
      JSON.stringify({ ...districtMeeting('A', '2026-01-12'), kind: 'party' }),
      JSON.stringify({ ...districtMeeting('A', '2026-01-13'), date: '2026-02-30' }),
      JSON.stringify({ ...districtMeeting('A', '2026-01-14'), history: [] }),
      '   ',
      JSON.stringify(districtMeeting('A', '2026-03-01')),
      JSON.stringify(districtMeeting('A', '2026-04-01')),
    ]
    const { findings, summary } = await auditAll(policy, lines)
    // JSON, community and date problems are reported at once, the rest when the event is judged
    const bad = findings.filter((f) => f.type === 'malformed').sort((a, b) => a.line - b.line)
    expect(bad.map((f) => f.line)).toEqual([2, 4, 5, 6, 7])
    expect(bad.map((f) => (f.type === 'malformed' ? f.issues[0]?.code : ''))).toEqual([
      'json/syntax',
      'request/missing',
      'request/invalid',
      'request/bad-date',
      'request/invalid',
    ])
    for (const f of bad) expect(f.type === 'malformed' && f.reason.length > 0).toBe(true)
    expect(violations(findings).map((v) => v.line)).toEqual([10])
    expect(summary).toMatchObject({ read: 8, blank: 2, skipped: 5, judged: 3, late: 0 })
    expect(summary.read).toBe(summary.skipped + summary.judged + summary.late)
  })

  it('never throws on input that is not events at all', async () => {
    const { findings, summary } = await auditAll(policy, 42 as unknown as unknown[])
    expect(findings.map((f) => f.type)).toEqual(['malformed'])
    expect(summary.read).toBe(0)
    const notPolicy = await auditAll({} as never, [])
    expect(notPolicy.findings.map((f) => f.type)).toEqual(['malformed'])
  })
})

describe('audit: forms of input', () => {
  const vocab = vocabOf(policy.resolved.lists)
  const lines = [...generateEvents(3_000, vocab, { seed: 5, communities: 30, days: 90, lateEvery: 1_499, malformedEvery: 997 })]

  it('an iterable and an async iterable of the same lines give the same findings and summary', async () => {
    async function* slowly(): AsyncGenerator<string> {
      for (const l of lines) yield l
    }
    const a = await auditAll(policy, lines)
    const b = await auditAll(policy, slowly())
    expect(b).toEqual(a)
    expect(a.summary.read).toBe(3_000)
    expect(a.summary.skipped).toBe(3)
    expect(a.summary.late).toBeGreaterThan(0)
    expect(a.summary.violations).toBeGreaterThan(0)
    expect(a.summary.read).toBe(a.summary.skipped + a.summary.judged + a.summary.late)
    // parsed values give the same violations as their lines
    const values = lines.flatMap((l) => {
      try {
        return [JSON.parse(l) as unknown]
      } catch {
        return [l]
      }
    })
    const c = await auditAll(policy, values)
    expect(c.summary).toEqual(a.summary)
  })

  it('giving each event only the past events of its own caps decides as the whole open windows do', async () => {
    const own = await auditAll(policy, lines)
    const full = await auditAll(policy, lines, { fullHistory: true })
    expect(own).toEqual(full)
    expect(own.summary.byRule['district-meeting-cap'] ?? 0).toBeGreaterThan(0)
  })

  it('the summary settles once the findings are read', async () => {
    const run = audit(policy, lines.slice(0, 100))
    let n = 0
    for await (const _ of run.findings) n++
    const s = await run.summary
    expect(s.violations + s.skipped + s.late).toBe(n)
  })

  it('holds only the open windows: three years of events hold no more than one year does', async () => {
    const oneYear = await auditAll(policy, generateEvents(2_000, vocab, { seed: 9, communities: 8, days: 365 }))
    const threeYears = await auditAll(policy, generateEvents(6_000, vocab, { seed: 9, communities: 8, days: 3 * 365 }))
    expect(threeYears.summary.judged).toBe(6_000)
    expect(threeYears.summary.peakHeld).toBeLessThan(oneYear.summary.peakHeld * 1.5)
    expect(threeYears.summary.peakHeld).toBeLessThan(2_000)
  })
})

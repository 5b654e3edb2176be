/**
 * Issue 13 ("every answer can be defended clause by clause"): a pack that replaces a parent's cap
 * (same id, its own `max` and citation) while inheriting the rules that read it. The explanation
 * names the cap as counted and cites the clause that set its number, beside the inherited rule's
 * own clause; a cap that is the rule's own (bundled packs) is not cited twice.
 */
import { mkdtempSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, describe, expect, it } from 'vitest'
import { decisionLines } from '../src/cli/evaluate'
import { capLines, citationText, DECISION_LABELS, evaluate, explain, formatIssues, type CompiledPolicy, type Decision, type Explanation } from '../src/node/index'
import { loadPolicy, readDataFile } from '../src/node/load'
import { explainRecord, toRecord } from '../src/record/index'
import { decodeCaseFile } from '../src/testing/cases'

const root = join(import.meta.dirname, '..')
const tmp = mkdtempSync(join(tmpdir(), 'zhunru-capcite-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

const load = (id: string): CompiledPolicy => {
  const p = loadPolicy(id)
  if (E.isLeft(p)) throw new Error(formatIssues(p.left, 'en'))
  return p.right
}
const decide = (policy: CompiledPolicy, request: unknown): Decision => {
  const d = evaluate(policy, request)
  if (E.isLeft(d)) throw new Error(formatIssues(d.left, 'en'))
  return d.right
}
const explained = (d: Decision, locale: 'zh-CN' | 'en'): Explanation => {
  const x = explain(d, { locale })
  if (E.isLeft(x)) throw new Error('explain')
  return x.right
}

/** The `n`th street inspection of March 2026 (n - 1 before it in the month). */
const inspection = (n: number): unknown => ({
  kind: 'inspection',
  date: '2026-03-25',
  requester: { level: 'street', department: '街道办事处' },
  inspection: { target: 'community' },
  history: Array.from({ length: n - 1 }, (_, i) => ({ kind: 'inspection', date: `2026-03-${String(3 + i * 5).padStart(2, '0')}`, requester: { level: 'street' } })),
})

const amended = load(join(root, 'examples/amend-shandong'))
const shandong = load('cn-shandong')
const districtCap = amended.capsById.get('street-inspections')
const provincialCap = shandong.capsById.get('street-inspections')

describe('a district pack that raised a cap: the explanation cites the clause that set the number', () => {
  it('the example district really replaces the cap with its own max and clause', () => {
    expect(districtCap?.pack).toBe('cn-shandong-example-district')
    expect(districtCap?.max).toBe(4)
    expect(provincialCap?.max).toBe(3)
    expect(districtCap?.citation?.provenance).toBe('reading')
  })

  const d = decide(amended, inspection(4))
  it('decides the 4th inspection by the inherited rule, which quotes the parent\'s 3', () => {
    expect([d.outcome, d.decidedBy.id, d.decidedBy.pack]).toEqual(['permitted', 'street-inspection-within-cap', 'cn-shandong'])
    expect(d.decidedBy.citation.readable).toContain('每月不超過3次')
  })

  for (const locale of ['zh-CN', 'en'] as const) {
    it(`names the cap as counted and cites the district's clause (${locale})`, () => {
      const t = DECISION_LABELS[locale]
      const x = explained(d, locale)
      const decided = x.rules.find((r) => r.decided)
      expect(decided?.caps).toEqual([
        expect.objectContaining({ id: 'street-inspections', pack: 'cn-shandong-example-district', window: 'month', count: 3, withThis: 4, max: 4, applies: true, exceeded: false, sameClause: false, own: false }),
      ])
      expect(decided?.caps?.[0]?.period).toEqual({ start: '2026-03-01', end: '2026-03-31', label: '2026-03' })
      const capSource = citationText(districtCap?.citation as never, locale)
      // the district's own words (its reading), with its provenance label, in the language asked
      expect(capSource).toContain(locale === 'en' ? "[this pack's reading]" : '[本包解读]')
      expect(capSource).toContain(districtCap?.citation?.reading?.[locale] as string)
      const lines = x.text.split('\n')
      const at = lines.indexOf(`  ${t.source}: ${citationText(d.decidedBy.citation, locale)}`)
      expect(at).toBeGreaterThan(0)
      // right under the rule's clause: the cap (title in the language, window, count, max), then its clause
      expect(lines[at + 1]).toBe(`  ${t.cap}: ${districtCap?.title?.[locale]} [cn-shandong-example-district]${locale === 'en' ? ': ' : '：'}${locale === 'en' ? '2026-03, this is number 4 (3 before), at most 4 a month' : '2026-03 计入本次为第4次（此前3次），上限每月4次'}`)
      expect(lines[at + 2]).toBe(`  ${t.capSource}: ${capSource}`)
      expect(x.text.split(capSource).length).toBe(2) // cited once
    })
  }

  it('the 5th inspection: the inherited refusal rule, the cap over its maximum, the district clause cited', () => {
    const d5 = decide(amended, inspection(5))
    expect([d5.outcome, d5.decidedBy.id]).toEqual(['refusable', 'street-inspection-cap'])
    const x = explained(d5, 'zh-CN')
    expect(x.text).toContain('计入本次为第5次（此前4次），上限每月4次，已超过')
    expect(x.text).toContain(`${DECISION_LABELS['zh-CN'].capSource}: ${citationText(districtCap?.citation as never, 'zh-CN')}`)
    // the within-cap rule did not fire, so its cap lines are nowhere
    expect(x.rules.find((r) => r.id === 'street-inspection-within-cap')?.status).toBe('not-fired')
  })

  it('a stored record explains with the same text, and the short decision view cites the clause too', () => {
    const request = inspection(4)
    const r = toRecord(amended, request, d)
    if (E.isLeft(r)) throw new Error('record')
    for (const locale of ['zh-CN', 'en'] as const) {
      const again = explainRecord(amended, JSON.parse(JSON.stringify(r.right)), { locale })
      expect(E.isRight(again) && again.right.text).toBe(explained(d, locale).text)
      const short = decisionLines(d, locale).join('\n')
      expect(short).toContain(`  ${DECISION_LABELS[locale].capSource}: ${citationText(districtCap?.citation as never, locale)}`)
    }
  })

  it('a fired rule that reads no cap has no caps and no cap line', () => {
    const x = explained(decide(amended, inspection(5)), 'en')
    const catchAll = x.rules.find((r) => r.id === 'catch-all')
    expect(catchAll?.status).toBe('fired')
    expect(catchAll?.caps).toBeUndefined()
    expect(capLines(catchAll as never, 'en')).toEqual([])
  })
})

describe('a cap of the rule\'s own pack citing the rule\'s own clause is not cited twice', () => {
  const d = decide(shandong, inspection(4))
  it('the Shandong 4th inspection: counts kept in the tree, no cap line, the clause once', () => {
    const x = explained(d, 'zh-CN')
    const decided = x.rules.find((r) => r.decided)
    expect(decided?.caps?.[0]).toEqual(expect.objectContaining({ id: 'street-inspections', pack: 'cn-shandong', withThis: 4, max: 3, exceeded: true, sameClause: true, own: true }))
    expect(capLines(decided as never, 'zh-CN')).toEqual([])
    expect(x.text).not.toContain(`${DECISION_LABELS['zh-CN'].cap}: `)
  })

  // every case of every bundled pack: no cap line, and no clause twice in one rule's block
  const files = readdirSync(join(root, 'rules')).flatMap((p) => {
    const dir = join(root, 'rules', p, 'cases')
    try {
      return readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => join(dir, f))
    } catch {
      return []
    }
  })
  it('holds for every case of every bundled pack, in both languages', () => {
    let readCaps = 0
    const policies = new Map<string, CompiledPolicy>()
    for (const file of files) {
      const raw = readDataFile(file)
      if (E.isLeft(raw)) throw new Error(file)
      const cf = decodeCaseFile(raw.right)
      if (E.isLeft(cf)) throw new Error(file)
      const policy = policies.get(cf.right.pack) ?? load(cf.right.pack)
      policies.set(cf.right.pack, policy)
      for (const c of cf.right.cases) {
        const d = evaluate(policy, c.request)
        if (E.isLeft(d)) continue
        for (const locale of ['zh-CN', 'en'] as const) {
          const x = explained(d.right, locale)
          const fired = x.rules.filter((r) => r.status === 'fired')
          readCaps += fired.filter((r) => r.caps !== undefined).length
          for (const r of fired) for (const cap of r.caps ?? []) expect([cap.sameClause, cap.own], `${file} ${c.name} ${r.id}`).toEqual([true, true])
          expect(x.text, `${file} ${c.name}`).not.toContain(`${DECISION_LABELS[locale].cap}: `)
          expect(x.text, `${file} ${c.name}`).not.toContain(`${DECISION_LABELS[locale].capSource}: `)
        }
      }
    }
    // the bundled cases do read caps (Shandong's meetings, inspections and evaluations)
    expect(readCaps).toBeGreaterThan(10)
  })
})

describe('the general rule, on packs written for it', () => {
  const write = (name: string, text: string): string => {
    const dir = join(tmp, name)
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'pack.yaml'), text)
    return dir
  }
  const capDef = (max: number, citation: string): string => `caps:
  street-inspections:
    title: { zh-CN: 街道检查, en: street inspections }
    match:
      all:
        - { fact: kind, operator: equal, value: inspection }
        - { fact: requester, path: $.level, operator: in, value: [street, street-department] }
    window: month
    max: ${max}
    deliberate: true
    citation: ${citation}
`
  const head = (id: string): string => `id: ${id}
extends: cn-shandong
title: { zh-CN: 示例, en: example }
jurisdiction: { level: district, name: { zh-CN: 示例, en: example } }
documents:
  - { id: amend, title: 示例修订, kind: source }
`

  it('a child that changes only the max and re-cites the parent\'s clause: the cap line, no second citation', () => {
    const p = load(write('same-clause', `${head('same-clause')}${capDef(5, `{ source: 003_c54786b6107780e0.txt, article: 十项规定 六, quote: '街道辦事處(鄉(xiāng)鎮(zhèn)人民政府)對社區(qū)工作的檢查每月不超過3次。' }`)}rules: []\n`))
    const x = explained(decide(p, inspection(4)), 'en')
    const decided = x.rules.find((r) => r.decided)
    expect(decided?.caps?.[0]).toEqual(expect.objectContaining({ pack: 'same-clause', max: 5, sameClause: true, own: false }))
    expect(x.text).toContain('Cap: street inspections [same-clause]: 2026-03, this is number 4 (3 before), at most 5 a month')
    expect(x.text).not.toContain('Cap source: ')
  })

  it('a rule of the child reading the inherited cap: the parent\'s clause cited under the child\'s rule', () => {
    const p = load(
      write(
        'own-rule',
        `${head('own-rule')}rules:
  - id: third-inspection-notice
    outcome: refusable
    priority: 90
    conditions:
      all:
        - { fact: caps, path: $.street-inspections.withThis, operator: greaterThanInclusive, value: 3 }
        - { fact: caps, path: $.street-inspections.applies, operator: equal, value: true }
    citation: { source: amend, article: 二, reading: { zh-CN: 第三次起须提前告知, en: 'from the third on, notice is due' } }
    message: { zh-CN: 第三次起须提前告知, en: 'from the third on, notice is due' }
`,
      ),
    )
    const x = explained(decide(p, inspection(3)), 'zh-CN')
    expect(x.rules.find((r) => r.decided)?.id).toBe('third-inspection-notice')
    expect(x.text).toContain('上限: 街道办事处对社区工作的检查（每月不超过3次） [cn-shandong]：2026-03 计入本次为第3次（此前2次），上限每月3次')
    expect(x.text).toContain(`上限出处: ${citationText(provincialCap?.citation as never, 'zh-CN')}`)
  })

  it('an overruled rule reading a replaced cap gets its cap lines in the overruled group', () => {
    const p = load(
      write(
        'overruled',
        `${head('overruled')}${capDef(5, '{ source: amend, article: 一, reading: { zh-CN: 每月不超过5次, en: at most 5 a month } }')}rules:
  - id: notice-due
    outcome: refusable
    priority: 90
    conditions:
      all:
        - { fact: kind, operator: equal, value: inspection }
        - { fact: inspection, path: $.noticeGiven, operator: notEqual, value: true }
    citation: { source: amend, article: 二, reading: { zh-CN: 须提前告知, en: notice is due } }
    message: { zh-CN: 须提前告知, en: notice is due }
`,
      ),
    )
    const d = decide(p, inspection(4))
    expect(d.decidedBy.id).toBe('notice-due')
    const x = explained(d, 'en')
    expect(x.rules.find((r) => r.decided)?.caps).toBeUndefined()
    const [, overruled = ''] = x.text.split(`${DECISION_LABELS.en.overruled}:`)
    const block = overruled.split('\n  - ').find((b) => b.startsWith('street-inspection-within-cap ')) ?? ''
    expect(block).toContain('\n    Cap: street inspections [overruled]: 2026-03, this is number 4 (3 before), at most 5 a month')
    expect(block).toContain("\n    Cap source: 《示例修订》 一 [this pack's reading] at most 5 a month")
  })
})

describe('capLines', () => {
  it('takes what an explanation gives and ignores what it does not', () => {
    expect(capLines(undefined as never, 'en')).toEqual([])
    expect(capLines({ caps: [null, 1, { id: 'c' }] } as never, 'en')).toEqual([])
  })
})

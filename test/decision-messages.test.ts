/**
 * A decision ready to show (issue 14, item 2): each fired rule's message filled in both languages
 * on the decision itself (`messages`, at the index of `fired`), JSON-serialisable; the values taken
 * from the request made inert; the labels of the other fired rules the same in `explain` and the CLI.
 */
import { describe, expect, it } from 'vitest'
import { DECISION_LABELS, evaluate, explain, isLeft, isRight, readableQuote, type Decision } from '../src/index'
import { loadPolicy } from '../src/node/load'
import { decisionLines } from '../src/cli/evaluate'

const policyOf = (id: string) => {
  const p = loadPolicy(id)
  if (!isRight(p)) throw new Error(`load ${id}`)
  return p.right
}
const hunnan = policyOf('cn-liaoning-shenyang-hunnan')
const certificate = (kind: string): unknown => ({
  kind: 'certificate',
  date: '2026-03-02',
  requester: { level: 'district', department: '公安分局' },
  certificate: { kind },
})
const decide = (request: unknown): Decision => {
  const d = evaluate(hunnan, request)
  if (isLeft(d)) throw new Error(JSON.stringify(d.left))
  return d.right
}

describe('decision.messages', () => {
  it('holds each fired rule message, placeholders filled from the request, in both languages', () => {
    for (const kind of ['死亡证明', '居住证明', '无犯罪记录证明']) {
      const d = decide(certificate(kind))
      expect(d.messages).toHaveLength(d.fired.length)
      d.fired.forEach((r, i) => {
        const m = d.messages[i]
        for (const locale of ['zh-CN', 'en'] as const) {
          expect(m?.[locale], `${r.id} ${locale}`).not.toMatch(/\{[A-Za-z_][\w.[\]-]*\}/)
          if (r.message[locale].includes('{certificate.kind}')) expect(m?.[locale]).toContain(kind)
          else if (!r.message[locale].includes('{')) expect(m?.[locale]).toBe(r.message[locale])
        }
      })
    }
  })

  it('is the text explain shows for every fired rule', () => {
    const d = decide(certificate('死亡证明'))
    for (const locale of ['zh-CN', 'en'] as const) {
      const x = explain(d, { locale })
      if (isLeft(x)) throw new Error('explain')
      const fired = x.right.rules.filter((r) => r.status === 'fired')
      expect(fired.map((r) => r.message)).toEqual(d.fired.map((r) => d.messages[d.fired.indexOf(r)]?.[locale]))
    }
  })

  it('survives JSON, and a request value cannot break a line or reorder the text', () => {
    const d = decide(certificate('死亡证明\n决定: 必须承接\u202e'))
    const back = JSON.parse(JSON.stringify(d)) as Decision
    expect(back.messages).toEqual(d.messages)
    const filled = d.messages.filter((m, i) => m !== d.fired[i]?.message)
    expect(filled.length).toBeGreaterThan(0)
    for (const m of filled)
      for (const text of [m['zh-CN'], m.en]) {
        expect(text).not.toMatch(/[\n\u202e]/)
        expect(text).toContain('死亡证明\\n决定: 必须承接\\u202e')
      }
  })

  it('a different request gets its own text, and the policy keeps its templates', () => {
    const a = decide(certificate('甲证明'))
    const b = decide(certificate('乙证明'))
    expect(JSON.stringify(a.messages)).toContain('甲证明')
    expect(JSON.stringify(b.messages)).not.toContain('甲证明')
    expect(JSON.stringify(b.fired.map((r) => r.message))).not.toMatch(/甲证明|乙证明/)
  })
})

describe('the labels of the other fired rules', () => {
  it('are the same in explain and in the short CLI output', () => {
    const d = decide(certificate('死亡证明'))
    const other = d.fired.slice(1)
    expect(other.some((r) => r.outcome === d.outcome)).toBe(true)
    expect(other.some((r) => r.outcome !== d.outcome)).toBe(true)
    for (const locale of ['zh-CN', 'en'] as const) {
      const t = DECISION_LABELS[locale]
      const x = explain(d, { locale })
      if (isLeft(x)) throw new Error('explain')
      const short = decisionLines(d, locale).join('\n')
      for (const text of [x.right.text, short]) {
        expect(text).toContain(`${t.supporting}:`)
        expect(text).toContain(`${t.overruled}:`)
        expect(text.split('\n')[0]).toBe(`${t.decision}: ${t.outcome[d.outcome]} (${d.outcome})`)
        // a supporting rule is listed under supporting, an overruled one under overruled
        const [, afterSupporting = ''] = text.split(`${t.supporting}:`)
        const [supporting = '', overruled = ''] = afterSupporting.split(`${t.overruled}:`)
        for (const r of other) expect(r.outcome === d.outcome ? supporting : overruled).toContain(`- ${r.id} [${r.pack}]`)
      }
    }
  })
})

describe('exports for display', () => {
  it('readableQuote drops pinyin glosses and keeps the rest', () => {
    expect(readableQuote('社區(qū)居民委員會(huì)')).toBe('社區居民委員會')
    expect(readableQuote('第(一)条')).toBe('第(一)条')
  })

  it('isLeft and isRight read a result and reject anything else', () => {
    const d = evaluate(hunnan, certificate('死亡证明'))
    expect([isRight(d), isLeft(d)]).toEqual([true, false])
    const bad = evaluate(hunnan, { kind: 'spaceship' })
    expect([isRight(bad), isLeft(bad)]).toEqual([false, true])
    for (const v of [undefined, null, 0, 'Right', {}, { _tag: 'Other' }] as never[]) expect([isRight(v), isLeft(v)]).toEqual([false, false])
  })
})

describe('a misspelt pack id', () => {
  it('names the nearest bundled pack, or else the known ones', () => {
    const typo = loadPolicy('cn-shangdong')
    expect(isLeft(typo) && typo.left.map((i) => [i.code, i.received])).toEqual([['load/not-found', 'cn-shangdong → cn-shandong?']])
    const far = loadPolicy('cn-atlantis')
    const received = isLeft(far) ? (far.left[0]?.received ?? '') : ''
    expect(received).toMatch(/^cn-atlantis ∉ \{ .*cn-national.*cn-shandong.* \}$/)
  })
})

describe('the citations a decision carries', () => {
  it('every rule of every bundled pack cites a titled document, a readable quote beside the verbatim one, its provenance and where it was published', async () => {
    const { BUNDLED_PACK_IDS } = await import('../src/packs/index')
    let checked = 0
    for (const id of BUNDLED_PACK_IDS)
      for (const e of policyOf(id).epochs)
        for (const r of e.rules) {
          const c = r.ref.citation
          const where = `${id} ${r.ref.id}`
          expect(c.document.title, where).not.toMatch(/^$|\.(txt|md)$/)
          expect(['official', 'secondary', 'reading'], where).toContain(c.provenance)
          if (c.quote !== undefined) expect(c.readable, where).toBe(readableQuote(c.quote))
          else expect(c.reading?.['zh-CN'], where).toBeTruthy()
          if (c.provenance !== 'reading') expect(`${c.textInfo?.publishedIn ?? ''}${c.textInfo?.url ?? ''}`, where).not.toBe('')
          checked++
        }
    expect(checked).toBeGreaterThan(100)
  })
})

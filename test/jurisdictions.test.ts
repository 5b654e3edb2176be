import * as E from 'fp-ts/lib/Either.js'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { compile, evaluate, explain } from '../src/node/index'
import { readDataFile } from '../src/node/load'
import { buildComparison, ComparisonFile, loadPackColumns, requestsFileOf } from '../scripts/jurisdictions/build'
import { generatedFiles, generateJurisdictions, replacePacksSection, staleOf } from '../scripts/jurisdictions/generate'
import { renderJurisdictionsPage } from '../scripts/jurisdictions/render'

// docs/jurisdictions.md and the README's packs table are generated from the packs: regenerate them
// in memory and compare with what is committed, so the page cannot rot.

const right = <A>(e: E.Either<string[], A>): A => {
  if (E.isLeft(e)) throw new Error(e.left.join('\n'))
  return e.right
}

// loading every pack is the slow part: do it once
const packs = right(loadPackColumns('rules'))
const file = right(E.mapLeft(() => ['not a comparison file'])(ComparisonFile.decode(right(E.mapLeft(() => ['unreadable'])(readDataFile(requestsFileOf('rules')))))))
const comparison = right(buildComparison(packs, file))
const rows = comparison.groups.flatMap((g) => g.rows)
const cell = (request: string, pack: string) => rows.find((r) => r.id === request)?.cells.find((c) => c.pack === pack)

describe('the comparison page', () => {
  it('docs/jurisdictions.md and the README packs table are what the packs give now', () => {
    const files = right(generatedFiles('.', comparison))
    expect(files.map((g) => g.file)).toEqual([join('docs', 'jurisdictions.md'), 'README.md'])
    for (const g of files) expect(readFileSync(g.file, 'utf8'), g.file).toBe(g.text)
    expect(staleOf(files)).toEqual([])
  })

  it('decides at least 20 requests by every pack, and the packs differ on some', () => {
    expect(comparison.packs.map((p) => p.id)).toEqual(expect.arrayContaining(['cn-national', 'cn-shandong', 'cn-beijing', 'cn-liaoning-shenyang-hunnan', 'cn-sichuan-neijiang-shizhong', 'cn-gansu-lanzhou-chengguan']))
    expect(comparison.packs[0]?.id).toBe('cn-national')
    expect(rows.length).toBeGreaterThanOrEqual(20)
    for (const r of rows) expect(r.cells.map((c) => c.pack)).toEqual(comparison.packs.map((p) => p.id))
    expect(rows.filter((r) => r.outcomesDiffer).length).toBeGreaterThan(0)
    expect(rows.filter((r) => !r.outcomesDiffer).length).toBeGreaterThan(0)
  })

  it('every local pack extends the national floor', () => {
    for (const p of comparison.packs.filter((x) => x.id !== 'cn-national')) expect(p.extends, p.id).toBe('cn-national')
  })

  it('a cell is the decision of that pack, deciding rule and layer included', () => {
    for (const g of file.groups)
      for (const r of g.requests)
        for (const p of packs) {
          const d = evaluate(p.policy, r.request)
          if (E.isLeft(d)) throw new Error(`${r.id} ${p.id}`)
          expect(cell(r.id, p.id)).toMatchObject({ outcome: d.right.outcome, rule: d.right.decidedBy.id, rulePack: d.right.decidedBy.pack })
        }
  })

  it('Shandong: the 2020 national certificate rule wins from 2020-04-27 and the page says why; before, article 七 allows it', () => {
    expect(cell('marriage-childbirth-2026', 'cn-shandong')).toMatchObject({ outcome: 'forbidden', rule: 'certificate-no-longer-issued', rulePack: 'cn-national' })
    const reason = cell('marriage-childbirth-2026', 'cn-shandong')?.prevails.find((p) => p.rule === 'seal-in-scope')?.reason
    expect(reason?.en).toContain('higher and newer national rule prevails over the older provincial one')
    expect(reason?.['zh-CN']).toContain('上位的、较新的全国性规定优先于较早的省级规定')
    expect(cell('marriage-childbirth-2019', 'cn-shandong')).toMatchObject({ outcome: 'permitted', rule: 'seal-in-scope', rulePack: 'cn-shandong' })
    expect(cell('no-criminal-record', 'cn-shandong')).toMatchObject({ outcome: 'forbidden', rule: 'certificate-no-longer-issued', rulePack: 'cn-national' })
    const page = readFileSync('docs/jurisdictions.md', 'utf8')
    expect(page).toContain('higher and newer national rule prevails over the older provincial one')
  })

  it('absence from a list the source gives only in part is flagged, as the explanation says', () => {
    const nj = cell('extra-outside-plaque', 'cn-sichuan-neijiang-shizhong')
    expect(nj?.rule).toBe('not-on-lists')
    expect(nj?.partial.map((p) => p.note.en)).toContain('not found in a list the source gives only in part (it states 18 items)')
    const p = comparison.packs.find((x) => x.id === 'cn-sichuan-neijiang-shizhong')
    const r = rows.find((x) => x.id === 'extra-outside-plaque')
    if (p === undefined || r === undefined) throw new Error('missing')
    const d = evaluate(p.policy, r.request)
    if (E.isLeft(d)) throw new Error('decision')
    const text = explain(d.right, { locale: 'en' })
    expect(E.isRight(text) && text.right.text).toContain('not found in a list the source gives only in part (it states 18 items)')
    expect(cell('extra-outside-plaque', 'cn-national')?.partial).toEqual([])
  })

  it('the page changes when a request changes (the check can fail)', () => {
    const changed = {
      groups: file.groups.map((g, i) =>
        i === 0 ? { ...g, requests: g.requests.map((r, j) => (j === 0 ? { ...r, request: { ...(r.request as object), emergency: true } } : r)) } : g,
      ),
    }
    const before = renderJurisdictionsPage(right(buildComparison(packs, file)))
    const after = renderJurisdictionsPage(right(buildComparison(packs, changed)))
    expect(before).toBe(readFileSync('docs/jurisdictions.md', 'utf8'))
    expect(after).not.toBe(before)
    const bad = buildComparison(packs, { groups: [{ id: 'x', title: { 'zh-CN': 'x', en: 'x' }, requests: [{ id: 'bad', title: { 'zh-CN': 'x', en: 'x' }, request: { kind: 'nonsense' } }] }] })
    expect(E.isLeft(bad) && bad.left.length).toBe(comparison.packs.length)
  })
})

describe('staleOf and generateJurisdictions', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zhunru-jurisdictions-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('names the page when it is stale, and nothing once it is regenerated', () => {
    cpSync('rules', join(dir, 'rules'), { recursive: true })
    mkdirSync(join(dir, 'docs'))
    cpSync('docs/jurisdictions.md', join(dir, 'docs', 'jurisdictions.md'))
    writeFileSync(join(dir, 'README.md'), readFileSync('README.md', 'utf8'))
    expect(staleOf(right(generatedFiles(dir, comparison)))).toEqual([])
    const national = join(dir, 'rules', 'cn-national', 'pack.yaml')
    writeFileSync(national, readFileSync(national, 'utf8').replace('id: one-vote-veto\n', 'id: one-vote-veto-renamed\n'))
    const files = right(generateJurisdictions(dir))
    expect(staleOf(files)).toEqual([join(dir, 'docs', 'jurisdictions.md')])
    expect(files[0]?.text).toContain('one-vote-veto-renamed')
    for (const g of files) writeFileSync(g.file, g.text)
    expect(staleOf(files)).toEqual([])
  })
})

describe('replacePacksSection', () => {
  it('replaces only the packs section', () => {
    expect(replacePacksSection('# x\n\n## Packs\n\nold\n\n## Next\n\nkept\n', 'new')).toBe('# x\n\n## Packs\n\nnew\n\n## Next\n\nkept\n')
    expect(replacePacksSection('# x\n\n## Packs\n\nold\n', 'new')).toBe('# x\n\n## Packs\n\nnew\n\n')
    expect(replacePacksSection('# x\n', 'new')).toBeUndefined()
  })
})

// docs/layering.md: its examples are excerpts of real explanations and a pack that must compile
describe('docs/layering.md', () => {
  const lines = readFileSync(join('docs', 'layering.md'), 'utf8').split('\n')
  const blocks = lines.flatMap((l, i) => {
    const m = /^<!-- layering: (.+) -->$/.exec(l.trim())
    if (m === null) return []
    const start = lines.findIndex((x, j) => j > i && x.startsWith('```'))
    const end = lines.findIndex((x, j) => j > start && x.startsWith('```'))
    return [{ marker: (m[1] as string).split(' '), line: i + 1, body: lines.slice(start + 1, end) }]
  })

  it('has the examples', () => {
    expect(blocks.filter((b) => b.marker[0] === 'explain').length).toBeGreaterThanOrEqual(5)
    expect(blocks.filter((b) => b.marker[0] === 'compiles-with').length).toBe(1)
  })

  it.each(blocks.filter((b) => b.marker[0] === 'explain').map((b) => [`line ${b.line}: ${b.marker.join(' ')}`, b] as const))(
    '%s: every line is in the explanation',
    (_, b) => {
      const [, packId, requestId, locale] = b.marker
      const p = comparison.packs.find((x) => x.id === packId)
      const r = rows.find((x) => x.id === requestId)
      if (p === undefined || r === undefined) throw new Error(`unknown pack or request: ${b.marker.join(' ')}`)
      const d = evaluate(p.policy, r.request)
      if (E.isLeft(d)) throw new Error('decision')
      const text = explain(d.right, { locale: locale === 'en' ? 'en' : 'zh-CN' })
      if (E.isLeft(text)) throw new Error('explain')
      const got = text.right.text.split('\n')
      expect(b.body.filter((l) => !got.includes(l))).toEqual([])
    },
  )

  it('the removal example compiles on the national floor and removes the item', () => {
    const b = blocks.find((x) => x.marker[0] === 'compiles-with')
    if (b === undefined) throw new Error('no block')
    const national = { text: readFileSync(join('rules', 'cn-national', 'pack.yaml'), 'utf8'), file: 'rules/cn-national/pack.yaml' }
    const policy = compile([national, { text: b.body.join('\n'), file: 'docs/layering.md' }])
    if (E.isLeft(policy)) throw new Error(JSON.stringify(policy.left))
    const d = evaluate(policy.right, { kind: 'certificate', date: '2026-03-10', requester: { level: 'street' }, certificate: { kind: '居民养犬证明' } })
    expect(E.isRight(d) && [d.right.decidedBy.id, d.right.decidedBy.pack]).toEqual(['certificate-needs-basis', 'cn-national'])
    const base = evaluate(right(E.mapLeft(() => ['national'])(compile([national]))), { kind: 'certificate', date: '2026-03-10', requester: { level: 'street' }, certificate: { kind: '居民养犬证明' } })
    expect(E.isRight(base) && base.right.decidedBy.id).toBe('certificate-no-longer-issued')
  })
})

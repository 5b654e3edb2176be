import * as E from 'fp-ts/lib/Either.js'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fieldsRead, type FieldRead } from '../src/lint/fields-read'
import { loadPolicy } from '../src/node/load'

// One request vocabulary: every field a shipped pack reads is documented in docs/request.md with the
// packs that read it, and list membership is decided one way in every pack (id, name and aliases, or
// the list's documented flag; never the area of work in item.category).

const packs = readdirSync('rules').filter((d) => existsSync(join('rules', d, 'pack.yaml'))).sort()
const reads: FieldRead[] = packs.flatMap((id) => {
  const p = loadPolicy(join('rules', id))
  if (E.isLeft(p)) throw new Error(`${id} does not load`)
  return fieldsRead(p.right.resolved).filter((r) => r.pack === id)
})

const documented = (): Map<string, string[]> => {
  const doc = readFileSync('docs/request.md', 'utf8')
  const table = doc.slice(doc.indexOf('<!-- readers:start -->'), doc.indexOf('<!-- readers:end -->'))
  const rows = new Map<string, string[]>()
  for (const line of table.split('\n')) {
    const m = /^\| `([^`]+)` \| ([^|]*) \|/.exec(line)
    if (m) rows.set(m[1] as string, (m[2] as string).split(',').map((x) => x.trim()).filter((x) => x !== ''))
  }
  return rows
}

// the fields a list may be read from, by what the list holds
const LIST_FIELDS = new Set([
  'item.id',
  'item.name',
  'item.roles',
  'certificate.kind',
  'plaque.name',
  'evaluation.indicators',
  'inspection.indicators',
  'approval.approvedBy',
  'community.street',
])

// every field read but not documented, documented with other readers, or documented and read by none
const undocumented = (rs: readonly FieldRead[], doc: Map<string, string[]>): string[] => {
  const byField = new Map<string, Set<string>>()
  for (const r of rs) byField.set(r.field, (byField.get(r.field) ?? new Set()).add(r.pack))
  const problems: string[] = []
  for (const [field, ps] of byField) {
    if (field.startsWith('extra.')) continue // a pack's own fields are documented in the pack (fields), and compile checks them
    const listed = doc.get(field)
    if (listed === undefined) problems.push(`${field}: read by ${[...ps].join(', ')}, not documented`)
    else if ([...ps].sort().join(',') !== [...listed].sort().join(','))
      problems.push(`${field}: read by ${[...ps].sort().join(', ')}, documented as ${listed.join(', ')}`)
  }
  for (const field of doc.keys()) if (!byField.has(field)) problems.push(`${field}: documented, read by no pack`)
  return problems
}

describe('one request vocabulary', () => {
  it('docs/request.md lists every field a shipped pack reads, with exactly the packs that read it', () => {
    expect(undocumented(reads, documented())).toEqual([])
  })

  it('no pack decides anything from item.category, which only names an area of work', () => {
    expect(reads.filter((r) => r.field === 'item.category').map((r) => `${r.pack} ${r.by}`)).toEqual([])
  })

  it('list membership is read only from the fields that name what the list holds', () => {
    const bad = reads.filter((r) => r.list !== undefined && !LIST_FIELDS.has(r.field)).map((r) => `${r.pack} ${r.by}: ${r.field} ${r.operator} ${r.list}`)
    expect(bad).toEqual([])
  })

  it('an item is on a list by its id or its name: a rule that reads one reads both, against the same list', () => {
    const bad: string[] = []
    const seen = new Map<string, Set<string>>()
    for (const r of reads)
      if (r.list !== undefined && (r.field === 'item.id' || r.field === 'item.name')) {
        const k = `${r.pack} ${r.by} ${r.list}`
        seen.set(k, (seen.get(k) ?? new Set()).add(r.field))
      }
    for (const [k, fs] of seen) if (fs.size !== 2) bad.push(`${k}: only ${[...fs].join()}`)
    expect(bad).toEqual([])
  })

  it('the table is not empty and the check can fail: a made-up read is caught', () => {
    expect(documented().size).toBeGreaterThan(40)
    expect(documented().has('item.category')).toBe(false)
    // an undocumented field, and a documented field read by one more pack than the table says
    const madeUp: FieldRead[] = [
      { field: 'item.category', pack: 'cn-shandong', by: 'rule assist-list', operator: 'inList', list: 'assist-items' },
      { field: 'item.onAnnualPlan', pack: 'cn-shandong', by: 'rule assist-list', operator: 'equal' },
    ]
    expect(undocumented([...reads, ...madeUp], documented())).toEqual([
      'item.onAnnualPlan: read by cn-beijing, cn-shandong, documented as cn-beijing',
      'item.category: read by cn-shandong, not documented',
    ])
  })
})

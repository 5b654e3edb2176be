/**
 * The playground's request form (examples/playground/src/fields.ts) against the request format:
 * every field a shipped pack reads (docs/request.md, "谁读取哪个字段") has a control, and every
 * control writes a field the format knows, with a value of its type (decodeRequest accepts it).
 * The form in the browser is tested in test/browser.test.ts.
 */
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { decodeRequest } from '../src/index'
import { FIELDS, GROUPS, KINDS, shownFor, withValue, valueAt, type Field } from '../examples/playground/src/fields'

const ROOT = resolve(fileURLToPath(import.meta.url), '../..')

/** The request fields the shipped packs read, from the table docs/request.md keeps (derived facts left out). */
const readFields = (): string[] => {
  const doc = readFileSync(join(ROOT, 'docs/request.md'), 'utf8')
  const table = doc.slice(doc.indexOf('<!-- readers:start -->'), doc.indexOf('<!-- readers:end -->'))
  return [...table.matchAll(/^\| `([^`]+)` \|/gm)]
    .map((m) => m[1] as string)
    .filter((f) => !/^(approvalStatus|priorReview)\.|^(caps|params)$/.test(f))
}

// a request every field can be added to: the objects with required fields are there with them
const BASE = {
  kind: 'task',
  date: '2026-03-02',
  requester: { level: 'district' },
  community: { id: 'c-1' },
  certificate: { kind: '居住证明' },
  plaque: { placement: 'inside' },
  approval: { approved: true },
}

const samples = (f: Field): unknown[] => {
  switch (f.type.t) {
    case 'enum':
      return [...f.type.options]
    case 'bool':
      return [true, false]
    case 'date':
      return ['2026-01-31']
    case 'number':
      return [35000]
    case 'list':
      return [['台账', '入户走访']]
    default:
      return ['某某']
  }
}

describe('the playground form', () => {
  it('has a control for every request field a shipped pack reads', () => {
    const read = readFields()
    expect(read.length).toBeGreaterThan(30)
    const paths = new Set(FIELDS.map((f) => f.path))
    expect(read.map((r) => `/${r.replace(/\./g, '/')}`).filter((p) => !paths.has(p))).toEqual([])
  })

  it('writes only fields the request format knows, each with a value of its type', () => {
    const bad: string[] = []
    for (const f of FIELDS)
      for (const v of samples(f)) {
        const request = withValue(BASE, f.path, v)
        expect(valueAt(request, f.path)).toEqual(v)
        const d = decodeRequest(request, 'Asia/Shanghai')
        if (E.isLeft(d)) bad.push(`${f.path} = ${JSON.stringify(v)}: ${d.left.map((i) => i.code).join(', ')}`)
      }
    expect(bad).toEqual([])
    // and the table can tell: a field the format does not know is refused
    expect(E.isLeft(decodeRequest(withValue(BASE, '/certificate/kinds', 'x'), 'Asia/Shanghai'))).toBe(true)
  })

  it('shows each kind its own group, and every group for some kind', () => {
    for (const kind of KINDS) {
      const own = GROUPS.filter((g) => g.kinds !== 'all' && shownFor(g, kind).shown).map((g) => g.id)
      expect(own.length, kind).toBeLessThanOrEqual(1)
      if (kind !== 'task') expect(own, kind).toEqual([kind])
    }
    for (const g of GROUPS) expect(KINDS.some((k) => shownFor(g, k).shown), g.id).toBe(true)
    expect(new Set(FIELDS.map((f) => f.path)).size).toBe(FIELDS.length)
  })

  it('takes a field away when it is set to "not stated", and an object left empty with it', () => {
    const r = withValue({ ...BASE, meeting: { regular: true } }, '/meeting/regular', undefined)
    expect(r).toEqual(BASE)
    expect(BASE).toEqual({ ...BASE }) // the argument is not changed
    expect(withValue(BASE, '/approval/authorisation/content', '入户')).toEqual({ ...BASE, approval: { approved: true, authorisation: { content: '入户' } } })
  })
})

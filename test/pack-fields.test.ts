import * as E from 'fp-ts/lib/Either.js'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { compile, evaluate, evaluateAsync } from '../src/node/index'

// A pack may declare the request fields its source needs and the shared vocabulary lacks: the
// portal sends them under `extra`, and they are validated like the rest.

const national = { text: readFileSync('rules/cn-national/pack.yaml', 'utf8'), file: 'rules/cn-national/pack.yaml' }
const district = (reads = 'agreedByStreetCommittee') => ({
  id: 'fields-district',
  extends: 'cn-national',
  title: { 'zh-CN': '示例区', en: 'Example district' },
  jurisdiction: { level: 'district', name: { 'zh-CN': '示例区', en: 'Example district' } },
  documents: [{ id: 'measures', title: '示例区社区工作准入办法', provenance: 'official', publishedIn: '示例区人民政府网站' }],
  fields: {
    agreedByStreetCommittee: {
      type: 'boolean',
      title: { 'zh-CN': '经街道党工委研究同意', en: 'agreed by the street Party working committee' },
    },
    hours: { type: 'number', title: { 'zh-CN': '预计占用社区工作时间（小时）', en: 'hours of the community\'s time it takes' } },
  },
  rules: [
    {
      id: 'street-committee-agreed',
      outcome: 'required',
      priority: 45,
      conditions: { all: [{ fact: 'kind', operator: 'equal', value: 'task' }, { fact: 'extra', path: `$.${reads}`, operator: 'equal', value: true }] },
      citation: { source: 'measures', article: '第四条', quote: '经街道党工委研究同意的工作事项，社区应当承接。' },
      message: { 'zh-CN': '经街道党工委研究同意，社区应当承接。', en: 'Agreed by the street Party working committee: the community takes it on.' },
    },
  ],
})
const task = (extra?: unknown) => ({ kind: 'task', date: '2026-03-10', requester: { level: 'street' }, item: { name: '辖区宣传' }, ...(extra !== undefined ? { extra } : {}) })

describe('request fields a pack declares', () => {
  const policy = compile([national, district()], { target: 'fields-district' })
  if (E.isLeft(policy)) throw new Error(JSON.stringify(policy.left))
  const p = policy.right

  it('are read by the rules that name them', async () => {
    const d = evaluate(p, task({ agreedByStreetCommittee: true }))
    expect(E.isRight(d) && [d.right.outcome, d.right.decidedBy.id]).toEqual(['required', 'street-committee-agreed'])
    const a = await evaluateAsync(p, task({ agreedByStreetCommittee: true }))
    expect(E.isRight(a) && a.right.decidedBy.id).toBe('street-committee-agreed')
    const without = evaluate(p, task())
    expect(E.isRight(without) && without.right.decidedBy.id).toBe('catch-all')
  })

  it('refuse a name the packs do not declare, and a value of another type, with the pointer', () => {
    const unknown = evaluate(p, task({ agreedByStreetComittee: true }))
    expect(E.isLeft(unknown) && unknown.left.map((i) => [i.code, i.path])).toEqual([['request/unknown-field', '/extra/agreedByStreetComittee']])
    const wrong = evaluate(p, task({ agreedByStreetCommittee: 'yes', hours: Number.NaN }))
    expect(E.isLeft(wrong) && wrong.left.map((i) => [i.code, i.path])).toEqual([['request/invalid', '/extra/agreedByStreetCommittee'], ['request/invalid', '/extra/hours']])
    const notObject = evaluate(p, task(['x']))
    expect(E.isLeft(notObject) && notObject.left[0]?.code).toBe('request/invalid')
    // a policy that declares nothing takes no extra at all
    const n = compile([national])
    if (E.isLeft(n)) throw new Error('national')
    const none = evaluate(n.right, task({ agreedByStreetCommittee: true }))
    expect(E.isLeft(none) && none.left[0]?.code).toBe('request/unknown-field')
  })

  it('cannot be read by a rule unless declared', () => {
    const bad = compile([national, district('notDeclared')], { target: 'fields-district' })
    expect(E.isLeft(bad) && bad.left.map((i) => [i.code, i.received])).toEqual([['compile/unknown-fact', '"extra.notDeclared"']])
  })
})

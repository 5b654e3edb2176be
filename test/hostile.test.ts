import * as E from 'fp-ts/lib/Either.js'
import { JSONPath } from 'jsonpath-plus'
import { readFileSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { compile, evaluate, evaluateAsync, explain, parseText, pathResolver, toLocalDate, type CompiledPolicy, type Issue } from '../src/node/index'
import { loadShipped, PATH_PAYLOADS, polluted, protoSnapshot, SENTINEL, sentinelSet } from './hostile-inputs'

// Hostile input, each case a test: prototype keys, the published JSONPath remote-code payloads,
// 10,000-deep nesting, a 1,000,000-event history, impossible and far-off dates. Every one gives
// issues or an ordinary answer; none throws, pollutes Object.prototype or runs code.

const policies = loadShipped()
const shandong = (): CompiledPolicy => policies.get('cn-shandong') as CompiledPolicy
const miniText = readFileSync('test/fixtures/mini/pack.yaml', 'utf8')
const miniValue = (): Record<string, any> => structuredClone((parseText(miniText) as E.Right<{ value: Record<string, any> }>).right.value)
const codes = (r: E.Either<Issue[], unknown>): string[] => (E.isLeft(r) ? r.left.map((i) => i.code) : [])
const OUTCOMES = ['required', 'permitted', 'refusable', 'forbidden']
/** Issues (a non-empty list of known shape) or a policy that decides `req` with one of the four outcomes. */
const issuesOrPolicy = (r: E.Either<Issue[], CompiledPolicy>, req: unknown): void => {
  if (E.isLeft(r)) {
    expect(r.left.length).toBeGreaterThan(0)
    for (const i of r.left) expect(typeof i.code === 'string' && typeof i.path === 'string').toBe(true)
    return
  }
  const d = evaluate(r.right, req)
  if (E.isRight(d)) expect(OUTCOMES).toContain(d.right.outcome)
  else expect(d.left.length).toBeGreaterThan(0)
}
const request = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  kind: 'inspection',
  date: '2026-03-20',
  requester: { level: 'street' },
  ...extra,
})

let before = ''
beforeEach(() => {
  before = protoSnapshot()
  delete (globalThis as Record<string, unknown>)[SENTINEL]
})
afterEach(() => {
  expect(polluted(before)).toBe(false)
  expect(sentinelSet()).toBe(false)
})

/** A rule of the mini pack whose conditions are `conditions`. */
const withRule = (conditions: unknown, id = 'hostile'): Record<string, any> => {
  const p = miniValue()
  p.rules.push({
    id,
    outcome: 'forbidden',
    priority: 90,
    conditions,
    citation: { source: 'src.txt', article: 'x', quote: 'y' },
    message: { 'zh-CN': '恶意', en: 'hostile' },
  })
  return p
}

describe('prototype keys leave Object.prototype alone', () => {
  const yamlCases: Record<string, string> = {
    'top level': miniText + '\n__proto__: { polluted: yes }\n',
    'top level constructor': miniText + '\nconstructor: { prototype: { polluted: yes } }\n',
    'list ids': miniText.replace('lists:\n', 'lists:\n  __proto__: { items: [a] }\n  constructor: { items: [b] }\n  prototype: { items: [c] }\n'),
    'inside a rule': miniText.replace('id: default\n', 'id: default\n    __proto__: { polluted: 1 }\n'),
    'inside a condition': miniText.replace('{ all: [] }', '{ all: [], __proto__: { polluted: 1 } }'),
    'cap ids': miniText.replace('caps:\n  street_inspections:', 'caps:\n  __proto__:'),
    'cap id constructor': miniText.replace('caps:\n  street_inspections:', 'caps:\n  constructor:'),
    'path $.__proto__.polluted': miniText.replace('path: $.street_inspections.exceeded', 'path: $.__proto__.polluted'),
    'path $.constructor.prototype': miniText.replace('path: $.street_inspections.exceeded', 'path: $.constructor.prototype'),
    "path $['__proto__']": miniText.replace('path: $.street_inspections.exceeded', "path: \"$['__proto__']\""),
    'a YAML merge key with __proto__': miniText + '\nbase: &b { __proto__: { polluted: 1 } }\nother: { <<: *b }\n',
  }
  it.each(Object.entries(yamlCases))('in pack YAML: %s', (_name, text) => {
    issuesOrPolicy(compile({ text, file: 'hostile.yaml' }), request())
  })

  it.each(Object.entries(yamlCases))('in the same pack as JSON text and as JSON.parse objects: %s', (_name, text) => {
    const parsed = parseText(text)
    if (E.isLeft(parsed)) return
    const json = JSON.stringify(parsed.right.value)
    for (const r of [compile({ text: json, file: 'hostile.json' }), compile(JSON.parse(json))]) issuesOrPolicy(r, request())
  })

  it('JSON text with __proto__ at every level of a pack', () => {
    const json = JSON.stringify(miniValue())
      .replace(/\{"/g, '{"__proto__":{"polluted":1,"isNew":true},"')
    issuesOrPolicy(compile({ text: json, file: 'p.json' }), request())
    issuesOrPolicy(compile(JSON.parse(json)), request())
  })

  const requests = [
    '{"__proto__":{"polluted":1},"kind":"task","date":"2026-03-01","requester":{"level":"street"}}',
    '{"kind":"task","date":"2026-03-01","requester":{"level":"street","__proto__":{"polluted":1}}}',
    '{"kind":"task","date":"2026-03-01","requester":{"level":"street"},"item":{"__proto__":{"isNew":true},"id":"x"}}',
    '{"kind":"task","date":"2026-03-01","requester":{"level":"street"},"constructor":{"prototype":{"polluted":1}}}',
    '{"kind":"task","date":"2026-03-01","requester":{"level":"street"},"history":[{"kind":"task","date":"2026-02-01","__proto__":{"polluted":1}}]}',
    '{"kind":"meeting","date":"2026-03-01","requester":{"level":"street"},"meeting":{"__proto__":{"regular":true}}}',
    '{"kind":"task","date":"2026-03-01","requester":{"level":"street"},"approval":{"approved":true,"authorisation":{"__proto__":{"content":"x"}}}}',
    '{"kind":"task","date":"2026-03-01","requester":{"level":"street"},"reviews":[{"itemId":"x","year":2025,"respondents":1,"__proto__":{"satisfied":1}}]}',
  ]
  it.each(requests)('in a request: %s', async (text) => {
    for (const policy of policies.values()) {
      const d = evaluate(policy, JSON.parse(text))
      if (E.isRight(d)) expect(E.isRight(explain(d.right))).toBe(true)
      else expect(d.left.length).toBeGreaterThan(0)
    }
    const a = await evaluateAsync(shandong(), JSON.parse(text))
    if (E.isRight(a)) expect(OUTCOMES).toContain(a.right.outcome)
    else expect(a.left.length).toBeGreaterThan(0)
  })

  it('an own __proto__ key in a request is an unknown field, never read as a fact', () => {
    // {"meeting":{"__proto__":{"regular":true}}}: refused as an unknown field, not taken as a regular meeting
    const d = evaluate(shandong(), JSON.parse('{"kind":"meeting","date":"2026-03-04","requester":{"level":"street"},"meeting":{"__proto__":{"regular":true}}}'))
    expect(E.isLeft(d) ? d.left.map((i) => `${i.code} ${i.path}`) : 'decided').toEqual(['request/unknown-field /meeting/__proto__'])
    expect(({} as Record<string, unknown>).regular).toBeUndefined()
  })

  it('pathResolver does not walk into prototypes', () => {
    for (const p of ['$.__proto__', '$.__proto__.polluted', '$.constructor', '$.constructor.prototype', "$['__proto__']", '$.toString', '$.hasOwnProperty'])
      expect(pathResolver({ a: 1 }, p)).toBeUndefined()
    expect(pathResolver(JSON.parse('{"__proto__":{"x":1}}'), '$.__proto__.x')).toBe(1) // an own key is data
  })
})

describe('the published JSONPath remote-code payloads are inert', () => {
  it('the sentinel is live: jsonpath-plus with native eval runs a payload (so the checks below can fail)', () => {
    try {
      JSONPath({ path: PATH_PAYLOADS[0] as string, json: {}, eval: 'native', wrap: false })
    } catch {
      // the payload runs, then jsonpath-plus trips over its result
    }
    const ran = sentinelSet()
    delete (globalThis as Record<string, unknown>)[SENTINEL]
    expect(ran).toBe(true)
  })

  it.each(PATH_PAYLOADS)('in a rule path, compile says compile/bad-path: %s', (payload) => {
    const r = compile(withRule({ all: [{ fact: 'requester', path: payload, operator: 'equal', value: 'street' }] }))
    expect(codes(r)).toContain('compile/bad-path')
  })

  it.each(PATH_PAYLOADS)('in a {fact, path} value, compile says compile/bad-path: %s', (payload) => {
    const r = compile(withRule({ all: [{ fact: 'kind', operator: 'equal', value: { fact: 'requester', path: payload } }] }))
    expect(codes(r)).toContain('compile/bad-path')
  })

  it.each(PATH_PAYLOADS)('in a cap match, compile says compile/bad-path: %s', (payload) => {
    const p = miniValue()
    p.caps.street_inspections.match.all[1].path = payload
    expect(codes(compile(p))).toContain('compile/bad-path')
  })

  it.each(PATH_PAYLOADS)('passed straight to pathResolver, undefined: %s', (payload) => {
    for (const json of [{}, { a: 'x' }, [1, 2], { level: 'street', nested: { level: 'x' } }]) expect(pathResolver(json, payload)).toBeUndefined()
  })

  it.each(PATH_PAYLOADS)('as request data, an ordinary answer: %s', async (payload) => {
    const req = request({ requester: { level: 'street', department: payload }, item: { id: payload, tags: [payload] }, legalBasis: payload })
    for (const policy of policies.values()) {
      const d = evaluate(policy, req)
      expect(E.isRight(d)).toBe(true)
      if (E.isRight(d)) explain(d.right)
    }
    expect(E.isRight(await evaluateAsync(shandong(), req))).toBe(true)
  })
})

describe('deep nesting and huge histories: an issue or an answer, never a crash', () => {
  const nest = (n: number, leaf: unknown, wrap: (x: unknown) => unknown): unknown => {
    let v = leaf
    for (let i = 0; i < n; i++) v = wrap(v)
    return v
  }

  it('a request nested 10,000 deep (an unknown field, a string array, the history)', async () => {
    const deep = nest(10_000, {}, (x) => ({ a: x }))
    const deepArr = nest(10_000, 'x', (x) => [x])
    for (const req of [
      request({ community: { id: 'c', extra: deep } }),
      request({ item: { id: 'x', tags: [deep] } }),
      request({ item: { tags: deepArr } }),
      request({ history: [deep] }),
      request({ requester: deep }),
    ]) {
      const d = evaluate(shandong(), req)
      expect(E.isLeft(d) && d.left.length > 0).toBe(true)
      const a = await evaluateAsync(shandong(), req)
      expect(E.isLeft(a) && a.left.length > 0).toBe(true)
    }
  })

  it('a condition tree nested 10,000 deep (pack object): issues, not a crash', () => {
    const tree = nest(10_000, { fact: 'kind', operator: 'equal', value: 'task' }, (x) => ({ not: x }))
    const r = compile(withRule({ all: [tree] }))
    expect(E.isLeft(r) && r.left.length > 0).toBe(true)
  })

  it('a condition tree 65 deep: compile/limit naming maxConditionDepth', () => {
    const tree = nest(65, { fact: 'kind', operator: 'equal', value: 'task' }, (x) => ({ not: x }))
    const r = compile(withRule({ all: [tree] }))
    expect(E.isLeft(r) ? r.left.filter((i) => i.code === 'compile/limit').map((i) => i.params?.limit) : []).toEqual(['maxConditionDepth'])
  })

  it('YAML and JSON text nested 10,000 deep: issues, not a crash', () => {
    const n = 10_000
    const leaf = '{"fact":"kind","operator":"equal","value":"task"}'
    const cond = '{"not":'.repeat(n) + leaf + '}'.repeat(n)
    const json = JSON.stringify(withRule({ all: ['DEEP'] })).replace('"DEEP"', cond)
    for (const src of [
      { text: json, file: 'deep.json' },
      { text: json, file: 'deep.yaml' },
      { text: '['.repeat(n) + ']'.repeat(n), file: 'flow.yaml' },
      { text: 'a:\n' + Array.from({ length: 2_000 }, (_, i) => ' '.repeat(i + 1) + 'b:').join('\n'), file: 'block.yaml' },
    ]) {
      const r = compile(src)
      expect(E.isLeft(r) && r.left.length > 0).toBe(true)
      expect(E.isLeft(parseText(src.text))).toBe(true)
    }
  })

  it('a 1,000,000-event history: eval/limit naming maxHistory, from both entries', async () => {
    const ev = { kind: 'inspection', date: '2026-03-02', requester: { level: 'street' } }
    const req = request({ history: Array.from({ length: 1_000_000 }, () => ev) })
    const d = evaluate(shandong(), req)
    expect(E.isLeft(d) ? d.left.map((i) => [i.code, i.params?.limit]) : 'decided').toEqual([['eval/limit', 'maxHistory']])
    const a = await evaluateAsync(shandong(), req)
    expect(E.isLeft(a) ? a.left.map((i) => i.code) : 'decided').toEqual(['eval/limit'])
  })

  it('a 100,000-event history (the default limit): an answer, and the cap counts it', () => {
    const ev = { kind: 'inspection', date: '2026-03-02', requester: { level: 'street' } }
    const d = evaluate(shandong(), request({ history: Array.from({ length: 100_000 }, () => ev) }))
    expect(E.isRight(d) ? [d.right.outcome, d.right.decidedBy.id] : codes(d)).toEqual(['refusable', 'street-inspection-cap'])
  })

  it('a 1,000,000-character string: eval/limit naming maxStringLength', () => {
    const d = evaluate(shandong(), request({ legalBasis: 'x'.repeat(1_000_000) }))
    expect(E.isLeft(d) ? d.left.map((i) => [i.code, i.path, i.params?.limit]) : 'decided').toEqual([['eval/limit', '/legalBasis', 'maxStringLength']])
  })

  it('a YAML alias bomb is refused', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]', 'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]', 'e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]', 'f: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]'].join('\n')
    const r = compile({ text: bomb, file: 'bomb.yaml' })
    expect(E.isLeft(r) && r.left.length > 0).toBe(true)
  })
})

describe('dates: handled, or rejected with request/bad-date', () => {
  const decide = (date: string) => {
    const d = evaluate(shandong(), { kind: 'task', date, requester: { level: 'street' } })
    return E.isRight(d) ? d.right.date : d.left.map((i) => `${i.code} ${i.path}`).join(', ')
  }
  it.each([
    ['2026-02-30', 'request/bad-date /date'],
    ['2025-02-29', 'request/bad-date /date'],
    ['2026-13-01', 'request/bad-date /date'],
    ['2026-00-10', 'request/bad-date /date'],
    ['2026-04-31', 'request/bad-date /date'],
    ['0001-01-01', 'request/bad-date /date'],
    ['9999-12-31', 'request/bad-date /date'],
    ['1948-12-31', 'request/bad-date /date'],
    ['2201-01-01', 'request/bad-date /date'],
    ['2026-03-01T24:00:00Z', 'request/bad-date /date'],
    ['2026-03-01T09:00:00', 'request/bad-date /date'],
    ['2026-03-01T09:00:00+15:00', 'request/bad-date /date'],
    ['20260301', 'request/bad-date /date'],
    ['', 'request/bad-date /date'],
    ['2024-02-29', '2024-02-29'],
    ['2000-02-29', '2000-02-29'],
    ['1949-01-01', '1949-01-01'],
    ['2200-12-31', '2200-12-31'],
    ['2026-03-01T00:30:00+08:00', '2026-03-01'],
    ['2026-02-28T16:30:00Z', '2026-03-01'],
    ['2026-02-28T15:59:59Z', '2026-02-28'],
    ['2026-02-28T11:30:00-05:00', '2026-03-01'],
    ['2026-02-28T10:59:00-05:00', '2026-02-28'],
    ['2026-02-28T16:30:00.123456789Z', '2026-03-01'],
    ['1949-01-01T00:00:00+14:00', 'request/bad-date /date'],
    ['2200-12-31T16:00:00Z', 'request/bad-date /date'],
  ])('%s → %s', (date, want) => {
    expect(decide(date)).toBe(want)
  })

  it('bad dates deep in a request are placed by pointer', () => {
    const d = evaluate(shandong(), {
      kind: 'inspection',
      date: '2026-03-20',
      requester: { level: 'street' },
      history: [{ kind: 'inspection', date: '2026-02-30' }],
      approval: { approved: true, validFrom: '2025-02-29', validUntil: '9999-12-31' },
    })
    expect(E.isLeft(d) ? d.left.map((i) => `${i.code} ${i.path}`).sort() : 'decided').toEqual([
      'request/bad-date /approval/validFrom',
      'request/bad-date /approval/validUntil',
      'request/bad-date /history/0/date',
    ])
  })

  it('toLocalDate agrees with the table for zones far apart', () => {
    expect(toLocalDate('2026-12-31T16:00:00Z', 'Asia/Shanghai')).toBe('2027-01-01')
    expect(toLocalDate('2026-12-31T16:00:00Z', 'Pacific/Apia')).toBe('2027-01-01')
    expect(toLocalDate('2026-12-31T16:00:00Z', 'America/New_York')).toBe('2026-12-31')
    expect(toLocalDate('2026-03-01', 'Nowhere/Atlantis')).toBe('2026-03-01')
  })
})

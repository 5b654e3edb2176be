import { readFileSync, writeFileSync } from 'node:fs'
import * as E from 'fp-ts/lib/Either'
import { describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { decodeRequest } from '../src/decode/decode-request'
import { traceOf } from '../src/evaluate/evaluate'
import { EN } from '../src/issues/catalog-en'
import { ZH_CN } from '../src/issues/catalog-zh-cn'
import {
  compile,
  DECORATORS,
  evaluate,
  explain,
  FACTS,
  formatIssues,
  ISSUE_CODES,
  OPERATORS,
  type CompiledPolicy,
  type Decision,
  type PackSource,
} from '../src/node/index'

/**
 * The examples in `docs/` are run, so that the docs cannot rot:
 *
 * - every ```json block of docs/request.md decodes as a request, and there is one of each kind;
 * - every ```yaml block of docs/pack-format.md with a top-level `id:` compiles (with the packs it
 *   extends from the same page);
 * - the line after each request example ("Answer with the example packs: ...") is what the
 *   example packs answer;
 * - every ```yaml block of docs/facts.md is a condition that compiles against the example packs;
 * - docs/facts.md names every fact, operator and decorator; docs/errors.md has every issue code
 *   with its messages exactly as the catalogues say;
 * - blocks marked `<!-- check: kind:name -->` are compared with what zhunru produces (decisions,
 *   derived facts, explanation text, formatted issues): the golden files of the docs.
 *
 * After a deliberate change of wording or behaviour, `UPDATE_DOCS=1 npx vitest run
 * test/docs-examples.test.ts` rewrites the marked blocks with what the code now produces; review
 * the diff of docs/ like any other.
 */

const DOCS = new URL('../docs/', import.meta.url)
const read = (name: string): string => readFileSync(new URL(name, DOCS), 'utf8')
const ZONE = 'Asia/Shanghai'
const UPDATE = process.env.UPDATE_DOCS === '1'

/** Replace the body of the block marked `marker` in a doc (for UPDATE_DOCS=1). */
const rewriteBlock = (file: string, marker: string, body: string): void => {
  const text = read(file)
  const head = `<!-- check: ${marker} -->\n`
  const at = text.indexOf(head)
  if (at < 0) throw new Error(`docs/${file}: no block marked ${marker}`)
  const open = text.indexOf('\n', text.indexOf('```', at + head.length)) + 1
  const close = text.indexOf('\n```', open - 1)
  writeFileSync(new URL(file, DOCS), `${text.slice(0, open)}${body}${text.slice(close)}`)
}

/** The parts of `actual` that `shown` has (same keys, recursively), to rewrite a partial block. */
const pick = (actual: unknown, shown: unknown): unknown => {
  if (typeof shown !== 'object' || shown === null || Array.isArray(shown) || typeof actual !== 'object' || actual === null)
    return actual
  const a = actual as Record<string, unknown>
  return Object.fromEntries(Object.entries(shown).map(([k, v]) => [k, pick(a[k], v)]))
}

interface Fence {
  readonly lang: string
  readonly body: string
  /** 1-based line of the opening fence */
  readonly line: number
  /** `<!-- check: x -->` on the last non-blank line before the fence */
  readonly marker?: string
  /** the first non-blank line after the closing fence */
  readonly after: string
}

const fences = (md: string): Fence[] => {
  const lines = md.split('\n')
  const out: Fence[] = []
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w[\w-]*)\s*$/.exec(lines[i] as string)
    if (open === null) continue
    let j = i + 1
    while (j < lines.length && !/^```\s*$/.test(lines[j] as string)) j++
    let b = i - 1
    while (b >= 0 && (lines[b] as string).trim() === '') b--
    const marker = b >= 0 ? /^<!-- check: (\S+) -->$/.exec((lines[b] as string).trim())?.[1] : undefined
    let a = j + 1
    while (a < lines.length && (lines[a] as string).trim() === '') a++
    out.push({
      lang: open[1] as string,
      body: lines.slice(i + 1, j).join('\n'),
      line: i + 1,
      ...(marker !== undefined ? { marker } : {}),
      after: (lines[a] ?? '').trim(),
    })
    i = j
  }
  return out
}

const where = (file: string, f: Fence): string => `docs/${file}:${f.line}`

// ---- the example packs of pack-format.md -------------------------------------------------------

const packMd = read('pack-format.md')
const packBlocks = fences(packMd).filter((f) => f.lang === 'yaml' && /^id:/m.test(f.body))
const packsById = new Map<string, Fence>()
for (const f of packBlocks) {
  const v = parseYaml(f.body) as { id?: unknown }
  if (typeof v?.id === 'string') packsById.set(v.id, f)
}

/** A pack block and the blocks of the packs it extends, root first. */
const chainSources = (f: Fence): PackSource[] => {
  const out: PackSource[] = []
  let cur: Fence | undefined = f
  const seen = new Set<Fence>()
  while (cur !== undefined && !seen.has(cur)) {
    seen.add(cur)
    out.unshift({ text: cur.body, file: where('pack-format.md', cur) })
    const parent: unknown = (parseYaml(cur.body) as { extends?: unknown }).extends
    cur = typeof parent === 'string' ? packsById.get(parent) : undefined
  }
  return out
}

const EXAMPLE_LEAF = 'example-district'

const compileOrThrow = (sources: PackSource[]): CompiledPolicy => {
  const r = compile(sources)
  if (E.isLeft(r)) throw new Error(formatIssues(r.left, 'en'))
  return r.right
}

let example: CompiledPolicy | undefined
const examplePolicy = (): CompiledPolicy => {
  if (example !== undefined) return example
  const leaf = packsById.get(EXAMPLE_LEAF)
  if (leaf === undefined) throw new Error(`docs/pack-format.md has no pack ${EXAMPLE_LEAF}`)
  return (example = compileOrThrow(chainSources(leaf)))
}

// ---- marked blocks across the docs -------------------------------------------------------------

const ALL_DOCS = ['pack-format.md', 'request.md', 'facts.md', 'decisions.md', 'errors.md']
const marked = ALL_DOCS.flatMap((file) =>
  fences(read(file)).flatMap((f) => (f.marker === undefined ? [] : [{ file, fence: f, marker: f.marker }])),
)
const markedAs = (kind: string): { file: string; fence: Fence; name: string }[] =>
  marked.flatMap((m) => {
    const i = m.marker.indexOf(':')
    return i > 0 && m.marker.slice(0, i) === kind ? [{ file: m.file, fence: m.fence, name: m.marker.slice(i + 1) }] : []
  })

const requestNamed = (name: string): unknown => {
  const found = markedAs('request').filter((m) => m.name === name)
  expect(found, `one block marked request:${name}`).toHaveLength(1)
  return JSON.parse((found[0] as { fence: Fence }).fence.body)
}

/** The decision as the docs show it: rules by id, obligations by code, citations by article. */
const abridge = (d: Decision): unknown => ({
  outcome: d.outcome,
  decidedBy: `${d.decidedBy.id} [${d.decidedBy.pack}]`,
  fired: d.fired.map((r) => `${r.id}: ${r.outcome}, priority ${r.priority}`),
  overruled: d.overruled.map((r) => r.id),
  ...(d.redirect !== undefined ? { redirect: d.redirect.to } : {}),
  obligations: d.obligations.map((o) => o.code),
  citations: d.citations.map((c) => `${c.source} ${c.article}`),
  date: d.date,
  policy: d.policy,
})

const decide = (policy: CompiledPolicy, request: unknown): Decision => {
  const r = evaluate(policy, request)
  if (E.isLeft(r)) throw new Error(formatIssues(r.left, 'en'))
  return r.right
}

// ---- docs/request.md ---------------------------------------------------------------------------

describe('docs/request.md', () => {
  const md = read('request.md')
  const blocks = fences(md).filter((f) => f.lang === 'json')

  it('has request examples', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(8)
  })

  it.each(blocks.map((f) => [where('request.md', f), f] as const))('%s decodes', (_, f) => {
    const r = decodeRequest(JSON.parse(f.body), ZONE)
    if (E.isLeft(r)) expect.fail(formatIssues(r.left, 'en'))
    expect(E.isRight(r)).toBe(true)
  })

  it('has an example of each of the 7 kinds', () => {
    const kinds = new Set(blocks.map((f) => (JSON.parse(f.body) as { kind?: unknown }).kind))
    for (const k of ['task', 'certificate', 'plaque', 'meeting', 'inspection', 'evaluation', 'form'])
      expect(kinds.has(k), `an example of kind ${k}`).toBe(true)
  })

  it('has an example with history and one with reviews', () => {
    const values = blocks.map((f) => JSON.parse(f.body) as { history?: unknown[]; reviews?: unknown[] })
    expect(values.some((v) => (v.history?.length ?? 0) > 0)).toBe(true)
    expect(values.some((v) => (v.reviews?.length ?? 0) > 0)).toBe(true)
  })

  it.each(blocks.map((f) => [where('request.md', f), f] as const))('%s gets the answer the doc states', (_, f) => {
    const m = /^Answer with the example packs: `(\w+)`, rule `([\w-]+)`( \(redirect `([\w-]+)`\))?\.$/.exec(f.after)
    expect(m, `the line after the block states the answer: ${f.after}`).not.toBeNull()
    const d = decide(examplePolicy(), JSON.parse(f.body))
    expect([d.outcome, d.decidedBy.id, d.redirect?.to]).toEqual([m?.[1], m?.[2], m?.[4]])
  })
})

// ---- docs/pack-format.md -----------------------------------------------------------------------

describe('docs/pack-format.md', () => {
  it('has example packs, among them the example the other docs use', () => {
    expect(packBlocks.length).toBeGreaterThanOrEqual(2)
    expect(packsById.has(EXAMPLE_LEAF)).toBe(true)
  })

  it.each(packBlocks.map((f) => [where('pack-format.md', f), f] as const))('%s compiles', (_, f) => {
    const r = compile(chainSources(f))
    if (E.isLeft(r)) expect.fail(formatIssues(r.left, 'en'))
    expect(E.isRight(r)).toBe(true)
  })
})

// ---- docs/facts.md -----------------------------------------------------------------------------

describe('docs/facts.md', () => {
  const md = read('facts.md')
  const conditions = fences(md).filter((f) => f.lang === 'yaml')

  it('names every fact, operator and decorator', () => {
    for (const name of [...FACTS.keys(), ...OPERATORS.keys(), ...DECORATORS.keys()])
      expect(md.includes(`\`${name}\``), `docs/facts.md mentions \`${name}\``).toBe(true)
  })

  it('has condition examples, and each compiles against the example packs and runs on every request example', () => {
    expect(conditions.length).toBeGreaterThanOrEqual(OPERATORS.size)
    const leaf = packsById.get(EXAMPLE_LEAF) as Fence
    const chain = chainSources(leaf)
    const source = (parseYaml(chain[0]?.text ?? '') as { documents: { id: string }[] }).documents[0]?.id
    const stub = {
      id: 'facts-md',
      extends: EXAMPLE_LEAF,
      title: { 'zh-CN': 'facts.md', en: 'facts.md' },
      jurisdiction: { level: 'district', name: { 'zh-CN': 'facts.md', en: 'facts.md' } },
      documents: [],
      rules: conditions.map((f, i) => ({
        id: `facts-md-${i}`,
        outcome: 'permitted',
        priority: -1000,
        conditions: { all: [parseYaml(f.body)] },
        citation: { source, article: `docs/facts.md:${f.line}`, quote: '-' },
        message: { 'zh-CN': '-', en: '-' },
      })),
    }
    const policy = compileOrThrow([...chain, { value: stub, file: 'docs/facts.md' }])
    for (const f of fences(read('request.md')).filter((b) => b.lang === 'json')) decide(policy, JSON.parse(f.body))
  })
})

// ---- docs/errors.md ----------------------------------------------------------------------------

describe('docs/errors.md', () => {
  const md = read('errors.md')
  const rows = new Map(
    md
      .split('\n')
      .flatMap((l) => {
        const m = /^\| `([a-z]+\/[a-z-]+)` \|/.exec(l)
        return m === null ? [] : [[m[1] as string, l] as const]
      }),
  )

  it.each([...ISSUE_CODES])('has %s with its messages as the catalogues say', (code) => {
    const row = rows.get(code)
    expect(row, `a table row for ${code}`).toBeDefined()
    for (const [label, entry] of [['en', EN[code]], ['zh-CN', ZH_CN[code]]] as const) {
      expect(row, `${label} message of ${code}`).toContain(`\`${entry.message}\``)
      if (entry.help !== undefined) expect(row, `${label} help of ${code}`).toContain(`\`${entry.help}\``)
    }
  })

  it('lists no code that does not exist', () => {
    for (const code of rows.keys()) expect(ISSUE_CODES as readonly string[]).toContain(code)
  })
})

// ---- marked blocks: the golden files of the docs -----------------------------------------------

describe('marked blocks', () => {
  it('decision:NAME is the abridged decision on request:NAME', () => {
    const blocks = markedAs('decision')
    expect(blocks.length).toBeGreaterThan(0)
    for (const b of blocks) {
      const actual = abridge(decide(examplePolicy(), requestNamed(b.name)))
      if (UPDATE) rewriteBlock(b.file, `decision:${b.name}`, JSON.stringify(actual, null, 2))
      else expect(actual, where(b.file, b.fence)).toEqual(JSON.parse(b.fence.body))
    }
  })

  it('explain-LOCALE:NAME is the text explain gives for request:NAME', () => {
    const blocks = [...markedAs('explain-en'), ...markedAs('explain-zh-CN')]
    expect(blocks.length).toBeGreaterThan(0)
    for (const b of blocks) {
      const locale = b.fence.marker?.startsWith('explain-en:') === true ? 'en' : 'zh-CN'
      const x = explain(decide(examplePolicy(), requestNamed(b.name)), { locale })
      if (E.isLeft(x)) expect.fail(formatIssues(x.left, 'en'))
      else if (UPDATE) rewriteBlock(b.file, b.fence.marker ?? '', x.right.text)
      else expect(x.right.text, where(b.file, b.fence)).toBe(b.fence.body)
    }
  })

  it('facts-of:NAME holds the derived facts of request:NAME', () => {
    const blocks = markedAs('facts-of')
    expect(blocks.length).toBeGreaterThan(0)
    for (const b of blocks) {
      const trace = traceOf(decide(examplePolicy(), requestNamed(b.name)))
      if (trace === undefined) expect.fail('no trace')
      else {
        const ctx = trace.ctx
        const facts = {
          localDate: ctx.date,
          year: ctx.year,
          caps: ctx.caps(),
          approvalStatus: ctx.approval(),
          ...(ctx.priorReview() !== undefined ? { priorReview: ctx.priorReview() } : {}),
          params: trace.policy.params,
        }
        const actual: unknown = JSON.parse(JSON.stringify(facts))
        const shown: unknown = JSON.parse(b.fence.body)
        if (UPDATE) rewriteBlock(b.file, `facts-of:${b.name}`, JSON.stringify(pick(actual, shown), null, 2))
        else expect(actual, where(b.file, b.fence)).toMatchObject(shown as object)
      }
    }
  })

  it('issues-LOCALE:NAME is the formatted output of compiling pack:NAME', () => {
    const blocks = [...markedAs('issues-en'), ...markedAs('issues-zh-CN')]
    expect(blocks.length).toBeGreaterThan(0)
    for (const b of blocks) {
      const locale = b.fence.marker?.startsWith('issues-en:') === true ? 'en' : 'zh-CN'
      const pack = markedAs('pack').find((p) => p.name === b.name)
      expect(pack, `a block marked pack:${b.name}`).toBeDefined()
      const r = compile({ text: pack?.fence.body ?? '', file: `${b.name}.yaml` })
      if (E.isRight(r)) expect.fail(`pack:${b.name} compiles, but the doc shows issues`)
      else if (UPDATE) rewriteBlock(b.file, b.fence.marker ?? '', formatIssues(r.left, locale))
      else expect(formatIssues(r.left, locale), where(b.file, b.fence)).toBe(b.fence.body)
    }
  })
})

/**
 * The code blocks of README.md and docs/*.md that are code a reader copies: every ```ts and ```js
 * block (and their spellings typescript, javascript, mjs, cjs, mts, cts), found generically so that
 * a new page is covered without touching a test. test/packaging.test.ts type-checks the TypeScript
 * ones and runs the JavaScript ones against the packed tarball installed in a scratch project.
 *
 * A block that is a fragment and cannot run is marked on the line before its fence with
 * `<!-- not-run: why -->` (the reason is required). Fragments should be rare: a block may instead
 * use the names of DOC_CONTEXT (a compiled `policy`, a `request`, a `decision`, …) as if defined.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

export interface CodeBlock {
  /** README.md or docs/x.md */
  readonly file: string
  /** 1-based line of the opening fence */
  readonly line: number
  readonly lang: 'ts' | 'js'
  /** `.cjs` for a JavaScript block that uses require(), else an ES module */
  readonly ext: '.mts' | '.mjs' | '.cjs'
  readonly body: string
  /** the reason given by `<!-- not-run: … -->`, when the block is a marked fragment */
  readonly notRun?: string
}

const TS = new Set(['ts', 'typescript', 'mts', 'cts', 'tsx'])
const JS = new Set(['js', 'javascript', 'mjs', 'cjs', 'jsx'])

/** The ts/js blocks of one Markdown text. */
export const codeBlocks = (file: string, md: string): CodeBlock[] => {
  const lines = md.split('\n')
  const out: CodeBlock[] = []
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w+)\s*$/.exec(lines[i] as string)
    if (open === null) {
      if (/^```/.test(lines[i] as string)) {
        // a fence of another kind: skip to its end
        let j = i + 1
        while (j < lines.length && !/^```\s*$/.test(lines[j] as string)) j++
        i = j
      }
      continue
    }
    let j = i + 1
    while (j < lines.length && !/^```\s*$/.test(lines[j] as string)) j++
    const lang = (open[1] as string).toLowerCase()
    if (TS.has(lang) || JS.has(lang)) {
      let b = i - 1
      while (b >= 0 && (lines[b] as string).trim() === '') b--
      const notRun = b >= 0 ? /^<!-- not-run: (.+?) -->$/.exec((lines[b] as string).trim())?.[1] : undefined
      const body = lines.slice(i + 1, j).join('\n')
      const isTs = TS.has(lang)
      out.push({
        file,
        line: i + 1,
        lang: isTs ? 'ts' : 'js',
        ext: isTs ? '.mts' : /\brequire\(/.test(body) && !/^\s*import\s/m.test(body) ? '.cjs' : '.mjs',
        body,
        ...(notRun !== undefined ? { notRun } : {}),
      })
    }
    i = j
  }
  return out
}

/** Every ts/js block of README.md and docs/*.md of a checkout. */
export const docBlocks = (root: string): CodeBlock[] => [
  ...codeBlocks('README.md', readFileSync(join(root, 'README.md'), 'utf8')),
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .flatMap((f) => codeBlocks(`docs/${f}`, readFileSync(join(root, 'docs', f), 'utf8'))),
]

/** A file name for a block: `docs_audit.md_L195.mts`. */
export const blockFileName = (b: CodeBlock): string => `${b.file.replace(/\//g, '_')}_L${b.line}${b.ext}`

/**
 * The names a TypeScript block of the docs may use without defining them (declared globally for
 * the check, as the examples in the API reference do): a block stays short and still type-checks.
 * docs/embedding.md lists them for readers.
 */
export const DOC_CONTEXT = `import type { CompiledPolicy, Decision, Issue, Request } from 'zhunru'
declare global {
  /** a compiled policy (from compile or loadPolicy) */
  const policy: CompiledPolicy
  const national: CompiledPolicy
  const shandong: CompiledPolicy
  /** a request, as a portal would send it */
  const request: Request
  /** a decision made by evaluate */
  const decision: Decision
  /** issues from any call */
  const issues: Issue[]
  /** the text of pack files */
  const provinceYaml: string
  const districtYaml: string
  /** when a service request was received (ISO 8601) */
  const receivedAt: string
  /** the portal's own way to show something */
  function show(value: unknown): void
}
export {}
`

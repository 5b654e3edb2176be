import * as E from 'fp-ts/lib/Either.js'
import type { CompiledPolicy } from '../compile/compile'
import { describePolicy } from '../compile/fingerprint'
import { compare } from '../compare/compare'
import { renderComparison } from '../compare/render-comparison'
import type { Issue } from '../issues/issue'
import { bundledRulesDir, loadPolicy, scanPacks } from '../node/load'
import { encodingOf } from '../node/read-text'
import { inert } from '../text/inert'
import { badOptions, EXIT, failWith, localeOf, readInput, usage } from './io'

/** Options of `zhunru compare`. @since 0.1.0 */
export interface CompareCliOptions {
  /** comma-separated pack ids or folders; default every shipped pack */
  readonly packs?: string
  readonly format?: string
  readonly lang?: string
  /** the request file's encoding (`utf-8`, the default, or `gb18030`) */
  readonly encoding?: string
}

/** The shipped packs, the national floor first, then by id. */
const shippedPacks = (): string[] =>
  [...scanPacks(bundledRulesDir()).keys()].sort((a, b) => (a === 'cn-national' ? -1 : b === 'cn-national' ? 1 : a < b ? -1 : a > b ? 1 : 0))

/**
 * `zhunru compare <request> [--packs a,b,c]`: the request decided by each pack side by side, and
 * for each pair that differs, the rules that make the difference. Exit 0, or 2 on bad input.
 *
 * @since 0.1.0
 */
export const compareCommand = (file: string, o: CompareCliOptions): number => {
  const lang = localeOf(o.lang)
  const bad = badOptions(o, ['text', 'json'])
  if (bad !== undefined) return usage(bad)
  const ids = o.packs !== undefined && o.packs.trim() !== '' ? o.packs.split(',').map((s) => s.trim()).filter((s) => s !== '') : shippedPacks()
  const policies = new Map<string, CompiledPolicy>()
  const problems: Issue[] = []
  for (const id of ids) {
    const p = loadPolicy(id)
    if (E.isLeft(p)) problems.push(...p.left)
    else policies.set(id, p.right)
  }
  if (problems.length > 0) return failWith(problems, lang)
  const request = readInput(file, encodingOf(o.encoding))
  if (E.isLeft(request)) return failWith(request.left, lang)
  const c = compare(request.right, policies)
  // each policy compared, named by its chain with versions and content hashes (which packs decided)
  const chains = Object.fromEntries([...policies].map(([id, p]) => [id, p.fingerprint]))
  if (o.format === 'json') process.stdout.write(`${JSON.stringify({ ...c, policies: chains }, null, 2)}\n`)
  else {
    const lines = Object.entries(chains).map(([id, f]) => `  ${inert(id)}: ${describePolicy(f)}`)
    process.stdout.write(`${renderComparison(c, lang)}\n\n${lang === 'en' ? 'packs' : '规则包'}:\n${lines.join('\n')}\n`)
  }
  return EXIT.ok
}

import * as E from 'fp-ts/lib/Either.js'
import { evaluate } from '../evaluate/evaluate'
import type { Decision } from '../evaluate/decision'
import { citationText } from '../explain/citation-text'
import { capLines, DECISION_LABELS, explain } from '../explain/explain'
import type { Locale } from '../issues/format'
import { inert } from '../text/inert'
import { describePolicy } from '../compile/fingerprint'
import { bundledRulesDir, loadPolicy } from '../node/load'
import type { CompiledPolicy } from '../compile/compile'
import { toRecord } from '../record/index'
import { decideUnderVersions } from './record'
import { whatIf } from '../whatif/what-if'
import { explainWhatIf } from '../whatif/explain-what-if'
import { encodingOf } from '../node/read-text'
import { badOptions, EXIT, failWith, localeOf, readInput, usage } from './io'

/** Options of `zhunru evaluate`. */
export interface EvaluateCliOptions {
  readonly pack: string
  readonly explain?: boolean
  readonly format?: string
  readonly lang?: string
  /** also print what would change the outcome (`--what-if`) */
  readonly whatIf?: boolean
  /** the request file's encoding (`utf-8`, the default, or `gb18030`) */
  readonly encoding?: string
  /** a folder of pack versions: `pack` is an id, decided under its version in force (`--versions`) */
  readonly versions?: string
  /** the date the pack versions are picked by (default: the request's date) (`--on`) */
  readonly on?: string
}

/**
 * A decision in a few lines, with the labels `explain` and the playground use: the outcome, the
 * deciding rule with its message (filled, made inert), its clause and the caps it reads that are not
 * its own (see `capLines`), then the other rules that
 * fired, those that support the decision apart from those overruled.
 */
export const decisionLines = (d: Decision, lang: Locale): string[] => {
  const t = DECISION_LABELS[lang]
  const message = (i: number): string => inert(d.messages[i]?.[lang] ?? '')
  const lines = [
    `${t.decision}: ${t.outcome[d.outcome]} (${d.outcome})`,
    `${t.decidedBy}: ${d.decidedBy.id} [${d.decidedBy.pack}]`,
    `  ${message(0)}`,
    `  ${t.source}: ${citationText(d.decidedBy.citation, lang)}`,
  ]
  // a cap the deciding rule reads that another pack set (or another clause): named, its clause cited
  const x = explain(d, { locale: lang })
  const decided = E.isRight(x) ? x.right.rules.find((r) => r.decided) : undefined
  if (decided !== undefined) lines.push(...capLines(decided, lang, '  '))
  for (const supporting of [true, false]) {
    const group = d.fired.flatMap((r, i) => (i > 0 && (r.outcome === d.outcome) === supporting ? [[r, i] as const] : []))
    if (group.length > 0) lines.push(`${supporting ? t.supporting : t.overruled}:`)
    for (const [r, i] of group) lines.push(`  - ${r.id} [${r.pack}] ${r.outcome}, priority ${r.priority}: ${message(i)}`)
  }
  return lines
}

/** `zhunru evaluate --pack <id|dir> <request|->`: print the decision, and its explanation. */
export const evaluateCommand = (file: string, o: EvaluateCliOptions): number => {
  const lang = localeOf(o.lang)
  const bad = badOptions(o, ['text', 'json', 'record'])
  if (bad !== undefined) return usage(bad)
  // --versions <folder> / --on <date>: the version of the pack in force on the date (src/cli/record.ts)
  const versioned = o.versions !== undefined || o.on !== undefined
  const loaded = versioned ? undefined : loadPolicy(o.pack)
  if (loaded !== undefined && E.isLeft(loaded)) return failWith(loaded.left, lang)
  const request = readInput(file, encodingOf(o.encoding))
  if (E.isLeft(request)) return failWith(request.left, lang)
  const made = versioned
    ? decideUnderVersions(o.versions ?? bundledRulesDir(), o.pack, request.right, o.on)
    : E.map((decision: Decision) => ({ policy: (loaded as E.Right<CompiledPolicy>).right, decision }))(evaluate((loaded as E.Right<CompiledPolicy>).right, request.right))
  if (E.isLeft(made)) return failWith(made.left, lang)
  const policy = { right: made.right.policy }
  const d = made.right.decision
  if (o.format === 'record') {
    // one line of JSON: records append to an NDJSON file that `zhunru replay` reads
    const r = toRecord(policy.right, request.right, d, { decidedAt: new Date().toISOString() })
    if (E.isLeft(r)) return failWith(r.left, lang)
    process.stdout.write(`${JSON.stringify(r.right)}\n`)
    return EXIT.ok
  }
  const x = o.explain === true ? explain(d, { locale: lang }) : undefined
  const w = o.whatIf === true ? whatIf(policy.right, request.right) : undefined
  if (o.format === 'json') {
    const out = { policy: policy.right.fingerprint, decision: d, ...(x !== undefined && E.isRight(x) ? { explanation: { summary: x.right.summary, rules: x.right.rules, text: x.right.text } } : {}), ...(w !== undefined && E.isRight(w) ? { whatIf: { ...w.right, text: explainWhatIf(w.right, lang) } } : {}) }
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`)
    return EXIT.ok
  }
  if (x !== undefined && E.isRight(x)) process.stdout.write(`${x.right.text}\n`)
  else process.stdout.write(`${decisionLines(d, lang).join('\n')}\n`)
  if (w !== undefined && E.isRight(w)) process.stdout.write(`\n${explainWhatIf(w.right, lang)}\n`)
  // the pack chain that decided, with each pack's version and content hash
  process.stdout.write(`${lang === 'en' ? 'packs' : '规则包'}: ${describePolicy(policy.right.fingerprint)}\n`)
  return EXIT.ok
}

import * as E from 'fp-ts/lib/Either.js'
import { evaluate } from '../evaluate/evaluate'
import { explain } from '../explain/explain'
import { formatIssues } from '../issues/format'
import { issue, showValue } from '../issues/issue'
import { RECORD_FORMAT } from '../record/index'
import { chainLine, explainRecordCommand, isRecord } from './record'
import { dirname } from 'node:path'
import { isPackPath, loadPolicy } from '../node/load'
import { decodeCaseFile } from '../testing/cases'
import { explainWhatIf } from '../whatif/explain-what-if'
import { whatIf } from '../whatif/what-if'
import { evaluateCommand } from './evaluate'
import { encodingOf } from '../node/read-text'
import { badOptions, EXIT, failWith, localeOf, readInput, usage } from './io'

/** Options of `zhunru explain`. @since 0.1.0 */
export interface ExplainCliOptions {
  readonly pack?: string
  readonly format?: string
  readonly lang?: string
  /** also print what would change each outcome (`--what-if`) */
  readonly whatIf?: boolean
  /** the file's encoding (`utf-8`, the default, or `gb18030`) */
  readonly encoding?: string
  /** the file is a stored decision record (`--record`; a record is also recognised by its `format`) */
  readonly record?: boolean
  /** a folder of pack versions (`--versions`): a record's exact versions, or a request's in force */
  readonly versions?: string
  /** the date pack versions are picked by, for a request (`--on`) */
  readonly on?: string
}

const isCaseFile = (u: unknown): boolean => typeof u === 'object' && u !== null && 'cases' in u && 'pack' in u

/**
 * `zhunru explain <request|case file>`: the decision on a request explained the way a clerk
 * reads it; for a case file, each case's decision in turn (the pack named in the file, or
 * `--pack`). Exit 0, or 2 on bad input.
 *
 * @since 0.1.0
 */
export const explainCommand = (file: string, o: ExplainCliOptions): number => {
  const lang = localeOf(o.lang)
  const bad = badOptions(o, ['text', 'json'])
  if (bad !== undefined) return usage(bad)
  const input = readInput(file, encodingOf(o.encoding))
  if (E.isLeft(input)) return failWith(input.left, lang)
  // a stored decision record (zhunru evaluate --format record): explained under the packs it names
  if (o.record === true || isRecord(input.right)) {
    if (!isRecord(input.right)) return failWith([issue('schema/invalid', '/format', { expected: `"${RECORD_FORMAT}" (a decision record)`, received: showValue((input.right as { format?: unknown } | null)?.format), file })], lang)
    return explainRecordCommand(input.right, file, o, lang)
  }
  if (!isCaseFile(input.right)) {
    if (o.pack === undefined) return failWith([issue('schema/missing', '/pack', { expected: '--pack <id|dir>', file })], lang)
    return evaluateCommand(file, { ...o, pack: o.pack, explain: true })
  }
  const cf = decodeCaseFile(input.right)
  if (E.isLeft(cf)) return failWith(cf.left.map((i) => ({ ...i, file })), lang)
  // the case file's own pack path is taken from the case file's folder, as `zhunru test` does
  const policy = o.pack !== undefined ? loadPolicy(o.pack) : loadPolicy(cf.right.pack, isPackPath(cf.right.pack) ? { base: dirname(file) } : {})
  if (E.isLeft(policy)) return failWith(policy.left, lang)
  const json: unknown[] = []
  cf.right.cases.forEach((c, n) => {
    const d = evaluate(policy.right, c.request)
    const x = E.isRight(d) ? explain(d.right, { locale: lang }) : undefined
    const w = o.whatIf === true && E.isRight(d) ? whatIf(policy.right, c.request) : undefined
    if (o.format === 'json') {
      json.push({
        name: c.name,
        ...(E.isRight(d) ? { decision: d.right } : { issues: d.left }),
        ...(x !== undefined && E.isRight(x) ? { explanation: { summary: x.right.summary, text: x.right.text } } : {}),
        ...(w !== undefined && E.isRight(w) ? { whatIf: { ...w.right, text: explainWhatIf(w.right, lang) } } : {}),
      })
      return
    }
    process.stdout.write(`${n > 0 ? '\n' : ''}## ${c.name}\n`)
    if (E.isLeft(d)) process.stdout.write(`${formatIssues(d.left, lang)}\n`)
    else if (x !== undefined && E.isRight(x)) process.stdout.write(`${x.right.text}\n`)
    if (w !== undefined && E.isRight(w)) process.stdout.write(`\n${explainWhatIf(w.right, lang)}\n`)
  })
  if (o.format === 'json') process.stdout.write(`${JSON.stringify(json, null, 2)}\n`)
  // the pack chain that decided, with each pack's version and content hash
  else process.stdout.write(`\n${chainLine(policy.right, lang)}\n`)
  return EXIT.ok
}

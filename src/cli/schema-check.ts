import * as E from 'fp-ts/lib/Either.js'
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js'
import { locate, parseText } from '../decode/parse-text'
import { formatIssue, type Locale } from '../issues/format'
import { issue, pointer, showValue, type Issue } from '../issues/issue'
import { readTextFile } from '../node/read-text'
import { casesSchema, packSchema } from '../schema/pack-schemas'
import { inert } from '../text/inert'
import { badOptions, EXIT, localeOf, usage } from './io'
import { nearestName } from './test'

/** Options of `zhunru schema-check`. */
export interface SchemaCheckOptions {
  readonly lang?: string
  /** `pack` or `cases`; by default a file with a `cases` list (or under a `cases/` folder) is a case file */
  readonly schema?: string
  readonly format?: string
}

type Kind = 'pack' | 'cases'

let validators: Record<Kind, ValidateFunction> | undefined
/** The two shipped schemas (as `schemas/*.schema.json` hold them), compiled once. */
const validatorsOf = (): Record<Kind, ValidateFunction> => {
  if (validators !== undefined) return validators
  const ajv = new Ajv2020({ allErrors: true, strict: false, verbose: true })
  const pack = packSchema()
  const cases = casesSchema()
  if (E.isLeft(pack) || E.isLeft(cases)) throw new Error('zhunru: the schemas cannot be built')
  validators = { pack: ajv.compile(pack.right), cases: ajv.compile(cases.right) }
  return validators
}

/** The kind of file: a case file holds a `cases` list, or lies in a `cases/` folder. */
const kindOf = (file: string, value: unknown): Kind =>
  /(^|[\\/])cases[\\/]/.test(file) || /\.cases\.(ya?ml|json)$/i.test(file) || (typeof value === 'object' && value !== null && Array.isArray((value as { cases?: unknown }).cases))
    ? 'cases'
    : 'pack'

/** One of ajv's errors as an issue (the codes `zhunru lint` and `zhunru test` use). */
const toIssue = (e: ErrorObject): Issue => {
  const at = e.instancePath
  const params = e.params as Record<string, unknown>
  if (e.keyword === 'additionalProperties') {
    const name = String(params.additionalProperty)
    const allowed = Object.keys(((e.parentSchema as { properties?: object } | undefined)?.properties ?? {}) as object)
    return issue('schema/unknown-field', pointer(at, name), { received: JSON.stringify(name), expected: allowed.join(', ') })
  }
  if (e.keyword === 'required') {
    // what the missing field should be, as the decoder says it: its type, or its definition's name
    const name = String(params.missingProperty)
    const sub = ((e.parentSchema as { properties?: Record<string, { type?: unknown; $ref?: unknown }> } | undefined)?.properties ?? {})[name]
    const expected = typeof sub?.type === 'string' ? sub.type : typeof sub?.$ref === 'string' ? (sub.$ref.split('/').pop() ?? name) : name
    return issue('schema/missing', pointer(at, name), { expected })
  }
  if (e.keyword === 'enum') return issue('schema/invalid', at, { expected: (params.allowedValues as unknown[]).map((v) => String(v)).join(' | '), received: showValue(e.data) })
  if (e.keyword === 'type') return issue('schema/invalid', at, { expected: String(params.type), received: showValue(e.data) })
  return issue('schema/invalid', at, { expected: e.message ?? e.keyword, received: showValue(e.data) })
}

/**
 * The problems ajv finds, one per place: the errors of branches that did not apply (`anyOf`, `if`)
 * and those of a place that has a more precise one further in are dropped.
 */
const issuesOf = (errors: readonly ErrorObject[]): Issue[] => {
  const useful = errors.filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'if' && e.keyword !== 'oneOf')
  const issues = useful.map(toIssue)
  const seen = new Set<string>()
  return issues.filter((i) => {
    if (seen.has(i.path)) return false
    seen.add(i.path)
    return !issues.some((j) => j.path.startsWith(`${i.path}/`))
  })
}

/**
 * Check files against the JSON Schemas zhunru ships, offline, as an editor does: every place the
 * schema refuses, with its line. The same schemas as `schemas/pack.schema.json` and
 * `schemas/cases.schema.json`.
 */
export const schemaCheckFile = (file: string, schema?: Kind): { kind?: Kind; issues: Issue[] } => {
  const text = readTextFile(file)
  if (E.isLeft(text)) return { issues: text.left }
  const parsed = parseText(text.right, { file })
  if (E.isLeft(parsed)) return { issues: parsed.left }
  const kind = schema ?? kindOf(file, parsed.right.value)
  const validate = validatorsOf()[kind]
  const ok = validate(parsed.right.value)
  return { kind, issues: ok ? [] : locate(issuesOf(validate.errors ?? []), parsed.right.positions, file) }
}

const T = {
  'zh-CN': { clean: (n: number) => `检查了 ${n} 个文件，均符合 JSON Schema`, found: (n: number, m: number) => `检查了 ${n} 个文件，发现 ${m} 个问题`, near: (s: string) => `是否应为 ${s}？`, none: '请给出要检查的规则包或用例文件' },
  en: { clean: (n: number) => `${n} file(s) checked against the JSON Schemas, no problem`, found: (n: number, m: number) => `${n} file(s) checked, ${m} problem(s)`, near: (s: string) => `did you mean ${s}?`, none: 'name the pack or case files to check' },
} as const

/**
 * `zhunru schema-check <files…>`: exit 0 when every file fits its schema, 1 when one does not,
 * 2 when a file cannot be read or an option is wrong.
 */
export const schemaCheckCommand = (files: readonly string[], o: SchemaCheckOptions): number => {
  const lang: Locale = localeOf(o.lang)
  const bad = badOptions(o, ['text', 'json'])
  if (bad !== undefined) return usage(bad)
  if (o.schema !== undefined && o.schema !== 'pack' && o.schema !== 'cases') return usage(`--schema: pack or cases (received ${JSON.stringify(inert(String(o.schema)))})`)
  if (files.length === 0) return usage(T[lang].none)
  const results = files.map((file) => ({ file, ...schemaCheckFile(file, o.schema as Kind | undefined) }))
  // a file that cannot be read at all is bad input, said before anything goes to stdout
  const unread = results.flatMap((r) => r.issues.filter((i) => i.code.startsWith('load/')))
  if (unread.length > 0) {
    process.stderr.write(`${unread.map((i) => formatIssue(i, lang)).join('\n')}\n`)
    return unread.some((i) => i.code === 'load/io') ? EXIT.io : EXIT.badInput
  }
  const issues = results.flatMap((r) => r.issues)
  if (o.format === 'json') process.stdout.write(`${JSON.stringify({ files: results }, null, 2)}\n`)
  else {
    const body = issues
      .map((i) => {
        const near = (i.code === 'schema/unknown-field' || i.code === 'schema/invalid') && i.received !== undefined && i.expected !== undefined ? nearestName(i.received, i.expected.split(/,\s*|\s*\|\s*/)) : undefined
        return near === undefined ? formatIssue(i, lang) : `${formatIssue(i, lang)}\n  ${T[lang].near(near)}`
      })
      .join('\n')
    process.stdout.write(`${body}${body ? '\n\n' : ''}${issues.length === 0 ? T[lang].clean(files.length) : T[lang].found(files.length, issues.length)}\n`)
  }
  return issues.length === 0 ? EXIT.ok : EXIT.failures
}

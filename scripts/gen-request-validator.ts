import { readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type * as t from 'io-ts'
import { Request } from '../src/decode/request-codec'

/**
 * `npm run gen:validator`: writes src/decode/request-validator.generated.ts, a straight-line
 * yes/no check of a request generated from its io-ts codec (`Request` in
 * src/decode/request-codec.ts). One function per object type: a `for...in` over own keys with a
 * `switch (key)`, `typeof` checks, array loops, then a check that no optional field the object
 * lacks could be read from elsewhere: on the request's outline, that its own keys are all
 * enumerable and it inherits only from a clean Object.prototype (else, as on a history's
 * events, each optional field read by name and those that read as defined counted); no closures,
 * no `eval` (the core runs under a strict CSP). It accepts exactly what `compileValidator(Request, maxString)`
 * (src/decode/fast-validator.ts) accepts: unknown fields rejected, own properties only, `undefined`
 * allowed for optional fields, strings at most `maxString` long, nesting at most 16 deep. A field
 * that reads as defined but is not an own enumerable property (own non-enumerable, or inherited
 * from a polluted Object.prototype) makes either check fail, and `decodeRequest` decodes a copy of
 * the own enumerable properties instead.
 *
 * The request's check comes in parts: `isRequestOutline` checks everything but the events of its
 * history (only that it is an array), `isHistoryEvent` one event, and `isRequest` is the outline
 * then every event. `decodeRequest` checks the events in the pass over the history that reads
 * their dates: each event is read once.
 *
 * test/request-validator.test.ts regenerates the file in memory and fails if the committed one
 * is stale, and checks that both checks agree on random and hostile values.
 *
 *   npx tsx scripts/gen-request-validator.ts [--check]
 *
 * @module
 */

type Tagged = {
  readonly _tag?: string
  readonly name?: string
  readonly props?: Record<string, unknown>
  readonly types?: readonly unknown[]
  readonly type?: unknown
  readonly keys?: Record<string, unknown>
  readonly value?: unknown
}

/** Where the generated validator of requests is written, from the repository root. @since 0.1.0 */
export const GENERATED_FILE = 'src/decode/request-validator.generated.ts'

/** The nesting bound, as in src/decode/fast-validator.ts. */
const MAX_DEPTH = 16

/** A TypeScript string literal in the repository's style (single quotes). */
const str = (s: string): string => `'${JSON.stringify(s).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`

const literal = (v: unknown): string => {
  if (typeof v === 'string') return str(v)
  if (typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v) && !Object.is(v, -0))) return String(v)
  throw new Error(`gen-request-validator: literal ${String(v)} is not supported`)
}

const isIdentifier = (s: string): boolean => /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(s)
const capitalise = (s: string): string => s.replace(/[^A-Za-z0-9_$]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase()).replace(/^./, (c) => c.toUpperCase())

/** The required and optional fields of an object codec (type, partial, intersection of those). */
const fieldsOf = (c: Tagged, required: [string, Tagged][], optional: [string, Tagged][]): boolean => {
  if (c._tag === 'InterfaceType' || c._tag === 'PartialType') {
    const into = c._tag === 'InterfaceType' ? required : optional
    for (const [k, v] of Object.entries(c.props ?? {})) into.push([k, v as Tagged])
    return true
  }
  if (c._tag === 'IntersectionType') return (c.types ?? []).every((m) => fieldsOf(m as Tagged, required, optional))
  return false
}

const isObjectCodec = (c: Tagged): boolean => c._tag === 'InterfaceType' || c._tag === 'PartialType' || c._tag === 'IntersectionType'

/**
 * The TypeScript source of a validator of `codec`: an exported `(u: unknown, maxString: number)
 * => boolean` named `exportName`, and one internal function per object (and per array inside a
 * union) type. Throws on a codec kind it does not know: the generator is run by hand and in a
 * test, never at run time.
 *
 * @example
 * const text = generateValidator(Request, 'isRequest', 'Request in src/decode/request-codec.ts')
 * @since 0.1.0
 */
export const generateValidator = (
  codec: t.Mixed,
  exportName: string,
  source: string,
  options: { readonly outline?: { readonly name: string; readonly items: Readonly<Record<string, string>> } } = {},
): string => {
  const names = new Map<Tagged, string>()
  // the text a call passes as its `byName` argument (see below): the caller's own inside a function; at an entry
  // point, true for the items of an outline's arrays (a history's events), else false
  let byNameArg = 'byName'
  const used = new Set<string>([exportName])
  const bodies: string[] = []
  // the optional fields an 'own' function does not read when absent: Object.prototype must have none
  const inheritable = new Set<string>()
  // a name for the function of a codec: its io-ts name when that is an identifier, else where it is used
  const nameFor = (c: Tagged, hint: string): string => {
    const known = names.get(c)
    if (known !== undefined) return known
    const base = `check${c.name !== undefined && isIdentifier(c.name) ? c.name : capitalise(hint)}`
    let name = base
    for (let i = 2; used.has(name); i++) name = `${base}${i}`
    used.add(name)
    names.set(c, name)
    return name
  }

  // an expression true when `v` (an identifier) is not a valid value of `c` at nesting `depth`
  const fails = (c: Tagged, v: string, depth: string, hint: string): string => {
    switch (c._tag) {
      case 'StringType':
        return `notString(${v}, max)`
      case 'NumberType':
        return `typeof ${v} !== 'number'`
      case 'BooleanType':
        return `typeof ${v} !== 'boolean'`
      case 'KeyofType': {
        const keys = Object.keys(c.keys ?? {})
        return keys.length === 0 ? 'true' : keys.map((k) => `${v} !== ${str(k)}`).join(' && ')
      }
      case 'LiteralType':
        return `${v} !== ${literal(c.value)}`
      default:
        return `!${valid(c, v, depth, hint)}`
    }
  }
  // an expression, a call or in parentheses, true when `v` (an identifier) is a valid value of `c`
  // at nesting `depth`
  const valid = (c: Tagged, v: string, depth: string, hint: string): string => {
    switch (c._tag) {
      case 'StringType':
        return `!notString(${v}, max)`
      case 'NumberType':
        return `(typeof ${v} === 'number')`
      case 'BooleanType':
        return `(typeof ${v} === 'boolean')`
      case 'UnknownType':
        return 'true'
      case 'KeyofType': {
        const keys = Object.keys(c.keys ?? {})
        return keys.length === 0 ? 'false' : `(${keys.map((k) => `${v} === ${str(k)}`).join(' || ')})`
      }
      case 'LiteralType':
        return `(${v} === ${literal(c.value)})`
      case 'UnionType': {
        const members = (c.types ?? []).map((m, i) => valid(m as Tagged, v, depth, `${hint}-${i}`))
        return members.length === 0 ? 'false' : `(${members.join(' || ')})`
      }
      case 'ArrayType':
        return `${functionFor(c, hint)}(${v}, ${depth}, max, ${byNameArg})`
      default:
        if (isObjectCodec(c)) return `${functionFor(c, hint)}(${v}, ${depth}, max, ${byNameArg})`
        throw new Error(`gen-request-validator: codec kind ${c._tag ?? '?'} (${c.name ?? ''}) is not supported`)
    }
  }

  const at = (offset: number): string => (offset === 0 ? 'depth' : `depth + ${offset}`)

  // statements that `return false` when `v` is not a valid value of `c` at nesting `depth + offset`:
  // an array becomes a loop in place
  const check = (c: Tagged, v: string, offset: number, optional: boolean, hint: string, indent: string, deferred = false): string[] => {
    if (c._tag === 'UnknownType') return []
    if (c._tag === 'ArrayType' && deferred) {
      // an array whose items the caller checks itself, one at a time (the history, in decodeRequest)
      const test = `${indent}${optional ? '  ' : ''}if (!Array.isArray(${v}) || ${at(offset)} > MAX_DEPTH) return false`
      return optional ? [`${indent}if (${v} !== undefined) {`, test, `${indent}}`] : [test]
    }
    if (c._tag !== 'ArrayType') {
      const f = fails(c, v, at(offset), hint)
      const g = /&&|\|\|/.test(f) ? `(${f})` : f
      return [`${indent}if (${optional ? `${v} !== undefined && ${g}` : f}) return false`]
    }
    // named by nesting, so that fields of the same type have the same text (and share a case)
    const i = `i${offset}`
    const item = `x${offset}`
    const loop = (ind: string): string[] => [
      `${ind}if (!Array.isArray(${v}) || ${at(offset)} > MAX_DEPTH) return false`,
      `${ind}for (let ${i} = 0; ${i} < ${v}.length; ${i}++) {`,
      `${ind}  const ${item}: unknown = ${v}[${i}]`,
      ...check(c.type as Tagged, item, offset + 1, false, `${hint}-item`, `${ind}  `),
      `${ind}}`,
    ]
    return optional ? [`${indent}if (${v} !== undefined) {`, ...loop(`${indent}  `), `${indent}}`] : loop(indent)
  }

  // the function of an object type (or of an array inside a union), generated on first use; its
  // place in the file is taken before the functions it calls, so the file reads top-down
  const functionFor = (c: Tagged, hint: string, variant?: { readonly name: string; readonly defer: ReadonlySet<string> }): string => {
    const known = variant === undefined ? names.get(c) : undefined
    if (known !== undefined) return known
    const name = variant?.name ?? nameFor(c, hint)
    const outer = byNameArg
    byNameArg = 'byName'
    const defer = variant?.defer ?? new Set<string>()
    const place = bodies.length
    bodies.push('')
    const lines: string[] = []
    if (c._tag === 'ArrayType') {
      lines.push(`const ${name} = (u: unknown, depth: number, max: number, byName: boolean): boolean => {`)
      lines.push('  if (!Array.isArray(u) || depth > MAX_DEPTH) return false')
      lines.push('  for (let i = 0; i < u.length; i++) {')
      lines.push('    const x: unknown = u[i]')
      lines.push(`    if (${fails(c.type as Tagged, 'x', 'depth + 1', `${hint}-item`)}) return false`)
      lines.push('  }')
      lines.push('  return true')
      lines.push('}')
      if (!lines.slice(1).some((l) => /\bbyName\b/.test(l))) lines[0] = (lines[0] as string).replace('byName: boolean', '_byName: boolean')
      bodies[place] = lines.join('\n')
      byNameArg = outer
      return name
    }
    const required: [string, Tagged][] = []
    const optional: [string, Tagged][] = []
    if (!fieldsOf(c, required, optional)) throw new Error(`gen-request-validator: ${c.name ?? hint} mixes objects with other kinds`)
    // a field both required and optional (an intersection may say both) is required, as in fast-validator.ts
    const fields = new Map<string, { codec: Tagged; required: boolean }>()
    for (const [k, v] of optional) fields.set(k, { codec: v, required: false })
    for (const [k, v] of required) fields.set(k, { codec: v, required: true })
    const nRequired = [...fields.values()].filter((f) => f.required).length
    lines.push(`const ${name} = (u: unknown, depth: number, max: number, byName: boolean): boolean => {`)
    lines.push("  if (typeof u !== 'object' || u === null || Array.isArray(u) || depth > MAX_DEPTH) return false")
    lines.push('  const o = u as Record<string, unknown>')
    if (nRequired > 0) lines.push('  let seen = 0')
    const optionalNames = [...fields].filter(([, f]) => !f.required).map(([k]) => k)
    const own = optionalNames.length > 0
    if (optionalNames.length > 0) lines.push('  let defined = 0')
    if (own) lines.push('  let keys = 0')
    // own enumerable keys: `for…in` with a hasOwnProperty check, written out in full so that V8
    // knows the function called and reduces it to a check of the object's map (called through a
    // variable of the bundle, it stays a call), as fast as `Object.keys` and allocating nothing
    lines.push('  for (const k in o) {')
    lines.push('    if (!Object.prototype.hasOwnProperty.call(o, k)) continue')
    if (own) lines.push('    keys++')
    lines.push('    switch (k) {')
    // the required fields first (every request has them); fields whose checks read the same share
    // one case
    const cases = new Map<string, string[]>()
    for (const [k, f] of [...fields].sort(([, a], [, b]) => Number(b.required) - Number(a.required))) {
      const body = [...check(f.codec, 'v', 1, !f.required, `${hint}-${k}`, '        ', defer.has(k)), ...(f.required ? ['        seen++'] : [])].join('\n')
      cases.set(body, [...(cases.get(body) ?? []), k])
    }
    for (const [body, keys] of cases) {
      for (const k of keys.slice(0, -1)) lines.push(`      case ${str(k)}:`)
      lines.push(`      case ${str(keys[keys.length - 1] as string)}: {`)
      // a field of any value (extra: checked against the policy by evaluate) is only counted
      lines.push('        const v = o[k]')
      if (body.trim() !== '') lines.push(body)
      // an optional field with a defined value is counted (a required one is, by `seen`)
      if (!keys.every((k) => fields.get(k)?.required === true)) lines.push('        if (v !== undefined) defined++')
      lines.push('        break')
      lines.push('      }')
    }
    lines.push('      default:')
    lines.push('        return false')
    lines.push('    }')
    lines.push('  }')
    // a field that reads as defined but is not among the own enumerable keys (own non-enumerable,
    // or inherited, e.g. from a polluted Object.prototype): the full decoder decides, on a copy of
    // the own enumerable properties only
    // the optional fields among the own enumerable keys with a defined value are among the optional
    // fields that read as defined: the same count means the same fields. Each read by name (an
    // inline cache, no allocation). The required fields were all met among the own keys (`seen`).
    // By name: each optional field read by name, and those that read as defined counted (as many
    // as met among the own keys with a defined value: the same fields). Cheap where objects have
    // few shapes (a history's events: `byName`); not on a request's outline, whose many shapes
    // make each read of an absent field a lookup (about a microsecond a request).
    // Else first, without reading absent fields, what makes that count come out equal: every own
    // string key enumerable (as many names as keys met) and nothing inherited but from an
    // Object.prototype that holds none of the fields (`prototypeHasNoField`, once a request), or
    // from nothing; any other object is counted by name.
    const probe = (): void => {
      lines.push('  let read = 0')
      for (const k of optionalNames) lines.push(`  if (${isIdentifier(k) ? `o.${k}` : `o[${str(k)}]`} !== undefined) read++`)
    }
    if (own) {
      for (const k of optionalNames) inheritable.add(k)
      if (nRequired > 0) lines.push(`  if (seen !== ${nRequired}) return false`)
      lines.push('  if (!byName) {')
      lines.push('    const proto = Object.getPrototypeOf(o)')
      lines.push('    if ((proto === null || (proto === Object.prototype && plainPrototype)) && Object.getOwnPropertyNames(o).length === keys) return true')
      lines.push('  }')
      probe()
    }
    const conds = [...(nRequired > 0 && !own ? [`seen === ${nRequired}`] : []), ...(optionalNames.length > 0 ? ['read === defined'] : [])]
    lines.push(`  return ${conds.length > 0 ? conds.join(' && ') : 'true'}`)
    lines.push('}')
    // a type with no string in it does not use the bound
    if (!lines.slice(1).some((l) => /\bmax\b/.test(l))) lines[0] = (lines[0] as string).replace('max: number', '_max: number')
    if (!lines.slice(1).some((l) => /\bbyName\b/.test(l))) lines[0] = (lines[0] as string).replace('byName: boolean', '_byName: boolean')
    bodies[place] = lines.join('\n')
    byNameArg = outer
    return name
  }

  // with an outline: the check of the object but for the items of its `items` arrays (which the
  // caller may check one at a time, in its own pass over them), a check of one item of each, and
  // the whole check as the outline and then every item; without: the whole check in one
  let top: string
  const outline: string[] = []
  // an entry point: Object.prototype looked at once, for the 'own' checks it makes
  const entry = (body: string): string => (inheritable.size === 0 ? body : `{\n  plainPrototype = prototypeHasNoField()\n  return ${body}\n}`)
  if (options.outline === undefined) {
    byNameArg = 'false'
    top = valid(codec as unknown as Tagged, 'u', '0', exportName)
  }
  else {
    const c = codec as unknown as Tagged
    const required: [string, Tagged][] = []
    const optional: [string, Tagged][] = []
    if (!fieldsOf(c, required, optional)) throw new Error('gen-request-validator: an outline needs an object codec')
    const fields = new Map([...optional, ...required])
    const items = Object.entries(options.outline.items)
    const fn = functionFor(c, exportName, { name: `${nameFor(c, exportName)}Outline`, defer: new Set(items.map(([k]) => k)) })
    const itemsFn = `${nameFor(c, exportName)}Items`
    // the events of the history are checked by name
    byNameArg = 'true'
    const lines = [
      `/** Every item of ${items.map(([k]) => `\`${k}\``).join(', ')} valid, in a value whose outline is (each an own array, or undefined). */`,
      `const ${itemsFn} = (u: unknown, max: number): boolean => {`,
      '  const o = u as Record<string, unknown>',
    ]
    items.forEach(([k], j) => {
      const f = fields.get(k)
      if (f === undefined || f._tag !== 'ArrayType') throw new Error(`gen-request-validator: ${k} is not an array field`)
      lines.push(
        `  const a${j} = ${isIdentifier(k) ? `o.${k}` : `o[${str(k)}]`} as unknown[] | undefined`,
        `  if (a${j} !== undefined) for (let i = 0; i < a${j}.length; i++) if (${fails(f.type as Tagged, `a${j}[i]`, '2', `${exportName}-${k}-item`)}) return false`,
      )
    })
    lines.push('  return true', '}')
    bodies.push(lines.join('\n'))
    byNameArg = 'false'
    top = `${fn}(u, 0, max, false) && ${itemsFn}(u, max)`
    outline.push(
      '/**',
      ` * Whether \`u\` is a valid value of ${source} but for the items of ${items.map(([k]) => `\`${k}\``).join(', ')}, which must`,
      ` * be an array: the caller checks each item (\`${items.map(([, n]) => n).join('`, `')}\`) in its own pass over them.`,
      ` * \`${options.outline.name}(u, max)\` and every item checked is \`${exportName}(u, max)\`.`,
      ' *',
      ' * @since 0.3.0',
      ' */',
      `export const ${options.outline.name} = (u: unknown, max: number): boolean => ${entry(`${fn}(u, 0, max, false)`)}`,
      '',
    )
    byNameArg = 'true'
    for (const [k, itemName] of items)
      outline.push(
        '/**',
        ` * Whether \`u\` is a valid item of \`${k}\` of ${source}, with every string at most \`max\` long.`,
        ' *',
        ' * @since 0.3.0',
        ' */',
        `export const ${itemName} = (u: unknown, max: number): boolean => ${valid((fields.get(k) as Tagged).type as Tagged, 'u', '2', `${exportName}-${k}-item`)}`,
        '',
      )
  }
  const text = [
    `// Generated by scripts/gen-request-validator.ts from ${source}: do not edit.`,
    '// Regenerate with `npm run gen:validator`; test/request-validator.test.ts fails when this file is stale.',
    '',
    '/**',
    ' * A straight-line yes/no check of a request, generated from its io-ts codec: the same types,',
    ' * unknown fields rejected, own properties only, `undefined` allowed for optional fields, strings',
    ' * at most `max` long. No closures, no `eval`: each object\'s own keys by `for…in` with a',
    ' * hasOwnProperty check (measured as fast as `Object.keys`, which allocates). An optional field',
    ' * that reads as defined but is not an own enumerable one is caught in one of two ways:',
    ' * - on the request\'s outline (many shapes: a read of an absent field is a lookup), every own',
    ' *   string key is enumerable (`Object.getOwnPropertyNames` counts as many as `for…in` met), the',
    ' *   object inherits from Object.prototype or nothing, and Object.prototype holds none of the',
    ' *   fields (`prototypeHasNoField`, once a request);',
    ' * - on a history\'s events (few shapes: such a read is a check of the shape), by counting: the',
    ' *   optional fields met among the own keys with a defined value are as many as those that read',
    ' *   as defined, each read by name (no allocation).',
    ' * `decodeRequest` runs it first; only a request that fails it goes through the full io-ts',
    ' * decoder, which says what is wrong.',
    ' *',
    ' * @module',
    ' */',
    '',
    `const MAX_DEPTH = ${MAX_DEPTH}`,
    ...(inheritable.size === 0
      ? []
      : ['', '/** Whether Object.prototype holds none of the fields, as the entry point of this check found it. */', 'let plainPrototype = false']),
    '',
    '/** Not a string, or one longer than `max` (a function of its own: it comes up for every string field). */',
    "const notString = (v: unknown, max: number): boolean => typeof v !== 'string' || v.length > max",
    '',
    ...bodies.flatMap((b) => [b, '']),
    ...(inheritable.size === 0
      ? []
      : [
          '/**',
          ' * Whether Object.prototype holds none of the optional fields the outline\'s checks leave unread',
          ' * when an object does not have them (other code in the process may have set one: an object',
          ' * would then seem to have it). `in`: a getter there is not called.',
          ' *',
          ' * @since 0.3.0',
          ' */',
          'export const prototypeHasNoField = (): boolean => {',
          '  const p = Object.prototype',
          `  return ${[...inheritable].sort().map((k) => `!(${str(k)} in p)`).join(' && ')}`,
          '}',
          '',
        ]),
    '/**',
    ` * Whether \`u\` is a valid value of ${source}, with every string at most \`max\` long.`,
    ' *',
    ' * @example',
    ` * ${exportName}({ kind: 'task', date: '2026-03-01', requester: { level: 'street' } }, 10_000) // true`,
    ' * @since 0.1.0',
    ' */',
    `export const ${exportName} = (u: unknown, max: number): boolean => ${entry(top)}`,
    '',
    ...outline,
  ].join('\n')
  return text
}

/** The text of {@link GENERATED_FILE}: the validator of `Request`. @since 0.1.0 */
export const generateRequestValidator = (): string =>
  generateValidator(Request, 'isRequest', '`Request` in src/decode/request-codec.ts', {
    outline: { name: 'isRequestOutline', items: { history: 'isHistoryEvent' } },
  })

const main = (): void => {
  const text = generateRequestValidator()
  if (process.argv.includes('--check')) {
    const now = readFileSync(GENERATED_FILE, 'utf8')
    if (now !== text) {
      console.error(`${GENERATED_FILE} is stale: run npm run gen:validator`)
      process.exitCode = 1
    }
    return
  }
  writeFileSync(GENERATED_FILE, text)
  console.log(`wrote ${GENERATED_FILE}`)
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main()

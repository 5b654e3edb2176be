import * as E from 'fp-ts/lib/Either.js'
import { issue, type Issue } from '../../issues/issue'
import { invalid } from './types'

/**
 * The column convention: how a row of a table (a CSV file, a SQL query's result) becomes a
 * request or an event, the same for every source (docs/sources.md).
 *
 * 1. **One JSON column.** When a column is named `event` (or, without one, `request`), each row's
 *    value of it is the whole event: a JSON text (parsed), or a json/jsonb value (as the database
 *    gives it). Every other column is ignored (`SELECT id, event FROM events` is fine).
 * 2. **Flat columns.** Otherwise each column names a field by its dotted path
 *    (`requester.level`, `community.id`, `kind`, `date`) and gives its value. A name may end in a
 *    type, `:string`, `:number`, `:boolean` or `:json` (`approval.funds:number`,
 *    `item.isNew:boolean`, `item.tags:json`), which converts the value; without one the value is
 *    taken as the source gives it: text as text, a SQL number as a number, a SQL boolean as a
 *    boolean, a json/jsonb or array value as it is (so every CSV cell is text unless typed).
 *    SQL NULL, and an empty CSV cell, mean the field is absent.
 *
 * A row whose values do not convert (bad JSON, `yes` as a boolean, binary data, two columns
 * setting the same field) gives its issues, and is skipped and counted as malformed. A column name
 * that is not a path (empty, `a..b`) makes the whole source unusable (`source/bad-spec`).
 *
 * @module
 */

/** The types a column name may end in. */
export type ColumnType = 'string' | 'number' | 'boolean' | 'json'

interface Field {
  readonly column: string
  readonly index: number
  readonly path: readonly string[]
  readonly type: ColumnType | undefined
}

/** How the columns of a source map to an event: computed once from the column names. */
export type ColumnPlan = { readonly whole: { readonly column: string; readonly index: number } } | { readonly fields: readonly Field[] }

const TYPED = /^(.*):(string|number|boolean|json)$/

/**
 * The plan of a list of column names, or the issues of the names that are not paths.
 *
 * @example
 * planColumns(['id', 'event'])                       // Right({ whole: { column: 'event', index: 1 } })
 * planColumns(['community.id', 'approval.funds:number']) // Right({ fields: [...] })
 */
export const planColumns = (names: readonly string[]): E.Either<Issue[], ColumnPlan> => {
  const bare = names.map((n) => (TYPED.exec(n)?.[1] ?? n).trim())
  for (const whole of ['event', 'request', 'record']) {
    const index = bare.indexOf(whole)
    if (index !== -1) return E.right({ whole: { column: names[index] as string, index } })
  }
  const issues: Issue[] = []
  const fields: Field[] = []
  names.forEach((column, index) => {
    const m = TYPED.exec(column)
    const path = (m?.[1] ?? column).trim().split('.')
    if (path.some((p) => p === ''))
      issues.push(invalid(`column ${JSON.stringify(column)}`, 'a dotted field path such as requester.level, optionally ending in :string, :number, :boolean or :json'))
    else fields.push({ column, index, path, type: m?.[2] as ColumnType | undefined })
  })
  if (names.length === 0) issues.push(invalid('no columns', 'a column event (or request), or one column per field'))
  return issues.length > 0 ? E.left(issues) : E.right({ fields })
}

const pointer = (path: readonly string[]): string => `/${path.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`

const isBinary = (v: unknown): boolean => v instanceof Uint8Array || v instanceof ArrayBuffer

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/

/** The value of a cell converted to its column's type, or the reason it does not convert. */
const convert = (v: unknown, type: ColumnType | undefined): { ok: true; value: unknown } | { ok: false; why: string } => {
  if (isBinary(v)) return { ok: false, why: 'binary data (cast it to text in the query)' }
  switch (type) {
    case undefined:
      return typeof v === 'bigint' ? (Number.isSafeInteger(Number(v)) ? { ok: true, value: Number(v) } : { ok: false, why: `${v} is too large a number` }) : { ok: true, value: v }
    case 'string':
      return typeof v === 'string' ? { ok: true, value: v } : typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean' ? { ok: true, value: String(v) } : { ok: false, why: 'not text' }
    case 'number': {
      if (typeof v === 'number' && Number.isFinite(v)) return { ok: true, value: v }
      if (typeof v === 'bigint' && Number.isSafeInteger(Number(v))) return { ok: true, value: Number(v) }
      if (typeof v === 'string' && NUMBER.test(v.trim()) && Number.isFinite(Number(v.trim()))) return { ok: true, value: Number(v.trim()) }
      return { ok: false, why: `${short(v)} is not a number` }
    }
    case 'boolean': {
      if (typeof v === 'boolean') return { ok: true, value: v }
      if (v === 1 || v === 0 || v === 1n || v === 0n) return { ok: true, value: v === 1 || v === 1n }
      if (typeof v === 'string') {
        const t = v.trim().toLowerCase()
        if (t === 'true' || t === '1' || t === 't') return { ok: true, value: true }
        if (t === 'false' || t === '0' || t === 'f') return { ok: true, value: false }
      }
      return { ok: false, why: `${short(v)} is not a boolean (true, false, 1 or 0)` }
    }
    case 'json': {
      if (typeof v !== 'string') return { ok: true, value: v }
      try {
        return { ok: true, value: JSON.parse(v) }
      } catch (e) {
        return { ok: false, why: `not JSON: ${e instanceof Error ? e.message : String(e)}` }
      }
    }
  }
}

const short = (v: unknown): string => {
  const s = typeof v === 'string' ? JSON.stringify(v) : String(v)
  return s.length > 60 ? `${s.slice(0, 60)}…` : s
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Set a field as an own property (a name such as `__proto__` is a field like any other). */
const put = (o: Record<string, unknown>, key: string, value: unknown): void => {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true })
}

/**
 * The event of a row (its cells by column index), by the plan: the value, or the issues that make
 * the row malformed. `emptyIsAbsent`: an empty text cell means the field is absent (CSV, which
 * cannot tell an empty text from none).
 */
export const rowValue = (plan: ColumnPlan, cells: readonly unknown[], emptyIsAbsent: boolean): E.Either<Issue[], unknown> => {
  if ('whole' in plan) {
    const v = cells[plan.whole.index]
    if (v === null || v === undefined || (emptyIsAbsent && v === ''))
      return E.left([issue('request/missing', '', { expected: `the event in column ${plan.whole.column}`, received: 'an empty cell' })])
    if (isBinary(v)) return E.left([issue('request/invalid', '', { expected: `JSON text or json/jsonb in column ${plan.whole.column}`, received: 'binary data' })])
    if (typeof v !== 'string') return E.right(v)
    try {
      return E.right(JSON.parse(v))
    } catch (e) {
      return E.left([issue('json/syntax', '', { received: e instanceof Error ? e.message : String(e) })])
    }
  }
  const out: Record<string, unknown> = {}
  const issues: Issue[] = []
  for (const f of plan.fields) {
    const cell = cells[f.index]
    if (cell === null || cell === undefined || (emptyIsAbsent && cell === '')) continue
    const c = convert(cell, f.type)
    if (!c.ok) {
      issues.push(issue('request/invalid', pointer(f.path), { expected: `column ${f.column}${f.type === undefined ? '' : ` (${f.type})`}`, received: c.why }))
      continue
    }
    let o = out
    let clash = false
    for (let i = 0; i < f.path.length - 1; i++) {
      const k = f.path[i] as string
      const next = Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined
      if (next === undefined) {
        const fresh: Record<string, unknown> = {}
        put(o, k, fresh)
        o = fresh
      } else if (isObject(next)) o = next
      else {
        clash = true
        break
      }
    }
    const last = f.path[f.path.length - 1] as string
    if (clash || Object.prototype.hasOwnProperty.call(o, last)) {
      issues.push(issue('request/invalid', pointer(f.path), { expected: 'one column per field', received: `column ${f.column} sets a field another column already set` }))
      continue
    }
    put(o, last, c.value)
  }
  return issues.length > 0 ? E.left(issues) : E.right(out)
}

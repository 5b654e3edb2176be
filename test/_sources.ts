import * as E from 'fp-ts/lib/Either.js'
import { auditCommand, type AuditCommandOptions } from '../src/cli/audit'
import { loadPolicy } from '../src/node/load'
import { generateEvents } from '../bench/events'
import { vocabOf } from '../bench/requests'
import { runAsync } from './_capture'

/** Helpers of the sources' tests (test/sources*.test.ts). */

/** Run `zhunru audit` in this process, capturing standard output and error. */
export const runAudit = async (file: string | undefined, o: AuditCommandOptions): Promise<{ code: number; stdout: string; stderr: string }> =>
  runAsync(() => auditCommand(file, o))

/**
 * Seeded events as NDJSON lines, with events out of order and (unless `malformed` is 0) broken
 * JSON lines, over few communities so that caps are exceeded.
 */
export const eventLines = (n: number, malformed = 53): string[] => {
  const policy = loadPolicy('cn-shandong')
  if (E.isLeft(policy)) throw new Error('cn-shandong does not load')
  return [...generateEvents(n, vocabOf(policy.right.resolved.lists), { seed: 17, communities: 40, lateEvery: 61, malformedEvery: malformed })]
}

/** A cell of a flat table: a value by its JS type, or null (absent). */
export type Cell = string | number | boolean | null

/**
 * Events as a flat table by the column convention: one column per dotted path, named with its type
 * (`:boolean`, `:number`, `:json` for arrays and empty objects; text without one) when `typed`,
 * else bare; a cell per event, null where the event has no such field.
 */
export const flatten = (events: readonly Record<string, unknown>[], typed: boolean): { columns: string[]; kinds: ('text' | 'boolean' | 'number' | 'json')[]; rows: Cell[][] } => {
  const flat = events.map((ev) => {
    const out = new Map<string, { kind: 'text' | 'boolean' | 'number' | 'json'; value: Cell }>()
    const walk = (o: Record<string, unknown>, prefix: string): void => {
      for (const [k, x] of Object.entries(o)) {
        const path = prefix === '' ? k : `${prefix}.${k}`
        if (typeof x === 'object' && x !== null && !Array.isArray(x) && Object.keys(x).length > 0) walk(x as Record<string, unknown>, path)
        else if (typeof x === 'boolean') out.set(typed ? `${path}:boolean` : path, { kind: 'boolean', value: x })
        else if (typeof x === 'number') out.set(typed ? `${path}:number` : path, { kind: 'number', value: x })
        else if (typeof x === 'string') out.set(path, { kind: 'text', value: x })
        else out.set(typed ? `${path}:json` : path, { kind: 'json', value: JSON.stringify(x) })
      }
    }
    walk(ev, '')
    return out
  })
  const kinds = new Map<string, 'text' | 'boolean' | 'number' | 'json'>()
  for (const f of flat) for (const [c, v] of f) if (!kinds.has(c)) kinds.set(c, v.kind)
  const columns = [...kinds.keys()]
  return { columns, kinds: columns.map((c) => kinds.get(c) as 'text'), rows: flat.map((f) => columns.map((c) => f.get(c)?.value ?? null)) }
}

/** A CSV text of a table (RFC 4180 quoting; null as an empty cell). */
export const toCsv = (columns: readonly string[], rows: readonly Cell[][]): string => {
  const q = (v: Cell): string => {
    const s = v === null ? '' : String(v)
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
  }
  return `${[columns.map(q).join(','), ...rows.map((r) => r.map(q).join(','))].join('\r\n')}\r\n`
}

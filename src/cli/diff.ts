import { relative } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import type { CompiledPolicy } from '../compile/compile'
import type { Positions } from '../decode/locate'
import { parseText } from '../decode/parse-text'
import { diffPolicies, type DiffPlace, type EntryChange, type PolicyDiff } from '../diff/diff'
import { renderDiff, type LineOf } from '../diff/render-diff'
import { diffWitness, type DiffWitness } from '../diff/witness'
import type { Issue } from '../issues/issue'
import { compile } from '../load/compile-packs'
import { packChainSources } from '../node/load'
import { badOptions, EXIT, failWith, localeOf, usage } from './io'

/**
 * `zhunru diff <before> <after>`: what changed between two versions of a pack (by bundled id or
 * path), rules, caps and lists, with the file and line of each; `--witness` adds, per change, a
 * request the two versions decide differently, checked by evaluating it under both. Exit 0 when
 * the versions are the same, 1 when they differ, 2 on bad input.
 *
 * @module
 */

/** Options of the command. */
export interface DiffCommandOptions {
  readonly format?: string
  readonly lang?: string
  readonly witness?: boolean
}

/** A pack by id or path: the policy, and the positions of each of its files by file name. */
const load = (ref: string, positions: Map<string, Positions>): E.Either<Issue[], CompiledPolicy> => {
  const chain = packChainSources(ref)
  if (E.isLeft(chain)) return chain
  for (const s of chain.right.sources)
    if (s.text !== undefined && s.file !== undefined && !positions.has(s.file)) {
      const p = parseText(s.text, { file: s.file })
      if (E.isRight(p)) positions.set(s.file, p.right.positions)
    }
  return compile(chain.right.sources, { parse: parseText, target: chain.right.target })
}

const shortFile = (f: string): string => {
  const r = relative(process.cwd(), f)
  return r !== '' && !r.startsWith('..') ? r : f
}

/** The same difference with files relative to the working directory (what a reader types). */
const withShortFiles = (d: PolicyDiff): PolicyDiff => {
  const p = (x: DiffPlace | undefined): DiffPlace | undefined => (x === undefined || x.file === undefined ? x : { ...x, file: shortFile(x.file) })
  return {
    ...d,
    changes: d.changes.map((c) => ({
      ...c,
      ...(c.before !== undefined ? { before: p(c.before) as DiffPlace } : {}),
      ...(c.after !== undefined ? { after: p(c.after) as DiffPlace } : {}),
      ...(c.itemsAdded !== undefined ? { itemsAdded: c.itemsAdded.map((i) => ({ ...i, place: p(i.place) as DiffPlace })) } : {}),
      ...(c.itemsRemoved !== undefined ? { itemsRemoved: c.itemsRemoved.map((i) => ({ ...i, place: p(i.place) as DiffPlace })) } : {}),
      ...(c.itemsChanged !== undefined ? { itemsChanged: c.itemsChanged.map((i) => ({ ...i, place: p(i.place) as DiffPlace })) } : {}),
    })),
  }
}

/** Run `zhunru diff`; returns the exit code. */
export const diffCommand = (before: string, after: string, o: DiffCommandOptions): number => {
  const lang = localeOf(o.lang)
  const bad = badOptions(o, ['text', 'json'])
  if (bad !== undefined) return usage(bad)
  const positions = new Map<string, Positions>()
  const a = load(before, positions)
  const b = load(after, positions)
  if (E.isLeft(a) || E.isLeft(b)) return failWith([...(E.isLeft(a) ? a.left : []), ...(E.isLeft(b) ? b.left : [])], lang)
  const raw = diffPolicies(a.right, b.right)
  const witnesses = new Map<EntryChange, DiffWitness>()
  const d = withShortFiles(raw)
  if (o.witness === true) raw.changes.forEach((c, i) => witnesses.set(d.changes[i] as EntryChange, diffWitness(a.right, b.right, c)))
  const byShort = new Map([...positions].map(([f, p]) => [shortFile(f), p]))
  const lineOf: LineOf = (place, field) => {
    const pos = place.file === undefined ? undefined : byShort.get(place.file)
    return pos?.get(field !== undefined ? `${place.pointer}/${field}` : place.pointer)?.line
  }
  if (o.format === 'json') {
    const lined = (p: DiffPlace | undefined): object | undefined => (p === undefined ? undefined : { ...p, ...(lineOf(p) !== undefined ? { line: lineOf(p) } : {}) })
    const json = {
      ...d,
      changes: d.changes.map((c) => ({
        ...c,
        before: lined(c.before),
        after: lined(c.after),
        fields: c.fields.map((f) => ({ ...f, ...(c.before !== undefined && lineOf(c.before, f.field) !== undefined ? { beforeLine: lineOf(c.before, f.field) } : {}), ...(c.after !== undefined && lineOf(c.after, f.field) !== undefined ? { afterLine: lineOf(c.after, f.field) } : {}) })),
        ...(c.itemsAdded !== undefined ? { itemsAdded: c.itemsAdded.map((i) => ({ ...i, place: lined(i.place) })) } : {}),
        ...(c.itemsRemoved !== undefined ? { itemsRemoved: c.itemsRemoved.map((i) => ({ ...i, place: lined(i.place) })) } : {}),
        ...(c.itemsChanged !== undefined ? { itemsChanged: c.itemsChanged.map((i) => ({ ...i, place: lined(i.place) })) } : {}),
        ...(witnesses.has(c) ? { witness: witnesses.get(c) } : {}),
      })),
    }
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`)
  } else process.stdout.write(renderDiff(d, lang, lineOf, o.witness === true ? witnesses : undefined))
  return d.changes.length + d.period.length > 0 ? EXIT.failures : EXIT.ok
}

import { readFileSync } from 'node:fs'
import type * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import * as root from '../../src/index'
import * as node from '../../src/node/index'
import * as testing from '../../src/testing/index'
import * as packsEntry from '../../src/packs/index'
import * as text from '../../src/text/index'
import * as record from '../../src/record/index'
import * as jre from '../../src/adapter/index'
import * as impactEntry from '../../src/impact/index'

/** The harness of exports-never-throw.test.ts: every exported function, and arguments for it. */
const ENTRIES: Record<string, Record<string, unknown>> = { zhunru: root, 'zhunru/node': node, 'zhunru/testing': testing, 'zhunru/packs': packsEntry, 'zhunru/text': text, 'zhunru/json-rules-engine': jre, 'zhunru/record': record, 'zhunru/impact': impactEntry }

const isClass = (f: unknown): boolean => typeof f === 'function' && /^class\b/.test(Function.prototype.toString.call(f))
export const functions = Object.entries(ENTRIES).flatMap(([entry, mod]) =>
  Object.entries(mod)
    .filter(([, v]) => typeof v === 'function' && !isClass(v))
    .map(([name, f]) => [entry, name, f as (...a: unknown[]) => unknown] as const),
)

// real values, so that arbitrary values reach the later arguments
const miniText = readFileSync(new URL('../fixtures/mini/pack.yaml', import.meta.url), 'utf8')
export const policy = (node.loadPolicy('cn-shandong') as E.Right<node.CompiledPolicy>).right
const request = { kind: 'certificate', date: '2026-03-02', requester: { level: 'district' }, certificate: { kind: '无犯罪记录证明' } }
const decision = (node.evaluate(policy, request) as E.Right<node.Decision>).right
const REAL: unknown[] = [
  policy,
  decision,
  request,
  policy.resolved,
  miniText,
  { text: miniText },
  (node.parseText(miniText) as E.Right<{ value: unknown }>).right.value,
  root.CN_2026,
  { id: 'x', name: '即办', promisedLimit: { unit: 'same-day' } },
  '2026-03-02T09:00:00+08:00',
  'Asia/Shanghai',
  { pack: 'cn-shandong', cases: [{ name: 'a', request, expect: { outcome: 'forbidden' } }] },
  [JSON.stringify({ ...request, community: { id: 'c' } })],
  'cn-shandong',
  { timeZone: 'Asia/Shanghai' },
  { locale: 'en' },
]

// no path-like string reaches the file-reading functions (a walk of `/` would take minutes)
const pathLike = (v: unknown, depth = 0): boolean => {
  if (typeof v === 'string') return /[/\\]|^\.{1,2}$|^~/.test(v)
  if (depth > 8 || v === null || typeof v !== 'object') return false
  try {
    return Object.values(v as object).some((x) => pathLike(x, depth + 1))
  } catch {
    return false
  }
}
const arg = fc.oneof({ weight: 3, arbitrary: fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withNullPrototype: true, withSparseArray: true }) }, { weight: 2, arbitrary: fc.constantFrom(...REAL) }, fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -0, Symbol('s'), () => 1, new Date(Number.NaN)))
export const args = fc.array(arg, { maxLength: 4 }).filter((a) => !a.some((x) => x !== policy && x !== policy.resolved && x !== decision && pathLike(x)))

export const settle = async (r: unknown): Promise<void> => {
  if (typeof r === 'function' && r.length === 0) r = (r as () => unknown)()
  if (r !== null && typeof r === 'object' && typeof (r as { then?: unknown }).then === 'function') await (r as Promise<unknown>)
}


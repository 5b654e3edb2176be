import * as E from 'fp-ts/lib/Either.js'
import { issue, type Issue } from '../issues/issue'
import { Pack, Rule, ListDef, Cap, ParamDef, DocumentRef, PackMeta } from './pack-codec'
import { Condition } from './condition-codec'
import { reportErrors, unknownFields } from './report'
import * as t from 'io-ts'

/**
 * Decode a pack (a plain value read from YAML or JSON) with io-ts. Every schema problem is
 * reported at once: missing and mistyped fields, and fields the format does not know.
 *
 * @module
 */

/** The result of decoding: the pack, or its issues and whatever parts could be salvaged. */
export interface PackDecodeFailure {
  readonly issues: readonly Issue[]
  /** the parts that decoded, so that later checks can still report their own problems */
  readonly salvaged?: Pack & { readonly rulePointers: readonly string[] }
}

const isObj = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u)

const decodeEach = <A>(codec: t.Type<A, unknown, unknown>, u: unknown): A | undefined => {
  const r = codec.decode(u)
  return E.isRight(r) ? r.right : undefined
}

const salvage = (u: unknown): (Pack & { rulePointers: string[] }) | undefined => {
  if (!isObj(u)) return undefined
  const meta = PackMeta.decode(u)
  if (E.isLeft(meta)) return undefined
  const part = <A>(codec: t.Type<A, unknown, unknown>, rec: unknown): Record<string, A> => {
    const out: Record<string, A> = {}
    if (isObj(rec)) for (const [k, v] of Object.entries(rec)) {
      const d = decodeEach(codec, v)
      if (d !== undefined) out[k] = d
    }
    return out
  }
  return {
    ...meta.right,
    documents: Array.isArray(u.documents) ? u.documents.flatMap((d) => decodeEach(DocumentRef, d) ?? []) : [],
    rules: Array.isArray(u.rules) ? u.rules.flatMap((r) => decodeEach(Rule, r) ?? []) : [],
    rulePointers: Array.isArray(u.rules)
      ? u.rules.flatMap((r, i) => (decodeEach(Rule, r) === undefined ? [] : [`/rules/${i}`]))
      : [],
    lists: part(ListDef, u.lists),
    caps: part(Cap, u.caps),
    params: part(ParamDef, u.params),
    conditions: part(Condition, u.conditions),
  }
}

/** How deep a pack value may nest (objects and arrays). @since 0.1.0 */
export const MAX_PACK_NESTING = 400

// depth of a value, without recursion; the pointer of the first place past `max`
const deepest = (u: unknown, max: number, maxNodes: number): { at: string; nodes?: number } | undefined => {
  const stack: [unknown, string, number][] = [[u, '', 0]]
  let seen = 0
  while (stack.length > 0) {
    const [v, at, d] = stack.pop() as [unknown, string, number]
    if (++seen > maxNodes) return { at: '', nodes: seen }
    if (v === null || typeof v !== 'object') continue
    if (d > max) return { at }
    for (const [k, x] of Object.entries(v)) stack.push([x, `${at}/${k}`, d + 1])
  }
  return undefined
}

/**
 * Decode a pack value. `Left` carries every issue and the salvaged parts.
 *
 * @example
 * decodePack({ id: 'demo' }) // Left({ issues: [missing title, jurisdiction, documents, rules], ... })
 * @since 0.1.0
 */
export const decodePack = (u: unknown, options: { readonly maxNodes?: number } = {}): E.Either<PackDecodeFailure, Pack> => {
  if (!isObj(u)) return E.left({ issues: [issue('schema/invalid', '', { expected: 'object (a pack)', received: typeof u })] })
  const maxNodes = options.maxNodes ?? 1_000_000
  const deep = deepest(u, MAX_PACK_NESTING, maxNodes)
  if (deep?.nodes !== undefined)
    return E.left({
      issues: [issue('compile/limit', '', { received: `> ${maxNodes}`, expected: String(maxNodes), params: { limit: 'maxPackNodes' } })],
    })
  if (deep !== undefined)
    return E.left({
      issues: [
        issue('compile/limit', deep.at.split('/').slice(0, 4).join('/'), {
          received: `> ${MAX_PACK_NESTING}`,
          expected: String(MAX_PACK_NESTING),
          params: { limit: /\/(conditions|match)(\/|$)/.test(deep.at) ? 'maxConditionDepth' : 'maxNesting' },
        }),
      ],
    })
  const r = Pack.decode(u)
  const issues = [...(E.isLeft(r) ? reportErrors(r.left, '') : []), ...unknownFields(Pack, u, '')]
  if (E.isRight(r) && issues.length === 0) return E.right(r.right)
  const salvaged = salvage(u)
  return E.left({ issues, ...(salvaged ? { salvaged } : {}) })
}

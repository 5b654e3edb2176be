import type { ConditionJson, LeafConditionJson } from '../decode/condition-codec'
import type { ResolvedPolicy } from '../resolve/resolve'

/**
 * The request fields a policy's own packs read: every leaf of every rule, cap and named condition,
 * as `fact.path` (`item.assist`, `approvalStatus.inForce`, `caps`, `params`), with the pack and the
 * rule, cap or condition that reads it, and the list it is compared with (for `inList`). Used to keep
 * docs/request.md true (which pack reads which field) and the vocabulary read one way.
 *
 * @module
 */

/** One read of a field. @since 0.2.0 */
export interface FieldRead {
  /** `fact` or `fact.path`, path without `$.` and indexes */
  readonly field: string
  readonly pack: string
  /** `rule <id>`, `cap <id>` or `condition <id>` */
  readonly by: string
  readonly operator: string
  /** the list compared with, for list operators */
  readonly list?: string
}

// facts whose path names a policy's own entries rather than a request field
const OWN_ENTRIES = new Set(['caps', 'params'])

/** `item` + `$.roles[0]` → `item.roles`; `caps` + anything → `caps`. @since 0.2.0 */
export const fieldName = (fact: string, path: string | undefined): string => {
  if (OWN_ENTRIES.has(fact) || path === undefined || path === '' || path === '$') return fact
  const first = path.replace(/^\$\.?/, '').split(/[.[]/)[0] ?? ''
  return first === '' ? fact : `${fact}.${first}`
}

const isList = (op: string): boolean => /inList$/i.test(op)

const leaves = (c: ConditionJson | undefined, out: LeafConditionJson[], depth = 0): LeafConditionJson[] => {
  if (c === undefined || c === null || typeof c !== 'object' || depth > 300) return out
  const o = c as Record<string, unknown>
  for (const k of ['all', 'any']) if (Array.isArray(o[k])) for (const ch of o[k] as ConditionJson[]) leaves(ch, out, depth + 1)
  if (o.not !== undefined) leaves(o.not as ConditionJson, out, depth + 1)
  if (typeof o.fact === 'string') out.push(c as LeafConditionJson)
  return out
}

const readsOf = (c: ConditionJson | undefined, pack: string, by: string): FieldRead[] =>
  leaves(c, []).flatMap((l) => {
    const reads: FieldRead[] = [
      {
        field: fieldName(l.fact, l.path),
        pack,
        by,
        operator: l.operator,
        ...(isList(l.operator) && typeof l.value === 'string' ? { list: l.value } : {}),
      },
    ]
    const v = l.value as unknown
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && typeof (v as { fact?: unknown }).fact === 'string') {
      const r = v as { fact: string; path?: string }
      reads.push({ field: fieldName(r.fact, r.path), pack, by, operator: l.operator })
    }
    return reads
  })

/**
 * Every field read by the rules, caps and named conditions a policy's packs define.
 *
 * @example
 * fieldsRead(policy.resolved).filter((r) => r.field === 'item.assist').map((r) => r.pack)
 * @since 0.2.0
 */
export const fieldsRead = (policy: ResolvedPolicy): FieldRead[] => [
  ...policy.rules.flatMap((r) => readsOf(r.rule.conditions, r.pack, `rule ${r.rule.id}`)),
  ...[...policy.caps.values()].flatMap((c) => readsOf(c.value.match, c.pack, `cap ${c.id}`)),
  ...[...policy.conditions.values()].flatMap((c) => readsOf(c.value, c.pack, `condition ${c.id}`)),
]

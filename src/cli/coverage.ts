import type { CompiledPolicy } from '../compile/compile'
import type { NodeInfo } from '../compile/condition'
import { leafValues } from '../compile/condition'
import { resolveOperator } from '../compile/operators'
import type { Decision } from '../evaluate/decision'
import { traceOf } from '../evaluate/evaluate'
import type { Locale } from '../issues/format'
import { requestFact } from '../runtime/context'

/**
 * Coverage of the rules and list items of each pack by its cases. A rule is covered when it
 * fired in some case. A list item is covered when some case's request matched it: the value a
 * rule's `inList`/`notInList` condition reads from the request is one of the item's names — read
 * again from the evaluated request, without touching the evaluator. Only lists some rule looks
 * up count; a list no rule reads cannot be exercised by a case.
 *
 * @module
 */

/** The coverage of one pack. @since 0.1.0 */
export interface PackCoverage {
  readonly pack: string
  readonly rules: { readonly total: number; readonly uncovered: readonly string[] }
  readonly items: { readonly total: number; readonly uncovered: readonly string[] }
  /** lists no rule looks up (not counted) */
  readonly unreferencedLists: readonly string[]
  readonly percent: number
}

interface Acc {
  rules: Map<string, boolean>
  items: Map<string, boolean>
  lists: Set<string>
  referenced: Set<string>
}

const leaves = (n: NodeInfo, out: NodeInfo[] = []): NodeInfo[] => {
  if (n.kind === 'leaf') out.push(n)
  for (const c of n.children) out.push(...leaves(c, []))
  return out
}

const listLeaf = (n: NodeInfo): string | undefined => {
  const leaf = n.leaf
  if (leaf === undefined || typeof leaf.value !== 'string') return undefined
  const op = resolveOperator(leaf.operator)
  return op !== undefined && (op.base.name === 'inList' || op.base.name === 'notInList') ? leaf.value : undefined
}

/**
 * Collect coverage over the case results of every policy tested.
 *
 * @since 0.1.0
 */
export const coverage = (runs: readonly { readonly policy: CompiledPolicy; readonly decisions: readonly (Decision | undefined)[] }[]): PackCoverage[] => {
  const acc = new Map<string, Acc>()
  const of = (pack: string): Acc => {
    let a = acc.get(pack)
    if (a === undefined) {
      a = { rules: new Map(), items: new Map(), lists: new Set(), referenced: new Set() }
      acc.set(pack, a)
    }
    return a
  }
  for (const { policy, decisions } of runs) {
    const referenced = new Set<string>()
    for (const r of policy.rules) for (const l of leaves(r.info)) {
      const list = listLeaf(l)
      if (list !== undefined) referenced.add(list)
    }
    for (const r of policy.resolved.rules) {
      const a = of(r.pack)
      const k = r.rule.id
      if (!a.rules.has(k)) a.rules.set(k, false)
    }
    const itemKey = new Map<string, Map<unknown, { pack: string; key: string }>>()
    for (const l of policy.resolved.lists.values()) {
      const names = new Map<unknown, { pack: string; key: string }>()
      for (const it of l.items) {
        const a = of(it.pack)
        a.lists.add(l.id)
        if (!referenced.has(l.id)) continue
        a.referenced.add(l.id)
        const key = `${l.id}/${it.id}`
        if (!a.items.has(key)) a.items.set(key, false)
        const item = it.item
        for (const n of typeof item === 'string' ? [item] : [item.id, item.name, ...(item.aliases ?? [])]) if (n !== undefined) names.set(n, { pack: it.pack, key })
      }
      itemKey.set(l.id, names)
    }
    for (const d of decisions) {
      if (d === undefined) continue
      for (const f of d.fired) of(f.pack).rules.set(f.id, true)
      const trace = traceOf(d)
      if (trace === undefined) continue
      for (const r of trace.epoch.rules)
        for (const l of leaves(r.info)) {
          const list = listLeaf(l)
          if (list === undefined || l.leaf === undefined) continue
          const members = trace.epoch.env.lists.get(list)?.members
          const { factValue } = leafValues(l.leaf, requestFact, trace.ctx)
          for (const v of Array.isArray(factValue) ? [factValue, ...factValue] : [factValue]) {
            if (members?.has(v) !== true) continue
            const hit = itemKey.get(list)?.get(v)
            if (hit !== undefined) of(hit.pack).items.set(hit.key, true)
          }
        }
    }
  }
  return [...acc.entries()]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([pack, a]) => {
      const total = a.rules.size + a.items.size
      const covered = [...a.rules.values(), ...a.items.values()].filter(Boolean).length
      return {
        pack,
        rules: { total: a.rules.size, uncovered: [...a.rules].filter(([, c]) => !c).map(([k]) => k) },
        items: { total: a.items.size, uncovered: [...a.items].filter(([, c]) => !c).map(([k]) => k) },
        unreferencedLists: [...a.lists].filter((l) => !a.referenced.has(l)),
        percent: total === 0 ? 100 : Math.floor((covered / total) * 1000) / 10,
      }
    })
}

const T = {
  'zh-CN': {
    head: '覆盖率',
    rules: (c: number, t: number) => `规则 ${c}/${t}`,
    items: (c: number, t: number) => `清单条目 ${c}/${t}`,
    rule: '未被任何用例触发的规则',
    item: '未被任何用例匹配的清单条目',
    unref: '没有规则引用的清单（不计入）',
  },
  en: {
    head: 'coverage',
    rules: (c: number, t: number) => `rules ${c}/${t}`,
    items: (c: number, t: number) => `list items ${c}/${t}`,
    rule: 'rules no case fires',
    item: 'list items no case matches',
    unref: 'lists no rule looks up (not counted)',
  },
} as const

/** Coverage as text. @since 0.1.0 */
export const renderCoverage = (cov: readonly PackCoverage[], lang: Locale): string => {
  const t = T[lang]
  const lines = [`${t.head}:`]
  for (const c of cov) {
    lines.push(`  ${c.pack}  ${c.percent}%  (${t.rules(c.rules.total - c.rules.uncovered.length, c.rules.total)}, ${t.items(c.items.total - c.items.uncovered.length, c.items.total)})`)
    if (c.rules.uncovered.length > 0) lines.push(`    ${t.rule}: ${c.rules.uncovered.join(', ')}`)
    if (c.items.uncovered.length > 0) lines.push(`    ${t.item}: ${c.items.uncovered.join(', ')}`)
    if (c.unreferencedLists.length > 0) lines.push(`    ${t.unref}: ${c.unreferencedLists.join(', ')}`)
  }
  return lines.join('\n')
}

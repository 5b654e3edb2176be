import type { CompiledRule } from '../compile/compile'
import type { NodeInfo } from '../compile/condition'
import type { LeafConditionJson } from '../decode/condition-codec'
import type { Localized } from '../decode/pack-codec'
import { parsePath } from '../compile/path'
import type { RequestCtx } from '../runtime/context'
import { toPointer } from './change'
import { controlOf } from './control'
import { describeLeaf } from './flip'
import { holds, want } from './want'

/**
 * Why no change set was found: for each rule with the target outcome, the conditions the
 * requester cannot turn, and why (the field is not theirs to change, or the fact is derived from
 * what is not theirs).
 *
 * @module
 */

/**
 * A condition that keeps a rule from firing and that no requester-side change turns.
 *
 * @example
 * const b: Blocker = { rule: 'assist-list', condition: 'kind equal "task"', path: '/kind', why: controlOf('/kind').why }
 * b.path // '/kind'
 * @since 0.1.0
 */
export interface Blocker {
  readonly rule: string
  /** the condition, as text (`kind equal "task"`) */
  readonly condition: string
  /** the request field it reads, when it reads one */
  readonly path?: string
  readonly why: Localized
}

const DERIVED_WHY: Record<string, Localized> = {
  caps: { 'zh-CN': '上限是否计入本次请求取决于请求种类和提出单位', en: 'whether a cap counts this request depends on its kind and who asks' },
  priorReview: controlOf('/reviews').why,
  params: { 'zh-CN': '参数是规则包的规定', en: 'parameters are the pack\'s own' },
  localDate: { 'zh-CN': '日期只能向后移动', en: 'the date only moves forward' },
  year: { 'zh-CN': '日期只能向后移动', en: 'the date only moves forward' },
  approvalStatus: { 'zh-CN': '审批状态不能由此改变', en: 'the approval\'s state cannot be turned this way' },
}

const leafBlocker = (rule: string, leaf: LeafConditionJson): Blocker => {
  const segs = leaf.path === undefined || leaf.path === '' ? [] : (parsePath(leaf.path) ?? [])
  const derived = DERIVED_WHY[leaf.fact]
  if (derived !== undefined) return { rule, condition: describeLeaf(leaf), why: derived }
  const path = toPointer([leaf.fact, ...segs.map(String)])
  return { rule, condition: describeLeaf(leaf), path, why: controlOf(path).why }
}

const stuck = (rule: CompiledRule, info: NodeInfo, desired: boolean, ctx: RequestCtx, out: Blocker[]): void => {
  if (holds(info, ctx) === desired) return
  if (info.kind === 'leaf') {
    if (info.leaf !== undefined && want(info, desired, ctx, rule.ref).length === 0) out.push(leafBlocker(rule.ref.id, info.leaf))
    return
  }
  if (info.kind === 'not' || info.kind === 'ref') {
    const c = info.children[0]
    if (c !== undefined) stuck(rule, c, info.kind === 'not' ? !desired : desired, ctx, out)
    return
  }
  for (const c of info.children) if (holds(c, ctx) !== desired && want(c, desired, ctx, rule.ref).length === 0) stuck(rule, c, desired, ctx, out)
}

/**
 * What blocks: first the deciding rule's conditions that cannot be turned off (when it cannot be
 * stopped), then, for every rule among `rules` that has the outcome `target` and does not fire,
 * the first of its conditions that cannot be turned on.
 *
 * @example
 * blockersOf(epoch.rules, 'required', ctx, decider)
 * // [{ rule: 'district-meeting-within-cap', condition: 'caps.district-meetings.applies equal true', why }]
 * @since 0.1.0
 */
export const blockersOf = (rules: readonly CompiledRule[], target: string, ctx: RequestCtx, decider?: CompiledRule): Blocker[] => {
  const out: Blocker[] = []
  if (decider !== undefined && decider.ref.outcome !== target) {
    const mine: Blocker[] = []
    stuck(decider, decider.info, false, ctx, mine)
    out.push(...mine)
  }
  for (const r of rules)
    if (r.ref.outcome === target && !holds(r.info, ctx)) {
      const mine: Blocker[] = []
      stuck(r, r.info, true, ctx, mine)
      if (mine[0] !== undefined) out.push(mine[0])
    }
  return out
}

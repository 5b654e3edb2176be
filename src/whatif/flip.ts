import type { RuleRef } from '../compile/compile'
import type { LeafConditionJson } from '../decode/condition-codec'
import type { Localized } from '../decode/pack-codec'
import { parsePath } from '../compile/path'
import { resolveOperator } from '../compile/operators'
import type { RequestCtx } from '../runtime/context'
import { shiftDate } from '../time/window'
import { getAt, toPointer, type Change } from './change'
import { controlOf } from './control'
import { domainAt, isNumberField } from './domain'

/**
 * One leaf of a rule's condition tree (`<fact>.<path> <operator> <value>`), turned into the
 * changes of the request that would make it true or false. Raw facts map to their own request
 * field; derived facts map back to the fields they are computed from (`approvalStatus.inForce`
 * ← `approval.approved`, `validFrom`, `validUntil`; `approvalStatus.funded` ← `approval.funds`;
 * `approvalStatus.missing` ← `approval.authorisation.*`; `caps.<id>.exceeded` ← moving `date` into
 * the cap's next window). Only fields the requester controls ({@link controlOf}) are proposed.
 * Apart from leaves, {@link dateToInForce} moves the date forward to the day rules come into force.
 *
 * @module
 */

/** One way to turn a condition: changes applied together. @since 0.1.0 */
export type Alternative = readonly Change[]

/** The text written into a string field the requester must fill in. @since 0.1.0 */
export const PLACEHOLDER = '（待载明 / to be stated）'

/** The amount proposed for funds: any amount above 0 turns `funded`. @since 0.1.0 */
export const SOME_FUNDS = 1

/** The detail object that belongs to each kind of request (docs/request.md). */
const OWN_DETAIL: Readonly<Record<string, string>> = {
  task: 'item',
  certificate: 'certificate',
  plaque: 'plaque',
  meeting: 'meeting',
  inspection: 'inspection',
  evaluation: 'evaluation',
  form: 'form',
}
const DETAILS = new Set(Object.values(OWN_DETAIL))

const REMOVE = Symbol('remove')
type Value = unknown | typeof REMOVE

const AUTH_FIELDS = ['content', 'object', 'authority', 'timeLimit'] as const

const nextDays = new Map<string, string>()
/** The day after a local date, memoised (date arithmetic in a zone is not cheap). */
const dayAfter = (d: string, zone: string): string => {
  const k = `${d}|${zone}`
  let n = nextDays.get(k)
  if (n === undefined) {
    n = shiftDate(d, 1, zone)
    if (nextDays.size > 10_000) nextDays.clear()
    nextDays.set(k, n)
  }
  return n
}

/** The condition as text: `approvalStatus.inForce equal true`. @since 0.1.0 */
export const describeLeaf = (leaf: LeafConditionJson): string => {
  const path = leaf.path === undefined || leaf.path === '' ? '' : leaf.path.startsWith('$') ? leaf.path.slice(1) : `.${leaf.path}`
  return `${leaf.fact}${path} ${leaf.operator} ${JSON.stringify(leaf.value)}`
}

const because = (rule: RuleRef, leaf: LeafConditionJson, want: boolean, extra?: Localized): Localized => {
  const d = describeLeaf(leaf)
  const tz = rule.title?.['zh-CN'] ?? ''
  const te = rule.title?.en ?? ''
  return {
    'zh-CN': `使规则 ${rule.id}${tz ? `（${tz}）` : ''}的条件「${d}」${want ? '成立' : '不再成立'}${extra ? `：${extra['zh-CN']}` : ''}`,
    en: `so that the condition \`${d}\` of rule ${rule.id}${te ? ` (${te})` : ''} ${want ? 'holds' : 'no longer holds'}${extra ? `: ${extra.en}` : ''}`,
  }
}

const opTruth = (operator: string, a: unknown, b: unknown, ctx: RequestCtx): boolean => {
  const op = resolveOperator(operator)
  if (op === undefined) return false
  try {
    return op.evaluate(a, b, ctx.env)
  } catch {
    return false
  }
}

const firstMember = (ctx: RequestCtx, list: unknown): unknown => {
  if (typeof list !== 'string') return undefined
  const set = ctx.env.lists.get(list)
  if (set === undefined) return undefined
  for (const m of set.members) return m
  return undefined
}

/** Values for a scalar field that make `<field> <base> <value>` come out as `want`. */
const scalarValues = (base: string, value: unknown, want: boolean, keys: readonly string[], ctx: RequestCtx): Value[] => {
  const domain = domainAt(keys)
  const filler = (avoid: readonly unknown[]): Value[] => {
    if (domain !== undefined) return domain.filter((d) => !avoid.includes(d)).slice(0, 2)
    if (isNumberField(keys)) return [REMOVE]
    return [REMOVE, PLACEHOLDER]
  }
  const num = typeof value === 'number' ? value : undefined
  switch (base) {
    case 'equal':
      return want ? [value] : filler([value])
    case 'notEqual':
      return want ? filler([value]) : [value]
    case 'in':
      if (!Array.isArray(value)) return []
      return want ? (domain === undefined ? value : value.filter((v) => domain.includes(v))).slice(0, 2) : filler(value)
    case 'notIn':
      if (!Array.isArray(value)) return []
      return want ? [REMOVE, ...(domain === undefined ? [] : domain.filter((d) => !value.includes(d)).slice(0, 1))] : value.slice(0, 2)
    case 'inList':
      return want ? [firstMember(ctx, value)].filter((v) => v !== undefined) : [REMOVE]
    case 'notInList':
      return want ? [REMOVE] : [firstMember(ctx, value)].filter((v) => v !== undefined)
    case 'greaterThan':
      return num === undefined ? [] : [want ? num + 1 : num]
    case 'greaterThanInclusive':
      return num === undefined ? [] : [want ? num : num - 1]
    case 'lessThan':
      return num === undefined ? [] : [want ? num - 1 : num]
    case 'lessThanInclusive':
      return num === undefined ? [] : [want ? num : num + 1]
    case 'present':
      // `present true` holds when the field is given: state it; otherwise leave it out
      if (typeof value !== 'boolean') return []
      return want === value ? (domain === undefined ? [PLACEHOLDER] : domain.slice(0, 1)) : [REMOVE]
    default:
      return []
  }
}

/** New arrays for an array field so that `<decorator>:<base>` comes out as `want`. */
const arrayValues = (
  decorator: string,
  base: string,
  value: unknown,
  want: boolean,
  current: unknown,
  ctx: RequestCtx,
): Value[] => {
  const arr = Array.isArray(current) ? current : []
  const holds = (x: unknown): boolean => opTruth(base, x, value, ctx)
  const witness = (): unknown => (base === 'inList' ? firstMember(ctx, value) : base === 'equal' ? value : undefined)
  if (decorator === '' && (base === 'contains' || base === 'doesNotContain')) {
    const add = (base === 'contains') === want
    return add ? [[...arr, value]] : [arr.filter((x) => x !== value)]
  }
  if (decorator === 'someFact') {
    if (!want) return [arr.filter((x) => !holds(x))]
    const w = witness()
    return w === undefined ? [] : [[...arr, w]]
  }
  if (decorator === 'everyFact') {
    if (want) return [arr.filter((x) => holds(x))]
    return []
  }
  return []
}

/** Changes to the approval that give `approvalStatus.<field>` the value `desired`. */
const approvalChanges = (field: string, desired: boolean, ctx: RequestCtx): Alternative[] => {
  const a = ctx.req.approval
  const set = (k: string, to: unknown): Change => ({ path: `/approval/${k}`, to, reason: { 'zh-CN': '', en: '' } })
  const fill = (missing: string): Change | undefined =>
    missing === 'funds'
      ? set('funds', SOME_FUNDS)
      : missing === 'approval'
        ? set('approved', true)
        : (AUTH_FIELDS as readonly string[]).includes(missing)
          ? { path: `/approval/authorisation/${missing}`, to: PLACEHOLDER, reason: { 'zh-CN': '', en: '' } }
          : undefined
  const status = ctx.approval()
  switch (field) {
    case 'present':
      return desired ? [[set('approved', true)]] : [[{ path: '/approval', reason: { 'zh-CN': '', en: '' } }]]
    case 'approved':
      return [[set('approved', desired)]]
    case 'inForce': {
      if (!desired) return [[set('approved', false)]]
      const out: Change[] = []
      if (a?.approved !== true) out.push(set('approved', true))
      if (status.expired) out.push(set('validUntil', ctx.date))
      if (status.notYetValid) out.push(set('validFrom', ctx.date))
      return [out]
    }
    case 'expired':
      return desired || a === undefined ? [] : [[set('validUntil', ctx.date)]]
    case 'notYetValid':
      return desired || a === undefined ? [] : [[set('validFrom', ctx.date)]]
    case 'funded':
      return [[set('funds', desired ? SOME_FUNDS : 0)]]
    case 'complete':
      if (!desired) return []
      return [status.missing.map(fill).filter((c): c is Change => c !== undefined)]
    default:
      return []
  }
}

/** Changes that make `approvalStatus.missing` contain (or not) a name. */
const missingChanges = (name: unknown, contain: boolean): Alternative[] => {
  if (typeof name !== 'string') return []
  const none = { 'zh-CN': '', en: '' }
  if (name === 'funds') return [[{ path: '/approval/funds', to: contain ? 0 : SOME_FUNDS, reason: none }]]
  if (name === 'approval') return contain ? [[{ path: '/approval', reason: none }]] : [[{ path: '/approval/approved', to: true, reason: none }]]
  if (!(AUTH_FIELDS as readonly string[]).includes(name)) return []
  return [[{ path: `/approval/authorisation/${name}`, ...(contain ? {} : { to: PLACEHOLDER }), reason: none }]]
}

/**
 * Moving the request's date forward to the day rules not yet in force come into force (their
 * `from`: the later of the rule's and its pack's, which is where an epoch of the compiled policy
 * starts). Only forward: a day already passed (a rule no longer in force) gives nothing. The
 * rules need not fire on the moved date; the search goes on from there, and every set is checked.
 *
 * @example
 * // a task dated 2015-07-12; work-list-statutory-duty and two other rules from 2015-07-13:
 * dateToInForce('2015-07-13', refs, '2015-07-12') // [[{ path: '/date', to: '2015-07-13', reason }]]
 * @since 0.1.0
 */
export const dateToInForce = (day: string, rules: readonly RuleRef[], today: string): Alternative[] => {
  if (day <= today || rules.length === 0 || !controlOf('/date').controllable) return []
  const named = (lang: 'zh-CN' | 'en'): string =>
    rules
      .map((r) => {
        const t = r.title?.[lang] ?? ''
        return lang === 'zh-CN' ? `${r.id}${t ? `（${t}）` : ''}` : `${r.id}${t ? ` (${t})` : ''}`
      })
      .join(lang === 'zh-CN' ? '、' : ', ')
  const reason: Localized = {
    'zh-CN': `规则 ${named('zh-CN')}自 ${day} 起施行：把日期移到 ${day}（只向后移）`,
    en: `${rules.length === 1 ? 'rule' : 'rules'} ${named('en')} ${rules.length === 1 ? 'comes' : 'come'} into force on ${day}: move the date to that day (forward only)`,
  }
  return [[{ path: '/date', to: day, reason }]]
}

/**
 * The alternatives (each a list of changes) that make one leaf come out as `want`, on the request
 * of `ctx`. An empty list: the requester cannot turn this leaf.
 *
 * @example
 * // leaf approvalStatus.funded equal true, approval without funds:
 * flipLeaf(leaf, true, ctx, rule) // [[{ path: '/approval/funds', to: 1, reason }]]
 * @since 0.1.0
 */
export const flipLeaf = (leaf: LeafConditionJson, want: boolean, ctx: RequestCtx, rule: RuleRef): Alternative[] => {
  const op = resolveOperator(leaf.operator)
  if (op === undefined) return []
  let decorators = [...op.decorators]
  let w = want
  while (decorators[0] === 'not') {
    decorators = decorators.slice(1)
    w = !w
  }
  if (decorators.length > 1) return []
  const decorator = decorators[0] ?? ''
  const base = op.base.name
  const segs = leaf.path === undefined || leaf.path === '' ? [] : parsePath(leaf.path)
  if (segs === undefined) return []
  const value = leaf.value
  const withReason = (alts: Alternative[], extra?: Localized): Alternative[] =>
    alts.map((alt) => alt.map((c) => ({ ...c, reason: because(rule, leaf, want, extra) })))

  if (leaf.fact === 'approvalStatus') {
    const field = String(segs[0] ?? '')
    if (field === 'missing' && segs.length === 1 && decorator === '' && (base === 'contains' || base === 'doesNotContain'))
      return withReason(missingChanges(value, (base === 'contains') === w))
    if (segs.length !== 1 || typeof value !== 'boolean' || decorator !== '' || (base !== 'equal' && base !== 'notEqual')) return []
    const desired = (base === 'equal') === w ? value : !value
    return withReason(approvalChanges(field, desired, ctx))
  }
  if (leaf.fact === 'caps') {
    const id = segs[0]
    const part = segs[1]
    if (typeof id !== 'string' || part === 'applies') return []
    const cap = ctx.caps()[id]
    if (cap === undefined) return []
    const next = dayAfter(cap.window.end, ctx.policy.timeZone)
    const extra: Localized = {
      'zh-CN': `把日期移到上限 ${id} 的下一个计数周期（${cap.window.label} 之后，自 ${next} 起）`,
      en: `move the date into the next window of cap ${id} (after ${cap.window.label}, from ${next})`,
    }
    return withReason([[{ path: '/date', to: next, reason: extra }]], extra)
  }
  if (leaf.fact === 'localDate' || leaf.fact === 'year' || leaf.fact === 'priorReview' || leaf.fact === 'params') return []

  // a raw fact: the request's own field
  const keys = [leaf.fact, ...segs.map(String)]
  const path = toPointer(keys)
  if (!controlOf(path).controllable) return []
  // the details of another kind of request are not this request's: a meeting gets no `item`
  const own = OWN_DETAIL[String(ctx.req.kind)]
  if (DETAILS.has(leaf.fact) && leaf.fact !== own && (ctx.req as Record<string, unknown>)[leaf.fact] === undefined) return []
  const current = getAt(ctx.req, path)
  const rhs =
    value !== null && typeof value === 'object' && !Array.isArray(value) && 'fact' in value ? undefined : value
  if (rhs === undefined && value !== undefined && !(base === 'notEqual' || base === 'equal')) return []
  const values =
    decorator !== '' || base === 'contains' || base === 'doesNotContain'
      ? arrayValues(decorator, base, rhs, w, current, ctx)
      : scalarValues(base, rhs, w, keys, ctx)
  const alts: Alternative[] = []
  for (const v of values) {
    if (v === REMOVE) {
      if (current !== undefined) alts.push([{ path, reason: { 'zh-CN': '', en: '' } }])
    } else if (JSON.stringify(v) !== JSON.stringify(current)) alts.push([{ path, to: v, reason: { 'zh-CN': '', en: '' } }])
  }
  return withReason(alts)
}

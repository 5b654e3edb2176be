/**
 * The request form, as data: every field of a request a clerk can fill, grouped by what it is
 * about, with its label in both languages and the kinds of request it belongs to. The form in
 * form.ts is built from this table; nothing here touches the page, so a test can read it.
 * The shape follows docs/request.md (`src/decode/request-codec.ts`).
 */
import type { RequestKind } from '../../../src/decode/request-codec'

export type Label = { readonly 'zh-CN': string; readonly en: string }

export type FieldType =
  /** one of fixed values; `required` fields have no "not stated" choice */
  | { readonly t: 'enum'; readonly options: readonly string[]; readonly required?: boolean }
  /** yes / no / not stated: a missing field means "the request does not say", never "no" */
  | { readonly t: 'bool' }
  | { readonly t: 'text'; readonly required?: boolean }
  | { readonly t: 'date'; readonly required?: boolean }
  | { readonly t: 'number' }
  /** a list of words, written one after another separated by 、 , ， ; or a new line */
  | { readonly t: 'list' }

export interface Field {
  /** a JSON pointer into the request */
  readonly path: string
  readonly label: Label
  readonly type: FieldType
}

export interface Group {
  readonly id: string
  readonly label: Label
  /** the kinds it is shown for; 'all' for every kind */
  readonly kinds: 'all' | readonly RequestKind[]
  /** the kinds it is shown open for (otherwise folded) */
  readonly open: 'all' | readonly RequestKind[]
  readonly fields: readonly Field[]
}

export const KINDS: readonly RequestKind[] = ['task', 'certificate', 'plaque', 'meeting', 'inspection', 'evaluation', 'form']
export const LEVELS = ['central', 'national', 'province', 'city', 'district', 'street', 'street-department'] as const

/** Words for the codes of the request format, shown in the form's choices. */
export const CODE_LABEL: Readonly<Record<string, Label>> = {
  task: { 'zh-CN': '工作事项（任务）', en: 'a task or item of work' },
  certificate: { 'zh-CN': '出具证明', en: 'a certificate' },
  plaque: { 'zh-CN': '挂牌', en: 'a plaque' },
  meeting: { 'zh-CN': '会议', en: 'a meeting' },
  inspection: { 'zh-CN': '督查检查', en: 'an inspection' },
  evaluation: { 'zh-CN': '考核评比', en: 'an evaluation' },
  form: { 'zh-CN': '报表台账', en: 'a form or ledger' },
  central: { 'zh-CN': '中央', en: 'central' },
  national: { 'zh-CN': '国家部委', en: 'national (a ministry)' },
  province: { 'zh-CN': '省级', en: 'province' },
  city: { 'zh-CN': '市级', en: 'city' },
  district: { 'zh-CN': '区（县）级', en: 'district' },
  street: { 'zh-CN': '街道（乡镇）', en: 'street office' },
  'street-department': { 'zh-CN': '街道内设部门', en: 'a department of the street office' },
  outside: { 'zh-CN': '挂在办公场所外', en: 'outside the office' },
  inside: { 'zh-CN': '挂在室内（功能室）', en: 'inside, on a room' },
  head: { 'zh-CN': '社区主要负责人', en: "the community's head" },
  workers: { 'zh-CN': '社区工作者', en: "the community's workers" },
  all: { 'zh-CN': '全体人员', en: 'everyone' },
  community: { 'zh-CN': '社区', en: 'the community' },
}

const f = (path: string, zh: string, en: string, type: FieldType): Field => ({ path, label: { 'zh-CN': zh, en }, type })
const bool: FieldType = { t: 'bool' }
const text: FieldType = { t: 'text' }
const list: FieldType = { t: 'list' }

const review = (k: 'inspection' | 'evaluation'): readonly Field[] => [
  f(`/${k}/target`, '针对谁', 'Whom it targets', { t: 'enum', options: ['community', 'street'] }),
  f(`/${k}/mandatedBy`, '由哪一级要求开展', 'Which level requires it', { t: 'enum', options: LEVELS }),
  f(`/${k}/mandatedByPartyOrGovernment`, '由该级党委或政府本身（而非其部门）要求', 'Required by the Party committee or government itself (not a department)', bool),
  f(`/${k}/comprehensive`, '属于区里统一的综合考核', "Part of the district's one comprehensive evaluation", bool),
  f(`/${k}/onAnnualPlan`, '列入年度督查检查考核计划', 'On the annual inspection and evaluation plan', bool),
  f(`/${k}/indicators`, '考核或检查的内容（指标）', 'What it measures (indicators)', list),
]

/** The form, group by group. */
export const GROUPS: readonly Group[] = [
  {
    id: 'basic',
    label: { 'zh-CN': '基本信息', en: 'The request' },
    kinds: 'all',
    open: 'all',
    fields: [
      f('/kind', '事项种类', 'Kind of request', { t: 'enum', options: KINDS, required: true }),
      f('/date', '日期', 'Date', { t: 'date', required: true }),
      f('/requester/level', '提出单位层级', 'Level of the requester', { t: 'enum', options: LEVELS, required: true }),
      f('/requester/department', '提出单位（部门）', 'Requesting department', text),
      f('/requester/name', '经办人或科室', 'Person or office', text),
      f('/id', '请求编号', 'Request number', text),
    ],
  },
  {
    id: 'community',
    label: { 'zh-CN': '社区', en: 'The community' },
    kinds: 'all',
    open: [],
    fields: [
      f('/community/id', '社区编号（填写社区信息时必填）', 'Community id (needed when any community field is given)', text),
      f('/community/name', '社区名称', 'Community name', text),
      f('/community/street', '所属街道', 'Street office', text),
    ],
  },
  {
    id: 'certificate',
    label: { 'zh-CN': '证明', en: 'The certificate' },
    kinds: ['certificate'],
    open: 'all',
    fields: [
      f('/certificate/kind', '证明种类', 'Kind of certificate', { t: 'text', required: true }),
      f('/certificate/verifiable', '社区能如实掌握所证明的情况', 'The committee can truly know the facts', bool),
      f('/certificate/legalLiability', '要求社区承担法律责任', 'Carries legal liability', bool),
      f('/certificate/jointEconomicLiability', '要求社区承担经济连带责任', 'Carries joint economic liability', bool),
      f('/certificate/lawRequires', '法律法规要求社区出具', 'A law or regulation requires it', bool),
      f('/certificate/onRetainedList', '列入国务院保留证明事项清单', "On the State Council's list of retained certificates", bool),
    ],
  },
  {
    id: 'plaque',
    label: { 'zh-CN': '牌子', en: 'The plaque' },
    kinds: ['plaque'],
    open: 'all',
    fields: [
      f('/plaque/placement', '悬挂位置', 'Where it hangs', { t: 'enum', options: ['outside', 'inside'], required: true }),
      f('/plaque/name', '牌子名称', "The plaque's wording", text),
      f('/plaque/lawRequires', '法律法规要求悬挂', 'A law or regulation requires it', bool),
      f('/plaque/roomAlreadyHasPlaque', '该功能室已有标识牌', 'The room already has its plaque', bool),
      f('/plaque/body', '在社区设立部门自己的机构', "Sets up a department's own body in the community", bool),
    ],
  },
  {
    id: 'meeting',
    label: { 'zh-CN': '会议', en: 'The meeting' },
    kinds: ['meeting'],
    open: 'all',
    fields: [
      f('/meeting/attendees', '参会人员', 'Who is called', { t: 'enum', options: ['head', 'workers', 'all'] }),
      f('/meeting/regular', '街道每周例会', "The street office's weekly regular meeting", bool),
      f('/meeting/approvedByPrincipal', '经街道主要负责同志批准', "Approved by the street office's principal leader", bool),
      f('/meeting/approvedByPartyHead', '经同级党委主要负责同志批准', 'Approved by the head of the same-level Party committee', bool),
      f('/meeting/direct', '直接开到基层', 'Reaches straight down to the grassroots', bool),
    ],
  },
  { id: 'inspection', label: { 'zh-CN': '督查检查', en: 'The inspection' }, kinds: ['inspection'], open: 'all', fields: review('inspection') },
  { id: 'evaluation', label: { 'zh-CN': '考核评比', en: 'The evaluation' }, kinds: ['evaluation'], open: 'all', fields: review('evaluation') },
  {
    id: 'form',
    label: { 'zh-CN': '报表台账', en: 'The form or ledger' },
    kinds: ['form'],
    open: 'all',
    fields: [
      f('/form/paperLedger', '纸质台账', 'A paper ledger', bool),
      f('/form/campaign', '用于创建、达标、评比活动', 'For a creation, assessment or evaluation campaign', bool),
      f('/form/campaignApproved', '该活动经过批准', 'The campaign was approved', bool),
      f('/form/retained', '属于保留的填报表格', 'One of the forms kept for that level', bool),
    ],
  },
  {
    id: 'item',
    label: { 'zh-CN': '工作事项', en: 'The item of work' },
    kinds: 'all',
    open: ['task'],
    fields: [
      f('/item/name', '事项名称', 'Name of the item', text),
      f('/item/id', '事项编号', 'Item id', text),
      f('/item/category', '事项类别', 'Category', text),
      f('/item/roles', '要求社区承担的角色', 'Roles asked of the community', list),
      f('/item/assist', '属于协助政府事项清单', 'On the list of assist items', bool),
      f('/item/statutoryDuty', '属于社区依法履职事项', "One of the community's statutory duties", bool),
      f('/item/negativeList', '属于社区工作负面清单', 'On a negative list of community work', bool),
      f('/item/governmentDuty', '属于政府及其部门、街道的职责', 'A duty of the government, its departments or the street office', bool),
      f('/item/isNew', '新增事项', 'New to the community', bool),
      f('/item/onAnnualPlan', '列入年度计划清单', "On the year's plan list", bool),
      f('/item/temporaryApplication', '临时单独申请增加', 'A temporary addition applied for on its own', bool),
      f('/item/quota', '以行政命令下达任务指标', 'Assigned by administrative order, with quotas', bool),
      f('/item/administrative', '属于行政审批或公共服务', 'An administrative approval or public service', bool),
      f('/item/dataCheckInternal', '政府能在自己系统内核查的数据', 'A data check the government can do itself', bool),
      f('/item/residentsOwnAffair', '属于居民自治事务', "Residents' own affairs", bool),
      f('/item/districtArranged', '由区委区政府统筹安排', 'Arranged as a whole by the district', bool),
      f('/item/sunkByDocument', '依部门文件下沉到社区', "Sunk to the community by a department's document", bool),
      f('/item/tags', '标签', 'Tags', list),
    ],
  },
  {
    id: 'approval',
    label: { 'zh-CN': '准入审批', en: 'The admission approval' },
    kinds: 'all',
    open: ['task'],
    fields: [
      f('/approval/approved', '已经批准（填写审批信息时必填）', 'Approved (needed when any approval field is given)', bool),
      f('/approval/id', '审批文号', "The approval's number", text),
      f('/approval/approvedBy', '审批机关', 'Approved by', text),
      f('/approval/validFrom', '有效期自', 'Valid from', { t: 'date' }),
      f('/approval/validUntil', '有效期至', 'Valid until', { t: 'date' }),
      f('/approval/funds', '随事拨付的工作经费（元）', 'Working funds that come with it', { t: 'number' }),
      f('/approval/staff', '人随事动', 'Staff come with it', bool),
      f('/approval/authorisation/content', '授权内容', 'Authorised content', text),
      f('/approval/authorisation/object', '授权对象', 'Object', text),
      f('/approval/authorisation/authority', '权限', 'Authority', text),
      f('/approval/authorisation/timeLimit', '时限', 'Time limit', text),
    ],
  },
  {
    id: 'other',
    label: { 'zh-CN': '其他', en: 'Other' },
    kinds: 'all',
    open: [],
    fields: [
      f('/legalBasis', '所依据的法律法规', 'The law or regulation relied on', text),
      f('/emergency', '突发事件或紧急情况', 'A sudden or emergency event', bool),
    ],
  },
]

/** Every field of the form, in order. */
export const FIELDS: readonly Field[] = GROUPS.flatMap((g) => g.fields)

/** Whether a group belongs to a kind of request, and whether it is shown open. */
export const shownFor = (g: Group, kind: string): { shown: boolean; open: boolean } => ({
  shown: g.kinds === 'all' || (g.kinds as readonly string[]).includes(kind),
  open: g.open === 'all' || (g.open as readonly string[]).includes(kind),
})

/** The parts of a request the form does not edit (history, reviews, a pack's own fields). */
export const NOT_IN_FORM = ['history', 'reviews', 'extra'] as const

/** Split what a clerk typed into a list field. */
export const splitList = (s: string): string[] =>
  s
    .split(/[、,，;；\n]/)
    .map((x) => x.trim())
    .filter((x) => x !== '')

// --- JSON pointer plumbing on plain request objects (copies, never the argument) ---

const keysOf = (p: string): string[] => p.slice(1).split('/')
const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)

/** The value at a pointer, or undefined. */
export const valueAt = (req: unknown, p: string): unknown => {
  let cur = req
  for (const k of keysOf(p)) {
    if (!isObj(cur) || !Object.prototype.hasOwnProperty.call(cur, k)) return undefined
    cur = cur[k]
  }
  return cur
}

/**
 * A copy of the request with the field at `p` set to `v`, or taken away when `v` is undefined; an
 * object left empty by taking a field away is taken away too (an empty `certificate: {}` would
 * say something the clerk did not).
 */
export const withValue = (req: unknown, p: string, v: unknown): Record<string, unknown> => {
  const root: Record<string, unknown> = isObj(req) ? { ...req } : {}
  const keys = keysOf(p)
  const chain: Array<Record<string, unknown>> = [root]
  let cur = root
  for (const k of keys.slice(0, -1)) {
    const next: Record<string, unknown> = isObj(cur[k]) ? { ...(cur[k] as Record<string, unknown>) } : {}
    cur[k] = next
    chain.push(next)
    cur = next
  }
  const last = keys[keys.length - 1] as string
  if (v === undefined) delete cur[last]
  else cur[last] = v
  for (let i = chain.length - 1; i > 0; i--) {
    if (Object.keys(chain[i] as object).length > 0) break
    delete (chain[i - 1] as Record<string, unknown>)[keys[i - 1] as string]
  }
  return root
}

import type { Localized } from '../decode/pack-codec'

/**
 * Which fields of a request the requester can change, as data. A what-if answer only ever
 * proposes changes to controllable fields: never the past (history), never the community's or
 * the pack's lists, never the residents' reviews, never who asks or what kind of thing is asked.
 *
 * @module
 */

/**
 * One entry: a JSON-pointer prefix of the request, and whether the requester controls it.
 *
 * @example
 * const entry: FieldControl = controlOf('/history')
 * entry.controllable // false
 * @since 0.1.0
 */
export interface FieldControl {
  readonly prefix: string
  readonly controllable: boolean
  readonly why: Localized
}

const no = (prefix: string, zh: string, en: string): FieldControl => ({ prefix, controllable: false, why: { 'zh-CN': zh, en } })
const yes = (prefix: string, zh: string, en: string): FieldControl => ({ prefix, controllable: true, why: { 'zh-CN': zh, en } })

/**
 * The table, longest prefix first wins. Fields not named are not controllable.
 *
 * @example
 * controlOf('/approval/funds').controllable // true
 * controlOf('/history/0/date').controllable // false
 * @since 0.1.0
 */
export const FIELD_CONTROL: readonly FieldControl[] = [
  no('/kind', '请求的种类是所问之事本身', 'the kind of request is what is being asked'),
  no('/requester', '提出单位是谁，不由改动请求决定', 'who asks is not changed by editing the request'),
  no('/community', '社区是既定的', 'the community is given'),
  no('/history', '过去的事件已经发生', 'past events have happened'),
  no('/reviews', '居民评议由居民作出', 'reviews are made by residents'),
  no('/emergency', '是否突发紧急事件是客观情况', 'whether there is an emergency is a fact of the world'),
  no('/id', '请求编号不影响决定', 'the request id does not bear on the decision'),
  no('/item/id', '事项本身（编号）不变', 'the item itself (its id) stays'),
  no('/item/name', '事项本身（名称）不变', 'the item itself (its name) stays'),
  no('/item/category', '事项的类别由清单决定，不由提出单位改写', 'the item\'s category is set by the lists, not rewritten by the requester'),
  no('/item/tags', '事项的标签不由提出单位改写', 'the item\'s tags are not rewritten by the requester'),
  no('/item/statutoryDuty', '事项是否社区依法履职事项由社区工作事项清单决定，不由提出单位改写', 'whether the item is one of the community\'s statutory duties is set by the community work list, not rewritten by the requester'),
  no('/item/assist', '事项是否清单上的协助政府事项由社区工作事项清单决定，不由提出单位改写', 'whether the item is a listed assist item is set by the community work list, not rewritten by the requester'),
  no('/item/negativeList', '事项是否属于负面清单由清单决定，不由提出单位改写', 'whether the item is on a negative list is set by the list, not rewritten by the requester'),
  no('/item/sunkByDocument', '事项是否依文件政策下沉是既成事实，不由改动请求决定', 'whether the item was sunk by a department\'s documents is a fact, not changed by editing the request'),
  no('/certificate/kind', '证明的种类是所问之事本身', 'the kind of certificate is what is being asked'),
  no('/certificate/verifiable', '社区能否如实掌握所证明的情况是客观情况', 'whether the committee can truly know the facts is a fact of the world'),
  no('/certificate/onRetainedList', '是否列入国务院保留证明事项清单由清单决定', 'whether the certificate is on the State Council\'s list of retained certificates is set by that list'),
  no('/form/retained', '报表是否属于保留的报表由保留清单决定', 'whether the form is one of those kept is set by the list of kept forms'),
  no('/evaluation/mandatedByPartyOrGovernment', '由谁要求开展是既成事实', 'who required the evaluation is a fact, not changed by editing the request'),
  no('/inspection/mandatedByPartyOrGovernment', '由谁要求开展是既成事实', 'who required the inspection is a fact, not changed by editing the request'),
  no('/plaque/name', '牌子的名称是所问之事本身', 'the plaque\'s name is what is being asked'),
  yes('/date', '日期可以推迟（只能向后：移入下一个计数周期，或移到规则施行之日）', 'the date can be moved (forward only: into the next counting window, or to the day a rule comes into force)'),
  yes('/item', '事项的安排（职责、角色、是否纳入计划等）由提出单位决定', 'how the item is arranged (duty, roles, plan) is the requester\'s'),
  yes('/approval', '准入审批由提出单位申请、审批单位作出', 'the admission approval is applied for by the requester and granted by the approving unit'),
  yes('/legalBasis', '提出单位可以载明法律法规依据', 'the requester can state the legal basis'),
  yes('/certificate', '证明的要求（责任、法律依据）由提出单位决定', 'what the certificate demands (liability, legal basis) is the requester\'s'),
  yes('/plaque', '挂牌的方式由提出单位决定', 'how the plaque is hung is the requester\'s'),
  yes('/meeting', '会议的安排和批准由提出单位决定', 'how the meeting is arranged and approved is the requester\'s'),
  yes('/inspection', '检查的安排由提出单位决定', 'how the inspection is arranged is the requester\'s'),
  yes('/evaluation', '考评的安排由提出单位决定', 'how the evaluation is arranged is the requester\'s'),
  yes('/form', '报表的安排由提出单位决定', 'how the form is arranged is the requester\'s'),
]

const NOT_LISTED: FieldControl = no('', '未列出的字段不由提出单位改动', 'fields not listed are not the requester\'s to change')

/**
 * The control entry of a JSON pointer into a request (the longest matching prefix).
 *
 * @example
 * controlOf('/item/governmentDuty').controllable // true
 * controlOf('/item/category').controllable // false
 * @since 0.1.0
 */
export const controlOf = (path: string): FieldControl => {
  if (typeof path !== 'string') return NOT_LISTED
  let best: FieldControl | undefined
  for (const c of FIELD_CONTROL)
    if ((path === c.prefix || path.startsWith(`${c.prefix}/`)) && (best === undefined || c.prefix.length > best.prefix.length)) best = c
  return best ?? NOT_LISTED
}

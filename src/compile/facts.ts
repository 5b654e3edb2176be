/**
 * The facts a rule's condition may name. Raw facts are the request's own fields; derived facts
 * are computed by zhunru from the request, its history and the pack (cap counts in calendar
 * windows, the state of the admission approval, last year's review, the pack's parameters).
 * `docs/facts.md` documents each.
 *
 * @module
 */

/** How a fact is obtained. @since 0.1.0 */
export type FactSource = 'request' | 'derived'

/** A fact in the catalogue. @since 0.1.0 */
export interface FactDef {
  readonly name: string
  readonly source: FactSource
  readonly zh: string
  readonly en: string
  /** may a cap's `match` (evaluated on past events) use it? */
  readonly onEvents: boolean
}

const f = (name: string, source: FactSource, onEvents: boolean, zh: string, en: string): FactDef => ({
  name,
  source,
  onEvents,
  zh,
  en,
})

/**
 * Every fact, by name.
 *
 * @since 0.1.0
 */
export const FACTS: ReadonlyMap<string, FactDef> = new Map(
  [
    f('kind', 'request', true, '事项种类', 'what is asked'),
    f('date', 'request', true, '日期（原文）', 'date as given'),
    f('requester', 'request', true, '提出单位', 'who asks'),
    f('community', 'request', true, '社区', 'community'),
    f('item', 'request', true, '事项', 'the item'),
    f('certificate', 'request', true, '证明', 'the certificate'),
    f('plaque', 'request', true, '牌子', 'the plaque'),
    f('meeting', 'request', true, '会议', 'the meeting'),
    f('inspection', 'request', true, '检查', 'the inspection'),
    f('evaluation', 'request', true, '考核评比', 'the evaluation'),
    f('form', 'request', true, '报表台账', 'the form'),
    f('approval', 'request', false, '准入审批', 'the admission approval'),
    f('emergency', 'request', false, '突发紧急事件', 'emergency'),
    f('legalBasis', 'request', false, '法律法规依据', 'legal basis'),
    f('extra', 'request', false, '规则包自定义的请求字段', 'the request fields a pack declares'),
    f('localDate', 'derived', true, '当地日期', 'local date'),
    f('year', 'derived', true, '年度', 'year'),
    f('caps', 'derived', false, '上限计数', 'cap counts'),
    f('approvalStatus', 'derived', false, '审批状态', 'approval status'),
    f('priorReview', 'derived', false, '上一年度评议', 'last year\'s review'),
    f('params', 'derived', false, '参数', 'parameters'),
  ].map((d) => [d.name, d]),
)

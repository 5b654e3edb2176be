import * as t from 'io-ts'

/**
 * The io-ts codecs of a request: what a portal asks zhunru. `docs/request.md` documents them with
 * an example of each kind.
 *
 * @module
 */

/** What is asked of the community. @since 0.1.0 */
export const RequestKind = t.keyof(
  {
    task: null,
    certificate: null,
    plaque: null,
    meeting: null,
    inspection: null,
    evaluation: null,
    form: null,
  },
  'RequestKind',
)
export type RequestKind = t.TypeOf<typeof RequestKind>

/** The level of government that asks. @since 0.1.0 */
export const Level = t.keyof(
  {
    central: null,
    national: null,
    province: null,
    city: null,
    district: null,
    street: null,
    'street-department': null,
  },
  'Level',
)
export type Level = t.TypeOf<typeof Level>

/** Who asks: a department (free text or code) and its level. @since 0.1.0 */
export const Requester = t.intersection(
  [t.type({ level: Level }), t.partial({ department: t.string, name: t.string })],
  'Requester',
)
export type Requester = t.TypeOf<typeof Requester>

/** Which community. @since 0.1.0 */
export const Community = t.intersection(
  [
    t.type({ id: t.string }),
    t.partial({
      name: t.string,
      /** the street office (街道) the community belongs to, by its name */
      street: t.string,
    }),
  ],
  'Community',
)

/** What exactly is asked: an item id, a category, a name, free tags. @since 0.1.0 */
export const Item = t.partial(
  {
    id: t.string,
    category: t.string,
    name: t.string,
    tags: t.array(t.string),
    /** the roles the task asks of the community (contact, visit, organise, ...) */
    roles: t.array(t.string),
    /** new to the community: a new duty, service, power, plaque or certificate */
    isNew: t.boolean,
    /** the duty belongs to the government, its department or the street office */
    governmentDuty: t.boolean,
    /** assigned by administrative order, with tasks or quotas */
    quota: t.boolean,
    /** on the year's plan list, or a temporary addition applied for on its own */
    onAnnualPlan: t.boolean,
    temporaryApplication: t.boolean,
    /** an administrative approval or public service */
    administrative: t.boolean,
    /** a data check the government can do within its own systems */
    dataCheckInternal: t.boolean,
    /** residents' own affairs (自治事务) */
    residentsOwnAffair: t.boolean,
    /** arranged as a whole by the district Party committee and government */
    districtArranged: t.boolean,
    /** an item the community assists the government with (协助政府事项) */
    assist: t.boolean,
    /** one of the community's own statutory duties (依法履职事项) */
    statutoryDuty: t.boolean,
    /** sunk to the community by a department's document (根据有关文件政策规定下沉) */
    sunkByDocument: t.boolean,
    /** one of the kinds of work a negative list of community work abolishes (社区工作负面清单), as the portal determines it */
    negativeList: t.boolean,
  },
  'Item',
)
export type Item = t.TypeOf<typeof Item>

/** An authorisation: what an admitted item must state. @since 0.1.0 */
export const Authorisation = t.partial(
  { content: t.string, object: t.string, authority: t.string, timeLimit: t.string },
  'Authorisation',
)

/** The admission approval (准入审批) that came with the request, if any. @since 0.1.0 */
export const Approval = t.intersection(
  [
    t.type({ approved: t.boolean }),
    t.partial({
      id: t.string,
      approvedBy: t.string,
      validFrom: t.string,
      validUntil: t.string,
      funds: t.number,
      authorisation: Authorisation,
      staff: t.boolean,
    }),
  ],
  'Approval',
)
export type Approval = t.TypeOf<typeof Approval>

/** A certificate asked to be issued under the committee's seal. @since 0.1.0 */
export const Certificate = t.intersection(
  [
    t.type({ kind: t.string }),
    t.partial({ legalLiability: t.boolean, jointEconomicLiability: t.boolean, lawRequires: t.boolean, onRetainedList: t.boolean, verifiable: t.boolean }),
  ],
  'Certificate',
)

/** A plaque asked to be hung. @since 0.1.0 */
export const Plaque = t.intersection(
  [
    t.type({ placement: t.keyof({ outside: null, inside: null }) }),
    t.partial({ name: t.string, lawRequires: t.boolean, roomAlreadyHasPlaque: t.boolean, body: t.boolean }),
  ],
  'Plaque',
)

/** A meeting the community is called to. @since 0.1.0 */
export const Meeting = t.partial(
  {
    attendees: t.keyof({ head: null, workers: null, all: null }),
    regular: t.boolean,
    approvedByPrincipal: t.boolean,
    approvedByPartyHead: t.boolean,
    direct: t.boolean,
  },
  'Meeting',
)

/** An inspection or evaluation of the community. @since 0.1.0 */
export const Review = t.partial(
  {
    mandatedBy: Level,
    /** required by the Party committee or the government itself at the level `mandatedBy` names (中央、省委、省政府), not by one of its departments */
    mandatedByPartyOrGovernment: t.boolean,
    comprehensive: t.boolean,
    onAnnualPlan: t.boolean,
    indicators: t.array(t.string),
    target: t.keyof({ community: null, street: null }),
  },
  'InspectionOrEvaluation',
)

/** A form or ledger pushed to the community. @since 0.1.0 */
export const Form = t.partial(
  {
    paperLedger: t.boolean,
    campaign: t.boolean,
    campaignApproved: t.boolean,
    /** one of the forms the rules keep for that level (保留的填报表格) */
    retained: t.boolean,
  },
  'Form',
)

const kindDetail = {
  item: Item,
  certificate: Certificate,
  plaque: Plaque,
  meeting: Meeting,
  inspection: Review,
  evaluation: Review,
  form: Form,
}

/** A past event the caps count: a request that was made (same shape, no history). */
export const HistoryEvent = t.intersection(
  [t.type({ kind: RequestKind, date: t.string }), t.partial({ requester: Requester, community: Community, ...kindDetail })],
  'HistoryEvent',
)
export type HistoryEvent = t.TypeOf<typeof HistoryEvent>

/** A yearly review (评议) of an admitted item by residents: counts, so ratios are exact. */
export const YearlyReview = t.intersection(
  [
    t.type({ itemId: t.string, year: t.number, respondents: t.number }),
    t.partial({ satisfied: t.number, dissatisfied: t.number }),
  ],
  'YearlyReview',
)
export type YearlyReview = t.TypeOf<typeof YearlyReview>

/** A request. @since 0.1.0 */
export const Request = t.intersection(
  [
    t.type({ kind: RequestKind, date: t.string, requester: Requester }),
    t.partial({
      id: t.string,
      community: Community,
      ...kindDetail,
      approval: Approval,
      emergency: t.boolean,
      legalBasis: t.string,
      /** the request fields a pack declares itself (`fields` of the pack); checked against the policy by evaluate */
      extra: t.unknown,
      history: t.array(HistoryEvent),
      reviews: t.array(YearlyReview),
    }),
  ],
  'Request',
)
export type Request = t.TypeOf<typeof Request>

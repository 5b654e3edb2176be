import type { Vocab } from './requests'

/**
 * The hand-written floor: a plain TypeScript function deciding the Shandong pack on the national
 * floor (cn-shandong extends cn-national), in force from 2024-08-06, with `Set`s for the lists and
 * one pass over the history counting only the caps the request itself is counted by. It returns
 * the outcome and the deciding rule's id, nothing else: no citations, no explanation record.
 * It is what "as fast as it can be" means for the bench (`floor_rps`); `test/bench-floor.test.ts`
 * checks it against `evaluate` so that it stays honest.
 *
 * Requests must be valid, as the bench's generator makes them: the floor does not decode. Their
 * dates may be plain local dates (`YYYY-MM-DD`) or instants with `Z` or an offset (`+08:00`,
 * `-0500`): it reads each into a Shanghai day number with integer arithmetic (Shanghai is UTC+8
 * all year since 1991; the bench's dates are in 2024–2026), as a hand-written loop would.
 *
 * @module
 */

/** What the floor decides. @since 0.1.0 */
export interface FloorDecision {
  readonly outcome: 'forbidden' | 'refusable' | 'required' | 'permitted'
  readonly rule: string
}

type Obj = Record<string, any>

/** A floor bound to the lists of a policy. @since 0.1.0 */
export type Floor = (request: Obj) => FloorDecision

const D = (outcome: FloorDecision['outcome'], rule: string): FloorDecision => Object.freeze({ outcome, rule })
const R = {
  sealLiability: D('forbidden', 'seal-liability'),
  sealOutside: D('forbidden', 'seal-outside-scope'),
  plaqueBody: D('forbidden', 'plaque-separate-body'),
  plaqueOutsideExtra: D('refusable', 'plaque-outside-extra'),
  plaqueInsideSecond: D('forbidden', 'plaque-inside-second'),
  ledger: D('forbidden', 'ledger-unapproved-campaign'),
  bannedIndicators: D('forbidden', 'evaluation-banned-indicators'),
  negativeList: D('refusable', 'negative-list'),
  veto: D('forbidden', 'one-vote-veto'),
  noLonger: D('forbidden', 'certificate-no-longer-issued'),
  photos: D('forbidden', 'performance-by-photos'),
  publicity: D('forbidden', 'performance-by-publicity'),
  districtMeetingCap: D('refusable', 'district-meeting-cap'),
  streetMeetingCap: D('refusable', 'street-meeting-cap'),
  regularMeetingCap: D('refusable', 'street-regular-meeting-cap'),
  deptMeeting: D('refusable', 'street-department-meeting-unapproved'),
  deptInspects: D('refusable', 'department-inspects-community'),
  streetInspectionCap: D('refusable', 'street-inspection-cap'),
  notComprehensive: D('refusable', 'evaluation-not-comprehensive'),
  comprehensiveCap: D('refusable', 'comprehensive-evaluation-cap'),
  separateEvaluation: D('refusable', 'department-separate-evaluation'),
  directMeeting: D('refusable', 'meeting-direct-needs-party-approval'),
  requiredByLaw: D('required', 'certificate-required-by-law'),
  governmentDuty: D('refusable', 'government-duty-transfer'),
  quota: D('refusable', 'administrative-order-quota'),
  needsBasis: D('refusable', 'certificate-needs-basis'),
  unapproved: D('refusable', 'admission-unapproved'),
  expired: D('refusable', 'admission-approval-expired'),
  notYetValid: D('refusable', 'admission-approval-not-yet-valid'),
  unfunded: D('refusable', 'admission-unfunded'),
  noAuthority: D('refusable', 'admission-no-authority'),
  assistNeedsFunds: D('refusable', 'assist-needs-funds'),
  assistList: D('required', 'assist-list'),
  approved: D('required', 'admission-approved'),
  plaqueByLaw: D('required', 'plaque-by-law'),
  ownAffair: D('permitted', 'residents-own-affair'),
  plaqueOutside: D('permitted', 'plaque-outside-allowed'),
  plaqueInside: D('permitted', 'plaque-inside-first'),
  sealInScope: D('permitted', 'seal-in-scope'),
  statutoryDuty: D('required', 'work-list-statutory-duty'),
  assistFunded: D('required', 'work-list-assist-funded'),
  approvalFunded: D('required', 'admission-approval-funded'),
  districtMeeting: D('permitted', 'district-meeting-within-cap'),
  streetMeeting: D('permitted', 'street-meeting-within-cap'),
  regularMeeting: D('permitted', 'street-regular-meeting'),
  streetInspection: D('permitted', 'street-inspection-within-cap'),
  mandated: D('permitted', 'evaluation-mandated'),
  comprehensive: D('permitted', 'evaluation-comprehensive-within-cap'),
  catchAll: D('refusable', 'catch-all'),
}

const HIGH = new Set(['central', 'national', 'province'])
const STREET = new Set(['street', 'street-department'])

/** The day number (0 = 1970-01-01) of a civil date (days_from_civil). */
const civilDay = (y: number, m: number, d: number): number => {
  const yy = m <= 2 ? y - 1 : y
  const era = Math.floor(yy / 400)
  const yoe = yy - era * 400
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1
  return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468
}
const n2 = (s: string, i: number): number => (s.charCodeAt(i) - 48) * 10 + s.charCodeAt(i + 1) - 48

/**
 * The Shanghai day number of a plain date or an instant (`…Z`, `…±hh:mm`, `…±hhmm`): the digits,
 * the offset from the end of the string, UTC+8. Trusts its input.
 */
const localDay = (s: string): number => {
  const day = civilDay(n2(s, 0) * 100 + n2(s, 2), n2(s, 5), n2(s, 8))
  const n = s.length
  if (n === 10) return day
  const last = s.charCodeAt(n - 1)
  let off = 0
  if (last !== 90 && last !== 122) {
    const colon = s.charCodeAt(n - 3) === 58 ? 1 : 0
    const at = n - 5 - colon // the sign
    off = (n2(s, at + 1) * 60 + n2(s, n - 2)) * (s.charCodeAt(at) === 45 ? -1 : 1)
  }
  return Math.floor((day * 1440 + n2(s, 11) * 60 + n2(s, 14) - off + 480) / 1440)
}

/** The first day of the year and of the month of a day number (civil_from_days). */
const yearMonthStarts = (day: number): { year: number; month: number } => {
  const z = day + 719_468
  const era = Math.floor(z / 146_097)
  const doe = z - era * 146_097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const m = mp < 10 ? mp + 3 : mp - 9
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0)
  return { year: civilDay(y, 1, 1), month: civilDay(y, m, 1) }
}

// caps, as bits: which a request or past event is counted by
const DISTRICT_MEETINGS = 1 // year, max 2
const STREET_MEETINGS = 2 // month, max 4
const REGULAR_MEETINGS = 4 // ISO week, max 1
const STREET_INSPECTIONS = 8 // month, max 3
const DISTRICT_COMPREHENSIVE = 16 // year, max 1

const capsOf = (e: Obj): number => {
  const level = e.requester?.level
  switch (e.kind) {
    case 'meeting': {
      const regular = e.meeting?.regular === true
      return (
        (level === 'district' ? DISTRICT_MEETINGS : 0) |
        (level === 'street-department' || (level === 'street' && !regular) ? STREET_MEETINGS : 0) |
        (level === 'street' && regular ? REGULAR_MEETINGS : 0)
      )
    }
    case 'inspection':
      return STREET.has(level) ? STREET_INSPECTIONS : 0
    case 'evaluation': {
      const comp = e.evaluation?.comprehensive === true
      return comp && level === 'district' ? DISTRICT_COMPREHENSIVE : 0
    }
    default:
      return 0
  }
}

/** Which of the request's caps are exceeded with it: one pass over the history (its days in `days` when read already). */
const exceededCaps = (req: Obj, applies: number, days: Int32Array | undefined): number => {
  const date = localDay(req.date)
  const { year, month } = yearMonthStarts(date)
  // Monday of the ISO week (1970-01-01 was a Thursday)
  const weekStart = date - ((((date + 3) % 7) + 7) % 7)
  let dm = 0, sm = 0, rm = 0, si = 0, dc = 0
  const history: Obj[] | undefined = req.history
  if (history !== undefined)
    for (let i = 0; i < history.length; i++) {
      const e = history[i] as Obj
      const caps = capsOf(e) & applies
      if (caps === 0) continue
      const d = days !== undefined ? (days[i] as number) : localDay(e.date)
      if (d > date) continue
      if (caps & DISTRICT_MEETINGS && d >= year) dm++
      if (caps & STREET_MEETINGS && d >= month) sm++
      if (caps & REGULAR_MEETINGS && d >= weekStart) rm++
      if (caps & STREET_INSPECTIONS && d >= month) si++
      if (caps & DISTRICT_COMPREHENSIVE && d >= year) dc++
    }
  return (
    (dm + 1 > 2 ? DISTRICT_MEETINGS : 0) |
    (sm + 1 > 4 ? STREET_MEETINGS : 0) |
    (rm + 1 > 1 ? REGULAR_MEETINGS : 0) |
    (si + 1 > 3 ? STREET_INSPECTIONS : 0) |
    (dc + 1 > 1 ? DISTRICT_COMPREHENSIVE : 0)
  ) & applies
}

const someIn = (xs: unknown, set: ReadonlySet<unknown>): boolean => Array.isArray(xs) && xs.some((x) => set.has(x))

/**
 * What issue 16 measured zhunru against: a hand-written loop that reads every event of a history
 * into a Shanghai day (plain dates and instants alike, integer arithmetic) and counts the month's
 * and the year's inspections up to the request's date. Returns the two counts (month × 1,000 +
 * year). Trusts its input, as the floor does.
 *
 * @example
 * historyLoop({ date: '2026-03-10', history: [{ kind: 'inspection', date: '2026-03-01T09:30:00+08:00' }] }) // 1001
 * @since 0.3.0
 */
export const historyLoop = (req: Obj): number => {
  const date = localDay(req.date)
  const { year, month } = yearMonthStarts(date)
  let inMonth = 0
  let inYear = 0
  const history: Obj[] | undefined = req.history
  if (history !== undefined)
    for (let i = 0; i < history.length; i++) {
      const e = history[i] as Obj
      const d = localDay(e.date)
      if (e.kind === 'inspection' && d <= date) {
        if (d >= month) inMonth++
        if (d >= year) inYear++
      }
    }
  return inMonth * 1000 + inYear
}

/** How the floor reads a history. @since 0.3.0 */
export interface FloorOptions {
  /**
   * Read the date of every event of the history, whatever the request (true), as a decoder of
   * untrusted input must and as issue 16's hand-written loop does, or only the dates of the events
   * a cap of the request counts (false, the default: the least a trusting function can read).
   */
  readonly everyDate?: boolean
}

/**
 * The floor for a policy's lists. `national` says whether the national floor's rules are in the
 * policy (cn-shandong extends cn-national).
 *
 * @example
 * const floor = makeFloor(vocabOf(policy.resolved.lists), policy.chain.includes('cn-national'))
 * floor(request) // { outcome: 'refusable', rule: 'street-meeting-cap' }
 * @since 0.1.0
 */
export const makeFloor = (vocab: Vocab, national: boolean, options: FloorOptions = {}): Floor => {
  const set = (id: string): ReadonlySet<unknown> => new Set(vocab[id] ?? [])
  const certKinds = set('certificate-kinds')
  const outside = set('outside-plaques')
  const banned = set('banned-indicators')
  const negative = set('negative-list')
  const veto = set('veto-indicators')
  const noLonger = set('certificates-no-longer-issued')
  const formalism = set('formalism-indicators')
  const publicity = set('publicity-indicators')

  // every event's day, read first when `everyDate` (a scratch array reused, as a hand-written loop would)
  let scratch = new Int32Array(256)
  const readDays = (history: Obj[] | undefined): Int32Array | undefined => {
    if (history === undefined) return undefined
    if (history.length > scratch.length) scratch = new Int32Array(history.length * 2)
    for (let i = 0; i < history.length; i++) scratch[i] = localDay((history[i] as Obj).date)
    return scratch
  }
  const everyDate = options.everyDate === true

  return (req) => {
    const days = everyDate ? readDays(req.history) : undefined
    const kind: string = req.kind
    const level: string | undefined = req.requester?.level
    const item: Obj | undefined = req.item
    const c: Obj | undefined = kind === 'certificate' ? req.certificate : undefined
    const indicators = kind === 'evaluation' ? req.evaluation?.indicators : kind === 'inspection' ? req.inspection?.indicators : undefined
    // ===== 100: forbidden (the province's first, then the floor's), then refusable =====
    if (c !== undefined && (c.legalLiability === true || c.jointEconomicLiability === true)) return R.sealLiability
    if (kind === 'plaque') {
      const p = req.plaque as Obj
      if (p.body === true && p.lawRequires !== true) return R.plaqueBody
      if (p.placement === 'inside' && p.roomAlreadyHasPlaque === true) return R.plaqueInsideSecond
    } else if (kind === 'form') {
      const f = req.form as Obj | undefined
      if (f?.paperLedger === true && f.campaign === true && f.campaignApproved !== true) return R.ledger
    } else if (kind === 'evaluation' && someIn(indicators, banned)) return R.bannedIndicators
    if (national) {
      if (kind === 'evaluation' && someIn(indicators, veto)) return R.veto
      if (c !== undefined && noLonger.has(c.kind)) return R.noLonger
      if (someIn(indicators, formalism)) return R.photos
      if (someIn(indicators, publicity)) return R.publicity
    }
    if (kind === 'plaque') {
      const p = req.plaque as Obj
      if (p.placement === 'outside' && !outside.has(p.name) && p.lawRequires !== true) return R.plaqueOutsideExtra
    }
    if (national && kind === 'task' && item !== undefined && (negative.has(item.id) || negative.has(item.name) || item.negativeList === true)) return R.negativeList
    // ===== 80: caps and procedure (the province's, then the floor's) =====
    const applies = capsOf(req)
    const exceeded = applies === 0 ? 0 : exceededCaps(req, applies, days)
    if (exceeded & DISTRICT_MEETINGS) return R.districtMeetingCap
    if (exceeded & STREET_MEETINGS) return R.streetMeetingCap
    if (exceeded & REGULAR_MEETINGS) return R.regularMeetingCap
    if (kind === 'meeting' && level === 'street-department' && req.meeting?.approvedByPrincipal !== true) return R.deptMeeting
    if (kind === 'inspection' && !STREET.has(level as string) && req.inspection?.target !== 'street') return R.deptInspects
    if (exceeded & STREET_INSPECTIONS) return R.streetInspectionCap
    const ev: Obj | undefined = kind === 'evaluation' ? req.evaluation : undefined
    const mandated = ev !== undefined && HIGH.has(ev.mandatedBy) && ev.mandatedByPartyOrGovernment === true
    if (ev !== undefined && !mandated && !(level === 'district' && ev.comprehensive === true)) return R.notComprehensive
    if (exceeded & DISTRICT_COMPREHENSIVE) return R.comprehensiveCap
    if (national) {
      if (ev !== undefined && ev.comprehensive === false) return R.separateEvaluation
      if (kind === 'meeting' && req.meeting?.direct === true && req.meeting.approvedByPartyHead !== true) return R.directMeeting
    }
    // ===== 70, 65: a certificate a law requires; outside the seal's scope =====
    const basis = typeof req.legalBasis === 'string' && req.legalBasis !== ''
    if (national && c !== undefined && c.lawRequires === true && basis) return R.requiredByLaw
    if (c !== undefined && c.verifiable === false) return R.sealOutside
    // ===== 60 =====
    if (item?.governmentDuty === true) return R.governmentDuty
    if (item?.quota === true) return R.quota
    if (national && c !== undefined && c.onRetainedList !== true && (c.lawRequires !== true || !basis)) return R.needsBasis
    // ===== 50: refusals, then duties, then what is allowed =====
    const a = req.approval as Obj | undefined
    const approved = a?.approved === true
    const expired = a?.validUntil !== undefined && localDay(a.validUntil) < localDay(req.date)
    const notYet = a?.validFrom !== undefined && localDay(a.validFrom) > localDay(req.date)
    const inForce = approved && !expired && !notYet
    const funded = approved && typeof a?.funds === 'number' && a.funds > 0 // funds count only on a granted approval
    const auth = a?.authorisation?.authority
    const noAuthority = a === undefined || typeof auth !== 'string' || auth.trim() === ''
    const assist = item?.assist === true
    const own = item?.statutoryDuty === true
    if (kind === 'task') {
      if (!assist && !own) {
        if (item?.residentsOwnAffair !== true && !approved) return R.unapproved
        if (approved && expired) return R.expired
        if (approved && notYet) return R.notYetValid
        if (inForce && !funded) return R.unfunded
        if (inForce && noAuthority) return R.noAuthority
      }
      if (national && !funded && (assist || item?.isNew === true || approved)) return R.assistNeedsFunds
      if (assist) return R.assistList
      if (!own && inForce && funded && !noAuthority) return R.approved
    }
    if (kind === 'plaque') {
      const p = req.plaque as Obj
      if (p.lawRequires === true && (p.body === true || (p.placement === 'outside' && !outside.has(p.name)))) return R.plaqueByLaw
    }
    if (item?.residentsOwnAffair === true) return R.ownAffair
    if (kind === 'plaque') {
      const p = req.plaque as Obj
      if (p.placement === 'outside' && outside.has(p.name) && p.body !== true) return R.plaqueOutside
      if (p.placement === 'inside' && p.roomAlreadyHasPlaque !== true && p.body !== true) return R.plaqueInside
    }
    if (c !== undefined && certKinds.has(c.kind) && c.verifiable !== false) return R.sealInScope
    // ===== 40: the floor's admissions =====
    if (national && kind === 'task') {
      if (item?.statutoryDuty === true) return R.statutoryDuty
      if (assist && inForce && funded) return R.assistFunded
      if (inForce && funded) return R.approvalFunded
    }
    // ===== 5: what a text allows without obliging =====
    if (applies & DISTRICT_MEETINGS) return R.districtMeeting
    if (applies & STREET_MEETINGS) return R.streetMeeting
    if (applies & REGULAR_MEETINGS) return R.regularMeeting
    if (applies & STREET_INSPECTIONS) return R.streetInspection
    if (mandated) return R.mandated
    if (applies & DISTRICT_COMPREHENSIVE) return R.comprehensive
    return R.catchAll
  }
}

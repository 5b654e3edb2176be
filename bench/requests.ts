import { addDays, seeded, type Random } from './random'

/**
 * The seeded request mix of the bench: tasks with categories on and off the pack's lists and
 * approvals valid, expired, not yet valid, refused or missing parts; certificates in and out of
 * scope; plaques; meetings, inspections and evaluations with 0..20 past events in and out of the
 * caps' windows; forms; yearly reviews. Every value a list can match is drawn from the pack's own
 * lists (names, ids and aliases), so each pack's rules see realistic facts.
 *
 * @module
 */

/** The items of a pack's lists, by list id: the names, ids and aliases a request may carry. */
export type Vocab = Readonly<Record<string, readonly string[]>>

/** Values on no list of any shipped pack. */
const OFF = {
  category: ['垃圾分类督导', '创建文明城市迎检', '人口普查入户', '防汛值守', '消防安全排查', '电信诈骗宣传'],
  certificate: ['收入证明', '亲子关系证明', '房屋产权证明', '学历证明', '在职证明', '居住证明'],
  plaque: ['综治中心', '妇女之家', '关工委', '科普e站', '调解室'],
  indicator: ['居民满意度', '服务时长', '活动次数', '矛盾化解率'],
  role: ['执法检查', '收缴费用', '信息采集审核'],
}

const LEVELS = ['central', 'national', 'province', 'city', 'district', 'street', 'street-department'] as const
const DEPARTMENTS = ['民政局', '公安分局', '住建局', '卫健委', '街道办事处', '司法所', '市场监管所', '城管执法局']

const fromLists = (v: Vocab, ids: readonly string[]): string[] => ids.flatMap((id) => v[id] ?? [])

/** Options of {@link generateRequests}. @since 0.1.0 */
export interface RequestMixOptions {
  readonly seed?: number
  /** the first and last request dates (default 2025-01-01 .. 2026-12-31: the current epoch of every pack) */
  readonly from?: string
  readonly days?: number
  /** the date of the i-th request instead of a random one in from .. from + days */
  readonly dateOf?: (i: number, r: Random) => string
  /**
   * give meetings, inspections, evaluations and forms a history of 0..20 events in plain dates
   * (true, the default), none (false), or every request a long history ('long': see
   * {@link longHistory})
   */
  readonly history?: boolean | 'long'
  /** how many communities the requests come from (default 3,200) */
  readonly communities?: number
  /** the id of the i-th request (default `req-<i>`) */
  readonly idOf?: (i: number) => string
}

/**
 * `n` seeded requests for a pack whose lists are `vocab`.
 *
 * @example
 * const reqs = generateRequests(10_000, vocabOf(policy), { seed: 1 })
 * @since 0.1.0
 */
export const generateRequests = (n: number, vocab: Vocab, options: RequestMixOptions = {}): Record<string, unknown>[] => {
  const r = seeded(options.seed ?? 20260301)
  const from = options.from ?? '2025-01-01'
  const days = options.days ?? 730
  const lists = {
    category: fromLists(vocab, ['assist-items', 'two-committee-duties', 'negative-list', 'negative-list-4', 'statutory-duties', 'assist-duties', 'community-functions']),
    certificate: fromLists(vocab, ['certificate-kinds', 'certificates-no-longer-issued', 'hospital-certificates', 'beijing-certificate-kinds', 'certificates-and-plaques']),
    plaque: fromLists(vocab, ['outside-plaques', 'certificates-and-plaques']),
    indicator: fromLists(vocab, ['veto-indicators', 'formalism-indicators', 'banned-indicators']),
    role: fromLists(vocab, ['assist-roles']),
    itemName: fromLists(vocab, ['negative-list']),
  }
  const choose = (on: readonly string[], off: readonly string[], pOn: number): string =>
    on.length > 0 && r.chance(pOn) ? r.pick(on) : r.pick(off)
  const out: Record<string, unknown>[] = []
  for (let i = 0; i < n; i++) {
    const date = options.dateOf !== undefined ? options.dateOf(i, r) : addDays(from, r.int(0, days - 1))
    const level = r.pick(LEVELS)
    const base: Record<string, unknown> = {
      id: options.idOf !== undefined ? options.idOf(i) : `req-${i}`,
      date,
      requester: { level, department: r.pick(DEPARTMENTS) },
      community: { id: `c${r.int(1, options.communities ?? 3200)}` },
    }
    const history = options.history === false ? (): Record<string, unknown> => ({}) : options.history === 'long' ? noHistory : pastEvents
    const roll = r.next()
    if (roll < 0.3) Object.assign(base, task(r, date, lists, choose))
    else if (roll < 0.45) Object.assign(base, certificate(r, lists, choose))
    else if (roll < 0.55) Object.assign(base, plaque(r, lists, choose))
    else if (roll < 0.75) Object.assign(base, meeting(r), history(r, date))
    else if (roll < 0.85) Object.assign(base, inspection(r, lists, choose), history(r, date))
    else if (roll < 0.95) Object.assign(base, evaluation(r, lists, choose), history(r, date))
    else Object.assign(base, form(r), history(r, date))
    if (options.history === 'long') {
      base.history = longHistory(r, date)
      // half the requests' own dates written as instants too
      if (r.chance(0.5)) base.date = instantOf(r, date)
    }
    out.push(base)
  }
  return out
}

type Lists = Record<'category' | 'certificate' | 'plaque' | 'indicator' | 'role' | 'itemName', string[]>
type Choose = (on: readonly string[], off: readonly string[], pOn: number) => string

const task = (r: Random, date: string, lists: Lists, choose: Choose): Record<string, unknown> => {
  const item: Record<string, unknown> = { category: choose(lists.category, OFF.category, 0.55), name: choose(lists.itemName, ['工作事项'], 0.08) }
  if (r.chance(0.3)) item.id = `item-${r.int(1, 40)}`
  if (r.chance(0.3)) item.assist = true
  if (r.chance(0.08)) item.statutoryDuty = true
  if (r.chance(0.04)) item.negativeList = true
  if (r.chance(0.05)) item.sunkByDocument = true
  if (r.chance(0.1)) item.governmentDuty = true
  if (r.chance(0.05)) item.quota = true
  if (r.chance(0.08)) item.residentsOwnAffair = true
  if (r.chance(0.2)) item.isNew = true
  if (r.chance(0.3)) item.onAnnualPlan = r.chance(0.7)
  if (r.chance(0.2)) item.temporaryApplication = true
  if (r.chance(0.05)) item.administrative = true
  if (r.chance(0.05)) item.dataCheckInternal = true
  if (r.chance(0.2)) item.districtArranged = true
  if (r.chance(0.4)) item.roles = [choose(lists.role, OFF.role, 0.8), ...(r.chance(0.3) ? [choose(lists.role, OFF.role, 0.7)] : [])]
  const out: Record<string, unknown> = { kind: 'task', item }
  const a = r.next()
  if (a < 0.55) {
    const approval: Record<string, unknown> = { approved: r.chance(0.85), id: `ap-${r.int(1, 999)}`, approvedBy: '区民政局' }
    const v = r.next()
    if (v < 0.6) {
      approval.validFrom = addDays(date, -r.int(0, 300))
      approval.validUntil = addDays(date, r.int(0, 300))
    } else if (v < 0.8) approval.validUntil = addDays(date, -r.int(1, 200)) // expired
    else if (v < 0.9) approval.validFrom = addDays(date, r.int(1, 60)) // not yet valid
    if (r.chance(0.75)) approval.funds = r.chance(0.9) ? r.int(1000, 50000) : 0
    const auth: Record<string, string> = {}
    for (const f of ['content', 'object', 'authority', 'timeLimit']) if (r.chance(0.85)) auth[f] = `${f}-text`
    approval.authorisation = auth
    out.approval = approval
  }
  if (r.chance(0.1)) out.legalBasis = '《中华人民共和国城市居民委员会组织法》'
  if (r.chance(0.05)) out.emergency = true
  if (r.chance(0.25) && item.id !== undefined) {
    const year = Number(date.slice(0, 4))
    const reviews = []
    for (let y = year - r.int(1, 3); y <= year; y++) {
      const respondents = r.int(10, 200)
      const satisfied = r.int(0, respondents)
      reviews.push({ itemId: item.id, year: y, respondents, satisfied, dissatisfied: r.int(0, respondents - satisfied) })
    }
    out.reviews = reviews
  }
  return out
}

const certificate = (r: Random, lists: Lists, choose: Choose): Record<string, unknown> => {
  const c: Record<string, unknown> = { kind: choose(lists.certificate, OFF.certificate, 0.7) }
  if (r.chance(0.08)) c.legalLiability = true
  if (r.chance(0.05)) c.jointEconomicLiability = true
  if (r.chance(0.2)) c.lawRequires = true
  if (r.chance(0.2)) c.verifiable = r.chance(0.5)
  if (r.chance(0.05)) c.onRetainedList = true
  return { kind: 'certificate', certificate: c, ...(r.chance(0.15) ? { legalBasis: '某条例第十二条' } : {}) }
}

const plaque = (r: Random, lists: Lists, choose: Choose): Record<string, unknown> => {
  const p: Record<string, unknown> = { placement: r.chance(0.5) ? 'outside' : 'inside', name: choose(lists.plaque, OFF.plaque, 0.5) }
  if (r.chance(0.2)) p.lawRequires = true
  if (r.chance(0.3)) p.roomAlreadyHasPlaque = true
  if (r.chance(0.15)) p.body = true
  return { kind: 'plaque', plaque: p }
}

const meetingDetail = (r: Random): Record<string, unknown> => {
  const m: Record<string, unknown> = {}
  if (r.chance(0.3)) m.regular = true
  if (r.chance(0.5)) m.approvedByPrincipal = r.chance(0.7)
  if (r.chance(0.3)) m.direct = true
  if (r.chance(0.3)) m.approvedByPartyHead = r.chance(0.6)
  if (r.chance(0.5)) m.attendees = r.pick(['head', 'workers', 'all'])
  return m
}

const reviewDetail = (r: Random, lists: Lists, choose: Choose, evaluation: boolean): Record<string, unknown> => {
  const v: Record<string, unknown> = {}
  if (r.chance(0.4)) v.mandatedBy = r.pick(LEVELS)
  if (v.mandatedBy !== undefined && r.chance(0.5)) v.mandatedByPartyOrGovernment = true
  if (evaluation && r.chance(0.55)) v.comprehensive = r.chance(0.75)
  if (r.chance(0.5)) v.onAnnualPlan = r.chance(0.7)
  if (r.chance(0.4)) v.indicators = [choose(lists.indicator, OFF.indicator, 0.4), ...(r.chance(0.5) ? [r.pick(OFF.indicator)] : [])]
  if (!evaluation && r.chance(0.5)) v.target = r.chance(0.7) ? 'community' : 'street'
  return v
}

const meeting = (r: Random): Record<string, unknown> => ({ kind: 'meeting', meeting: meetingDetail(r) })
const inspection = (r: Random, l: Lists, c: Choose): Record<string, unknown> => ({ kind: 'inspection', inspection: reviewDetail(r, l, c, false) })
const evaluation = (r: Random, l: Lists, c: Choose): Record<string, unknown> => ({ kind: 'evaluation', evaluation: reviewDetail(r, l, c, true) })
const form = (r: Random): Record<string, unknown> => {
  const f: Record<string, unknown> = {}
  if (r.chance(0.4)) f.paperLedger = true
  if (r.chance(0.4)) f.campaign = true
  if (r.chance(0.3)) f.campaignApproved = true
  return { kind: 'form', form: f }
}

/** 0..20 past events: many in the month before the request, more over the year before, some after it (not yet history). */
const pastEvents = (r: Random, date: string): Record<string, unknown> => {
  const n = r.int(0, 20)
  if (n === 0) return r.chance(0.5) ? { history: [] } : {}
  const h: Record<string, unknown>[] = []
  for (let i = 0; i < n; i++) {
    const w = r.next()
    const d = addDays(date, w < 0.45 ? -r.int(0, 30) : w < 0.9 ? -r.int(31, 400) : r.int(1, 30))
    const level = r.pick(['district', 'street', 'street', 'street-department', 'city'] as const)
    const k = r.next()
    const ev: Record<string, unknown> = { date: d, requester: { level } }
    if (k < 0.55) Object.assign(ev, { kind: 'meeting', meeting: { regular: r.chance(0.3) } })
    else if (k < 0.8) Object.assign(ev, { kind: 'inspection', inspection: {} })
    else if (k < 0.9) Object.assign(ev, { kind: 'evaluation', evaluation: { comprehensive: r.chance(0.5) } })
    else Object.assign(ev, { kind: 'form', form: {} })
    h.push(ev)
  }
  return { history: h }
}

const noHistory = (): Record<string, unknown> => ({})

/**
 * The local day `date` (Asia/Shanghai, UTC+8 all year since 1991: the zone of every shipped pack)
 * at a random time, written as an instant: with `+08:00` (or `+0800`), in UTC (`Z`), or in
 * another zone's offset (`-05:00`, `+09:00`, `+05:30`, `-08:00`), sometimes with a fraction of a
 * second or a space for `T`.
 * @since 0.1.0
 */
export const instantOf = (r: Random, date: string): string => {
  const local = Date.parse(`${date}T00:00:00Z`) + r.int(0, 86_399) * 1000
  const w = r.next()
  const off = w < 0.4 ? 480 : w < 0.75 ? 0 : r.pick([-300, 540, 330, -480])
  const wall = new Date(local - 480 * 60_000 + off * 60_000).toISOString()
  const frac = r.chance(0.2) ? wall.slice(19, 23) : ''
  const sep = r.chance(0.1) ? ' ' : 'T'
  const hm = (n: number): string => String(Math.floor(Math.abs(n) / 60)).padStart(2, '0') + ':' + String(Math.abs(n) % 60).padStart(2, '0')
  const zone = off === 0 ? 'Z' : `${off < 0 ? '-' : '+'}${r.chance(0.2) ? hm(off).replace(':', '') : hm(off)}`
  return `${wall.slice(0, 10)}${sep}${wall.slice(11, 19)}${frac}${zone}`
}

/**
 * What a portal sends from its database: a community's year of events, 0..200 of them (mean
 * 100), most over the year before the request, some in its month, a few after it (not yet
 * history); half written as plain dates, half as instants ({@link instantOf}).
 * @since 0.1.0
 */
export const longHistory = (r: Random, date: string): Record<string, unknown>[] => {
  const n = r.int(0, 200)
  const h: Record<string, unknown>[] = []
  for (let i = 0; i < n; i++) {
    const w = r.next()
    const d = addDays(date, w < 0.2 ? -r.int(0, 30) : w < 0.95 ? -r.int(31, 365) : r.int(1, 30))
    const level = r.pick(['district', 'street', 'street', 'street-department', 'city'] as const)
    const k = r.next()
    const ev: Record<string, unknown> = { date: r.chance(0.5) ? instantOf(r, d) : d, requester: { level } }
    if (k < 0.55) Object.assign(ev, { kind: 'meeting', meeting: { regular: r.chance(0.3) } })
    else if (k < 0.8) Object.assign(ev, { kind: 'inspection', inspection: {} })
    else if (k < 0.9) Object.assign(ev, { kind: 'evaluation', evaluation: { comprehensive: r.chance(0.5) } })
    else Object.assign(ev, { kind: 'form', form: {} })
    h.push(ev)
  }
  return h
}

/**
 * The vocabulary of a compiled policy's lists: every item's id, name and aliases.
 *
 * @since 0.1.0
 */
export const vocabOf = (lists: ReadonlyMap<string, { readonly items: readonly { readonly id: string; readonly item: unknown }[] }>): Vocab => {
  const out: Record<string, string[]> = {}
  for (const [id, l] of lists) {
    const xs: string[] = []
    for (const it of l.items) {
      const item = it.item as { name?: unknown; aliases?: unknown }
      xs.push(typeof item.name === 'string' && item.name !== '' ? item.name : it.id)
      if (Array.isArray(item.aliases)) for (const a of item.aliases) if (typeof a === 'string') xs.push(a)
      xs.push(it.id)
    }
    out[id] = xs
  }
  return out
}

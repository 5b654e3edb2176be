import type { Cited } from '../compile/citation'
import type { PolicyFingerprint } from '../compile/fingerprint'
import type { Outcome } from '../decode/pack-codec'
import type { Localized } from '../decode/pack-codec'
import type { Issue } from '../issues/issue'
import type { LocalDate } from '../time/local-date'

/**
 * What an audit reports: a finding for every violation, every malformed event and every event
 * that came too late to be judged, then a summary whose counts add up (nothing is lost silently).
 *
 * @module
 */

/** The cap window a violation exceeded: which cap, which stretch of dates, how many. @since 0.1.0 */
export interface FindingWindow {
  readonly cap: string
  /** the window's name for people: `2026`, `2026-03`, `2026-W09` */
  readonly label: string
  readonly start: LocalDate
  readonly end: LocalDate
  /** events in the window up to and including this one */
  readonly count: number
  readonly max: number
  /** the cap's name for people, as the pack gives it (e.g. 区级组织的会议（每年不超过2次）) @since 0.2.0 */
  readonly title?: Localized
  /** the clause that sets the cap (may differ from the rule that decided the event) @since 0.2.0 */
  readonly citation?: Cited
}

/** An event the policy says the community could refuse or must not accept. @since 0.1.0 */
export interface Violation {
  readonly type: 'violation'
  /** the event's line (1-based position in the input) */
  readonly line: number
  readonly id?: string
  readonly community: string
  /** the asking department (or its level when no department is given) */
  readonly department: string
  readonly level: string
  readonly kind: string
  /** the event's local date in the policy's time zone */
  readonly date: LocalDate
  readonly outcome: Extract<Outcome, 'refusable' | 'forbidden'>
  /** the rule that decided */
  readonly rule: string
  readonly pack: string
  readonly citation: Cited
  /** the cap windows this event exceeded, if any */
  readonly windows: readonly FindingWindow[]
}

/** A line that is not an event: reported and skipped. @since 0.1.0 */
export interface Malformed {
  readonly type: 'malformed'
  readonly line: number
  /** the reason, in English, one line */
  readonly reason: string
  readonly issues: readonly Issue[]
}

/**
 * An event dated before events of its community that were already judged (beyond the reorder
 * window): reported, not judged, because the events judged before it did not count it. It still
 * counts in the caps of the events judged after it.
 *
 * @since 0.1.0
 */
export interface OutOfOrder {
  readonly type: 'out-of-order'
  readonly line: number
  readonly community: string
  readonly date: LocalDate
  /** the latest date already judged for the community */
  readonly judgedThrough: LocalDate
}

/** One finding of an audit. @since 0.1.0 */
export type Finding = Violation | Malformed | OutOfOrder

/** The counts of an audit: `read = skipped + judged + late`. @since 0.1.0 */
export interface AuditSummary {
  readonly policy: string
  /** the pack chain that decided, with versions and content hashes (absent when there was no policy) */
  readonly fingerprint?: PolicyFingerprint
  /** non-blank lines or values read */
  readonly read: number
  /** blank lines (not events, not counted in `read`) */
  readonly blank: number
  /** malformed, reported and skipped */
  readonly skipped: number
  /** decided by the policy */
  readonly judged: number
  /** too late to judge, reported */
  readonly late: number
  /** judged refusable or forbidden */
  readonly violations: number
  /** violations by deciding rule */
  readonly byRule: Readonly<Record<string, number>>
  readonly communities: number
  /** the most events held at once (reorder buffers and open windows), across all communities */
  readonly peakHeld: number
}

/** Options of an audit. @since 0.1.0 */
export interface AuditOptions {
  /**
   * Days of disorder tolerated per community (default 7): events are held and sorted by date
   * until the community's latest date is more than this many days past them. An event older than
   * what was already judged is reported as out of order.
   */
  readonly reorderDays?: number
  /**
   * Give every event its community's whole open windows as history (default false). By default,
   * when the policy's rules read of the caps only whether a request is counted (`applies`) and
   * whether it exceeds (`exceeded`), an event gets only the past events of the caps it is itself
   * counted by: the decision is the same, and evaluate has less history to read.
   */
  readonly fullHistory?: boolean
}

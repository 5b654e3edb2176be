import type { Cited } from '../compile/citation'
import type { Localized, Obligation, Outcome, Redirect } from '../decode/pack-codec'
import type { RuleRef } from '../compile/compile'
import type { LocalDate } from '../time/local-date'

/**
 * A decision: small, plain data (Cedar's idea). The outcome, the rule that decided, every rule
 * that fired, and what follows. `explain` turns it into a tree and text.
 *
 * @since 0.1.0
 */
export interface Decision {
  readonly outcome: Outcome
  /** the rule that decided */
  readonly decidedBy: RuleRef
  /** every rule that fired, in precedence order (the deciding one first) */
  readonly fired: readonly RuleRef[]
  /**
   * the message of each rule of `fired`, at the same index, in both languages, its
   * `{placeholders}` filled from this request (each filled value made inert: no line breaks,
   * control or bidirectional characters): the text to show and to store. `messages[0]` is the
   * deciding rule's.
   */
  readonly messages: readonly Localized[]
  /** rules that fired but did not decide (the losers) */
  readonly overruled: readonly RuleRef[]
  /** where the matter belongs instead, if anywhere */
  readonly redirect?: Redirect
  /** what holds: from every fired rule whose outcome is the decision's */
  readonly obligations: readonly Obligation[]
  /** the citations of the fired rules, the deciding one first, without repeats */
  readonly citations: readonly Cited[]
  /** the request's date in the policy's time zone */
  readonly date: LocalDate
  /** the policy (leaf pack id) and the stretch of dates whose rules applied */
  readonly policy: { readonly id: string; readonly epoch: { readonly start?: LocalDate; readonly end?: LocalDate } }
}

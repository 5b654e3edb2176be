/**
 * `zhunru/impact`: what a policy change does. {@link impact} replays recorded requests under the
 * policy before and after a change and reports every decision that changes; {@link diffPolicies}
 * lists what changed between two versions of a pack (rules, caps, lists). Browser-safe, kept out
 * of the root entry (the browser core's size budget).
 *
 * @module
 */
export { impact, impactAll, judgeRequest, createTally, type ImpactRun, type ImpactRow, type ImpactChange, type ImpactMalformed, type ImpactSide, type ImpactClause, type ImpactGroup, type ImpactSummary, type ImpactOptions, type ImpactTally, type NamedCount } from './impact'
export { diffPolicies, type PolicyDiff, type EntryChange, type FieldChange, type DiffPlace, type ItemChange } from '../diff/diff'
export { diffWitness, type DiffWitness } from '../diff/witness'
export { renderDiff, type LineOf } from '../diff/render-diff'
export { eventsToRequests } from './events'

/**
 * zhunru/record: decision records, what a portal stores so that a decision can be explained and
 * checked later (see docs/decisions.md). Browser-safe; a subpath of its own because it reads
 * stored records with io-ts, which the browser core leaves out.
 *
 * @module
 */
export {
  toRecord,
  decodeRecord,
  explainRecord,
  replayRecord,
  RECORD_FORMAT,
  type DecisionRecord,
  type RecordedDecision,
  type RecordedRule,
  type RecordOptions,
  type RecordDifference,
  type Replay,
} from './record'

import { issue, showValue, type Issue } from './issue'

/**
 * Numeric options of the API (whatIf's budgets, audit's reorder window, request limits): a whole
 * number within a range, or an issue. NaN, ±Infinity, fractions and values out of range are
 * refused, never clamped or taken as "no limit".
 *
 * @module
 */

/** An issue when `value` (if given) is not a whole number from `min` to `max`. */
export const checkWhole = (name: string, value: unknown, min: number, max: number): Issue[] =>
  value === undefined || (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max)
    ? []
    : [issue('request/invalid', '', { expected: `${name}: a whole number from ${min} to ${max}`, received: showValue(value) })]

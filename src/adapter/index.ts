/**
 * zhunru's json-rules-engine entry (`zhunru/json-rules-engine`): `evaluateAsync`, for policies
 * with async facts or operators. Kept out of the browser core: json-rules-engine and its
 * dependencies weigh more than the core itself.
 *
 * @module
 */
export { evaluateAsync, type AsyncOptions } from './json-rules-engine'

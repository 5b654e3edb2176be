/**
 * The io-ts codecs of packs, requests and case files, for tools (the JSON Schema generator).
 *
 * @module
 */
export * from './pack-codec'
export * from './request-codec'
export { Condition, TopCondition } from './condition-codec'

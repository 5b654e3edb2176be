/**
 * JSON Schemas for editors, generated from the io-ts codecs.
 *
 * @module
 */
export { codecToSchema, type CustomSchemas, type JsonSchema } from './from-codec'
export { CONDITION_SCHEMAS } from './condition-schema'
export { casesSchema, packSchema } from './pack-schemas'

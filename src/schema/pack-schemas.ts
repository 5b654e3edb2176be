import type * as E from 'fp-ts/lib/Either.js'
import { Pack } from '../decode/pack-codec'
import { CaseFile } from '../testing/cases'
import { CONDITION_SCHEMAS } from './condition-schema'
import { codecToSchema, type JsonSchema } from './from-codec'

/**
 * The JSON Schemas zhunru ships for editors: pack files and case files, generated from the io-ts
 * codecs (`schemas/pack.schema.json`, `schemas/cases.schema.json`, written by
 * `npx tsx scripts/schemas.ts`).
 *
 * @module
 */

/**
 * The JSON Schema of a pack file.
 *
 * @example
 * packSchema() // Right({ $ref: '#/$defs/Pack', $defs: { Pack, Rule, Citation, Condition, ... } })
 * @since 0.1.0
 */
export const packSchema = (): E.Either<string[], JsonSchema> =>
  codecToSchema(Pack, { title: 'zhunru 规则包 / rule pack', custom: CONDITION_SCHEMAS })

/**
 * The JSON Schema of a case file.
 *
 * @example
 * casesSchema() // Right({ $ref: '#/$defs/CaseFile', ... })
 * @since 0.1.0
 */
export const casesSchema = (): E.Either<string[], JsonSchema> =>
  codecToSchema(CaseFile, { title: 'zhunru 测试用例 / case file', custom: CONDITION_SCHEMAS })

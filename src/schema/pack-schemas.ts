import * as E from 'fp-ts/lib/Either.js'
import { Pack } from '../decode/pack-codec'
import { Request } from '../decode/request-codec'
import { CaseFile } from '../testing/cases'
import { CONDITION_SCHEMAS } from './condition-schema'
import { describeSchema } from './descriptions'
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
  E.map(describeSchema)(codecToSchema(Pack, { title: 'zhunru 规则包 / rule pack', custom: CONDITION_SCHEMAS }))

/**
 * The JSON Schema of a case file. A case's `request` is checked against the request schema, so
 * that an editor marks a misspelt field; a case whose `expect` names `issues` holds a malformed
 * request on purpose, and its request is left open (`if`/`then`/`else`).
 *
 * @example
 * casesSchema() // Right({ $ref: '#/$defs/CaseFile', $defs: { CaseFile, Case, Expect, Request, ... } })
 * @since 0.1.0
 */
export const casesSchema = (): E.Either<string[], JsonSchema> => {
  const cases = codecToSchema(CaseFile, { title: 'zhunru 测试用例 / case file', custom: CONDITION_SCHEMAS })
  const request = codecToSchema(Request, { custom: CONDITION_SCHEMAS })
  if (E.isLeft(cases)) return cases
  if (E.isLeft(request)) return request
  const defs = { ...(request.right.$defs as Record<string, JsonSchema>), ...(cases.right.$defs as Record<string, JsonSchema>) }
  const c = defs.Case as { properties: Record<string, JsonSchema> }
  defs.Case = {
    ...c,
    properties: { ...c.properties, request: {} },
    if: { required: ['expect'], properties: { expect: { required: ['issues'] } } },
    then: {},
    else: { properties: { request: { $ref: '#/$defs/Request' } } },
  }
  return E.right(describeSchema({ ...cases.right, $defs: Object.fromEntries(Object.entries(defs).sort((a, b) => a[0].localeCompare(b[0]))) }))
}

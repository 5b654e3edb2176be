/**
 * zhunru's Node entry: loading packs and case files from disk.
 *
 * @module
 */
export * from './load'
export { auditFile, type AuditFileOptions, type AuditFileResult } from './audit-file'
export type { AuditFormat } from './audit-format'
export { impactFile, type ImpactFileOptions, type ImpactFileResult } from './impact-file'
export { readRequests, type ReadRequestsOptions, type RequestSource } from './impact-read'
export * from '../index'
// YAML text and async evaluation, which the browser core leaves out (an explicit export wins over `export *`)
export { compile, parseText, locate, type ParsedText, type Positions } from '../text/index'
export { evaluateAsync, type AsyncOptions } from '../adapter/index'
export { loadPackVersions, policyInForce, policyOf, type PackVersion, type VersionOptions } from './versions'

/**
 * zhunru's Node entry: loading packs and case files from disk.
 *
 * @module
 */
export * from './load'
export * from '../index'

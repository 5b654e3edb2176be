/**
 * zhunru's testing entry (`zhunru/testing`): case files legal staff write beside a pack, and the
 * runner that checks them against a compiled policy. The runner returns data; reporters render it.
 *
 * @module
 */
export * from './cases'

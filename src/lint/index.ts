/**
 * `zhunru lint`: static checks of packs, as data.
 *
 * @module
 */
export { LINT_CODES, type LintCode } from './codes'
export { LINT_EN, LINT_ZH_CN } from './catalog'
export { findingHelp, findingMessage, formatFinding, fromIssue, isWarning, type LintFinding } from './finding'
export { lintPolicy, type LintOptions } from './lint-policy'
export { rawChecks } from './raw-checks'
export { lintSources, type LintSource } from './lint-sources'

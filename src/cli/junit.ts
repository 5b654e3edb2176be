import { describePolicy } from '../compile/fingerprint'
import type { FileResult } from './test'

/**
 * Case results as JUnit XML, for CI systems: one `<testsuite>` per case file, one `<testcase>`
 * per case, a `<failure>` with the differences, an `<error>` for a file that could not be read.
 *
 * @module
 */

/** characters XML 1.0 cannot carry (control characters other than tab, newline, return) */
const invalidXml = (c: string): boolean => {
  const n = c.charCodeAt(0)
  return n < 0x20 && n !== 0x09 && n !== 0x0a && n !== 0x0d
}

const esc = (s: string): string =>
  [...s].filter((c) => !invalidXml(c)).join('').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** JUnit XML of case results. @since 0.1.0 */
export const renderJunit = (files: readonly FileResult[]): string => {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>']
  const tests = files.reduce((n, f) => n + Math.max(1, f.results.length), 0)
  const failures = files.reduce((n, f) => n + f.results.filter((r) => !r.pass).length, 0)
  const errors = files.filter((f) => f.issues.length > 0).length
  out.push(`<testsuites name="zhunru" tests="${tests}" failures="${failures}" errors="${errors}">`)
  for (const f of files) {
    const fail = f.results.filter((r) => !r.pass).length
    out.push(`  <testsuite name="${esc(f.file)}" tests="${Math.max(1, f.results.length)}" failures="${fail}" errors="${f.issues.length > 0 ? 1 : 0}">`)
    // the pack chain that decided, with versions and content hashes
    if (f.policy !== undefined)
      out.push(
        `    <properties><property name="zhunru.policy" value="${esc(describePolicy(f.policy.fingerprint))}"/><property name="zhunru.policy.hash" value="${f.policy.fingerprint.hash}"/></properties>`,
      )
    if (f.issues.length > 0)
      out.push(`    <testcase name="${esc(f.file)}" classname="${esc(f.pack ?? '')}"><error message="${esc(f.issues.map((i) => i.code).join(', '))}">${esc(JSON.stringify(f.issues, null, 2))}</error></testcase>`)
    for (const r of f.results) {
      const head = `    <testcase name="${esc(r.name)}" classname="${esc(f.pack ?? '')}"`
      if (r.pass) out.push(`${head}/>`)
      else {
        const msg = r.diffs.map((d) => `${d.field}: expected ${JSON.stringify(d.expected)}, actual ${JSON.stringify(d.actual)}`).join('\n')
        out.push(`${head}><failure message="${esc(r.diffs.map((d) => d.field).join(', '))}">${esc(msg)}</failure></testcase>`)
      }
    }
    out.push('  </testsuite>')
  }
  out.push('</testsuites>')
  return out.join('\n')
}

/* global console */
// A Node ESM consumer of the published package: every entry, as a portal would use it.
// Run by test/packaging.test.ts against the packed tarball installed in a temp dir (see ../README.md),
// with npm, pnpm and yarn: it imports only zhunru, the one package a portal installs.
import assert from 'node:assert/strict'
import { compile, evaluate, explain, formatIssues, isLeft, isRight } from 'zhunru'
import { bundledChain, BUNDLED_PACK_IDS } from 'zhunru/packs'
import { loadPolicy, readDataFile, bundledRulesDir } from 'zhunru/node'
import { decodeCaseFile, runCases } from 'zhunru/testing'

const request = {
  id: 'demo-1',
  kind: 'certificate',
  date: '2026-03-02',
  community: { id: 'jinan-lixia-quancheng', name: '泉城社区' },
  requester: { level: 'district', department: '某区某单位' },
  certificate: { kind: '无犯罪记录证明' },
}

// 1. the bundled packs as data (what a browser does): no file system, no YAML
assert.ok(BUNDLED_PACK_IDS.includes('cn-shandong'))
const chain = bundledChain('cn-shandong')
assert.ok(isRight(chain), 'bundledChain')
const policy = compile(chain.right)
if (isLeft(policy)) throw new Error(formatIssues(policy.left, 'en'))
const decision = evaluate(policy.right, request)
assert.ok(isRight(decision), 'evaluate')
assert.equal(decision.right.outcome, 'forbidden')
assert.equal(decision.right.decidedBy.id, 'certificate-no-longer-issued')
const text = explain(decision.right, { locale: 'zh-CN' })
assert.ok(isRight(text) && text.right.text.includes('不应由基层群众性自治组织出具证明事项清单') && text.right.text.includes('[报道转述]'), 'explanation quotes the clause, with its provenance')

// 2. the same pack from the shipped YAML files (Node entry)
const loaded = loadPolicy('cn-shandong')
assert.ok(isRight(loaded), 'loadPolicy from the installed rules/')
const again = evaluate(loaded.right, request)
assert.ok(isRight(again))
assert.equal(again.right.outcome, decision.right.outcome)

// 3. the shipped cases, run with the testing entry
const file = readDataFile(`${bundledRulesDir()}/cn-shandong/cases/seal.yaml`)
assert.ok(isRight(file), 'shipped case file')
const cases = decodeCaseFile(file.right)
assert.ok(isRight(cases))
const results = runCases(loaded.right, cases.right.cases)
const failed = results.filter((r) => !r.pass)
assert.deepEqual(failed.map((r) => r.name), [])

// 4. bad input is data, never a throw
const bad = evaluate(policy.right, { kind: 'spaceship' })
assert.ok(isLeft(bad) && bad.left.length > 0)

console.log(`esm consumer ok: ${decision.right.outcome} by ${decision.right.decidedBy.id}; ${results.length} shipped cases pass`)

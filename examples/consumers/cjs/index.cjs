// A Node CommonJS consumer of the published package (require, no bundler).
// Run by test/packaging.test.ts against the packed tarball installed in a temp dir (see ../README.md),
// with npm, pnpm and yarn: it requires only zhunru, the one package a portal installs.
'use strict'
const assert = require('node:assert/strict')
const { compile, evaluate, explain, formatIssues, isLeft, isRight, ISSUE_CODES } = require('zhunru')
const { bundledChain } = require('zhunru/packs')
const { loadPolicy } = require('zhunru/node')
const { runCase } = require('zhunru/testing')

const request = {
  id: 'demo-2',
  kind: 'certificate',
  date: '2026-03-02',
  community: { id: 'jinan-lixia-quancheng', name: '泉城社区' },
  requester: { level: 'district', department: '某区某单位' },
  certificate: { kind: '无犯罪记录证明' },
}

const chain = bundledChain('cn-shandong')
assert.ok(isRight(chain), 'bundledChain')
const policy = compile(chain.right)
if (isLeft(policy)) throw new Error(formatIssues(policy.left, 'en'))
const decision = evaluate(policy.right, request)
assert.ok(isRight(decision))
assert.equal(decision.right.outcome, 'forbidden')
assert.ok(decision.right.messages[0]['zh-CN'].includes('「无犯罪记录证明」'), 'the deciding message, filled')
const en = explain(decision.right, { locale: 'en' })
assert.ok(isRight(en) && en.right.text.startsWith('Decision: it must not be done by or demanded of the community (forbidden)'))

// the Node entry finds the shipped rules/ from a CommonJS build too
const loaded = loadPolicy('cn-national')
assert.ok(isRight(loaded), 'loadPolicy(cn-national)')
const unknown = loadPolicy('cn-atlantis')
assert.ok(isLeft(unknown) && unknown.left[0].code === 'load/not-found')
assert.ok(ISSUE_CODES.includes('load/not-found'))

const result = runCase(policy.right, { name: 'seal', request, expect: { outcome: 'forbidden', decidedBy: 'certificate-no-longer-issued' } })
assert.equal(result.pass, true)

console.log(`cjs consumer ok: ${decision.right.outcome} by ${decision.right.decidedBy.id}`)

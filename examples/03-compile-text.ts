// 03: compile a pack from text (what a browser does), see every mistake at once, then fix it.
// Run: npx tsx examples/03-compile-text.ts
import * as E from 'fp-ts/lib/Either.js'
import { evaluate, formatIssues } from '../src/node/index'
import { compile } from '../src/text/index' // YAML text: zhunru/text

const pack = (outcome: string) => `
id: demo-street
title: { zh-CN: 示例, en: Example }
jurisdiction: { level: street, name: { zh-CN: 示例街道, en: Example street } }
documents: [{ id: 003_c54786b6107780e0.txt, title: 十项规定, provenance: official, file: 003_c54786b6107780e0.txt }]
rules:
  - id: catch-all
    outcome: ${outcome}
    priority: 1
    conditions: { all: [] }
    citation: { source: 003_c54786b6107780e0.txt, article: 二, quote: 實(shí)行準(zhǔn)入審批制度 }
    message: { zh-CN: 未经准入审批，社区有权拒绝。, en: Not admitted; the community may refuse. }
`
const bad = compile({ text: pack('refuse'), file: 'demo.yaml' })
if (E.isLeft(bad)) console.log(formatIssues(bad.left, 'en'))

const good = compile({ text: pack('refusable'), file: 'demo.yaml' })
if (E.isRight(good)) {
  const d = evaluate(good.right, { kind: 'task', date: '2026-03-01', requester: { level: 'district' } })
  if (E.isRight(d)) console.log(d.right.outcome)
}

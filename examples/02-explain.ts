// 02: explain a decision to a clerk, in Chinese and in English.
// Run: npx tsx examples/02-explain.ts
import * as E from 'fp-ts/lib/Either.js'
import { evaluate, explain, formatIssues } from '../src/node/index'
import { loadPolicy } from '../src/node/load'

const policy = loadPolicy('cn-shandong')
if (E.isLeft(policy)) throw new Error(formatIssues(policy.left, 'en'))

const street = { level: 'street' as const, department: '泉城路街道办事处' }
const decision = evaluate(policy.right, {
  kind: 'inspection',
  date: '2026-03-20',
  requester: street,
  inspection: { target: 'community' },
  // three inspections earlier this month: this is the fourth
  history: ['2026-03-02', '2026-03-09', '2026-03-16'].map((date) => ({ kind: 'inspection' as const, date, requester: street })),
})
if (E.isLeft(decision)) throw new Error(formatIssues(decision.left, 'en'))

for (const locale of ['zh-CN', 'en'] as const) {
  const x = explain(decision.right, { locale })
  if (E.isRight(x)) console.log(x.right.summary)
}

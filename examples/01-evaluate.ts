// 01: load a bundled pack, decide a request, print the outcome and the deciding rule.
// Run: npx tsx examples/01-evaluate.ts
import * as E from 'fp-ts/lib/Either.js'
import { evaluate, formatIssues } from '../src/node/index'
import { loadPolicy } from '../src/node/load'

const policy = loadPolicy('cn-shandong') // Shandong's Ten Provisions on the national floor
if (E.isLeft(policy)) throw new Error(formatIssues(policy.left, 'en'))

const decision = evaluate(policy.right, {
  kind: 'certificate',
  date: '2026-03-02',
  requester: { level: 'district', department: '某区某单位' },
  certificate: { kind: '无犯罪记录证明' },
})
if (E.isLeft(decision)) throw new Error(formatIssues(decision.left, 'en'))

const d = decision.right
const c = d.decidedBy.citation
console.log(`${d.outcome} by ${d.decidedBy.id} (${d.decidedBy.pack}), citing ${c.document.title} ${c.article} (${c.provenance})`)

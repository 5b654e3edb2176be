/**
 * Where a long-history request's time goes, stage by stage, in CPU time (which a loaded machine
 * disturbs less than the wall clock): the generated validator alone, reading every date of the
 * request and its history, `decodeRequest` (both, and the loop that reads the dates), and
 * `evaluate`. Runs the source (under tsx) on the bench's long-history mix for cn-shandong, the
 * requests as the generator makes them and as `JSON.parse` gives them; best of the rounds.
 *
 *   npx tsx bench/history-phases.ts [rounds=25]
 */
import * as E from 'fp-ts/lib/Either.js'
import { isRequest } from '../src/decode/request-validator.generated'
import { decodeRequest } from '../src/decode/decode-request'
import { evaluate } from '../src/evaluate/evaluate'
import { loadPolicy } from '../src/node/index'
import { dateReader } from '../src/time/local-date'
import { generateRequests, vocabOf } from './requests'

const ROUNDS = Number(process.argv[2] ?? 25)
const p = loadPolicy('cn-shandong')
if (E.isLeft(p)) throw new Error('cn-shandong does not load')
const policy = p.right
type Req = { date?: unknown; history?: { date?: unknown }[] }
const made = generateRequests(600, vocabOf(policy.resolved.lists), { seed: 20261206, history: 'long' }) as Req[]
const mixes: Record<string, Req[]> = { 'as generated': made, 'from JSON.parse': JSON.parse(JSON.stringify(made)) as Req[] }
const read = dateReader(policy.timeZone)
const events = made.reduce((n, r) => n + (r.history?.length ?? 0), 0) / made.length
for (const [name, reqs] of Object.entries(mixes)) {
  const stages: Record<string, () => number> = {
    validate: () => reqs.filter((r) => isRequest(r, policy.limits.maxStringLength)).length,
    'read dates': () => {
      let n = 0
      for (const r of reqs) {
        if (read(r.date) !== undefined) n++
        for (const e of r.history ?? []) if (read(e.date) !== undefined) n++
      }
      return n
    },
    decodeRequest: () => reqs.filter((r) => E.isRight(decodeRequest(r, policy.timeZone, policy.limits))).length,
    evaluate: () => reqs.filter((r) => E.isRight(evaluate(policy, r))).length,
  }
  const best: Record<string, number> = {}
  for (let round = 0; round < ROUNDS; round++)
    for (const [stage, f] of Object.entries(stages)) {
      const c = process.cpuUsage()
      f()
      const u = process.cpuUsage(c)
      best[stage] = Math.min(best[stage] ?? Infinity, (u.user + u.system) / reqs.length)
    }
  console.log(`${name} (${reqs.length} requests, ${events.toFixed(1)} events each on average), CPU, best of ${ROUNDS}:`)
  for (const [stage, v] of Object.entries(best))
    console.log(`  ${stage.padEnd(14)} ${v.toFixed(2).padStart(7)} µs a request  ${((v * 1000) / events).toFixed(0).padStart(4)} ns an event`)
}

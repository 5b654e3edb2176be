/**
 * Two builds of zhunru side by side in one process, on the same requests, alternating rounds:
 * what a change is worth when the shared machine's load moves too much for two separate runs
 * to compare. Each build is a folder with dist/ (and rules/ for loadPolicy).
 *
 *   npx tsx bench/compare-builds.ts /path/to/old /path/to/new [pack=cn-shandong] [rounds=15]
 *
 * Prints, per build, the best and median µs per request over the rounds on the short mix and on
 * the long-history mix (bench/requests.ts), and on the long mix without histories: wall time and
 * the process's CPU time (process.cpuUsage), which a loaded machine disturbs less.
 */
import * as E from 'fp-ts/lib/Either.js'
import { loadBuild } from './load-build'
import { generateRequests, vocabOf } from './requests'

const [a, b] = process.argv.slice(2, 4) as [string, string]
const pack = process.argv[4] ?? 'cn-shandong'
const ROUNDS = Number(process.argv[5] ?? 15)
const builds = [await loadBuild(a, pack), await loadBuild(b, pack)]
const vocab = vocabOf(builds[0]!.policy.resolved.lists)
const mixes = {
  short: generateRequests(5_000, vocab, { seed: 20260301 }),
  long: generateRequests(600, vocab, { seed: 20261206, history: 'long' }),
} as Record<string, Record<string, unknown>[]>
mixes.bare = (mixes.long as Record<string, unknown>[]).map((r) => ({ ...r, history: [] }))
const times: Record<string, number[]> = {}
// CPU time as well as wall time: on a loaded machine the wall clock counts the time the process
// waited for a CPU, its CPU time (much) less so
const cpu: Record<string, number[]> = {}
for (let round = 0; round < ROUNDS; round++)
  for (const [name, reqs] of Object.entries(mixes))
    for (const [k, bld] of (round % 2 === 0 ? builds : [...builds].reverse()).entries()) {
      void k
      const t = performance.now()
      const c = process.cpuUsage()
      let ok = 0
      for (const r of reqs) if (E.isRight(bld.z.evaluate(bld.policy, r))) ok++
      const per = ((performance.now() - t) * 1000) / reqs.length
      const used = process.cpuUsage(c)
      if (ok !== reqs.length) throw new Error(`${bld.dir} ${name}: ${reqs.length - ok} issues`)
      ;(times[`${name} ${bld.dir}`] ??= []).push(per)
      ;(cpu[`${name} ${bld.dir}`] ??= []).push((used.user + used.system) / reqs.length)
    }
const sorted = (xs: number[]): number[] => [...xs].sort((x, y) => x - y)
for (const [k, xs] of Object.entries(times)) {
  const s = sorted(xs)
  const c = sorted(cpu[k] ?? [])
  console.log(
    `${k.padEnd(60)} best ${s[0]!.toFixed(2)} µs, median ${s[Math.floor(s.length / 2)]!.toFixed(2)} µs;` +
      ` CPU best ${c[0]!.toFixed(2)} µs, median ${c[Math.floor(c.length / 2)]!.toFixed(2)} µs`,
  )
}

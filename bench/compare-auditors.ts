/**
 * Two builds' auditors side by side in one process, on the same NDJSON lines held in memory,
 * alternating rounds: what a change to the audit's per-event path is worth when the shared
 * machine's load moves too much for two separate runs to compare. Each build is a folder with
 * dist/ (and rules/ for loadPolicy), as for bench/compare-builds.ts.
 *
 *   npx tsx scripts/gen-events.ts 200000 --out /tmp/events-200k.ndjson
 *   npx tsx bench/compare-auditors.ts /path/to/old /path/to/new /tmp/events-200k.ndjson [rounds=6] [pack=cn-shandong]
 *
 * Each round feeds every line to `createAuditor` (one thread, findings counted, not written) on
 * each build, the order alternating; prints per build the best and median CPU seconds
 * (process.cpuUsage) and wall seconds. Before timing, each build's findings and summary are
 * serialised as NDJSON once and their SHA-256 printed: the two must agree.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { loadBuild } from './load-build'

const [a, b, file] = process.argv.slice(2, 5) as [string, string, string]
const ROUNDS = Number(process.argv[5] ?? 6)
const pack = process.argv[6] ?? 'cn-shandong'
const builds = [await loadBuild(a, pack), await loadBuild(b, pack)]
const lines = readFileSync(file, 'utf8').split('\n')
if (lines.at(-1) === '') lines.pop()

const auditOnce = (bld: (typeof builds)[number], emit: (f: unknown) => void): unknown => {
  const au = bld.z.createAuditor(bld.policy)
  for (const l of lines) au.push(l, emit)
  au.end(emit)
  return au.summary()
}
const hashes = builds.map((bld) => {
  const h = createHash('sha256')
  let n = 0
  const s = auditOnce(bld, (f) => {
    n++
    h.update(JSON.stringify(f) + '\n')
  })
  h.update(JSON.stringify(s))
  const hex = h.digest('hex')
  console.log(`${bld.dir.padEnd(40)} ${n} findings, sha256 ${hex}`)
  return hex
})
if (hashes[0] !== hashes[1]) throw new Error('the two builds disagree')

const cpu: Record<string, number[]> = {}
const wall: Record<string, number[]> = {}
for (let round = 0; round < ROUNDS; round++)
  for (const bld of round % 2 === 0 ? builds : [...builds].reverse()) {
    let n = 0
    const t = performance.now()
    const c = process.cpuUsage()
    auditOnce(bld, () => {
      n++
    })
    const used = process.cpuUsage(c)
    ;(wall[bld.dir] ??= []).push((performance.now() - t) / 1000)
    ;(cpu[bld.dir] ??= []).push((used.user + used.system) / 1e6)
    void n
  }
const sorted = (xs: number[]): number[] => [...xs].sort((x, y) => x - y)
for (const bld of builds) {
  const c = sorted(cpu[bld.dir] ?? [])
  const w = sorted(wall[bld.dir] ?? [])
  console.log(
    `${bld.dir.padEnd(40)} CPU best ${c[0]!.toFixed(3)} s, median ${c[Math.floor(c.length / 2)]!.toFixed(3)} s;` +
      ` wall best ${w[0]!.toFixed(3)} s, median ${w[Math.floor(w.length / 2)]!.toFixed(3)} s (${lines.length} lines; all CPU: ${c.map((x) => x.toFixed(2)).join(' ')})`,
  )
}

/**
 * `npm run bench:profile`: where evaluate spends its time on the Shandong request mix. Runs
 * evaluate on the built package (dist/) for a few seconds under `node --cpu-prof` in a child
 * process and prints the 15 functions with the most self time (file:line in dist/index.js).
 *
 *   npx tsup && npx tsx bench/profile.ts [seconds] [top]
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import * as E from 'fp-ts/lib/Either.js'
import { generateRequests, vocabOf } from './requests'

const here = dirname(fileURLToPath(import.meta.url))
const dist = join(here, '..', 'dist')
const seconds = Number(process.argv[2] ?? 4)
const top = Number(process.argv[3] ?? 15)

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }
}

if (process.argv.includes('--child')) {
  const z = (await import(pathToFileURL(join(dist, 'index.js')).href)) as typeof import('../src/index')
  const zn = (await import(pathToFileURL(join(dist, 'node.js')).href)) as typeof import('../src/node/index')
  const p = zn.loadPolicy('cn-shandong')
  if (E.isLeft(p)) throw new Error('cn-shandong')
  const requests = generateRequests(10_000, vocabOf(p.right.resolved.lists), { seed: 20260301 })
  const until = performance.now() + seconds * 1000
  let n = 0
  while (performance.now() < until) for (let i = 0; i < 1000; i++) if (E.isRight(z.evaluate(p.right, requests[(n++) % requests.length]))) n += 0
  process.stdout.write(`${n} evaluations\n`)
} else {
  const dir = mkdtempSync(join(tmpdir(), 'zhunru-prof-'))
  const r = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, '--import', 'tsx', fileURLToPath(import.meta.url), String(seconds), String(top), '--child'], { stdio: ['ignore', 'inherit', 'inherit'] })
  if (r.status !== 0) process.exit(r.status ?? 1)
  const file = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => join(dir, f))
    .sort((a, b) => statSync(b).size - statSync(a).size)[0] as string
  const prof = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[] }
  const byId = new Map(prof.nodes.map((n) => [n.id, n]))
  const self = new Map<string, number>()
  for (const s of prof.samples) {
    const cf = (byId.get(s) as ProfileNode).callFrame
    const where = cf.url === '' ? '' : ` ${cf.url.replace(/^.*\/(dist|node_modules)\//, '$1/')}:${cf.lineNumber + 1}`
    const key = `${cf.functionName || '(anonymous)'}${where}`
    self.set(key, (self.get(key) ?? 0) + 1)
  }
  const total = prof.samples.length
  process.stdout.write(`top ${top} self time, evaluate on cn-shandong (${total} samples, profile ${file})\n`)
  for (const [k, c] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top))
    process.stdout.write(`${((100 * c) / total).toFixed(1).padStart(5)}%  ${k}\n`)
}

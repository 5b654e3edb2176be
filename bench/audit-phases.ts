/**
 * Where an audit's time goes: each stage run on its own over the same NDJSON file, each adding to
 * the one before (read the lines; JSON.parse them; read their dates; decode them; audit() on one
 * thread, findings made; auditFile on one thread, findings counted, then written as a table;
 * auditFile on the default threads), with wall and CPU seconds. Runs on the built package.
 *
 *   npx tsup && npx tsx scripts/gen-events.ts 1000000 --out /tmp/events-1m.ndjson
 *   npx tsx bench/audit-phases.ts /tmp/events-1m.ndjson [stage=all|read|parse|dates|decode|audit|file1|file1t|file2]
 */
import { createReadStream } from 'node:fs'
import * as E from 'fp-ts/lib/Either.js'
import { linesOf } from '../src/cli/audit'
const z = (await import(new URL('../dist/index.js', import.meta.url).href)) as typeof import('../src/index')
const zn = (await import(new URL('../dist/node.js', import.meta.url).href)) as typeof import('../src/node/index')
let sinkLen = 0
const file = process.argv[2] ?? '/tmp/events-1m.ndjson'
const stage = process.argv[3] ?? 'all'
const p = zn.loadPolicy('cn-shandong')
if (E.isLeft(p)) throw new Error('cn-shandong does not load')
const policy = p.right
const cpu = async (name: string, f: () => Promise<unknown>) => {
  const c = process.cpuUsage(); const t = performance.now()
  const r = await f()
  const u = process.cpuUsage(c)
  process.stdout.write(`${name.padEnd(34)} wall ${((performance.now() - t) / 1000).toFixed(2)} s  cpu ${((u.user + u.system) / 1e6).toFixed(2)} s  ${String(r ?? '')}\n`)
}
// the text lines only (a line past the limit, or not valid text, comes as a LineProblem and is skipped here)
async function* lines(): AsyncGenerator<string> {
  for await (const l of linesOf(createReadStream(file, { highWaterMark: 1 << 20 }))) if (typeof l === 'string') yield l
}
if (stage === 'all' || stage === 'read') await cpu('read lines', async () => { let n = 0; for await (const _ of lines()) n++; return n })
if (stage === 'all' || stage === 'parse') await cpu('read + JSON.parse', async () => { let n = 0; for await (const l of lines()) { if (l.trim() === '') continue; try { JSON.parse(l); n++ } catch { /* malformed */ } } return n })
if (stage === 'all' || stage === 'dates') await cpu('read + parse + read dates', async () => { const rd = z.toLocalDate; let n = 0; for await (const l of lines()) { try { const v = JSON.parse(l); if (rd(v.date, 'Asia/Shanghai') !== undefined) n++ } catch { /* */ } } return n })
if (stage === 'all' || stage === 'decode') await cpu('read + parse + decodeRequest', async () => { let n = 0; for await (const l of lines()) { try { const v = JSON.parse(l); if (E.isRight(z.decodeRequest(v, 'Asia/Shanghai'))) n++ } catch { /* */ } } return n })
if (stage === 'all' || stage === 'audit') await cpu('audit() (decide, findings made)', async () => { const run = z.audit(policy, lines()); let n = 0; for await (const _ of run.findings) n++; const s = await run.summary; return `${n} findings, judged ${s.judged}` })
if (stage === 'all' || stage === 'file1') await cpu('auditFile 1 thread, format none', async () => { const r = await zn.auditFile(file, { pack: 'cn-shandong', format: 'none', threads: 1 })(); return E.isRight(r) ? `peak ${(r.right.peakHeap / 2 ** 20).toFixed(0)} MB` : 'left' })
if (stage === 'all' || stage === 'file1t') await cpu('auditFile 1 thread, format table', async () => { const r = await zn.auditFile(file, { pack: 'cn-shandong', format: 'table', threads: 1, write: (t: string) => { sinkLen += t.length } })(); return E.isRight(r) ? `peak ${(r.right.peakHeap / 2 ** 20).toFixed(0)} MB, ${(sinkLen / 2 ** 20).toFixed(0)} MB of table` : JSON.stringify(r.left).slice(0, 200) })
if (stage === 'all' || stage === 'file2') await cpu('auditFile 2 threads, format none', async () => { const r = await zn.auditFile(file, { pack: 'cn-shandong', format: 'none' })(); return E.isRight(r) ? `peak ${(r.right.peakHeap / 2 ** 20).toFixed(0)} MB, threads ${r.right.threads}` : 'left' })

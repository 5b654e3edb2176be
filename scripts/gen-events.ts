/**
 * Generate N recorded events for 3,200 communities as NDJSON (seeded), for the bench and for
 * trying `zhunru audit` on a city's year:
 *
 *   npx tsx scripts/gen-events.ts 1000000 > /tmp/events.ndjson
 *   npx tsx scripts/gen-events.ts 1000000 --out /tmp/events.ndjson --pack cn-shandong --seed 2026
 *   npx tsx src/cli/main.ts audit /tmp/events.ndjson --pack cn-shandong
 *
 * Options: --out FILE (default stdout), --pack ID (whose lists the values are drawn from; default
 * cn-shandong), --seed N, --communities N (default 3200), --late-every N (default 100000: one event
 * in N is dated 40 days early, reported as out of order), --malformed-every N (default 250000: one
 * line in N is broken JSON, reported and skipped). 0 turns either off. --instants F (default
 * 0.5): the share of dates written as instants (+08:00, Z or another zone's offset).
 */
import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import { Command } from 'commander'
import * as E from 'fp-ts/lib/Either.js'
import { loadPolicy } from '../src/node/load'
import { vocabOf } from '../bench/requests'
import { generateEvents } from '../bench/events'

const program = new Command()
program
  .argument('<n>', 'number of events')
  .option('--out <file>', 'output file (default: standard output)')
  .option('--pack <id>', 'pack whose lists the values come from', 'cn-shandong')
  .option('--seed <n>', 'seed', '2026')
  .option('--communities <n>', 'communities', '3200')
  .option('--late-every <n>', 'one event in n far out of date order (0: none)', '100000')
  .option('--malformed-every <n>', 'one line in n malformed (0: none)', '250000')
  .option('--instants <share>', 'the share of dates written as instants with an offset or Z', '0.5')
  .action(async (nText: string, o: { out?: string; pack: string; seed: string; communities: string; lateEvery: string; malformedEvery: string; instants: string }) => {
    const n = Number(nText)
    if (!Number.isSafeInteger(n) || n < 0) throw new Error(`not a number of events: ${nText}`)
    const policy = loadPolicy(o.pack)
    if (E.isLeft(policy)) throw new Error(`cannot load ${o.pack}: ${policy.left.map((i) => i.code).join(', ')}`)
    const out = o.out !== undefined ? createWriteStream(o.out) : process.stdout
    const lines = generateEvents(n, vocabOf(policy.right.resolved.lists), {
      seed: Number(o.seed),
      communities: Number(o.communities),
      lateEvery: Number(o.lateEvery),
      malformedEvery: Number(o.malformedEvery),
      instants: Number(o.instants),
    })
    let buf = ''
    for (const line of lines) {
      buf += `${line}\n`
      if (buf.length > 1 << 16) {
        if (!out.write(buf)) await once(out, 'drain')
        buf = ''
      }
    }
    out.write(buf)
    if (out !== process.stdout) {
      out.end()
      await once(out, 'finish')
    }
  })

program.parseAsync(process.argv).catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`)
  process.exitCode = 2
})

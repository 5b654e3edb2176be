/**
 * Long differential run: compiled closures against json-rules-engine, with a random seed.
 *
 *   npx tsx scripts/differential-long.ts [pairs] [--seed N] [--include-known-gaps]
 *
 * `pairs` defaults to 2,000,000 (trees of 50 fact objects each). Prints the seed, the counts
 * (pairs, agreements, both-errors, disagreements) and the time; on any disagreement, prints the
 * first few as found, then replays the same seed to shrink the first one to a minimal
 * counterexample, and exits 1. `--include-known-gaps` also generates the inputs of KNOWN_GAPS
 * (test/_arbitraries.ts), which are known to disagree until src/ is fixed.
 */
import fc from 'fast-check'
import {
  caseArb,
  comparePair,
  count,
  describeDisagreement,
  KNOWN_GAPS,
  newTally,
  prepare,
  type DiffCase,
  type GenOptions,
} from '../test/_arbitraries'

const FACTS_PER_TREE = 50
const SHOW = 3

const usage = (): never => {
  console.error('usage: npx tsx scripts/differential-long.ts [pairs] [--seed N] [--include-known-gaps]')
  process.exit(2)
}

const args = process.argv.slice(2)
let pairs = 2_000_000
let seed = (Date.now() ^ Math.floor(Math.random() * 0x7fffffff)) | 0
let includeGaps = false
for (let i = 0; i < args.length; i++) {
  const a = args[i] as string
  if (a === '--seed') {
    const v = Number(args[++i])
    if (!Number.isSafeInteger(v)) usage()
    seed = v | 0
  } else if (a === '--include-known-gaps') includeGaps = true
  else if (/^\d[\d_,]*$/.test(a)) pairs = Number(a.replace(/[_,]/g, ''))
  else usage()
}
if (!(pairs > 0)) usage()

const options: GenOptions = { factsPerCase: FACTS_PER_TREE, ...(includeGaps ? { include: KNOWN_GAPS } : {}) }
const trees = Math.ceil(pairs / FACTS_PER_TREE)
console.log(
  `differential-long: ${pairs} pairs (${trees} trees × ≤${FACTS_PER_TREE} fact objects), seed ${seed}` +
    (includeGaps ? `, including known gaps ${KNOWN_GAPS.join(', ')}` : ''),
)

const tally = newTally()
const examples: string[] = []
let firstBadRun: number | undefined
let run = 0
const started = performance.now()
let nextReport = Math.max(1, Math.floor(pairs / 10))

/** The fact objects of a case that fit in the requested count. */
const factsOf = (c: DiffCase): DiffCase['facts'] => c.facts.slice(0, Math.max(0, pairs - tally.pairs))

await fc.assert(
  fc.asyncProperty(caseArb(options), async (c) => {
    run++
    const p = prepare(c)
    for (const facts of factsOf(c)) {
      const o = await comparePair(p, facts)
      count(tally, o)
      if (o.kind === 'disagree') {
        firstBadRun ??= run
        if (examples.length < SHOW) examples.push(describeDisagreement(c, facts, o))
      }
    }
    if (tally.pairs >= nextReport) {
      const s = (performance.now() - started) / 1000
      console.error(`  … ${tally.pairs} pairs, ${tally.disagreements} disagreements, ${s.toFixed(0)} s`)
      nextReport += Math.max(1, Math.floor(pairs / 10))
    }
  }),
  { seed, numRuns: trees },
)

const seconds = (performance.now() - started) / 1000
console.log(`seed          ${seed}`)
console.log(`pairs         ${tally.pairs}`)
console.log(`agreements    ${tally.agreements} (${tally.fired} fired, ${tally.agreements - tally.fired} did not)`)
console.log(`both-errors   ${tally.bothErrors}`)
console.log(`disagreements ${tally.disagreements}`)
console.log(`nodes         ${tally.evaluatedNodes} of ${tally.totalNodes} evaluated in agreeing pairs`)
console.log(`time          ${seconds.toFixed(1)} s (${Math.round(tally.pairs / seconds)} pairs/s)`)

if (tally.disagreements > 0) {
  console.log(`\nfirst ${examples.length} disagreement(s), as found:\n`)
  for (const e of examples) console.log(e + '\n')
  console.log(`shrinking the first (tree #${firstBadRun}) with the same seed …\n`)
  const shrunk = await fc.check(
    fc.asyncProperty(caseArb(options), async (c) => {
      const p = prepare(c)
      for (const facts of c.facts) {
        const o = await comparePair(p, facts)
        if (o.kind === 'disagree') throw new Error(describeDisagreement(c, facts, o))
      }
    }),
    { seed, numRuns: firstBadRun ?? trees, endOnFailure: false },
  )
  if (shrunk.failed) {
    const e = shrunk.errorInstance
    console.log(`minimal counterexample (after ${shrunk.numShrinks} shrinks):\n${e instanceof Error ? e.message : String(e)}`)
  } else console.log('(the replay did not reproduce it)')
  process.exit(1)
}

/**
 * Write the JSON Schemas for editors from the io-ts codecs: schemas/pack.schema.json and
 * schemas/cases.schema.json. `--check` writes nothing and fails (exit 1) when a committed file
 * differs from what the codecs give.
 *
 *   npx tsx scripts/schemas.ts          # regenerate
 *   npx tsx scripts/schemas.ts --check  # CI: are the committed schemas current?
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { casesSchema, packSchema } from '../src/schema/pack-schemas'

const dir = join(import.meta.dirname, '..', 'schemas')
const check = process.argv.includes('--check')
let stale = 0
for (const [name, make] of [['pack.schema.json', packSchema], ['cases.schema.json', casesSchema]] as const) {
  const s = make()
  if (E.isLeft(s)) {
    process.stderr.write(`${name}: no schema for ${s.left.join(', ')}\n`)
    process.exit(2)
  }
  const text = `${JSON.stringify(s.right, null, 2)}\n`
  const file = join(dir, name)
  if (check) {
    if (!existsSync(file) || readFileSync(file, 'utf8') !== text) {
      process.stderr.write(`schemas/${name} is out of date: run npx tsx scripts/schemas.ts\n`)
      stale += 1
    }
  } else {
    mkdirSync(dir, { recursive: true })
    writeFileSync(file, text)
    process.stdout.write(`wrote schemas/${name}\n`)
  }
}
process.exitCode = stale > 0 ? 1 : 0

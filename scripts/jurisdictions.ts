/**
 * Writes docs/jurisdictions.md (every pack deciding the same requests, side by side) and the
 * "## Packs" table of README.md, from the packs under rules/ and rules/_comparison/requests.yaml.
 *
 *   npx tsx scripts/jurisdictions.ts           write the files
 *   npx tsx scripts/jurisdictions.ts --check   exit 1 if a file is stale, 2 if the packs do not load
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { writeFileSync } from 'node:fs'
import { relative } from 'node:path'
import { generateJurisdictions, staleFiles } from './jurisdictions/generate'

const root = process.cwd()
if (process.argv.includes('--check')) {
  const stale = staleFiles(root)
  if (E.isLeft(stale)) {
    console.error(stale.left.join('\n'))
    process.exitCode = 2
  } else if (stale.right.length > 0) {
    console.error(`stale, run \`npx tsx scripts/jurisdictions.ts\`: ${stale.right.map((f) => relative(root, f)).join(', ')}`)
    process.exitCode = 1
  } else console.log('docs/jurisdictions.md and the README packs table are up to date')
} else {
  const files = generateJurisdictions(root)
  if (E.isLeft(files)) {
    console.error(files.left.join('\n'))
    process.exitCode = 2
  } else
    for (const f of files.right) {
      writeFileSync(f.file, f.text)
      console.log(`wrote ${relative(root, f.file)}`)
    }
}

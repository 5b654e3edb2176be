/**
 * The size of the browser core: the root entry (`zhunru`, src/index.ts) bundled with every
 * dependency it pulls in, for the browser, as ESM, minified, then gzipped — what a portal's
 * bundle grows by. The bundled packs (`zhunru/packs`) are data and are not part of it.
 *
 *   npx tsx scripts/size.ts            print the figures and the biggest contributors
 *   npx tsx scripts/size.ts --json     the same as JSON
 *
 * The budget is checked by test/packaging-size.test.ts and stated in docs/embedding.md.
 */
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build, type Metafile } from 'esbuild'
import { fpTsEs6 } from './esbuild-fp-ts-es6'

const ROOT = resolve(fileURLToPath(import.meta.url), '../..')

/**
 * The budget for the browser core, gzip, in bytes (60 KB; 58 KB until an explanation named the caps
 * another pack set, with their clauses (issue 13), and issue 16 read a history in one pass, about
 * 2 KB together; 56 KB until issue 14 put filled messages,
 * display labels and typed-request guards in the core and issues 16 and 17 added the faster request
 * validator and the issue codes of records and sources; 50 KB until issue 13 made citations carry
 * their provenance and documents, and issue 15's security fixes added pack fingerprints,
 * own-enumerable request decoding, bounded decoding and option checks; see docs/embedding.md).
 */
export const CORE_BUDGET_GZIP = 60_000

/** What one bundle measures. */
export interface SizeReport {
  readonly entry: string
  readonly minified: number
  readonly gzip: number
  /** bytes of minified output by package (`src` for zhunru's own code), biggest first */
  readonly byPackage: ReadonlyArray<readonly [string, number]>
  /** every input file that ended up in the bundle */
  readonly inputs: readonly string[]
}

const packageOf = (input: string): string => {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)
  return m?.[1] ?? (input.startsWith('src/') ? 'src' : input)
}

/**
 * Bundle an entry for the browser (ESM, minified, all dependencies in) and measure it. A source
 * entry is built as the published build builds it (fp-ts's ES modules, see tsup.config.ts); a
 * `dist/` file is measured as it is.
 */
export const measure = async (entry: string = 'src/index.ts'): Promise<SizeReport> => {
  const result = await build({
    entryPoints: [resolve(ROOT, entry)],
    absWorkingDir: ROOT,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
    legalComments: 'none',
    plugins: entry.startsWith('src/') ? [fpTsEs6] : [],
  })
  const code = result.outputFiles[0]?.contents ?? new Uint8Array()
  const meta: Metafile = result.metafile
  const output = Object.values(meta.outputs)[0]
  const byPackage = new Map<string, number>()
  for (const [input, { bytesInOutput }] of Object.entries(output?.inputs ?? {}))
    byPackage.set(packageOf(input), (byPackage.get(packageOf(input)) ?? 0) + bytesInOutput)
  return {
    entry,
    minified: code.byteLength,
    gzip: gzipSync(code, { level: 9 }).byteLength,
    byPackage: [...byPackage].sort((a, b) => b[1] - a[1]),
    inputs: Object.keys(output?.inputs ?? {}),
  }
}

const kb = (n: number): string => `${(n / 1000).toFixed(1)} KB`

const main = async (): Promise<void> => {
  const r = await measure(process.argv.slice(2).find((a) => /\.(ts|js)$/.test(a)) ?? 'src/index.ts')
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify({ ...r, inputs: undefined }, null, 2))
    return
  }
  console.log(`browser core (${r.entry}): ${kb(r.minified)} minified, ${kb(r.gzip)} gzip (budget ${kb(CORE_BUDGET_GZIP)})`)
  for (const [name, bytes] of r.byPackage.slice(0, 12)) console.log(`  ${name.padEnd(24)} ${kb(bytes).padStart(9)} minified`)
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) void main()

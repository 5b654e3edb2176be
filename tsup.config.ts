import { defineConfig, type Options } from 'tsup'
import { fpTsEs6 } from './scripts/esbuild-fp-ts-es6'

/**
 * The published build (see docs/embedding.md):
 * - the library entries (`.`, `./node`, `./testing`, `./packs`) as ESM (`.js`) and CJS (`.cjs`),
 *   each with its own declarations (`.d.ts`, `.d.cts`); dependencies stay imports, except fp-ts's
 *   `Either`, whose ES module copy is bundled in (scripts/esbuild-fp-ts-es6.ts);
 * - the `zhunru` command (ESM only, with its shebang);
 * - the audit's worker thread (`audit-worker.js` and `.cjs`), which `auditFile` in `./node` and
 *   the command start from the file next to them; likewise `impact-worker` for `impactFile`.
 */
const library = {
  index: 'src/index.ts',
  node: 'src/node/index.ts',
  testing: 'src/testing/index.ts',
  packs: 'src/packs/index.ts',
  text: 'src/text/index.ts',
  'json-rules-engine': 'src/adapter/index.ts',
  record: 'src/record/index.ts',
  impact: 'src/impact/index.ts',
}

const common: Options = {
  sourcemap: false,
  target: 'es2022',
  shims: true,
  splitting: false,
  noExternal: [/^fp-ts\//],
  esbuildPlugins: [fpTsEs6],
}

export default defineConfig([
  { ...common, entry: library, format: ['esm', 'cjs'], dts: { entry: library }, clean: true },
  { ...common, entry: { cli: 'src/cli/main.ts' }, format: ['esm'], dts: false, clean: false },
  { ...common, entry: { 'audit-worker': 'src/node/audit-worker.ts' }, format: ['esm', 'cjs'], dts: false, clean: false },
  { ...common, entry: { 'impact-worker': 'src/node/impact-worker.ts' }, format: ['esm', 'cjs'], dts: false, clean: false },
])

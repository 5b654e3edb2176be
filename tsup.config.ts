import { defineConfig } from 'tsup'

/**
 * The published build (see docs/embedding.md):
 * - the library entries (`.`, `./node`, `./testing`, `./packs`) as ESM (`.js`) and CJS (`.cjs`),
 *   each with its own declarations (`.d.ts`, `.d.cts`), dependencies left as imports;
 * - the `zhunru` command (ESM only, with its shebang).
 */
const library = {
  index: 'src/index.ts',
  node: 'src/node/index.ts',
  testing: 'src/testing/index.ts',
  packs: 'src/packs/index.ts',
}

export default defineConfig([
  {
    entry: library,
    format: ['esm', 'cjs'],
    dts: { entry: library },
    sourcemap: false,
    clean: true,
    target: 'es2022',
    shims: true,
    splitting: false,
  },
  {
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    dts: false,
    sourcemap: false,
    clean: false,
    target: 'es2022',
    shims: true,
    splitting: false,
  },
])

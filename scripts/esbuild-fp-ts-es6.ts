import { createRequire } from 'node:module'
import type { Plugin } from 'esbuild'

const require = createRequire(import.meta.url)

/**
 * An esbuild plugin for the published build (tsup.config.ts) and the size measure (scripts/size.ts):
 * the sources import `fp-ts/lib/Either.js` (CommonJS, so that Node ESM and tsx run them as they
 * are); the build takes fp-ts's ES module copy instead (`fp-ts/es6/…`) and bundles the few
 * functions used into dist, so a portal's bundler tree-shakes it (≈29 KB minified less) and never
 * meets fp-ts's CommonJS build through zhunru. Types still come from `fp-ts/lib/Either.js`.
 */
export const fpTsEs6: Plugin = {
  name: 'fp-ts-es6',
  setup(build) {
    build.onResolve({ filter: /^fp-ts\/lib\/\w+(\.js)?$/ }, (args) => ({
      path: require.resolve(args.path.replace('/lib/', '/es6/').replace(/(\.js)?$/, '.js')),
    }))
  },
}

/**
 * The browser core's size budget: the root entry with its dependencies, bundled for the browser
 * by esbuild, minified, gzipped (scripts/size.ts). Packs are data in `zhunru/packs` and excluded.
 */
import { describe, expect, it } from 'vitest'
import { CORE_BUDGET_GZIP, measure } from '../scripts/size'

describe('browser core size', () => {
  it(`is at most ${CORE_BUDGET_GZIP / 1000} KB gzip`, async () => {
    const r = await measure('src/index.ts')
    const top = r.byPackage.slice(0, 8).map(([p, b]) => `${p} ${(b / 1000).toFixed(1)} KB`).join(', ')
    console.log(`browser core: ${(r.minified / 1000).toFixed(1)} KB minified, ${(r.gzip / 1000).toFixed(1)} KB gzip; ${top}`)
    expect(r.gzip).toBeGreaterThan(10_000) // a real bundle, not an empty one
    expect(r.gzip, `over budget: ${top}`).toBeLessThanOrEqual(CORE_BUDGET_GZIP)
  }, 60_000)

  it('bundles for the browser without Node built-ins and without the bundled packs', async () => {
    const r = await measure('src/index.ts')
    expect(r.inputs.filter((i) => i.startsWith('src/packs/') || i.startsWith('src/node/') || i.startsWith('src/cli/'))).toEqual([])
    expect(r.inputs.filter((i) => /^(node:|fs$|path$)/.test(i))).toEqual([])
  }, 60_000)

  it('measures the packs entry apart (data, loaded only by those who import it)', async () => {
    const r = await measure('src/packs/index.ts')
    expect(r.inputs).toContain('src/packs/generated.ts')
    expect(r.inputs.filter((i) => /^node_modules\/(yaml|io-ts|json-rules-engine)\//.test(i))).toEqual([])
  }, 60_000)
})

import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import * as E from 'fp-ts/lib/Either.js'

type Z = typeof import('../src/index')
type ZN = typeof import('../src/node/index')

/**
 * A build of zhunru in a folder (its dist/, and rules/ for loadPolicy), loaded as a portal loads
 * the package, with a pack's policy: what bench/compare-builds.ts and bench/compare-auditors.ts set
 * side by side.
 */
export const loadBuild = async (dir: string, pack: string) => {
  const z = (await import(pathToFileURL(join(dir, 'dist/index.js')).href)) as Z
  const zn = (await import(pathToFileURL(join(dir, 'dist/node.js')).href)) as ZN
  const p = zn.loadPolicy(pack)
  if (E.isLeft(p)) throw new Error(`${dir}: ${p.left.map((i) => i.code).join(', ')}`)
  return { dir, z, policy: p.right }
}

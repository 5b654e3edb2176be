import * as E from 'fp-ts/lib/Either.js'
import type { PackSource } from '../load/compile-packs'
import { issue, showValue, type Issue } from '../issues/issue'
import { BUNDLED_PACK_FILES, BUNDLED_PACK_IDS, packs, type BundledPackId } from './generated'

/**
 * The packs shipped with zhunru as plain data (`zhunru/packs`), for builds without a file
 * system or a YAML parser: a browser imports them, `compile` takes them. This entry holds data
 * and two look-ups only; it is not part of the browser core's size budget.
 *
 * @module
 */

export { BUNDLED_PACK_IDS, BUNDLED_PACK_FILES, packs, type BundledPackId }

const isBundled = (id: string): id is BundledPackId => typeof id === 'string' && Object.prototype.hasOwnProperty.call(packs, id)

const parentOf = (value: unknown): string | undefined => {
  const parent = (value as { extends?: unknown } | null)?.extends
  return typeof parent === 'string' ? parent : undefined
}

/**
 * One bundled pack as a source for `compile` (its value and the file it was generated from).
 * An unknown id gives a `load/not-found` issue.
 *
 * @example
 * import { bundledPack } from 'zhunru/packs'
 * const floor = bundledPack('cn-national') // Either<Issue[], PackSource>
 * @since 0.1.0
 */
export const bundledPack = (id: string): E.Either<Issue[], PackSource> =>
  isBundled(id)
    ? E.right({ value: packs[id], file: BUNDLED_PACK_FILES[id] })
    : E.left([issue('load/not-found', '', { expected: BUNDLED_PACK_IDS.join(', '), received: showValue(id) })])

/**
 * A bundled pack with every pack it extends, the floor first: what `compile` needs for it.
 * A parent that is not bundled is left for `compile` to report (`resolve/unknown-parent`).
 *
 * @example
 * import { compile } from 'zhunru'
 * import { bundledChain } from 'zhunru/packs'
 * import * as E from 'fp-ts/lib/Either.js'
 * const chain = bundledChain('cn-shandong') // [cn-national, cn-shandong]
 * const policy = E.isRight(chain) ? compile(chain.right) : chain
 * @since 0.1.0
 */
export const bundledChain = (id: string): E.Either<Issue[], PackSource[]> => {
  const head = bundledPack(id)
  if (E.isLeft(head)) return head
  const chain: PackSource[] = [head.right]
  const seen = new Set<string>([id])
  let parent = parentOf(head.right.value)
  while (parent !== undefined && !seen.has(parent) && isBundled(parent)) {
    seen.add(parent)
    chain.unshift({ value: packs[parent], file: BUNDLED_PACK_FILES[parent] })
    parent = parentOf(packs[parent])
  }
  return E.right(chain)
}

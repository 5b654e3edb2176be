// A TypeScript consumer (CommonJS side): in a .cts file imports compile to require() and resolve the
// `require` condition's types (.d.cts).
import * as zhunru from 'zhunru'
import * as packs from 'zhunru/packs'
import * as E from 'fp-ts/lib/Either.js'

const chain = packs.bundledChain('cn-national')
export const policy = E.isRight(chain) ? zhunru.compile(chain.right) : chain
export const label: string = E.isLeft(policy) ? zhunru.formatIssues(policy.left, 'zh-CN') : policy.right.id
// @ts-expect-error compile takes packs, not a number
zhunru.compile(42)

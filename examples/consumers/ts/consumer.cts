// A TypeScript consumer (CommonJS side): in a .cts file imports compile to require() and resolve the
// `require` condition's types (.d.cts).
import * as zhunru from 'zhunru'
import * as packs from 'zhunru/packs'

const chain = packs.bundledChain('cn-national')
export const policy = zhunru.isRight(chain) ? zhunru.compile(chain.right) : chain
export const label: string = zhunru.isLeft(policy) ? zhunru.formatIssues(policy.left, 'zh-CN') : policy.right.id
// @ts-expect-error compile takes packs, not a number
zhunru.compile(42)
// @ts-expect-error a literal request is checked: a plaque needs its placement
zhunru.evaluate(zhunru.isRight(policy) ? policy.right : (undefined as never), { kind: 'plaque', date: '2026-03-02', requester: { level: 'district', department: '区文明办' }, plaque: { name: '示范社区' } })

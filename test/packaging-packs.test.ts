/**
 * The bundled packs as data (zhunru/packs). The generated module must match the YAML packs under rules/,
 * and compiling a bundled chain must give the same decisions as loading the YAML from disk.
 */
import { readFileSync } from 'node:fs'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { GENERATED_FILE, renderPacksModule } from '../scripts/build-packs'
import { compile, evaluate } from '../src/node/index'
import { loadPolicy } from '../src/node/load'
import { BUNDLED_PACK_IDS, bundledChain, bundledPack, packs } from '../src/packs/index'

describe('src/packs/generated.ts', () => {
  it('is up to date with rules/*/pack.yaml (run `npm run build:packs`)', () => {
    expect(readFileSync(GENERATED_FILE, 'utf8') === renderPacksModule(), 'src/packs/generated.ts is stale: run npm run build:packs').toBe(true)
  })

  it('holds every pack of rules/', () => {
    expect([...BUNDLED_PACK_IDS]).toEqual(expect.arrayContaining(['cn-national', 'cn-shandong', 'cn-beijing']))
    for (const id of BUNDLED_PACK_IDS) expect((packs[id] as { id: string }).id).toBe(id)
  })
})

describe('bundledPack / bundledChain', () => {
  it('give the chain floor first', () => {
    const chain = bundledChain('cn-shandong')
    expect(E.isRight(chain) && chain.right.map((s) => (s.value as { id: string }).id)).toEqual(['cn-national', 'cn-shandong'])
    expect(E.isRight(chain) && chain.right[1]?.file).toBe('rules/cn-shandong/pack.yaml')
  })

  it('report an unknown id as an issue, never a throw', () => {
    for (const id of ['cn-atlantis', '__proto__', 'toString', '']) {
      const r = bundledChain(id)
      expect(E.isLeft(r) && r.left[0]?.code).toBe('load/not-found')
      expect(E.isLeft(bundledPack(id))).toBe(true)
    }
  })

  it('compile to the same decisions as the YAML on disk, for every bundled pack', () => {
    const request = {
      id: 'same',
      kind: 'certificate',
      date: '2026-03-02',
      community: { id: 'c1' },
      requester: { level: 'district' },
      certificate: { kind: '无犯罪记录证明' },
    }
    for (const id of BUNDLED_PACK_IDS) {
      const chain = bundledChain(id)
      if (E.isLeft(chain)) throw new Error(id)
      const fromData = compile(chain.right)
      const fromDisk = loadPolicy(id)
      expect(E.isRight(fromData), id).toBe(true)
      expect(E.isRight(fromDisk), id).toBe(true)
      if (E.isLeft(fromData) || E.isLeft(fromDisk)) continue
      const a = evaluate(fromData.right, request)
      const b = evaluate(fromDisk.right, request)
      expect(E.isRight(a) && { outcome: a.right.outcome, by: a.right.decidedBy.id }, id).toEqual(
        E.isRight(b) && { outcome: b.right.outcome, by: b.right.decidedBy.id },
      )
    }
  })
})

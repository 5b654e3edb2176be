import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { readRequests } from '../src/node/index'

const LINE_PROBLEM = Symbol.for('zhunru.audit.lineProblem')

/** `readRequests` (zhunru/node) returns errors as values: reading that cannot go on ends its items with a line problem, never a rejection. */
describe('readRequests never rejects', () => {
  it('a UTF-16 input (reading cannot go on) ends the items with a load/encoding line problem', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'zhunru-read-')), 'utf16.ndjson')
    writeFileSync(file, Buffer.from('\ufeff{"kind":"meeting"}\n', 'utf16le'))
    const src = readRequests(file)
    expect(E.isRight(src)).toBe(true)
    if (E.isLeft(src)) return
    const items: unknown[] = []
    for await (const i of src.right.items) items.push(i)
    expect(items).toHaveLength(1)
    const last = items[0] as Record<symbol, { code: string }[]>
    expect(last[LINE_PROBLEM]?.map((i) => i.code)).toEqual(['load/encoding'])
  })
})

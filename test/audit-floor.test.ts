import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import * as E from 'fp-ts/lib/Either.js'
import { auditFloor } from '../bench/audit-floor'
import { generateEvents } from '../bench/events'
import { vocabOf } from '../bench/requests'
import { auditFile, loadPolicy } from '../src/node/index'

// The audit's floor (bench/audit-floor.ts) is the time the audit's threads take to read, share out
// and parse the lines they judge. It means that only if, like the audit, its threads together parse
// every line exactly once, whatever the number of threads and however a line is written.
describe("the audit's floor in the bench", () => {
  const dir = mkdtempSync(join(tmpdir(), 'zhunru-floor-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const policy = loadPolicy('cn-shandong')
  if (E.isLeft(policy)) throw new Error(JSON.stringify(policy.left))
  const lines = [...generateEvents(3_000, vocabOf(policy.right.resolved.lists), { seed: 7, lateEvery: 500, malformedEvery: 400 })]
  // lines whose community the bytes cannot tell (spaces, escapes, a repeated key): parsed to tell
  lines.push('{ "community" : { "id" : "c1" }, "kind": "task", "date": "2025-03-01" }')
  lines.push('{"community":{"id":"\\u0063\\u0031"},"kind":"task","date":"2025-03-01"}')
  lines.push('{"community":{"id":"c2"},"community":{"id":"c3"},"kind":"task","date":"2025-03-01"}')
  lines.push('', 'not json', '{"kind":"task"}')
  const file = join(dir, 'events.ndjson')
  writeFileSync(file, `${lines.join('\n')}\n`)
  const parses = lines.filter((l) => {
    try {
      JSON.parse(l)
      return true
    } catch {
      return false
    }
  }).length

  it('parses every line that parses, once, on 1, 2 and 3 threads', async () => {
    expect(parses).toBeGreaterThan(2_900)
    expect(parses).toBeLessThan(lines.length)
    for (const threads of [1, 2, 3]) {
      const r = await auditFloor(file, threads)
      expect(r.parsed, `${threads} threads`).toBe(parses)
      expect(r.secs).toBeGreaterThan(0)
      expect(r.wallSecs).toBeGreaterThanOrEqual(r.secs)
    }
  }, 60_000)

  it('reads the lines the audit reads: each one it did not parse is one the audit reports as malformed JSON', async () => {
    const r = await auditFile(file, { pack: 'cn-shandong', threads: 2, format: 'ndjson', write: () => undefined })()
    if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
    const s = r.right.summary
    expect(s.read).toBe(lines.filter((l) => l.trim() !== '').length)
    const floor = await auditFloor(file, 2)
    expect(s.read - floor.parsed).toBe(lines.filter((l) => l.trim() !== '').length - parses)
  }, 60_000)
})

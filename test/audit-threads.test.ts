import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { auditAll } from '../src/audit/audit'
import type { AuditSummary, Finding } from '../src/audit/finding'
import { auditFile, type AuditFileOptions } from '../src/node/audit-file'
import { ChunkIndex, threadOfLine, threadOfValue } from '../src/node/audit-partition'
import { loadPolicy } from '../src/node/load'
import { generateEvents } from '../bench/events'
import { vocabOf } from '../bench/requests'

/**
 * The parallel file audit splits the lines between threads by community, from their raw bytes.
 * These check (1) that a line the bytes call sure really belongs to the community the parse gives,
 * on hostile spellings of the same JSON, and (2) that the audit on 1, 2, 3 and 4 threads writes
 * what the one-thread `audit` finds on the same lines, finding for finding in the same order,
 * count for count, byte for byte.
 */

const enc = (s: string): Buffer => Buffer.from(s, 'utf8')

/** What the line holds, for the audit: the community id, when it is an event with one. */
const communityOf = (line: string): string | undefined => {
  try {
    const v = JSON.parse(line) as { community?: { id?: unknown } } | null
    return typeof v?.community?.id === 'string' ? v.community.id : undefined
  } catch {
    return undefined
  }
}

describe('threadOfLine: a sure line is sure of the right community', () => {
  const hostile = [
    '{"community":{"id":"c1"},"kind":"task"}',
    '{ "community" : { "id" : "c1" } }',
    '{"community":{"id":"c1","name":"x"}}',
    '{"community":{"name":"x","id":"c1"}}',
    '{"community":{"id":"c1","id":"c2"}}',
    '{"community":{"id":"c1"},"community":{"id":"c2"}}',
    '{"item":{"community":{"id":"c1"}},"community":{"id":"c2"}}',
    '{"item":{"community":{"id":"c1"}},"community" :{"id":"c2"}}',
    '{"communit\\u0079":{"id":"c2"},"item":{"community":{"id":"c1"}}}',
    '{"community":{"id":"c\\u0031"}}',
    '{"kind":"community","community":{"id":"c1"},"target":"community"}',
    '{"item":{"community":{"id":"c1"}}}',
    '{"community":{"id":"社区甲"}}',
    '{"community":{"id":"c1"}',
    '',
    '   ',
    '[1,2]',
    '"community":{"id":"c1"}',
  ]
  it.each(hostile)('%s', (line) => {
    for (const n of [2, 3, 4]) {
      const t = threadOfLine(enc(line), n)
      const id = communityOf(line)
      if (t !== -1 && id !== undefined) expect(t).toBe(threadOfValue(line, n))
    }
  })

  it('the same community, however its line is spelled, goes to one thread (fast-check)', () => {
    const id = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('c1', '社区', 'a"b', 'a\\b', '\u2028', 'é'))
    const space = fc.constantFrom('', ' ', '\t', ' \r')
    const community = fc.tuple(id, space, fc.boolean(), fc.boolean()).map(([i, s, extra, first]) => {
      const idPart = `"id"${s}:${s}${JSON.stringify(i)}`
      const body = extra ? (first ? `${idPart},"name":"n"` : `"name":"n",${idPart}`) : idPart
      return { id: i, text: `{${s}${body}${s}}` }
    })
    const decoy = fc.oneof(
      fc.constant(''),
      id.map((i) => `"item":{"community":{"id":${JSON.stringify(i)}}},`),
      fc.constant('"target":"community",'),
      fc.constant('"note":"\\"community\\":{\\"id\\":\\"zz\\"}",'),
    )
    fc.assert(
      fc.property(community, decoy, decoy, space, fc.integer({ min: 2, max: 5 }), (c, before, after, s, n) => {
        const line = `{${before}"community"${s}:${c.text},${after.replace(/,$/, '')}${after === '' ? '"kind":"task"' : ''}}`
        expect(communityOf(line)).toBe(c.id)
        const want = threadOfValue(line, n)
        const t = threadOfLine(enc(line), n)
        if (t !== -1) expect(t).toBe(want)
        // the plain spelling of the same event is sure, unless the id needs escapes or a decoy key is in the line
        expect(threadOfValue(JSON.stringify({ community: { id: c.id } }), n)).toBe(want)
      }),
      { numRuns: 2_000 },
    )
  })

  it('ChunkIndex, which indexes a whole chunk at once, says what threadOfLine says of each of its lines', () => {
    const piece = fc.oneof(
      fc.constantFrom(...hostile, '"community"', '"community":{"id":"', ':{"id":"c1"}}', '\\', ' ', '\r', '"id":"', '}', '社区', '"c1"'),
      fc.string({ maxLength: 8 }),
    )
    const line = fc.array(piece, { maxLength: 8 }).map((ps) => ps.join('').replace(/\n/g, ' '))
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 30 }), fc.integer({ min: 2, max: 4 }), (ls, n) => {
        const b = Buffer.from(ls.join('\n'), 'utf8')
        const index = new ChunkIndex(b)
        let start = 0
        for (;;) {
          const nl = b.indexOf(10, start)
          const end = nl === -1 ? b.length : nl
          expect(index.threadOf(start, end, n)).toBe(threadOfLine(b.subarray(start, end), n))
          if (nl === -1) break
          start = nl + 1
        }
      }),
      { numRuns: 3_000 },
    )
  })

  it('lines written with spaces after colons and commas (as Python writes JSON) are sure', () => {
    const line = '{"id": "ev-1", "date": "2026-01-10", "community": {"id": "社区-1"}, "kind": "meeting"}'
    for (const n of [2, 3]) {
      expect(threadOfLine(enc(line), n)).not.toBe(-1)
      expect(threadOfLine(enc(line), n)).toBe(threadOfValue(line, n))
      expect(new ChunkIndex(enc(line)).threadOf(0, enc(line).length, n)).toBe(threadOfValue(line, n))
    }
  })

  it('lines with escapes (as Python writes Chinese by default, ensure_ascii) are sure, unless a key or the id has one', () => {
    const ascii = '{"id": "ev-1", "community": {"id": "c1"}, "requester": {"department": "\\u6c11\\u653f\\u5c40"}, "note": "say \\"community\\": {\\"id\\": \\"zz\\"}"}'
    expect(communityOf(ascii)).toBe('c1')
    for (const n of [2, 3]) {
      expect(threadOfLine(enc(ascii), n)).not.toBe(-1)
      expect(threadOfLine(enc(ascii), n)).toBe(threadOfValue(ascii, n))
      expect(new ChunkIndex(enc(ascii)).threadOf(0, enc(ascii).length, n)).toBe(threadOfValue(ascii, n))
    }
    // a key spelled with an escape could be "community"; an id with an escape is not its bytes
    expect(threadOfLine(enc('{"\\u0063ommunity": {"id": "c2"}, "item": {"community": {"id": "c1"}}}'), 2)).toBe(-1)
    expect(threadOfLine(enc('{"community": {"id": "c\\u0031"}}'), 2)).toBe(-1)
  })

  it('an id not in valid UTF-8 is not sure', () => {
    const line = Buffer.concat([enc('{"community":{"id":"'), Buffer.from([0xe4, 0xb8]), enc('"}}')])
    expect(threadOfLine(line, 2)).toBe(-1)
  })
})

const policy = (() => {
  const p = loadPolicy('cn-shandong')
  if (E.isLeft(p)) throw new Error('cn-shandong does not load')
  return p.right
})()

/** Generated events, with lines each thread must agree on: spelled otherwise, blank, broken, CRLF, late. */
const fileLines = (): string[] => {
  const lines = [...generateEvents(6_000, vocabOf(policy.resolved.lists), { seed: 7, communities: 40, lateEvery: 1_500, malformedEvery: 1_000 })]
  for (let i = 0; i < lines.length; i += 97) {
    const v = JSON.parse(lines[i] as string) as Record<string, unknown>
    // the same event spelled with spaces, its community with a second field, or escaped
    lines[i] = i % 3 === 0 ? JSON.stringify(v, null, 1).replace(/\n/g, ' ') : i % 3 === 1 ? JSON.stringify({ ...v, community: { name: 'n', ...(v.community as object) } }) : (lines[i] as string).replace('"community"', '"communit\\u0079"')
  }
  lines.splice(100, 0, '', '   ', '{"community":{"id":"c1"}', '{"date":"2025-01-03","community":{"id":7}}')
  lines.splice(2_000, 0, JSON.stringify({ id: 'far', date: '2025-01-01', kind: 'meeting', requester: { level: 'district', department: '区民政局' }, community: { id: 'c3' }, meeting: {} }))
  return lines
}

const rowsOf = (json: string): Finding[] => (JSON.parse(json) as { findings: Finding[] }).findings

const withoutPeak = (s: AuditSummary): Omit<AuditSummary, 'peakHeld'> => {
  const { peakHeld: _, ...rest } = s
  return rest
}

describe('auditFile: 1, 2, 3 and 4 threads write what one audit finds', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zhunru-threads-'))
  const lines = fileLines()
  const file = join(dir, 'events.ndjson')
  writeFileSync(file, `${lines.map((l, i) => (i % 500 === 7 ? `${l}\r` : l)).join('\n')}\n`)
  const run = async (o: Partial<AuditFileOptions>): Promise<{ rows: Finding[]; summary: AuditSummary; text: string }> => {
    let text = ''
    const r = await auditFile(file, { pack: 'cn-shandong', format: 'json', write: (t) => void (text += t), ...o })()
    if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
    return { rows: o.format === undefined || o.format === 'json' ? rowsOf(text) : [], summary: r.right.summary, text }
  }

  it('the same findings, in the same order, and counts on every thread count, as audit() gives', async () => {
    const one = await auditAll(policy, lines.map((l, i) => (i % 500 === 7 ? `${l}\r`.replace(/\r$/, '') : l)))
    expect(one.summary.read).toBeGreaterThan(6_000)
    expect(one.summary.skipped).toBeGreaterThan(5)
    expect(one.summary.late).toBeGreaterThan(0)
    expect(one.summary.blank).toBe(2)
    const want = one.findings.map((f) => JSON.stringify(f))
    let first = ''
    for (const threads of [1, 2, 3]) {
      const got = await run({ threads })
      expect(got.rows.map((f) => JSON.stringify(f)), `${threads} threads`).toEqual(want)
      expect(withoutPeak(got.summary), `${threads} threads`).toEqual(withoutPeak(one.summary))
      // byte for byte, whatever the number of threads, but for the summary's peakHeld (summed over
      // the threads, an upper bound)
      const text = got.text.replace(/"peakHeld":\d+/, '"peakHeld":0')
      if (threads === 1) first = text
      else expect(text, `${threads} threads`).toBe(first)
    }
  }, 60_000)

  it('writes a table and CSV byte for byte the same on one thread and on four', async () => {
    for (const format of ['table', 'csv'] as const) {
      const a = await run({ threads: 1, format })
      const b = await run({ threads: 4, format })
      expect(b.text.length).toBeGreaterThan(100_000)
      expect(b.text).toBe(a.text)
    }
  }, 60_000)

  it('says what is wrong: a missing file, a bad pack, a bad thread count', async () => {
    const missing = await auditFile(join(dir, 'none.ndjson'), { pack: 'cn-shandong' })()
    expect(E.isLeft(missing) && missing.left[0]?.code).toBe('load/not-found')
    const pack = await auditFile(file, { pack: 'no-such-pack', threads: 2 })()
    expect(E.isLeft(pack) && pack.left[0]?.code).toBe('load/not-found')
    const threads = await auditFile(file, { pack: 'cn-shandong', threads: 0 })()
    expect(E.isLeft(threads) && threads.left[0]?.code).toBe('request/invalid')
  })
})

describe('auditFile never throws', () => {
  it('a write that throws gives an issue, on one thread and on two', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zhunru-throws-'))
    const file = join(dir, 'events.ndjson')
    writeFileSync(file, `${JSON.stringify({ kind: 'meeting', date: '2026-01-10', requester: { level: 'district' }, community: { id: 'A' }, meeting: {} })}\n`)
    for (const threads of [1, 2]) {
      const r = await auditFile(file, { pack: 'cn-shandong', format: 'csv', threads, write: () => { throw new Error('disk full') } })()
      expect(E.isLeft(r) && r.left[0]?.received).toContain('disk full')
    }
  }, 30_000)
})

describe('auditFile when the threads read different bytes', () => {
  // A FIFO: each thread's reads take what the writer gives, so the threads see different bytes,
  // as they would of a file changed while it is read. It must end (not wait forever for a chunk
  // that never comes), and say why.
  it.skipIf(process.platform === 'win32')('ends with an issue, not a wait', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zhunru-fifo-'))
    const fifo = join(dir, 'events.fifo')
    execFileSync('mkfifo', [fifo])
    const line = JSON.stringify({ kind: 'meeting', date: '2026-01-10', requester: { level: 'district' }, community: { id: 'A' }, meeting: {} })
    const run = auditFile(fifo, { pack: 'cn-shandong', threads: 2 })()
    // the writer, in another process: the readers are this process's threads
    // (it opens the FIFO, then waits half a second so that both threads have opened it too)
    const write = `const fs = require('fs'); const fd = fs.openSync(${JSON.stringify(fifo)}, 'w'); setTimeout(() => { fs.writeSync(fd, ${JSON.stringify(line)}.concat('\\n').repeat(30000)); fs.closeSync(fd) }, 500)`
    const writer = spawn(process.execPath, ['-e', write])
    const r = await run
    writer.kill()
    expect(E.isLeft(r) && r.left[0]?.received).toContain('the file changed while it was read')
  }, 30_000)
})

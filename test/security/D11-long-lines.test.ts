import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it, vi } from 'vitest'
import { auditAll } from '../../src/audit/audit'
import type { Finding } from '../../src/audit/finding'
import { linesOf } from '../../src/cli/audit'
import { auditFile } from '../../src/node/audit-file'
import { loadPolicy, packChainSources, readDataFile } from '../../src/node/load'
import { readTextFile } from '../../src/node/read-text'
import { zhunru } from './_spawn'

/**
 * D11 (security review): the audit's line reader concatenated each chunk onto the growing rest of
 * a line (quadratic: a 100 MB line took 93 s on standard input), had no line limit, and read
 * `/dev/zero` (as the events or as `--pack`) forever. Lines are now cut in linear time, a line
 * past the limit (`--max-line-bytes`, default 1 MiB) is reported as malformed and skipped, and an
 * endless input ends with `load/too-large`.
 */

const meeting = (date: string, community = 'A'): string =>
  JSON.stringify({ kind: 'meeting', date, requester: { level: 'district', department: '区民政局' }, community: { id: community }, meeting: {} })
const dir = mkdtempSync(join(tmpdir(), 'zhunru-d11-'))
const MAX = 4096
// a long line (10 × the limit) between events, and one at the end without a newline
const long = `{"community":{"id":"A"},"pad":"${'x'.repeat(10 * MAX)}"}`
const text = [meeting('2026-01-10'), long, meeting('2026-02-10'), meeting('2026-03-10', 'B'), meeting('2026-03-10'), long].join('\n')
const file = join(dir, 'ev.ndjson')
writeFileSync(file, text)

const tooLong = (fs: readonly Finding[]): number[] => fs.filter((f) => f.type === 'malformed' && f.issues[0]?.code === 'load/too-large').map((f) => f.line)

describe('D11: long lines and endless inputs', () => {
  it('a file: a line past the limit is a malformed line, counted, the same on 1 and 2 threads', async () => {
    const outs: string[] = []
    for (const threads of [1, 2]) {
      let out = ''
      const r = await auditFile(file, { pack: 'cn-shandong', format: 'json', threads, maxLineBytes: MAX, write: (t) => void (out += t) })()
      if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
      const doc = JSON.parse(out) as { findings: Finding[] }
      expect(tooLong(doc.findings)).toEqual([2, 6])
      expect(r.right.summary).toMatchObject({ read: 6, skipped: 2, judged: 4, violations: 1 })
      outs.push(out.replace(/"peakHeld":\d+/, ''))
    }
    expect(outs[1]).toBe(outs[0])
  })

  it('standard input: the same, in any chunking', async () => {
    const policy = loadPolicy('cn-shandong')
    if (E.isLeft(policy)) throw new Error('pack')
    const bytes = Buffer.from(text)
    for (const size of [7, 1000, 65536]) {
      const chunks = Readable.from((function* () {
        for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size)
      })())
      const { findings, summary } = await auditAll(policy.right, linesOf(chunks, { bytes: 0 }, { maxLineBytes: MAX }))
      expect(tooLong(findings)).toEqual([2, 6])
      expect(summary).toMatchObject({ read: 6, skipped: 2, judged: 4, violations: 1 })
    }
  })

  it('reads a long line with copies linear in its length (a line in 64 KB chunks, as standard input gives them)', async () => {
    // the bytes the reader copies (Buffer.concat and Buffer.from of bytes) for one line of `size`
    // bytes: the old reader concatenated each chunk onto the rest of the line, copying k chunks
    // at the k-th (quadratic); a linear one copies each byte a bounded number of times
    const copied = async (size: number): Promise<number> => {
      const chunk = Buffer.alloc(1 << 16, 0x61)
      const { concat, from } = Buffer
      let n = 0
      const c = vi.spyOn(Buffer, 'concat').mockImplementation(((...a: Parameters<typeof concat>) => {
        const r = Reflect.apply(concat, Buffer, a) as Buffer
        n += r.length
        return r
      }) as typeof concat)
      const f = vi.spyOn(Buffer, 'from').mockImplementation(((...a: unknown[]) => {
        const r = Reflect.apply(from, Buffer, a) as Buffer
        if (a[0] instanceof Uint8Array) n += r.length
        return r
      }) as typeof from)
      const got: unknown[] = []
      try {
        for await (const l of linesOf((async function* () {
          for (let i = 0; i < size >> 16; i++) yield chunk
          yield Buffer.from('\n{}\n')
        })(), { bytes: 0 }, { maxLineBytes: 128 << 20 })) got.push(typeof l === 'string' ? l.length : l)
      } finally {
        c.mockRestore()
        f.mockRestore()
      }
      expect(got).toEqual([size, 2])
      return n
    }
    const small = await copied(2 << 20)
    const large = await copied(8 << 20)
    // the spies see the copies (the line is held whole before it is given), each byte is copied
    // at most twice (held, then joined), and four times the line copies four times the bytes
    expect(small).toBeGreaterThanOrEqual(2 << 20)
    expect(small).toBeLessThanOrEqual(2 * (2 << 20) + 64)
    expect(large).toBeLessThanOrEqual(2 * (8 << 20) + 64)
    expect(large / small).toBeLessThan(4.5)
  })

  it('an endless line (/dev/zero) ends: auditFile, linesOf, --pack and request files', async () => {
    const r = await auditFile('/dev/zero', { pack: 'cn-shandong', maxLineBytes: 1024 })()
    expect(E.isLeft(r) && r.left[0]?.code).toBe('load/too-large')
    const zero = (async function* () {
      for (;;) yield Buffer.alloc(1 << 16)
    })()
    await expect(async () => {
      for await (const _ of linesOf(zero, { bytes: 0 }, { maxLineBytes: 1024 })) void _
    }).rejects.toThrow(/without a line end/)
    // a pack path that is not a regular file is refused before any byte is read (D2's loader)
    const chain = packChainSources('/dev/zero')
    expect(E.isLeft(chain) && chain.left[0]?.code).toBe('load/not-found')
    const data = readDataFile('/dev/zero')
    expect(E.isLeft(data) && data.left[0]?.code).toBe('load/too-large')
    expect(E.isLeft(readTextFile('/dev/zero', { maxBytes: 1000 }))).toBe(true)
  })

  it('the command: audit /dev/zero exits 2 with the issue', async () => {
    const r = await zhunru(['audit', '/dev/zero', '--pack', 'cn-shandong', '--max-line-bytes', '1024', '--format', 'csv'], { timeout: 60_000 })
    expect(r.code).toBe(2)
    expect(r.err).toContain('load/too-large')
  }, 60_000)
})

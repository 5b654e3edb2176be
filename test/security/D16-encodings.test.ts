import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { auditAll } from '../../src/audit/audit'
import { linesOf } from '../../src/cli/audit'
import { evaluateCommand } from '../../src/cli/evaluate'
import { auditFile } from '../../src/node/audit-file'
import { loadPolicy } from '../../src/node/load'
import { run } from '../_capture'

/**
 * D16 (security review): a UTF-8 byte-order mark made the first event malformed (a violation
 * disappeared), CR-only line ends made the whole file one malformed line, and a GBK/GB18030
 * export was read as mojibake. Now: the BOM is dropped, CR-only line ends are read, and a file
 * is decoded strictly in its encoding (`--encoding gb18030`), or refused with a message saying
 * what to do.
 */

/** GB18030 bytes of text (two-byte GBK characters and ASCII), from the decoder's own table. */
const GBK = (() => {
  const table = new Map<string, number[]>()
  const d = new TextDecoder('gb18030')
  for (let lead = 0x81; lead <= 0xfe; lead++)
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue
      const ch = d.decode(Uint8Array.of(lead, trail))
      if (ch.length === 1 && !table.has(ch)) table.set(ch, [lead, trail])
    }
  return (text: string): Buffer =>
    Buffer.from(
      [...text].flatMap((c) => {
        if ((c.codePointAt(0) as number) < 0x80) return [c.charCodeAt(0)]
        const b = table.get(c)
        if (b === undefined) throw new Error(`no GBK for ${c}`)
        return b
      }),
    )
})()

const COMMUNITIES = ['泉城社区', '历下甲', '大明湖', '趵突泉', '千佛山', 'A1']
const meeting = (date: string, community: string): string =>
  JSON.stringify({ kind: 'meeting', date, requester: { level: 'district', department: '区民政局' }, community: { id: community }, meeting: {} })
const events = COMMUNITIES.flatMap((c) => ['2026-01-10', '2026-02-10', '2026-03-10', '2026-04-10'].map((d) => meeting(d, c)))
const dir = mkdtempSync(join(tmpdir(), 'zhunru-d16-'))
const put = (name: string, bytes: Buffer | string): string => {
  const f = join(dir, name)
  writeFileSync(f, bytes)
  return f
}
const plain = put('lf.ndjson', events.join('\n'))
const files = {
  bom: put('bom.ndjson', `\uFEFF${events.join('\n')}`),
  crlf: put('crlf.ndjson', events.join('\r\n')),
  cr: put('cr.ndjson', events.join('\r')),
  gb: put('gb.ndjson', GBK(events.join('\r\n'))),
}

const auditOf = async (file: string, threads: number, encoding?: 'gb18030'): Promise<{ out: string; read: number; skipped: number }> => {
  let out = ''
  const r = await auditFile(file, { pack: 'cn-shandong', format: 'csv', threads, ...(encoding ? { encoding } : {}), write: (t) => void (out += t) })()
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
  return { out, read: r.right.summary.read, skipped: r.right.summary.skipped }
}

describe('D16: byte-order marks, line ends and encodings', () => {
  it('a BOM, CRLF and CR-only line ends give the output of the plain file, on 1 and 2 threads', async () => {
    const expected = await auditOf(plain, 1)
    expect(expected.read).toBe(events.length)
    expect(expected.out.split('\n').filter((l) => l.startsWith('violation')).length).toBe(COMMUNITIES.length * 2)
    for (const [name, f] of Object.entries({ bom: files.bom, crlf: files.crlf, cr: files.cr }))
      // CRLF on 2 threads is covered by audit-threads.test.ts
      for (const threads of name === 'crlf' ? [1] : [1, 2]) expect((await auditOf(f, threads)).out, `${name} on ${threads}`).toBe(expected.out)
  })

  it('a GB18030 file with --encoding gb18030 gives the output of the UTF-8 file, on 1 and 2 threads', async () => {
    const expected = await auditOf(plain, 1)
    for (const threads of [1, 2]) expect((await auditOf(files.gb, threads, 'gb18030')).out, `${threads}`).toBe(expected.out)
  })

  it('a GB18030 file read as UTF-8: every line with Chinese is malformed, with a reason naming --encoding gb18030', async () => {
    const r = await auditOf(files.gb, 1)
    expect(r.read).toBe(events.length)
    expect(r.skipped).toBe(events.length)
    expect(r.out).toContain('load/encoding')
    expect(r.out).toContain('--encoding gb18030')
  })

  it('standard input: BOM, CR-only and GB18030 alike', async () => {
    const policy = loadPolicy('cn-shandong')
    if (E.isLeft(policy)) throw new Error('pack')
    const base = await auditAll(policy.right, events)
    const chunked = (b: Buffer): Readable => Readable.from((function* () {
      for (let i = 0; i < b.length; i += 100) yield b.subarray(i, i + 100)
    })())
    const inputs: [Buffer, 'gb18030' | undefined][] = [
      [Buffer.from(`\uFEFF${events.join('\n')}`), undefined],
      [Buffer.from(events.join('\r')), undefined],
      [GBK(events.join('\n')), 'gb18030'],
    ]
    for (const [bytes, encoding] of inputs) {
      const r = await auditAll(policy.right, linesOf(chunked(bytes), { bytes: 0 }, encoding ? { encoding } : {}))
      expect(r.summary).toEqual(base.summary)
      expect(r.findings).toEqual(base.findings)
    }
  })

  it('evaluate: a GBK request is refused with what to do, or read with --encoding gb18030; BOM and UTF-16 are read', () => {
    const request = JSON.stringify({ kind: 'certificate', date: '2026-03-02', community: { id: '泉城社区' }, requester: { level: 'district', department: '区民政局' }, certificate: { kind: '居住证明' } })
    const utf8 = run(() => evaluateCommand(put('r.json', request), { pack: 'cn-shandong', format: 'json' }))
    expect(utf8.code).toBe(0)
    const gb = put('r-gb.json', GBK(request))
    const refused = run(() => evaluateCommand(gb, { pack: 'cn-shandong', lang: 'en' }))
    expect(refused.code).toBe(2)
    expect(refused.out).toBe('')
    expect(refused.err).toContain('load/encoding')
    expect(refused.err).toContain('--encoding gb18030')
    expect(run(() => evaluateCommand(gb, { pack: 'cn-shandong', format: 'json', encoding: 'gb18030' })).out).toBe(utf8.out)
    expect(run(() => evaluateCommand(put('r-bom.json', `\uFEFF${request}`), { pack: 'cn-shandong', format: 'json' })).out).toBe(utf8.out)
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(request, 'utf16le')])
    expect(run(() => evaluateCommand(put('r-16.json', utf16), { pack: 'cn-shandong', format: 'json' })).out).toBe(utf8.out)
  })
})

import { execFileSync, spawn } from 'node:child_process'
import { createWriteStream, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CLI, root } from './_spawn'

/**
 * Issue 15, item 2 (security review, row A18): an audit interrupted by SIGINT or SIGTERM, or
 * stopped by an error after output was written, left a truncated CSV or an invalid JSON with no
 * sign of it. Its output now ends with a marker line (`# zhunru: INCOMPLETE …`), and standard
 * error says how far it got.
 */

const line = (i: number): string =>
  JSON.stringify({ id: `e${i}`, kind: 'meeting', date: `2026-0${1 + (i % 4)}-10`, requester: { level: 'district', department: '区民政局' }, community: { id: `c${Math.floor(i / 4)}` }, meeting: {} })
// 4,000 events, four a community: the third is judged (a violation) when the fourth comes, so
// 1,000 rows come while reading, more than the 64 KB the command gathers before it writes
const EVENTS = `${Array.from({ length: 4000 }, (_, i) => line(i)).join('\n')}\n`

/** Start `zhunru audit -`, feed it the events, keep standard input open, and once output came, `then`. */
const interrupted = (args: readonly string[], then: (child: ReturnType<typeof spawn>) => void, events = '-'): Promise<{ code: number | null; out: string; err: string }> =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [...CLI, 'audit', events, '--pack', 'cn-shandong', '--lang', 'en', ...args], { cwd: root })
    let out = ''
    let err = ''
    let fired = false
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString('utf8')
      if (!fired) {
        fired = true
        then(child)
      }
    })
    child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')))
    child.stdin.on('error', () => undefined)
    if (events === '-') child.stdin.write(EVENTS)
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, out, err })
    })
  })

const MARKER = /^# zhunru: INCOMPLETE: the audit was interrupted \((SIGINT|SIGTERM|an error)\) after \d+ lines; this output is not the whole result$/

describe('an interrupted audit says so', () => {
  it('SIGINT: CSV ends with the marker line, exit 130, a summary on stderr', async () => {
    const r = await interrupted(['--format', 'csv', '--order', 'found'], (c) => c.kill('SIGINT'))
    expect(r.code).toBe(130)
    const lines = r.out.trimEnd().split('\n')
    expect(lines[lines.length - 1]).toMatch(MARKER)
    expect(lines.slice(1, -1).every((l) => l.startsWith('breach,'))).toBe(true)
    expect(r.err).toMatch(/interrupted \(SIGINT\) after \d+ lines: the output is incomplete/)
  }, 90_000)

  it('SIGTERM: the JSON document ends with the marker and does not parse, exit 143', async () => {
    const r = await interrupted(['--format', 'json', '--order', 'found'], (c) => c.kill('SIGTERM'))
    expect(r.code).toBe(143)
    expect(r.out.trimEnd().split('\n').pop()).toMatch(MARKER)
    expect(() => JSON.parse(r.out)).toThrow()
  }, 90_000)

  it('SIGINT on a named pipe (read as a stream, so the signal is heard while it waits): the marker, exit 130', async () => {
    const fifo = join(mkdtempSync(join(tmpdir(), 'zhunru-fifo-')), 'events.ndjson')
    execFileSync('mkfifo', [fifo])
    const writer = createWriteStream(fifo)
    writer.on('error', () => undefined)
    writer.write(EVENTS)
    // the signal comes once every event written is read, while the audit waits for more
    const r = await interrupted(['--format', 'csv', '--order', 'found', '--threads', '1'], (c) => void setTimeout(() => c.kill('SIGINT'), 1500), fifo)
    writer.destroy()
    expect(r.code).toBe(130)
    expect(r.out.trimEnd().split('\n').pop()).toMatch(MARKER)
  }, 90_000)

  it('SIGINT on a report sorted by community (written at the end): nothing on standard output, exit 130', async () => {
    const r = await new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      const child = spawn(process.execPath, [...CLI, 'audit', '-', '--pack', 'cn-shandong', '--lang', 'en', '--format', 'csv'], { cwd: root })
      let out = ''
      let err = ''
      child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')))
      child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')))
      child.stdin.on('error', () => undefined)
      // every event is read while standard input stays open; then the signal
      child.stdin.write(EVENTS, () => void setTimeout(() => child.kill('SIGINT'), 3000))
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
      child.on('close', (code) => {
        clearTimeout(timer)
        resolve({ code, out, err })
      })
    })
    expect(r.code).toBe(130)
    // no partial report can be taken for a whole one: there is none
    expect(r.out).toBe('')
    expect(r.err).toMatch(/interrupted \(SIGINT\) after \d+ lines: the output is incomplete/)
  }, 90_000)

  it('an error after output was written (an endless line): the marker, then the issue, exit 2', async () => {
    const r = await interrupted(['--format', 'table', '--order', 'found', '--max-line-bytes', '1024'], (c) => {
      c.stdin?.write(Buffer.alloc(1 << 17, 0x61))
      c.stdin?.end()
    })
    expect(r.code).toBe(2)
    expect(r.out.trimEnd().split('\n').pop()).toMatch(MARKER)
    expect(r.err).toContain('load/too-large')
  }, 90_000)
})

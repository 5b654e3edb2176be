import { spawn } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { generateRequests } from '../../scripts/gen-requests'
import { capPack } from '../_impact-packs'
import { CLI, root } from './_spawn'

/**
 * `zhunru impact` interrupted by SIGINT or SIGTERM ends what it wrote with a marker line, as an
 * interrupted audit does (test/security/incomplete-audit.test.ts), and says so on stderr.
 */

const REQUESTS = `${[...generateRequests(20_000, { seed: 11, communities: 40 })].join('\n')}\n`
const MARKER = /^# zhunru: INCOMPLETE: impact was interrupted \((SIGINT|SIGTERM)\) after \d+ lines; this output is not the whole result$/

const interrupted = (signal: NodeJS.Signals, format: string): Promise<{ code: number | null; out: string; err: string }> =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [...CLI, 'impact', '-', '--before', 'cn-shandong', '--after', capPack(1), '--format', format, '--lang', 'en'], { cwd: root })
    let out = ''
    let err = ''
    let fired = false
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString('utf8')
      if (!fired) {
        fired = true
        child.kill(signal)
      }
    })
    child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')))
    child.stdin.on('error', () => undefined)
    // standard input stays open: the command is still reading when the signal comes
    child.stdin.write(REQUESTS)
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, out, err })
    })
  })

describe('an interrupted impact says so', () => {
  it('SIGINT: the JSON rows end with the marker line, exit 130, a line on stderr', async () => {
    const r = await interrupted('SIGINT', 'json')
    expect(r.code).toBe(130)
    const lines = r.out.trimEnd().split('\n')
    expect(lines[lines.length - 1]).toMatch(MARKER)
    expect(lines.slice(0, -1).every((l) => l.startsWith('{'))).toBe(true)
    expect(r.err).toMatch(/impact interrupted \(SIGINT\) after \d+ lines: the output is incomplete/)
  }, 90_000)

  it('SIGTERM: the CSV ends with the marker line, exit 143', async () => {
    const r = await interrupted('SIGTERM', 'csv')
    expect(r.code).toBe(143)
    expect(r.out.trimEnd().split('\n').pop()).toMatch(MARKER)
  }, 90_000)
})

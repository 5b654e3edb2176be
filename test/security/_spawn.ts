import { spawn } from 'node:child_process'
import { openSync, closeSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** The repository root. */
export const root = fileURLToPath(new URL('../..', import.meta.url))

export interface Spawned {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly out: string
  readonly err: string
}

/**
 * Run `zhunru` from source in a child process (the wiring of main.ts: commander, the exit codes,
 * the output's error handler). `stdout`: 'pipe' (captured), 'full' (/dev/full: every write fails
 * with ENOSPC) or 'closed' (a pipe whose reader has gone: EPIPE).
 */
export const zhunru = (args: readonly string[], o: { stdout?: 'pipe' | 'full' | 'closed'; input?: string; timeout?: number } = {}): Promise<Spawned> =>
  new Promise((resolve) => {
    const full = o.stdout === 'full' ? openSync('/dev/full', 'w') : undefined
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: root,
      stdio: ['pipe', full ?? 'pipe', 'pipe'],
    })
    if (full !== undefined) closeSync(full)
    let out = ''
    let err = ''
    if (o.stdout === 'closed') child.stdout?.destroy()
    else child.stdout?.on('data', (d: Buffer) => (out += d.toString('utf8')))
    child.stderr?.on('data', (d: Buffer) => (err += d.toString('utf8')))
    child.stdin?.on('error', () => undefined)
    child.stdin?.end(o.input ?? '')
    const timer = setTimeout(() => child.kill('SIGKILL'), o.timeout ?? 60_000)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal, out, err })
    })
  })

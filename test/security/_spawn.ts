import { spawn } from 'node:child_process'
import { closeSync, mkdirSync, openSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildSync } from 'esbuild'
import { afterAll } from 'vitest'

/** The repository root. */
export const root = fileURLToPath(new URL('../..', import.meta.url))

/**
 * The CLI and the audit's worker bundled once per test file by esbuild (dependencies left as
 * imports, resolved from the repository's node_modules): a plain `node cli.js` starts in a
 * fraction of the time `node --import tsx src/cli/main.ts` takes to load every source file.
 */
const bundled = (() => {
  const dir = join(root, 'node_modules', '.cache', `zhunru-cli-test-${process.pid}-${Math.random().toString(36).slice(2)}`)
  mkdirSync(dir, { recursive: true })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}')
  buildSync({
    entryPoints: { cli: join(root, 'src/cli/main.ts'), 'audit-worker': join(root, 'src/node/audit-worker.ts') },
    outdir: dir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'silent',
  })
  return join(dir, 'cli.js')
})()

/** The command line that runs `zhunru`. */
export const CLI: readonly string[] = [bundled]

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
    const child = spawn(process.execPath, [...CLI, ...args], {
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

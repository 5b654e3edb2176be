import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'

/**
 * The guides cannot rot: every `npx zhunru …` line of a ```sh block runs as
 * `npx tsx src/cli/main.ts …` and must exit with the code its comment states (`# exit N` /
 * `# 退出码 N`, else 0) and print something.
 *
 * To keep the suite fast, `src/cli/main.ts` runs in this process (imported afresh with the
 * command's argv, its output captured); the first command of each guide also runs as its own
 * process, exactly as written, to check the two agree.
 */
const root = join(import.meta.dirname, '..')

interface Command {
  readonly line: string
  readonly args: string[]
  readonly exit: number
}

const commands = (file: string): Command[] => {
  const text = readFileSync(join(root, file), 'utf8')
  const blocks = [...text.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] as string)
  return blocks.flatMap((b) =>
    b
      .split('\n')
      .filter((l) => l.startsWith('npx zhunru '))
      .map((line) => {
        const [cmd, comment] = line.split(/\s+#\s*/, 2) as [string, string | undefined]
        const exit = Number(/(?:exit|退出码)\s*(\d)/.exec(comment ?? '')?.[1] ?? 0)
        return { line, args: cmd.trim().split(/\s+/).slice(2), exit }
      }),
  )
}

/** Run src/cli/main.ts in this process with the given arguments. */
const runMain = async (args: readonly string[]): Promise<{ code: number; out: string }> => {
  let out = ''
  const write = process.stdout.write.bind(process.stdout)
  const errWrite = process.stderr.write.bind(process.stderr)
  const argv = process.argv
  const listeners = process.stdout.listeners('error')
  process.stdout.write = ((s: string) => ((out += s), true)) as typeof process.stdout.write
  process.stderr.write = (() => true) as typeof process.stderr.write
  process.argv = [process.execPath, 'src/cli/main.ts', ...args]
  process.exitCode = undefined
  try {
    vi.resetModules()
    await import('../src/cli/main')
    await new Promise((r) => setTimeout(r, 0))
    return { code: Number(process.exitCode ?? 0), out }
  } finally {
    process.stdout.write = write
    process.stderr.write = errWrite
    process.argv = argv
    process.exitCode = undefined
    for (const l of process.stdout.listeners('error')) if (!listeners.includes(l)) process.stdout.off('error', l as (e: Error) => void)
  }
}

for (const guide of ['docs/authoring.zh-CN.md', 'docs/authoring.en.md']) {
  describe(guide, () => {
    const cmds = commands(guide)
    it('has commands for test, --coverage, lint, explain and evaluate', () => {
      const all = cmds.map((c) => c.args.join(' '))
      for (const want of [/^test /, /--coverage/, /--min-coverage/, /^lint /, /^explain /, /^evaluate /])
        expect(all.some((a) => want.test(a))).toBe(true)
    })
    for (const c of cmds)
      it(c.line, async () => {
        const r = await runMain(c.args)
        expect(r.code).toBe(c.exit)
        expect(r.out.trim().length).toBeGreaterThan(0)
      })
    it('its first command, run as its own process with npx tsx, gives the same exit code', () => {
      const c = cmds[0] as Command
      const r = spawnSync('npx', ['tsx', 'src/cli/main.ts', ...c.args], { cwd: root, encoding: 'utf8' })
      expect(r.status).toBe(c.exit)
      expect(r.stdout.trim().length).toBeGreaterThan(0)
    })
  })
}

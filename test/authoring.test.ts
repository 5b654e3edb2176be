import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

/**
 * The guides cannot rot: every `npx zhunru …` line of a ```sh block runs, with
 * `npx tsx src/cli/main.ts` in place of `npx zhunru` (run as `node --import tsx src/cli/main.ts`),
 * and must exit with the code its comment states (`# exit N` / `# 退出码 N`, else 0) and print
 * something.
 */
const root = join(import.meta.dirname, '..')
const run = promisify(execFile)

const commands = (file: string): { line: string; args: string[]; exit: number }[] => {
  const text = readFileSync(join(root, file), 'utf8')
  const blocks = [...text.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] as string)
  return blocks.flatMap((b) =>
    b
      .split('\n')
      .filter((l) => l.startsWith('npx zhunru '))
      .map((line) => {
        const [cmd, comment] = line.split(/\s+#\s*/, 2) as [string, string | undefined]
        const exit = Number(/(?:exit|退出码)\s*(\d)/.exec(comment ?? '')?.[1] ?? 0)
        return { line, args: (cmd.trim().split(/\s+/)).slice(2), exit }
      }),
  )
}

for (const guide of ['docs/authoring.zh-CN.md', 'docs/authoring.en.md']) {
  describe(guide, () => {
    const cmds = commands(guide)
    it('has commands for test, --coverage, lint and explain', () => {
      const all = cmds.map((c) => c.args.join(' '))
      for (const want of [/^test /, /--coverage/, /--min-coverage/, /^lint /, /^explain /, /^evaluate /])
        expect(all.some((a) => want.test(a))).toBe(true)
    })
    for (const c of cmds)
      it.concurrent(c.line, async () => {
        let code = 0
        let out = ''
        try {
          const r = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...c.args], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 })
          out = r.stdout
        } catch (e) {
          const x = e as { code?: number; stdout?: string }
          code = typeof x.code === 'number' ? x.code : -1
          out = x.stdout ?? ''
        }
        expect(code).toBe(c.exit)
        expect(out.trim().length).toBeGreaterThan(0)
      })
  })
}

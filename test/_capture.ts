/**
 * Run a CLI command function in this process, capturing what it prints and its exit code
 * (faster than spawning; the `main.ts` wiring is tested by spawning elsewhere).
 */
export const run = (f: () => number): { code: number; out: string; err: string } => {
  let out = ''
  let err = ''
  const o = process.stdout.write.bind(process.stdout)
  const e = process.stderr.write.bind(process.stderr)
  process.stdout.write = ((s: string) => ((out += s), true)) as typeof process.stdout.write
  process.stderr.write = ((s: string) => ((err += s), true)) as typeof process.stderr.write
  try {
    return { code: f(), out, err }
  } finally {
    process.stdout.write = o
    process.stderr.write = e
  }
}

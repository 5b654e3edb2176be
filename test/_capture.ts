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

/**
 * {@link run} for a command that resolves to its exit code (audit, impact, replay): what it prints,
 * with `stdout`/`stderr` names too. A write's callback is called, as a stream's would be.
 */
export const runAsync = async (f: () => Promise<number>): Promise<{ code: number; out: string; err: string; stdout: string; stderr: string }> => {
  let out = ''
  let err = ''
  const o = process.stdout.write.bind(process.stdout)
  const e = process.stderr.write.bind(process.stderr)
  const capture =
    (add: (s: string) => void) =>
    (s: string | Uint8Array, a?: unknown, b?: unknown): boolean => {
      add(String(s))
      const cb = typeof a === 'function' ? a : b
      if (typeof cb === 'function') (cb as () => void)()
      return true
    }
  process.stdout.write = capture((s) => (out += s)) as typeof process.stdout.write
  process.stderr.write = capture((s) => (err += s)) as typeof process.stderr.write
  try {
    const code = await f()
    return { code, out, err, stdout: out, stderr: err }
  } finally {
    process.stdout.write = o
    process.stderr.write = e
  }
}

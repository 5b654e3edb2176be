import { Writable } from 'node:stream'
import { describe, expect, it, vi } from 'vitest'
import { outputFailed, writeOut } from '../src/cli/io'

/** An output like a full disk: each write fails a moment later with ENOSPC. */
const fullDisk = (): Writable => {
  const w = new Writable({
    highWaterMark: 4,
    write(_chunk, _enc, cb) {
      setImmediate(() => cb(Object.assign(new Error('no space left on device'), { code: 'ENOSPC' })))
    },
  })
  // as the audit command does: the failure is reported by the write that meets it
  w.on('error', () => undefined)
  return w
}

/** The promise's outcome, or 'still waiting' after 2 s. */
const settle = (p: Promise<void>): Promise<string> =>
  Promise.race([p.then(() => 'written', (e: { code?: string }) => `failed ${e.code ?? ''}`), new Promise<string>((r) => setTimeout(() => r('still waiting'), 2000))])

describe("writeOut: a command's output that fails", () => {
  it('rejects the write that waits for a full disk to drain', async () => {
    expect(await settle(writeOut(fullDisk(), 'a longer line than the buffer\n'))).toBe('failed ENOSPC')
  })

  it('rejects at once a write after the failure arrived between two writes (a wait for drain alone never ends)', async () => {
    const out = fullDisk()
    // a first write that fits: it returns at once, and its failure comes later
    await writeOut(out, 'ab')
    await new Promise((r) => out.on('close', r))
    expect(await settle(writeOut(out, 'a second, longer write\n'))).toBe('failed ENOSPC')
  })

  it('writes to an output that works, waiting for it to drain', async () => {
    let got = ''
    const out = new Writable({
      highWaterMark: 4,
      write(chunk: Buffer, _enc, cb) {
        got += chunk.toString()
        setImmediate(cb)
      },
    })
    await writeOut(out, 'one long line\n')
    await writeOut(out, 'two\n')
    expect(got).toBe('one long line\ntwo\n')
  })
})

describe('outputFailed: one line for each failure', () => {
  it('says it once when the command and the process both meet the same failure, and again for another', () => {
    const lines: string[] = []
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((t: string | Uint8Array) => {
      lines.push(String(t))
      return true
    })
    try {
      const full = Object.assign(new Error('no space left on device'), { code: 'ENOSPC' })
      expect(outputFailed(full, 'zh-CN')).toBe(3)
      expect(outputFailed(full, 'zh-CN')).toBe(3)
      expect(outputFailed(Object.assign(new Error('broken pipe'), { code: 'EPIPE' }), 'en')).toBe(3)
    } finally {
      spy.mockRestore()
    }
    expect(lines).toEqual(['zhunru：无法写出结果（ENOSPC），输出不完整\n', 'zhunru: cannot write the output (EPIPE); it is incomplete\n'])
  })
})

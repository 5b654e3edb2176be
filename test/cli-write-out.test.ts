import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { writeOut } from '../src/cli/io'

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

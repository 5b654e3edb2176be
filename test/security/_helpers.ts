import * as E from 'fp-ts/lib/Either.js'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** The miniature pack of the engine's own tests, as text. */
export const miniText = readFileSync('test/fixtures/mini/pack.yaml', 'utf8')

/** A fresh scratch folder under the OS temp dir. */
export const scratch = (): string => mkdtempSync(join(tmpdir(), 'zhunru-sec-'))

/** The value of a Right, or a failure showing the Left. */
export const right = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(`expected Right, got ${JSON.stringify(e.left).slice(0, 2000)}`)
  return e.right
}

/** The issue codes of a Left (or ['right']). */
export const codes = (e: E.Either<readonly { code: string }[], unknown>): string[] => (E.isLeft(e) ? e.left.map((i) => i.code) : ['right'])

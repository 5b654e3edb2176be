import { execFileSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

// The numbered examples are documentation that runs: each must run and print what it promises.
const EXPECT: Record<string, RegExp> = {
  '01-evaluate.ts': /^forbidden by certificate-no-longer-issued \(cn-national\), citing 关于改进和规范基层群众性自治组织出具证明工作的指导意见 .+ \(secondary\)$/m,
  '02-explain.ts': /有权拒绝[\s\S]*refusable/,
  '03-compile-text.ts': /\[schema\/invalid\][\s\S]*\nrefusable\n/,
}

describe('examples/', () => {
  const files = readdirSync('examples').filter((f) => /^\d\d-.*\.ts$/.test(f)).sort()
  it('has an expectation for every numbered example', () => {
    expect(files).toEqual(Object.keys(EXPECT).sort())
  })
  it.each(files)('%s runs and prints what it promises', (file) => {
    const out = execFileSync('npx', ['tsx', `examples/${file}`], { encoding: 'utf8' })
    expect(out).toMatch(EXPECT[file] as RegExp)
  })
})

// Run by test/record.test.ts in a second process: read a stored decision record (JSON text) from a
// file and explain it under each `pack:locale` given; print one JSON array of {text} or {issues}.
import { readFileSync } from 'node:fs'
import * as E from 'fp-ts/lib/Either.js'
import { loadPolicy } from '../src/node/load'
import { explainRecord } from '../src/record/index'

const [file, ...asks] = process.argv.slice(2) as [string, ...string[]]
const stored = readFileSync(file, 'utf8')
const out = asks.map((ask) => {
  const [pack, locale] = ask.split(':') as [string, string]
  const policy = loadPolicy(pack)
  if (E.isLeft(policy)) throw new Error(JSON.stringify(policy.left))
  const x = explainRecord(policy.right, JSON.parse(stored), { locale: locale === 'en' ? 'en' : 'zh-CN' })
  return E.isRight(x) ? { text: x.right.text } : { issues: x.left }
})
process.stdout.write(`${JSON.stringify(out)}\n`)

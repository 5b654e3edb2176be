// Run by test/record.test.ts in a second process: read a stored decision record (JSON text) from a
// file, load the named pack, explain the record; print {text} or {issues} as one JSON line.
import { readFileSync } from 'node:fs'
import * as E from 'fp-ts/lib/Either.js'
import { loadPolicy } from '../src/node/load'
import { explainRecord } from '../src/record/index'

const [file, pack, locale] = process.argv.slice(2) as [string, string, string]
const policy = loadPolicy(pack)
if (E.isLeft(policy)) throw new Error(JSON.stringify(policy.left))
const x = explainRecord(policy.right, JSON.parse(readFileSync(file, 'utf8')), { locale: locale === 'en' ? 'en' : 'zh-CN' })
process.stdout.write(`${JSON.stringify(E.isRight(x) ? { text: x.right.text } : { issues: x.left })}\n`)

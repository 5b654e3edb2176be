import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * The Chinese guide leads to Chinese pages: every page docs/authoring.zh-CN.md links to exists,
 * each anchor it names is there, and each page is written in Chinese (a page linked as English,
 * "英文的 [x.md]", and the English guide itself aside).
 */
const docs = join(import.meta.dirname, '..', 'docs')
const guide = readFileSync(join(docs, 'authoring.zh-CN.md'), 'utf8')
const HAN = /\p{Script=Han}/gu

/** GitHub's anchor for a heading: lower case, spaces to -, punctuation dropped. */
const slug = (heading: string): string =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-')

const anchorsOf = (text: string): Set<string> =>
  new Set([
    ...[...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1] as string)),
    ...[...text.matchAll(/<a id="([^"]+)"><\/a>/g)].map((m) => m[1] as string),
  ])

const links = [...guide.matchAll(/(英文的 )?\[[^\]]*\]\(([^)#\s]+\.md)(?:#([^)]+))?\)/g)].map((m) => ({ english: m[1] !== undefined, file: m[2] as string, anchor: m[3] }))

describe('docs/authoring.zh-CN.md links to pages in Chinese', () => {
  it('has links to check', () => expect(links.length).toBeGreaterThanOrEqual(6))
  it.each(links.map((l) => [`${l.file}${l.anchor ? `#${l.anchor}` : ''}`, l]))('%s', (_name, l) => {
    const link = l as (typeof links)[number]
    const path = join(docs, link.file)
    expect(existsSync(path), `${link.file} exists`).toBe(true)
    const text = readFileSync(path, 'utf8')
    if (link.anchor !== undefined) expect([...anchorsOf(text)]).toContain(link.anchor)
    if (link.file !== 'authoring.en.md' && !link.english) expect((text.match(HAN) ?? []).length, `${link.file} is in Chinese`).toBeGreaterThan(400)
  })
  it('the Chinese pages link back to pages that exist', () => {
    for (const f of ['pack-format.zh-CN.md', 'request.zh-CN.md', 'facts.zh-CN.md', 'cli.zh-CN.md']) {
      const text = readFileSync(join(docs, f), 'utf8')
      for (const m of text.matchAll(/\]\(([^)#\s]+\.md)(?:#([^)]+))?\)/g)) {
        expect(existsSync(join(docs, m[1] as string)), `${f} → ${m[1]}`).toBe(true)
        if (m[2] !== undefined) expect([...anchorsOf(readFileSync(join(docs, m[1] as string), 'utf8'))], `${f} → ${m[1]}#${m[2]}`).toContain(m[2])
      }
    }
  })
})

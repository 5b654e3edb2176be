import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A pack beside the bundled ones that changes one cap's maximum of cn-shandong and nothing else. */
export const capPack = (max: number): string => {
  const dir = mkdtempSync(join(tmpdir(), 'zhunru-impact-'))
  mkdirSync(join(dir, 'cap'))
  writeFileSync(
    join(dir, 'cap', 'pack.yaml'),
    `id: cap-${max}
extends: cn-shandong
title: { zh-CN: 上限, en: cap }
jurisdiction: { level: district, name: { zh-CN: 示例, en: example } }
documents:
  - { id: amend, title: 示例修订, kind: source }
caps:
  street-inspections:
    match:
      all:
        - { fact: kind, operator: equal, value: inspection }
        - { fact: requester, path: $.level, operator: in, value: [street, street-department] }
    window: month
    max: ${max}
    deliberate: true
    citation: { source: amend, article: 一, reading: { zh-CN: 示例, en: example } }
rules: []
`,
  )
  return join(dir, 'cap')
}


import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { decodeRequest } from '../src/decode/decode-request'
import { formatIssues } from '../src/issues/format'

/**
 * A Chinese line stays Chinese: what a decoder expects (`one of …`, `string`, `Array<…>`) is
 * written in Chinese words in zh-CN, and as it is in English (the user trial's friction: 请求缺少字段
 * （应为 one of outside, inside）).
 */
describe('issues in Chinese say what is expected in Chinese', () => {
  const d = decodeRequest({ kind: 'plaque', date: '2026-01-01', requester: { level: 'streett', department: 3 }, community: { id: 'c' }, plaque: { name: '某牌子' }, history: 'x' }, 'Asia/Shanghai')
  const issues = E.isLeft(d) ? d.left : []
  it('zh-CN: no English type words or "one of"', () => {
    const zh = formatIssues(issues, 'zh-CN')
    expect(zh).toContain('请求缺少字段（应为 outside、inside 之一）')
    expect(zh).toContain('请求字段应为 文字，实际为 3')
    expect(zh).toContain('HistoryEvent 的列表')
    expect(zh).not.toMatch(/one of|expected|\bstring\b|Array</)
  })
  it('en: as the decoder wrote it', () => {
    const en = formatIssues(issues, 'en')
    expect(en).toContain('expected one of outside, inside')
    expect(en).toContain('expected Array<HistoryEvent>')
  })
})

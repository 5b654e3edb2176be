import type { Outcome } from '../decode/pack-codec'
import { formatIssues, type Locale } from '../issues/format'
import type { Comparison, RuleDifference } from './compare'

/**
 * A comparison as text: one line per policy, then each pair that differs with the rules that
 * make the difference. Chinese or English.
 *
 * @module
 */

const OUTCOME: Record<Locale, Record<Outcome, string>> = {
  'zh-CN': { required: '必须承接', permitted: '可以承接', refusable: '有权拒绝', forbidden: '不得办理' },
  en: { required: 'required', permitted: 'permitted', refusable: 'refusable', forbidden: 'forbidden' },
}

const ruleLine = (d: RuleDifference, a: string, b: string, locale: Locale): string => {
  const zh = locale === 'zh-CN'
  const o = OUTCOME[locale]
  const mark = d.deciding ? (zh ? '（决定性）' : ' (deciding)') : ''
  switch (d.kind) {
    case 'only-in-a':
      return zh
        ? `    · ${d.rule}${mark}：只在 ${a} 中触发（${o[d.a?.outcome ?? 'refusable']}，来自 ${d.a?.pack}）`
        : `    · ${d.rule}${mark}: fired under ${a} only (${o[d.a?.outcome ?? 'refusable']}, from ${d.a?.pack})`
    case 'only-in-b':
      return zh
        ? `    · ${d.rule}${mark}：只在 ${b} 中触发（${o[d.b?.outcome ?? 'refusable']}，来自 ${d.b?.pack}）`
        : `    · ${d.rule}${mark}: fired under ${b} only (${o[d.b?.outcome ?? 'refusable']}, from ${d.b?.pack})`
    case 'other-layer':
      return zh
        ? `    · ${d.rule}${mark}：两处都触发、结论相同，但来自不同的规则包（${a}：${d.a?.pack}；${b}：${d.b?.pack}）`
        : `    · ${d.rule}${mark}: fired under both with the same outcome, from different packs (${a}: ${d.a?.pack}; ${b}: ${d.b?.pack})`
    case 'decides-differently':
      return zh
        ? `    · ${d.rule}${mark}：两处都触发，但结论不同（${a}：${o[d.a?.outcome ?? 'refusable']}，来自 ${d.a?.pack}；${b}：${o[d.b?.outcome ?? 'refusable']}，来自 ${d.b?.pack}）`
        : `    · ${d.rule}${mark}: fired under both, deciding differently (${a}: ${o[d.a?.outcome ?? 'refusable']} from ${d.a?.pack}; ${b}: ${o[d.b?.outcome ?? 'refusable']} from ${d.b?.pack})`
  }
}

/**
 * Render a comparison.
 *
 * @example
 * renderComparison(compare(request, policies), 'en')
 * // 'cn-national: refusable (catch-all, from cn-national)\ncn-shandong: required (assist-list, ...)\n...'
 * @since 0.1.0
 */
export const renderComparison = (c: Comparison, locale: Locale = 'zh-CN'): string => {
  try {
    return renderUnchecked(c, locale === 'en' ? 'en' : 'zh-CN')
  } catch {
    return '' // not a result of compare
  }
}

const renderUnchecked = (c: Comparison, locale: Locale): string => {
  const zh = locale === 'zh-CN'
  const o = OUTCOME[locale]
  const lines: string[] = []
  const width = Math.max(...c.rows.map((r) => r.policy.length))
  for (const r of c.rows) {
    const name = r.policy.padEnd(width)
    if (r.outcome === undefined || r.decidedBy === undefined) {
      lines.push(`${name}  ${zh ? '无法评估' : 'cannot be evaluated'}: ${formatIssues(r.issues ?? [], locale).split('\n')[0] ?? ''}`)
      continue
    }
    lines.push(
      zh
        ? `${name}  ${o[r.outcome]}（${r.outcome}）  规则 ${r.decidedBy.id}，来自 ${r.decidedBy.pack}`
        : `${name}  ${o[r.outcome]}  rule ${r.decidedBy.id}, from ${r.decidedBy.pack}`,
    )
  }
  lines.push('')
  if (c.differences.length === 0) {
    lines.push(zh ? '各规则包的结论和决定规则都相同。' : 'Every policy decides alike, by the same rule.')
    return lines.join('\n')
  }
  lines.push(zh ? (c.sameOutcome ? '结论相同，但决定的规则不同：' : '结论不同之处：') : c.sameOutcome ? 'Same outcome, different deciding rules:' : 'Where they differ:')
  for (const d of c.differences) {
    const oa = d.outcomeA !== undefined ? o[d.outcomeA] : '—'
    const ob = d.outcomeB !== undefined ? o[d.outcomeB] : '—'
    lines.push(`  ${d.a} (${oa}) ${d.outcomesDiffer ? '≠' : '~'} ${d.b} (${ob})`)
    for (const r of d.rules) lines.push(ruleLine(r, d.a, d.b, locale))
  }
  return lines.join('\n')
}

import type { Outcome } from '../decode/pack-codec'
import type { Locale } from '../issues/format'
import type { Change } from './change'
import type { WhatIfResult } from './what-if'
import { inert } from '../text/inert'

/**
 * A what-if answer as text for a clerk, Chinese or English.
 *
 * @module
 */

const OUTCOME: Record<Locale, Record<Outcome, string>> = {
  'zh-CN': { required: '必须承接', permitted: '可以承接', refusable: '有权拒绝', forbidden: '不得办理' },
  en: { required: 'required', permitted: 'permitted', refusable: 'refusable', forbidden: 'forbidden' },
}

// request values, shown inert (no line breaks or terminal controls)
const show = (v: unknown): string => inert(typeof v === 'string' ? v : JSON.stringify(v))

const changeLine = (c: Change, locale: Locale): string => {
  const zh = locale === 'zh-CN'
  const absent = zh ? '（无）' : '(absent)'
  const removed = zh ? '（删去）' : '(removed)'
  const from = 'from' in c ? show(c.from) : absent
  const to = 'to' in c && c.to !== undefined ? show(c.to) : removed
  return `  · ${inert(c.path)}: ${from} → ${to}\n    ${zh ? '理由：' : 'why: '}${c.reason[locale]}`
}

/**
 * Render a what-if answer: the decision now, then each change set with its changes, the field
 * paths, the values before and after, and the rule and condition each change turns. When no set
 * was found, the conditions that block it.
 *
 * @example
 * explainWhatIf(result, 'zh-CN')
 * // '当前决定：有权拒绝（refusable），由规则 admission-unapproved 决定。\n要得到「必须承接」…'
 * @since 0.1.0
 */
export const explainWhatIf = (result: WhatIfResult, locale: Locale = 'zh-CN'): string => {
  try {
    return explainUnchecked(result, locale === 'en' ? 'en' : 'zh-CN')
  } catch {
    return '' // not a result of whatIf
  }
}

const explainUnchecked = (result: WhatIfResult, locale: Locale): string => {
  const zh = locale === 'zh-CN'
  const o = OUTCOME[locale]
  const lines: string[] = []
  lines.push(
    zh
      ? `当前决定：${o[result.outcome]}（${result.outcome}），由规则 ${result.decidedBy} 决定。`
      : `The decision now: ${o[result.outcome]}, by rule ${result.decidedBy}.`,
  )
  if (result.changeSets.length > 0) {
    if (result.requiredBlocked !== undefined)
      lines.push(
        zh
          ? `提出单位改动请求无法得到「必须承接」：条文在这里没有规定社区的义务。以下方案能使它「可以承接」（条文允许，社区自主决定）。`
          : `No change the requester can make gives required: the texts set no duty of the community here. These make it permitted (the texts allow it; the community decides).`,
      )
    lines.push(
      zh
        ? `要得到「${o[result.target]}」（${result.target}），可以采用以下任一方案（每个方案都已重新评估验证）：`
        : `To make it ${o[result.target]}, any one of these sets of changes will do (each checked by evaluating again):`,
    )
    result.changeSets.forEach((s, i) => {
      lines.push(
        zh
          ? `方案 ${i + 1}（${s.changes.length} 处改动）→ ${o[s.outcome]}，由规则 ${s.decidedBy} 决定`
          : `Option ${i + 1} (${s.changes.length} change${s.changes.length === 1 ? '' : 's'}) → ${o[s.outcome]}, by rule ${s.decidedBy}`,
      )
      for (const c of s.changes) lines.push(changeLine(c, locale))
    })
    return lines.join('\n')
  }
  if (result.targetRules === 0)
    lines.push(
      zh
        ? `本规则包在该日期没有结果为「${o[result.target]}」的规则，提出单位改动请求无法得到这一结果。`
        : `The policy has no rule with the outcome ${o[result.target]} in force on this date; no change the requester can make gives it.`,
    )
  else {
    lines.push(
      zh
        ? `在 ${result.candidates} 个候选请求中没有找到提出单位能做到的改动。阻碍的条件：`
        : `No change the requester can make was found among ${result.candidates} candidate requests. What stands in the way:`,
    )
    const seen = new Set<string>()
    for (const b of result.blocked) {
      const line = `  · ${b.rule}: ${b.condition}${b.path ? ` (${b.path})` : ''} — ${b.why[locale]}`
      if (!seen.has(line)) {
        seen.add(line)
        lines.push(line)
      }
    }
  }
  return lines.join('\n')
}

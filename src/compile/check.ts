import type { ConditionJson, LeafConditionJson } from '../decode/condition-codec'
import type { Citation } from '../decode/pack-codec'
import { issue, pointer, showValue, type Issue } from '../issues/issue'
import type { ResolvedPolicy } from '../resolve/resolve'
import { isLocalDate, isTimeZone } from '../time/local-date'
import { textsOf } from './citation'
import { FACTS } from './facts'
import { OPERATORS, resolveOperator } from './operators'
import { parsePath } from './path'

/**
 * Semantic checks of a resolved policy: every fact, list, parameter, cap, operator, named
 * condition and cited document a rule names exists; paths are plain; literal values fit their
 * operators; periods are real dates; ids are unique. All problems come back at once, each with
 * the file and JSON pointer of the pack entry it is about.
 *
 * @module
 */

const own = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k)

/** Options of the checks (and of compile). @since 0.1.0 */
export interface CheckOptions {
  /** facts a portal supplies itself (only the async entry can evaluate rules that use them) */
  readonly externalFacts?: readonly string[]
  /** how deep a condition tree may nest */
  readonly maxConditionDepth?: number
}

interface Where {
  readonly file?: string
  readonly base: string
}

// json-rules-engine clones literal values with a cloner that turns an own `__proto__` into the
// prototype and drops keys such as `toString`; such keys are also the stuff of pollution attacks
const RESERVED = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype'])
const hostileKey = (v: unknown, depth: number): string | undefined => {
  if (v === null || typeof v !== 'object' || depth > 64) return undefined
  for (const k of Object.keys(v)) {
    if (RESERVED.has(k)) return k
    const deeper = hostileKey((v as Record<string, unknown>)[k], depth + 1)
    if (deeper !== undefined) return deeper
  }
  return undefined
}

const names = (xs: Iterable<string>): string => [...xs].join(', ') || '(none)'

/**
 * Check a resolved policy. Returns every issue found (an empty array when it is sound).
 *
 * @since 0.1.0
 */
export const checkPolicy = (policy: ResolvedPolicy, options: CheckOptions = {}): Issue[] => {
  const out: Issue[] = []
  const fileOf = new Map(policy.chain.map((p) => [p.pack.id, p.file]))
  const external = new Set(options.externalFacts ?? [])
  const maxDepth = options.maxConditionDepth ?? 64
  const listNames = new Set(policy.lists.keys())
  const push = (w: Where, code: Issue['code'], rel: string, extra: Omit<Issue, 'code' | 'path'> = {}): void => {
    out.push(issue(code, w.base + rel, { ...(w.file ? { file: w.file } : {}), ...extra }))
  }

  const checkPeriod = (w: Where, from: unknown, until: unknown): void => {
    for (const [k, v] of [['from', from], ['until', until]] as const)
      if (v !== undefined && !isLocalDate(v)) push(w, 'compile/bad-period', `/${k}`, { received: showValue(v) })
    if (isLocalDate(from) && isLocalDate(until) && from > until)
      push(w, 'compile/bad-period', '/until', { received: `${from} > ${until}` })
  }

  const checkCitation = (w: Where, c: Citation | undefined): void => {
    if (c === undefined) return
    const doc = policy.documents.get(c.source)
    if (doc === undefined) {
      push(w, 'compile/unknown-document', '/citation/source', { received: showValue(c.source), expected: names(policy.documents.keys()) })
      return
    }
    const bad = (rel: string, received: string, expected: string): void => push(w, 'compile/bad-citation', `/citation${rel}`, { received, expected })
    if (c.quote === undefined && c.reading === undefined)
      bad('', 'no quote and no reading', 'quote: the words, copied exactly from a text of the document; or reading: the pack\'s own reading, in both languages')
    else if (c.quote !== undefined && c.reading !== undefined)
      bad('', 'both quote and reading', 'a citation either quotes a text (quote) or gives the pack\'s own reading (reading), not both')
    else if (c.quote !== undefined && c.quote.trim() === '') bad('/quote', 'an empty quote', 'the words, copied exactly')
    const texts = textsOf(doc)
    if (c.text !== undefined && !texts.some((t) => t.id === c.text))
      bad('/text', `text ${showValue(c.text)}`, `one of the texts of ${c.source}: ${names(texts.map((t) => t.id))}`)
    else if (c.quote !== undefined && c.text === undefined && texts.length !== 1)
      bad('/text', texts.length === 0 ? `document ${c.source} lists no texts` : `document ${c.source} has ${texts.length} texts`, texts.length === 0 ? 'give the document its provenance (official or secondary) and file, or its texts' : `name the text quoted: ${names(texts.map((t) => t.id))}`)
  }

  const checkFactRef = (w: Where, at: string, fact: string, path: string | undefined, onEvents: boolean): void => {
    const def = FACTS.get(fact)
    if (def === undefined && !external.has(fact)) {
      push(w, 'compile/unknown-fact', `${at}/fact`, { received: showValue(fact), expected: names(FACTS.keys()) })
      return
    }
    if (onEvents && def !== undefined && !def.onEvents)
      push(w, 'compile/unknown-fact', `${at}/fact`, {
        received: showValue(fact),
        expected: names([...FACTS.values()].filter((d) => d.onEvents).map((d) => d.name)),
      })
    if (path === undefined) {
      if (fact === 'extra') push(w, 'compile/unknown-fact', `${at}/path`, { received: 'extra', expected: 'a path naming a declared field: $.<name>' })
      return
    }
    const segs = parsePath(path)
    if (segs === undefined) {
      push(w, 'compile/bad-path', `${at}/path`, { received: showValue(path) })
      return
    }
    const first = segs[0]
    if (fact === 'params' && (typeof first !== 'string' || !policy.params.has(first)))
      push(w, 'compile/unknown-param', `${at}/path`, { received: showValue(first), expected: names(policy.params.keys()) })
    if (fact === 'caps' && (typeof first !== 'string' || !policy.caps.has(first)))
      push(w, 'compile/unknown-cap', `${at}/path`, { received: showValue(first), expected: names(policy.caps.keys()) })
    if (fact === 'extra' && (typeof first !== 'string' || !policy.fields.has(first) || segs.length > 1))
      push(w, 'compile/unknown-fact', `${at}/path`, { received: showValue(`extra.${String(first)}`), expected: `a field the packs declare under fields: ${names(policy.fields.keys())}` })
  }

  const checkLeaf = (w: Where, at: string, c: LeafConditionJson, onEvents: boolean): void => {
    checkFactRef(w, at, c.fact, c.path, onEvents)
    const hostile = hostileKey(c.value, 0)
    if (hostile !== undefined) {
      push(w, 'compile/bad-value', `${at}/value`, { received: JSON.stringify(hostile), expected: 'no keys named after Object.prototype members', params: { operator: c.operator } })
      return
    }
    const op = resolveOperator(c.operator)
    if (op === undefined) {
      push(w, 'compile/unknown-operator', `${at}/operator`, { received: showValue(c.operator), expected: names(OPERATORS.keys()) })
      return
    }
    const v = c.value
    if (v !== null && typeof v === 'object' && own(v, 'fact')) {
      const ref = v as { fact: unknown; path?: unknown }
      if (typeof ref.fact !== 'string') push(w, 'compile/bad-value', `${at}/value/fact`, { received: showValue(ref.fact), expected: 'fact name', params: { operator: c.operator } })
      else checkFactRef(w, `${at}/value`, ref.fact, typeof ref.path === 'string' ? ref.path : undefined, onEvents)
      return
    }
    // decorators that spread over the value (someValue, everyValue) take an array of values
    const spreads = op.decorators.some((d) => d === 'someValue' || d === 'everyValue')
    const swapped = op.decorators.includes('swap')
    if (spreads && !Array.isArray(v)) {
      push(w, 'compile/bad-value', `${at}/value`, { received: showValue(v), expected: 'array', params: { operator: c.operator } })
      return
    }
    if (swapped || op.base.literalValue === undefined) return
    for (const each of spreads ? (v as unknown[]) : [v]) {
      const want = op.base.literalValue(each, { lists: listNames })
      if (want !== undefined) {
        const code = op.base.name.endsWith('List') ? 'compile/unknown-list' : 'compile/bad-value'
        push(w, code, `${at}/value`, { received: showValue(each), expected: want, params: { operator: c.operator } })
        break
      }
    }
  }

  const walk = (w: Where, at: string, c: ConditionJson, depth: number, refs: readonly string[], onEvents: boolean): void => {
    if (depth > maxDepth) {
      push(w, 'compile/limit', at, { received: String(depth), expected: String(maxDepth), params: { limit: 'maxConditionDepth' } })
      return
    }
    if (own(c, 'all') || own(c, 'any')) {
      const k = own(c, 'any') ? 'any' : 'all'
      ;(((c as unknown) as Record<string, ConditionJson[]>)[k] ?? []).forEach((s, i) => walk(w, `${at}/${k}/${i}`, s, depth + 1, refs, onEvents))
    } else if (own(c, 'not')) walk(w, `${at}/not`, (c as { not: ConditionJson }).not, depth + 1, refs, onEvents)
    else if (own(c, 'condition')) {
      const ref = (c as { condition: string }).condition
      const target = policy.conditions.get(ref)
      if (target === undefined || refs.includes(ref))
        push(w, 'compile/unknown-condition', `${at}/condition`, {
          received: refs.includes(ref) ? `${[...refs, ref].join(' -> ')}` : showValue(ref),
          expected: names(policy.conditions.keys()),
        })
      else
        walk(
          { file: fileOf.get(target.pack), base: target.pointer },
          '',
          target.value,
          depth + 1,
          [...refs, ref],
          onEvents,
        )
    } else checkLeaf(w, at, c as LeafConditionJson, onEvents)
  }

  if (!isTimeZone(policy.timeZone))
    out.push(issue('compile/bad-timezone', '/timeZone', { received: showValue(policy.timeZone), ...(fileOf.get(policy.chain[0]?.pack.id ?? '') ? { file: fileOf.get(policy.chain[0]?.pack.id ?? '') as string } : {}) }))

  for (const { pack, file, rulePointers } of policy.chain) {
    checkPeriod({ file, base: '' }, pack.from, pack.until)
    const seen = new Map<string, number>()
    pack.rules.forEach((r, i) => {
      const prev = seen.get(r.id)
      if (prev !== undefined)
        push({ file, base: rulePointers?.[i] ?? pointer('/rules', i) }, 'compile/duplicate-id', '/id', { received: showValue(r.id), params: { first: prev } })
      else seen.set(r.id, i)
    })
    for (const [lid, list] of Object.entries(pack.lists ?? {})) {
      const ids = new Set<string>()
      list.items.forEach((it, i) => {
        const id = typeof it === 'string' ? it : it.id
        const w = { file, base: pointer(pointer(pointer('/lists', lid), 'items'), i) }
        if (ids.has(id)) push(w, 'compile/duplicate-id', '', { received: showValue(id) })
        ids.add(id)
        if (typeof it !== 'string') checkPeriod(w, it.from, it.until)
      })
      checkPeriod({ file, base: pointer('/lists', lid) }, list.from, list.until)
      checkCitation({ file, base: pointer('/lists', lid) }, list.citation)
    }
  }

  for (const r of policy.rules) {
    const w = { file: fileOf.get(r.pack), base: r.pointer }
    checkPeriod(w, r.rule.from, r.rule.until)
    // NaN never wins a comparison and ±Infinity hides every other rule: a finite number only
    if (typeof r.rule.priority !== 'number' || !Number.isFinite(r.rule.priority))
      push(w, 'compile/bad-value', '/priority', { received: showValue(r.rule.priority), expected: 'a finite number', params: { operator: 'priority' } })
    checkCitation(w, r.rule.citation)
    walk(w, '/conditions', r.rule.conditions, 0, [], false)
  }
  for (const c of policy.caps.values()) {
    const w = { file: fileOf.get(c.pack), base: c.pointer }
    checkCitation(w, c.value.citation)
    walk(w, '/match', c.value.match, 0, [], true)
    if (!Number.isInteger(c.value.max) || c.value.max < 0)
      push(w, 'compile/bad-value', '/max', { received: showValue(c.value.max), expected: 'whole number ≥ 0', params: { operator: 'max' } })
    if (typeof c.value.window === 'object' && (!Number.isInteger(c.value.window.rollingDays) || c.value.window.rollingDays < 1 || c.value.window.rollingDays > 3660))
      push(w, 'compile/bad-value', '/window/rollingDays', { received: showValue(c.value.window.rollingDays), expected: 'whole number 1..3660', params: { operator: 'window' } })
  }
  for (const p of policy.params.values()) checkCitation({ file: fileOf.get(p.pack), base: p.pointer }, p.value.citation)
  return out
}

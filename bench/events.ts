import { addDays, seeded } from './random'
import { generateRequests, instantOf, type Vocab } from './requests'

/**
 * Recorded events for the audit: a city's year, as NDJSON lines, seeded. Each event is a request
 * of the bench's mix without history (tasks, certificates, plaques, meetings, inspections,
 * evaluations, forms) from one of `communities` communities, in date order up to a few days of
 * disorder (which the audit's reorder window absorbs), with an optional event far out of order
 * and an optional malformed line every so often, so that both are seen in the output. Half the
 * events' dates (by default) are written as instants, as a portal's database holds them: with
 * `+08:00`, `Z` or another zone's offset, for the same Shanghai day.
 *
 * @module
 */

/** Options of {@link generateEvents}. @since 0.1.0 */
export interface EventOptions {
  readonly seed?: number
  /** default 3,200 */
  readonly communities?: number
  /** first date (default 2025-01-01) and number of days covered (default 365) */
  readonly start?: string
  readonly days?: number
  /** events may be up to this many days earlier than date order (default 3) */
  readonly jitterDays?: number
  /** every n-th event is dated 40 days early: out of order beyond any reorder window (0 = never) */
  readonly lateEvery?: number
  /** every n-th line is broken JSON (0 = never) */
  readonly malformedEvery?: number
  /** the share of events whose date is written as an instant (default 0.5) */
  readonly instants?: number
}

/**
 * `n` events as NDJSON lines, generated lazily (memory does not grow with `n`).
 *
 * @example
 * for (const line of generateEvents(1_000_000, vocab)) out.write(line + '\n')
 * @since 0.1.0
 */
export function* generateEvents(n: number, vocab: Vocab, options: EventOptions = {}): Generator<string> {
  const seed = options.seed ?? 2026
  const start = options.start ?? '2025-01-01'
  const days = options.days ?? 365
  const jitter = options.jitterDays ?? 3
  const lateEvery = options.lateEvery ?? 0
  const malformedEvery = options.malformedEvery ?? 0
  const instants = options.instants ?? 0.5
  const spell = seeded(seed * 31 + 7)
  const chunk = 10_000
  for (let base = 0, k = 0; base < n; base += chunk, k++) {
    const size = Math.min(chunk, n - base)
    const events = generateRequests(size, vocab, {
      seed: seed * 7919 + k,
      history: false,
      communities: options.communities ?? 3200,
      idOf: (i) => `ev-${base + i + 1}`,
      dateOf: (i, r) => {
        const g = base + i + 1
        const day = Math.floor(((g - 1) * days) / n)
        if (lateEvery > 0 && g % lateEvery === 0) return addDays(start, Math.max(0, day - 40))
        return addDays(start, Math.max(0, day - r.int(0, jitter)))
      },
    })
    for (let i = 0; i < events.length; i++) {
      const g = base + i + 1
      const e = events[i] as Record<string, unknown>
      if (instants > 0 && spell.chance(instants)) e.date = instantOf(spell, e.date as string)
      const line = JSON.stringify(e)
      yield malformedEvery > 0 && g % malformedEvery === 0 ? line.slice(0, Math.floor(line.length / 2)) : line
    }
  }
}

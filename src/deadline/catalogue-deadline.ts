import * as E from 'fp-ts/lib/Either.js'
import type { CompiledPolicy } from '../compile/compile'
import { issue, showValue, type Issue } from '../issues/issue'
import { deadline, type Deadlines } from './deadline'
import type { WorkCalendar } from './work-calendar'

/**
 * The deadlines of an entry of a compiled policy's service catalogue, by id, in the policy's
 * time zone.
 *
 * @example
 * catalogueDeadline(hunnan, 'senior-citizen-card', '2026-03-13T15:30:00+08:00', { calendar: CN_2026 })
 * // Right({ entry: 'senior-citizen-card', ... }) — no legal or promised due: the source states no limit
 * @since 0.1.0
 */
export const catalogueDeadline = (
  policy: CompiledPolicy,
  entryId: string,
  receivedAt: unknown,
  options: { readonly calendar?: WorkCalendar; readonly extendOverRestDays?: boolean } = {},
): E.Either<Issue[], Deadlines> => {
  try {
    const entries = policy.resolved.catalogue?.entries ?? []
    const entry = entries.find((e) => e.id === entryId)
    if (entry === undefined)
      return E.left([issue('schema/invalid', '/entry', { expected: `a catalogue entry (${entries.map((e) => e.id).join(', ')})`, received: showValue(entryId) })])
    return deadline(entry, receivedAt, { timeZone: policy.timeZone, ...options })
  } catch {
    return E.left([issue('request/invalid', '', { expected: 'a compiled policy (from compile)', received: typeof policy })])
  }
}

/// <reference types="vite/client" />
import { parse } from 'yaml'

/** One example request: a case from a pack's case files, with what the case expects. */
export interface Example {
  readonly pack: string
  readonly file: string
  readonly name: string
  readonly request: unknown
  readonly expectOutcome?: string
}

// The case files legal staff wrote beside each pack, read at build time as text.
const files = import.meta.glob('../../../rules/*/cases/*.yaml', { query: '?raw', import: 'default', eager: true }) as Record<
  string,
  string
>

const load = (): Example[] => {
  const out: Example[] = []
  for (const [path, text] of Object.entries(files).sort(([a], [b]) => a.localeCompare(b))) {
    const doc = parse(text) as { pack?: string; cases?: Array<{ name?: string; request?: unknown; expect?: { outcome?: string } }> }
    const file = path.split('/').pop()?.replace(/\.yaml$/, '') ?? path
    for (const c of doc.cases ?? []) {
      if (typeof doc.pack !== 'string' || typeof c.name !== 'string') continue
      out.push({
        pack: doc.pack,
        file,
        name: c.name,
        request: c.request,
        ...(typeof c.expect?.outcome === 'string' ? { expectOutcome: c.expect.outcome } : {}),
      })
    }
  }
  return out
}

/** Every example, by pack id. */
export const EXAMPLES: ReadonlyMap<string, readonly Example[]> = load().reduce((m, e) => {
  m.set(e.pack, [...(m.get(e.pack) ?? []), e])
  return m
}, new Map<string, Example[]>())

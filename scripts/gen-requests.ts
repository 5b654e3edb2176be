/**
 * Generate a year of recorded requests as NDJSON (seeded, deterministic), for `zhunru impact`
 * and its worked example (docs/impact.md): street inspections, meetings, certificates and tasks of
 * a district's communities, each request with its history (the community's earlier inspections
 * and street meetings of the same month, its district meetings of the same year), as a portal
 * sends them to `evaluate`.
 *
 *   npx tsx scripts/gen-requests.ts 20000 --seed 2027 > /tmp/requests.ndjson
 *   npx tsx scripts/gen-requests.ts 1000000 --out /tmp/requests.ndjson
 *
 * Options: --out FILE (default stdout), --seed N (default 2027), --communities N (default 60),
 * --year YYYY (default 2026).
 */
import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import { pathToFileURL } from 'node:url'

/** Options of {@link generateRequests}. */
export interface GenOptions {
  readonly seed?: number
  readonly communities?: number
  readonly year?: number
}

/** mulberry32: a small seeded generator, the same numbers on every machine. */
const prng = (seed: number): (() => number) => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const STREET_DEPARTMENTS = ['街道办事处', '街道党工委', '街道综治中心', '街道社会事务办', '街道城管办']
const DISTRICT_DEPARTMENTS = ['区民政局', '区卫健局', '区人社局', '区住建局', '区司法局']
const CERTIFICATES = ['居住证明', '政审证明', '高龄津贴证明', '就业扶持证明', '养老服务补贴证明', '志愿服务证明', '无犯罪记录证明', '亲属关系证明']

interface Past {
  readonly kind: string
  readonly date: string
  readonly requester: { readonly level: string }
  readonly meeting?: Record<string, unknown>
  readonly inspection?: Record<string, unknown>
}

/**
 * `n` requests spread over the days of `year` in date order, one JSON text each. The same seed
 * and options give the same lines.
 */
export function* generateRequests(n: number, o: GenOptions = {}): Generator<string> {
  const rand = prng(o.seed ?? 2027)
  const year = o.year ?? 2026
  const communities = Math.max(1, o.communities ?? 60)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T
  // per community: this month's inspections and street meetings, this year's district meetings
  const month: Map<string, { key: string; events: Past[] }> = new Map()
  const yearly: Map<string, Past[]> = new Map()
  const start = Date.UTC(year, 0, 1)
  const days = (Date.UTC(year + 1, 0, 1) - start) / 86_400_000
  for (let i = 0; i < n; i++) {
    const day = Math.floor((i * days) / Math.max(1, n))
    const date = new Date(start + day * 86_400_000).toISOString().slice(0, 10)
    const c = `c${String(1 + Math.floor(rand() * communities)).padStart(3, '0')}`
    let m = month.get(c)
    if (m === undefined || m.key !== date.slice(0, 7)) month.set(c, (m = { key: date.slice(0, 7), events: [] }))
    const y = yearly.get(c) ?? []
    yearly.set(c, y)
    const community = { id: c, street: `街道${c.slice(-1)}` }
    const r = rand()
    let request: Record<string, unknown>
    if (r < 0.45) {
      const level = rand() < 0.8 ? 'street' : 'street-department'
      const past: Past = { kind: 'inspection', date, requester: { level }, inspection: { target: 'community' } }
      request = { id: `r${i + 1}`, kind: 'inspection', date, requester: { level, department: pick(STREET_DEPARTMENTS) }, community, inspection: { target: 'community' }, history: [...m.events] }
      m.events.push(past)
    } else if (r < 0.6) {
      const district = rand() < 0.3
      const past: Past = { kind: 'meeting', date, requester: { level: district ? 'district' : 'street' }, meeting: {} }
      const history = district ? [...y] : [...m.events]
      request = { id: `r${i + 1}`, kind: 'meeting', date, requester: { level: district ? 'district' : 'street', department: pick(district ? DISTRICT_DEPARTMENTS : STREET_DEPARTMENTS) }, community, meeting: {}, history }
      if (district) y.push(past)
      else m.events.push(past)
    } else if (r < 0.9) {
      const certificate = pick(CERTIFICATES)
      request = { id: `r${i + 1}`, kind: 'certificate', date, requester: { level: 'district', department: pick(DISTRICT_DEPARTMENTS) }, community, certificate: { kind: certificate, ...(rand() < 0.5 ? { onRetainedList: true } : {}) } }
    } else {
      request = { id: `r${i + 1}`, kind: 'task', date, requester: { level: 'district', department: pick(DISTRICT_DEPARTMENTS) }, community, item: { id: `task-${Math.floor(rand() * 20)}`, assist: rand() < 0.5 } }
    }
    yield JSON.stringify(request)
  }
}

const main = async (): Promise<void> => {
  const args = process.argv.slice(2)
  const opt = (name: string): string | undefined => {
    const i = args.indexOf(name)
    return i === -1 ? undefined : args[i + 1]
  }
  const n = Number(args[0])
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`usage: gen-requests.ts <n> [--out FILE] [--seed N] [--communities N] [--year YYYY]`)
  const file = opt('--out')
  const out = file !== undefined ? createWriteStream(file) : process.stdout
  let buf = ''
  for (const line of generateRequests(n, { seed: Number(opt('--seed') ?? 2027), communities: Number(opt('--communities') ?? 60), year: Number(opt('--year') ?? 2026) })) {
    buf += `${line}\n`
    if (buf.length > 1 << 16) {
      if (!out.write(buf)) await once(out, 'drain')
      buf = ''
    }
  }
  out.write(buf)
  if (out !== process.stdout) {
    out.end()
    await once(out, 'finish')
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`)
    process.exitCode = 2
  })

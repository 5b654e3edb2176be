/**
 * Which packs decided, and exactly which content: every compiled policy carries its pack chain
 * with each pack's id, version and a content hash, and one hash of the whole policy. Outputs name
 * them; a stored decision can be checked against them later.
 *
 * The content hash is SHA-256 of the pack's canonical content: the pack as decoded (so YAML or
 * JSON, comments, key order, quoting and layout do not matter), without `$schema` (an editor
 * hint), written as canonical JSON (object keys sorted by UTF-16 code units, no spaces, arrays in
 * order, numbers as JSON writes them). Compile is synchronous and runs in a browser, where
 * WebCrypto's digest is asynchronous; SHA-256 is computed here, in about forty lines, because the
 * smallest maintained library (@noble/hashes) costs 2.5 KB gzip and the browser core's budget left
 * 0.7 KB. test/security/D3-pack-fingerprint.test.ts holds it to node:crypto's SHA-256.
 *
 * @module
 */

/**
 * One pack of a policy's chain, as outputs name it.
 *
 * @example
 * const p: PackFingerprint = { id: 'cn-national', version: '2026.1', hash: '78e0e2f0284b…' }
 * @since 0.1.0
 */
export interface PackFingerprint {
  readonly id: string
  /** the pack's `version` field, when it has one */
  readonly version?: string
  /** SHA-256 (64 hex digits) of the pack's canonical content */
  readonly hash: string
}

/**
 * What decided: the pack chain (the national floor first) and one hash of the whole policy.
 * `policy.fingerprint` of every compiled policy.
 *
 * @example
 * const f: PolicyFingerprint = policy.fingerprint
 * f.packs.map((p) => p.id) // ['cn-national', 'cn-shandong']
 * @since 0.1.0
 */
export interface PolicyFingerprint {
  /** the target pack's id */
  readonly id: string
  /** SHA-256 (64 hex digits) of the policy: its chain's fingerprints, the target, the limits and the external facts */
  readonly hash: string
  readonly packs: readonly PackFingerprint[]
}

const K: number[] = []
const H0: number[] = []
{
  // the first 32 bits of the fractional parts of the square roots (H0) and cube roots (K) of the first primes
  const frac = (x: number): number => ((x - Math.floor(x)) * 2 ** 32) >>> 0
  for (let n = 2; K.length < 64; n++) {
    let prime = true
    for (let d = 2; d * d <= n; d++) if (n % d === 0) prime = false
    if (!prime) continue
    if (H0.length < 8) H0.push(frac(Math.sqrt(n)))
    K.push(frac(Math.cbrt(n)))
  }
}

/**
 * SHA-256 of a string's UTF-8 bytes, as 64 lowercase hex digits (FIPS 180-4).
 *
 * @example
 * sha256Hex('abc') // 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
 * @since 0.1.0
 */
export const sha256Hex = (text: string): string => {
  const bytes = new TextEncoder().encode(typeof text === 'string' ? text : '')
  const l = bytes.length
  const n = ((l + 72) >>> 6) << 4
  const w = new Uint32Array(n)
  for (let i = 0; i < l; i++) w[i >> 2] = (w[i >> 2] as number) | ((bytes[i] as number) << (24 - (i & 3) * 8))
  w[l >> 2] = (w[l >> 2] as number) | (0x80 << (24 - (l & 3) * 8))
  w[n - 1] = l * 8
  w[n - 2] = Math.floor(l / 2 ** 29)
  const h = H0.slice()
  const m = new Uint32Array(64)
  const r = (x: number, k: number): number => (x >>> k) | (x << (32 - k))
  for (let j = 0; j < n; j += 16) {
    for (let i = 0; i < 64; i++) {
      if (i < 16) m[i] = w[j + i] as number
      else {
        const a = m[i - 2] as number
        const b = m[i - 15] as number
        m[i] = (r(a, 17) ^ r(a, 19) ^ (a >>> 10)) + (m[i - 7] as number) + (r(b, 7) ^ r(b, 18) ^ (b >>> 3)) + (m[i - 16] as number)
      }
    }
    let [a, b, c, d, e, f, g, hh] = h as [number, number, number, number, number, number, number, number]
    for (let i = 0; i < 64; i++) {
      const t1 = hh + (r(e, 6) ^ r(e, 11) ^ r(e, 25)) + ((e & f) ^ (~e & g)) + (K[i] as number) + (m[i] as number)
      const t2 = (r(a, 2) ^ r(a, 13) ^ r(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))
      hh = g
      g = f
      f = e
      e = (d + t1) | 0
      d = c
      c = b
      b = a
      a = (t1 + t2) | 0
    }
    ;[a, b, c, d, e, f, g, hh].forEach((x, i) => (h[i] = ((h[i] as number) + x) | 0))
  }
  return h.map((x) => (x >>> 0).toString(16).padStart(8, '0')).join('')
}

/**
 * A value as canonical JSON: object keys sorted, no spaces, `undefined` members left out. Two
 * values with the same content give the same text, whatever order their keys were written in.
 *
 * @example
 * canonicalJson({ b: 1, a: [true, 'x'] }) // '{"a":[true,"x"],"b":1}'
 * @since 0.1.0
 */
export const canonicalJson = (value: unknown): string => canon(value, 0)

// plain data only: what JSON cannot write (a bigint, a symbol, a function) is null, nesting stops at 1,000
const canon = (value: unknown, depth: number): string => {
  if (value === null || typeof value !== 'object') return typeof value === 'bigint' ? 'null' : (JSON.stringify(value) ?? 'null')
  if (depth > 1_000) return 'null'
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canon(v, depth + 1))).join(',')}]`
  const o = value as Record<string, unknown>
  const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort()
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canon(o[k], depth + 1)}`).join(',')}}`
}

/**
 * The fingerprint of one decoded pack: its id, version and content hash.
 *
 * @example
 * packFingerprint(pack) // { id: 'cn-national', version: '2026.1', hash: '78e0…' }
 * @since 0.1.0
 */
export const packFingerprint = (pack: { readonly id: string; readonly version?: string }): PackFingerprint => {
  const { $schema: _editorHint, ...content } = (typeof pack === 'object' && pack !== null ? pack : {}) as { $schema?: unknown; id?: unknown; version?: unknown }
  return {
    id: typeof content.id === 'string' ? content.id : '',
    ...(typeof content.version === 'string' ? { version: content.version } : {}),
    hash: sha256Hex(canonicalJson(content)),
  }
}

/**
 * The chain as one line of text: `cn-national@2026.1 #1a2b3c4d5e6f → cn-shandong@2026.1 #…`
 * (each hash cut to 12 hex digits; the JSON outputs carry the whole one), then the policy hash.
 *
 * @example
 * describePolicy(policy.fingerprint) // 'cn-national@2026.1 #1a2b3c4d5e6f → cn-shandong@2026.1 #9f8e7d6c5b4a (policy #0a1b2c3d4e5f)'
 * @since 0.1.0
 */
export const describePolicy = (f: PolicyFingerprint): string =>
  typeof f !== 'object' || f === null || !Array.isArray(f.packs) || typeof f.hash !== 'string'
    ? ''
    : `${f.packs.map((p) => `${p.id}${p.version !== undefined ? `@${p.version}` : ''} #${p.hash.slice(0, 12)}`).join(' → ')} (policy #${f.hash.slice(0, 12)})`

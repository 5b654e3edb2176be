/**
 * The published package, tested as a user gets it: build, `npm pack`, then
 * - the tarball holds what a user needs and nothing else;
 * - publint and @arethetypeswrong/cli report no problems on it;
 * - the consumers in examples/consumers (Node ESM, Node CJS, TypeScript) and the `zhunru` command
 *   work from the tarball installed in a temporary folder;
 * - every ```ts block of README.md and docs/*.md type-checks, and every ```js block runs, against the
 *   installed tarball (test/_doc-blocks.ts; `<!-- not-run: why -->` marks a fragment);
 * - the consumers and the doc blocks work the same from the tarball installed with pnpm (strict
 *   node_modules: only declared packages resolve) and with yarn 1 (node-modules linker).
 * One file, run in order, so that the build happens once (and not at all when `npm ci` just built dist/).
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { publint } from 'publint'
import { formatMessage } from 'publint/utils'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { blockFileName, DOC_CONTEXT, docBlocks, type CodeBlock } from './_doc-blocks'

const ROOT = resolve(fileURLToPath(import.meta.url), '../..')
const BIN = join(ROOT, 'node_modules/.bin')
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string
  version: string
  exports: Record<string, string | Record<string, Record<string, string>>>
  bin: Record<string, string>
  main: string
  module: string
  types: string
}

/** Every file a user needs, and the only shapes of file the tarball may hold (see docs/embedding.md). */
const ALLOWED = [
  /^package\.json$/,
  /^README\.md$/,
  /^LICENSE$/,
  /^dist\/(index|node|testing|packs|text|json-rules-engine|record|impact)\.(js|cjs|d\.ts|d\.cts)$/,
  /^dist\/cli\.js$/,
  /^dist\/audit-worker\.c?js$/, // the thread auditFile starts, next to its entry
  /^dist\/impact-worker\.c?js$/, // the thread impactFile starts, next to its entry
  /^dist\/[\w-]+\.d\.c?ts$/, // declaration chunks shared by the entries
  /^rules\/[a-z0-9-]+\/pack\.yaml$/,
  /^rules\/[a-z0-9-]+\/cases\/[\w.-]+\.yaml$/,
  /^docs\/[\w.-]+\.md$/,
  /^schemas\/[\w.-]+\.schema\.json$/, // JSON Schemas for editors ($schema in pack and case files)
  /^sources\/(national\/)?[\w.-]+\.(txt|md)$/, // the texts the packs quote (checked word for word)
]

/**
 * Write the doc blocks into `dir/docs-blocks/` of an app where zhunru is installed, type-check the
 * TypeScript ones and run the JavaScript ones: the problems, each naming its doc and line.
 */
const checkDocBlocks = (app: string, blocks: readonly CodeBlock[]): string[] => {
  const dir = join(app, 'docs-blocks')
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const ts = blocks.filter((b) => b.lang === 'ts' && b.notRun === undefined)
  const js = blocks.filter((b) => b.lang === 'js' && b.notRun === undefined)
  // each block is a module of its own (`export {}`): names do not leak from one block to another
  for (const b of ts) writeFileSync(join(dir, blockFileName(b)), `${b.body}\nexport {}\n`)
  for (const b of js) writeFileSync(join(dir, blockFileName(b)), `${b.body}\n`)
  writeFileSync(join(dir, 'doc-context.d.mts'), DOC_CONTEXT)
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        // Node's types from this checkout: the blocks that read files or print use them
        typeRoots: [join(ROOT, 'node_modules/@types')],
        types: ['node'],
      },
      files: ['doc-context.d.mts', ...ts.map(blockFileName)],
    }),
  )
  const problems: string[] = []
  if (ts.length > 0) {
    const r = run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')], app)
    if (r.status !== 0) problems.push(`tsc:\n${r.out}`)
  }
  for (const b of js) {
    const r = run(process.execPath, [join(dir, blockFileName(b))], app)
    if (r.status !== 0) problems.push(`${b.file}:${b.line} (${blockFileName(b)}) exits ${r.status}:\n${r.out}`)
  }
  return problems
}

const BLOCKS = docBlocks(ROOT)

let tmp = ''
let tarball = ''
let files: string[] = []

const run = (cmd: string, args: readonly string[], cwd: string): { status: number | null; out: string } => {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', npm_config_update_notifier: 'false' } })
  return { status: r.status, out: `${r.stdout}${r.stderr}` }
}

/** dist/ holds every entry and nothing that goes into it (src, rules, the build config) is newer. */
const distIsFresh = (): boolean => {
  const outputs = ['index', 'node', 'testing', 'packs'].flatMap((e) => [`${e}.js`, `${e}.cjs`, `${e}.d.ts`, `${e}.d.cts`]).concat('cli.js')
  if (!outputs.every((f) => existsSync(join(ROOT, 'dist', f)))) return false
  const built = Math.min(...outputs.map((f) => statSync(join(ROOT, 'dist', f)).mtimeMs))
  const newest = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce(
      (m, d) => Math.max(m, d.isDirectory() ? newest(join(dir, d.name)) : statSync(join(dir, d.name)).mtimeMs),
      0,
    )
  const inputs = Math.max(newest(join(ROOT, 'src')), ...['tsup.config.ts', 'package.json', 'scripts/esbuild-fp-ts-es6.ts'].map((f) => statSync(join(ROOT, f)).mtimeMs))
  return inputs < built
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'zhunru-pack-'))
  // `npm ci` builds dist/ (the prepare script); build again only when a source is newer than it
  if (!distIsFresh()) {
    const build = run(join(BIN, 'tsup'), [], ROOT)
    if (build.status !== 0) throw new Error(`build failed:\n${build.out}`)
  }
  const packed = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  })
  const info = (JSON.parse(packed) as Array<{ filename: string; files: Array<{ path: string }> }>)[0]
  if (info === undefined) throw new Error('npm pack printed nothing')
  tarball = join(tmp, info.filename)
  files = info.files.map((f) => f.path).sort()
}, 300_000)

afterAll(() => {
  if (tmp !== '') rmSync(tmp, { recursive: true, force: true })
}, 120_000)

describe('the tarball', () => {
  it('holds only files of the allowed shapes', () => {
    expect(files.filter((f) => !ALLOWED.some((re) => re.test(f)))).toEqual([])
  })

  it('holds every file package.json points to', () => {
    const targets = [
      pkg.main,
      pkg.module,
      pkg.types,
      ...Object.values(pkg.bin),
      ...Object.values(pkg.exports).flatMap((v) =>
        typeof v === 'string' ? [v] : Object.values(v).flatMap((c) => Object.values(c)),
      ),
    ].map((p) => p.replace(/^\.\//, ''))
    expect(targets.length).toBeGreaterThan(16)
    expect(targets.filter((t) => !files.includes(t))).toEqual([])
  })

  it('holds every bundled pack with its cases, the README and the reference docs', () => {
    const packs = readdirSync(join(ROOT, 'rules')).filter((d) => existsSync(join(ROOT, 'rules', d, 'pack.yaml')))
    expect(packs.length).toBeGreaterThanOrEqual(6)
    for (const p of packs) {
      expect(files).toContain(`rules/${p}/pack.yaml`)
      expect(files.some((f) => f.startsWith(`rules/${p}/cases/`))).toBe(true)
    }
    expect(files).toContain('README.md')
    for (const s of readdirSync(join(ROOT, 'schemas'))) expect(files).toContain(`schemas/${s}`)
    for (const d of ['pack-format.md', 'request.md', 'errors.md', 'embedding.md'])
      if (existsSync(join(ROOT, 'docs', d))) expect(files).toContain(`docs/${d}`)
  })

  it('keeps sources, tests, examples and generated API pages out', () => {
    expect(files.filter((f) => /^(src|test|scripts|bench|examples|scratch|coverage|node_modules|docs\/api)\//.test(f))).toEqual([])
    expect(files.filter((f) => /\.(map|tgz|test\.ts)$/.test(f))).toEqual([])
  })

  it('is clean for publint (strict: warnings and suggestions count)', async () => {
    const data = readFileSync(tarball)
    const { messages, pkg: packed } = await publint({
      pack: { tarball: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer },
      strict: true,
    })
    expect(messages.map((m) => `${m.type}: ${formatMessage(m, packed) ?? m.code}`)).toEqual([])
  })

  it('is clean for @arethetypeswrong/cli in every resolution mode (node10, node16 CJS and ESM, bundler)', () => {
    const r = run(join(BIN, 'attw'), [tarball, '--format', 'json'], ROOT)
    const report = JSON.parse(r.out.slice(r.out.indexOf('{'))) as {
      problems: unknown[] | Record<string, unknown>
      analysis: { entrypoints: Record<string, unknown> }
    }
    const problems = Array.isArray(report.problems) ? report.problems : Object.values(report.problems)
    expect(problems).toEqual([])
    expect(Object.keys(report.analysis.entrypoints).sort()).toEqual(['.', './impact', './json-rules-engine', './node', './package.json', './packs', './record', './testing', './text'])
    expect(r.status).toBe(0)
  }, 120_000)
})

describe('consumers of the installed tarball', () => {
  let app = ''

  beforeAll(() => {
    app = join(tmp, 'app')
    cpSync(join(ROOT, 'examples/consumers'), app, { recursive: true })
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'zhunru-consumer', private: true, version: '0.0.0' }))
    const r = run('npm', ['install', tarball, '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], app)
    if (r.status !== 0) throw new Error(`npm install of the tarball failed:\n${r.out}`)
  }, 300_000)

  it('every ts/js block of README.md and docs/ type-checks or runs against the installed tarball', () => {
    expect(BLOCKS.filter((b) => b.file === 'README.md').length).toBeGreaterThanOrEqual(2)
    expect(BLOCKS.filter((b) => b.lang === 'js').length).toBeGreaterThanOrEqual(1)
    expect(checkDocBlocks(app, BLOCKS)).toEqual([])
  }, 180_000)

  it('fragments are rare, and each says why it is not run', () => {
    const fragments = BLOCKS.filter((b) => b.notRun !== undefined)
    expect(fragments.length).toBeLessThanOrEqual(Math.max(2, Math.floor(BLOCKS.length / 10)))
    for (const f of fragments) expect(f.notRun?.trim().length, `${f.file}:${f.line}`).toBeGreaterThan(3)
  })

  it('Node ESM', () => {
    const r = run(process.execPath, ['esm/index.mjs'], app)
    expect(r.out).toMatch(/^esm consumer ok: forbidden by certificate-no-longer-issued; \d+ shipped cases pass/m)
    expect(r.status).toBe(0)
  })

  it('Node CommonJS', () => {
    const r = run(process.execPath, ['cjs/index.cjs'], app)
    expect(r.out).toContain('cjs consumer ok: forbidden by certificate-no-longer-issued')
    expect(r.status).toBe(0)
  }, 120_000)

  // consumer.mts and consumer.cts carry @ts-expect-error lines: if the published types were `any`
  // or missing, those lines would compile and tsc would fail with TS2578 (unused directive).
  it('TypeScript (NodeNext, strict) type-checks against the published types', () => {
    const r = run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'ts/tsconfig.json'], app)
    expect(r.out).toBe('')
    expect(r.status).toBe(0)
  }, 180_000)

  it('the zhunru command from the installed bin', () => {
    const request = join(ROOT, 'examples/requests/seal-no-criminal-record.json')
    const r = run(join(app, 'node_modules/.bin/zhunru'), ['evaluate', '--pack', 'cn-shandong', request, '--format', 'json'], app)
    expect(r.status).toBe(0)
    expect(JSON.parse(r.out) as unknown).toMatchObject({ decision: { outcome: 'forbidden', decidedBy: { id: 'certificate-no-longer-issued' } } })
  }, 120_000)

  // the audit's worker thread is started from the file next to the entry: it must be in the tarball
  // and found from the installed package, by the command (ESM) and by zhunru/node from CommonJS
  it('the installed audit judges on two threads, from the command and from CommonJS', () => {
    const meeting = (date: string, community: string): string =>
      JSON.stringify({ kind: 'meeting', date, requester: { level: 'district', department: '区民政局' }, community: { id: community }, meeting: {} })
    const events = join(app, 'events.ndjson')
    writeFileSync(events, `${['2026-01-10', '2026-03-05', '2026-05-20'].flatMap((d) => [meeting(d, 'A'), meeting(d, 'B'), meeting(d, 'C')]).join('\n')}\n`)
    const r = run(join(app, 'node_modules/.bin/zhunru'), ['audit', events, '--pack', 'cn-shandong', '--format', 'json', '--threads', '2'], app)
    expect(r.status).toBe(1)
    const doc = JSON.parse(r.out.slice(0, r.out.lastIndexOf('}') + 1)) as { findings: { line: number; rule: string }[]; summary: { judged: number; violations: number } }
    expect(doc.summary).toMatchObject({ judged: 9, violations: 3 })
    expect(doc.findings.map((f) => f.line).sort((a, b) => a - b)).toEqual([7, 8, 9])
    const cjs = run(
      process.execPath,
      ['-e', `require('zhunru/node').auditFile(${JSON.stringify(events)}, { pack: 'cn-shandong', threads: 2 })().then((r) => console.log(r._tag, r.right && r.right.threads, r.right && r.right.summary.violations))`],
      app,
    )
    expect(cjs.out.trim()).toBe('Right 2 3')
  }, 120_000)
})

// pnpm's node_modules lets a file import only the packages its project declares, so it catches an
// import that works under npm by hoisting alone (fp-ts, say); yarn 1 installs from a file: tarball
// with its own resolver. Each is fetched from the registry with npx; when that fails, the test says
// so loudly and skips, and fails under CI=true.
const MANAGERS = [
  { name: 'pnpm', spec: 'pnpm@9', add: (tgz: string) => ['add', tgz, '--reporter=silent', '--config.confirmModulesPurge=false'] },
  { name: 'yarn', spec: 'yarn@1', add: (tgz: string) => ['add', `file:${tgz}`, '--silent', '--no-progress', '--non-interactive', '--ignore-engines'] },
] as const

describe.each(MANAGERS)('the tarball installed with $name', ({ name, spec, add }) => {
  let app = ''
  let skipped = ''

  beforeAll(() => {
    const version = run('npx', ['--yes', spec, '--version'], tmp)
    if (version.status !== 0) {
      skipped = `${spec} could not be fetched with npx (${version.out.trim().split('\n').pop() ?? ''})`
      return
    }
    app = join(tmp, `app-${name}`)
    cpSync(join(ROOT, 'examples/consumers'), app, { recursive: true })
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: `zhunru-consumer-${name}`, private: true, version: '0.0.0' }))
    const r = run('npx', ['--yes', spec, ...add(tarball)], app)
    if (r.status !== 0) throw new Error(`${spec} install of the tarball failed:\n${r.out}`)
  }, 600_000)

  const guard = (): boolean => {
    if (skipped === '') return true
    console.warn(`\n!!! SKIPPED: ${skipped}.\n!!! Install it (npm i -g ${spec}) or let npx reach the registry; under CI=true this fails.\n`)
    if (process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false') expect.fail(`CI: ${skipped}`)
    return false
  }

  it('installs only zhunru: fp-ts and the other dependencies are not the app\'s to import', () => {
    if (!guard()) return
    const deps = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> }
    expect(Object.keys(deps.dependencies ?? {})).toEqual(['zhunru'])
    // pnpm keeps zhunru's own dependencies out of the app's reach: an undeclared import fails there
    if (name === 'pnpm') expect(run(process.execPath, ['-e', "require.resolve('fp-ts/lib/Either.js')"], app).status).not.toBe(0)
  })

  it('runs the ESM and CommonJS consumers', () => {
    if (!guard()) return
    const esm = run(process.execPath, ['esm/index.mjs'], app)
    expect(esm.out).toMatch(/^esm consumer ok: forbidden by certificate-no-longer-issued/m)
    const cjs = run(process.execPath, ['cjs/index.cjs'], app)
    expect(cjs.out).toContain('cjs consumer ok: forbidden by certificate-no-longer-issued')
  }, 120_000)

  it('type-checks the TypeScript consumer and every doc block, and runs the JavaScript ones', () => {
    if (!guard()) return
    const r = run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'ts/tsconfig.json'], app)
    expect(r.out).toBe('')
    expect(checkDocBlocks(app, BLOCKS)).toEqual([])
  }, 180_000)
})

/**
 * The playground in a real browser: Debian's Chromium driven by playwright-core. Build the page
 * with Vite into a temp folder (one self-contained index.html), serve it from 127.0.0.1 (node:http,
 * in this test) and open it from disk (file://); fill the request form for each kind of request,
 * compare the page's decision with zhunru's own in Node, check the what-if answer, the labels of
 * the other fired rules (explain's), the printed decision (print media), language switching, a
 * strict Content-Security-Policy, a phone screen. Screenshots go to test-artifacts/ (git-ignored).
 * `.ci/run` installs chromium when it is missing; without it this file is skipped loudly, and
 * fails when CI is set.
 */
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { extname, join, normalize, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import * as E from 'fp-ts/lib/Either.js'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { compile, describePolicy, evaluate, explain, issueMessage, type CompiledPolicy, type Issue } from '../src/index'
import { bundledChain } from '../src/packs/index'

const ROOT = resolve(fileURLToPath(import.meta.url), '../..')
const ARTIFACTS = join(ROOT, 'test-artifacts')
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const HAVE_CHROMIUM = existsSync(CHROMIUM)
if (!HAVE_CHROMIUM) {
  const message = `test/browser.test.ts: ${CHROMIUM} is missing, so the playground is NOT tested in a browser. Install it: apt-get install -y chromium fonts-wqy-microhei (.ci/run does it)`
  if (process.env.CI) throw new Error(message)
  console.warn(`\n*** SKIPPED *** ${message}\n`)
}
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
}

let tmp = ''
let site = ''
let server: Server | undefined
let browser: Browser | undefined
let base = ''
let scriptHashes: string[] = []
const requests: string[] = []

/** A static server for one folder, on 127.0.0.1, that records every path asked for. */
const serve = (dir: string): Promise<Server> =>
  new Promise((ok) => {
    const s = createServer((req, res) => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
      requests.push(path)
      const file = normalize(join(dir, path.endsWith('/') ? `${path}index.html` : path))
      if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) {
        res.writeHead(404).end('not found')
        return
      }
      // a portal page under a strict Content-Security-Policy: no eval, no new Function, and only
      // the page's own inline script (by its hash)
      const csp =
        req.headers['x-test-csp'] === '1'
          ? { 'content-security-policy': `script-src 'self' ${scriptHashes.map((h) => `'${h}'`).join(' ')}; object-src 'none'` }
          : {}
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', ...csp })
      createReadStream(file).pipe(res)
    })
    s.listen(0, '127.0.0.1', () => ok(s))
  })

const policies = new Map<string, CompiledPolicy>()
/** The bundled pack, compiled here in Node: what the page must agree with. */
const policyOf = (id: string): CompiledPolicy => {
  let p = policies.get(id)
  if (p === undefined) {
    const chain = bundledChain(id)
    if (E.isLeft(chain)) throw new Error(JSON.stringify(chain.left))
    const c = compile(chain.right)
    if (E.isLeft(c)) throw new Error(JSON.stringify(c.left))
    p = c.right
    policies.set(id, p)
  }
  return p
}
const decideInNode = (pack: string, request: unknown) => {
  const d = evaluate(policyOf(pack), request)
  if (E.isLeft(d)) throw new Error(`the test's own request does not decode: ${JSON.stringify(d.left)}`)
  return d.right
}

beforeAll(async () => {
  if (!HAVE_CHROMIUM) return
  tmp = mkdtempSync(join(tmpdir(), 'zhunru-playground-'))
  site = join(tmp, 'site')
  const built = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'examples/playground/vite.config.ts', '--outDir', site, '--emptyOutDir'],
    { cwd: ROOT, encoding: 'utf8' },
  )
  if (built.status !== 0) throw new Error(`vite build failed:\n${built.stdout}${built.stderr}`)
  const html = readFileSync(join(site, 'index.html'), 'utf8')
  scriptHashes = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => `sha256-${createHash('sha256').update(m[1] as string).digest('base64')}`)
  server = await serve(site)
  const address = server.address()
  base = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}/`
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-dev-shm-usage',
    ],
  })
  mkdirSync(ARTIFACTS, { recursive: true })
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await new Promise((ok) => (server ? server.close(ok) : ok(undefined)))
  if (tmp !== '') rmSync(tmp, { recursive: true, force: true })
})

/** A fresh page (its own context: an empty profile) that fails the test on any page error. */
const open = async (
  viewport: { width: number; height: number },
  options: { csp?: boolean; url?: string; ready?: boolean } = {},
): Promise<{ page: Page; errors: string[]; outside: string[] }> => {
  const context = await (browser as Browser).newContext({ viewport, locale: 'zh-CN', ...(options.csp === true ? { extraHTTPHeaders: { 'x-test-csp': '1' } } : {}) })
  const page = await context.newPage()
  const errors: string[] = []
  const outside: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text())
  })
  // nothing may leave the machine: only our server (or the file itself) answers
  page.on('request', (r) => {
    if (!r.url().startsWith('http://127.0.0.1:') && !r.url().startsWith('file:') && !r.url().startsWith('data:')) outside.push(r.url())
  })
  await context.route(/^https?:\/\/(?!127\.0\.0\.1:)/, (route) => {
    errors.push(`blocked request to ${route.request().url()}`)
    return route.abort()
  })
  await page.goto(options.url ?? base)
  if (options.ready !== false) await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 })
  return { page, errors, outside }
}

/** The request the page holds, from its JSON box. */
const pageRequest = async (page: Page): Promise<unknown> => JSON.parse(await page.locator('#request').inputValue()) as unknown

/** The page's decision, once it has decided. */
const pageOutcome = async (page: Page): Promise<string | null> => {
  await page.waitForSelector('body[data-decided="true"]')
  return page.getByTestId('outcome').getAttribute('data-outcome')
}

/** Fill one control of the form the way a clerk would. */
const setField = async (page: Page, path: string, value: string | boolean | number): Promise<void> => {
  const id = `#f${path.replace(/\//g, '-')}`
  const tag = await page.locator(id).evaluate((el) => el.tagName)
  if (tag === 'SELECT') await page.selectOption(id, String(value))
  else await page.fill(id, String(value))
}

/** One request per kind, as a clerk fills the form; the values are plain facts, the outcome is zhunru's. */
const FORMS: Array<{ pack: string; fields: Array<[string, string | boolean | number]>; request: Record<string, unknown> }> = [
  {
    pack: 'cn-shandong',
    fields: [['/kind', 'task'], ['/date', '2026-03-02'], ['/requester/level', 'district'], ['/requester/department', '区卫生健康局'], ['/item/name', '老年人健康状况入户调查'], ['/item/assist', true], ['/approval/approved', true], ['/approval/validUntil', '2026-12-31'], ['/approval/funds', 35000]],
    request: { kind: 'task', date: '2026-03-02', requester: { level: 'district', department: '区卫生健康局' }, item: { name: '老年人健康状况入户调查', assist: true }, approval: { approved: true, validUntil: '2026-12-31', funds: 35000 } },
  },
  {
    pack: 'cn-shandong',
    fields: [['/kind', 'certificate'], ['/date', '2026-03-02'], ['/requester/level', 'district'], ['/certificate/kind', '无犯罪记录证明']],
    request: { kind: 'certificate', date: '2026-03-02', requester: { level: 'district' }, certificate: { kind: '无犯罪记录证明' } },
  },
  {
    pack: 'cn-shandong',
    fields: [['/kind', 'plaque'], ['/date', '2026-03-02'], ['/requester/level', 'district'], ['/plaque/placement', 'outside'], ['/plaque/name', '食品安全工作站'], ['/plaque/lawRequires', false]],
    request: { kind: 'plaque', date: '2026-03-02', requester: { level: 'district' }, plaque: { placement: 'outside', name: '食品安全工作站', lawRequires: false } },
  },
  {
    pack: 'cn-shandong',
    fields: [['/kind', 'meeting'], ['/date', '2026-03-02'], ['/requester/level', 'street-department'], ['/meeting/attendees', 'workers'], ['/meeting/regular', false], ['/meeting/approvedByPrincipal', false]],
    request: { kind: 'meeting', date: '2026-03-02', requester: { level: 'street-department' }, meeting: { attendees: 'workers', regular: false, approvedByPrincipal: false } },
  },
  {
    pack: 'cn-shandong',
    fields: [['/kind', 'inspection'], ['/date', '2026-03-02'], ['/requester/level', 'district'], ['/inspection/target', 'community'], ['/inspection/indicators', '台账、入户走访']],
    request: { kind: 'inspection', date: '2026-03-02', requester: { level: 'district' }, inspection: { target: 'community', indicators: ['台账', '入户走访'] } },
  },
  {
    pack: 'cn-shandong',
    fields: [['/kind', 'evaluation'], ['/date', '2026-03-02'], ['/requester/level', 'district'], ['/evaluation/mandatedBy', 'district'], ['/evaluation/comprehensive', false]],
    request: { kind: 'evaluation', date: '2026-03-02', requester: { level: 'district' }, evaluation: { mandatedBy: 'district', comprehensive: false } },
  },
  {
    pack: 'cn-beijing',
    fields: [['/kind', 'form'], ['/date', '2026-03-02'], ['/requester/level', 'street'], ['/form/paperLedger', true], ['/form/retained', false]],
    request: { kind: 'form', date: '2026-03-02', requester: { level: 'street' }, form: { paperLedger: true, retained: false } },
  },
]

/** Empty the form: a request with only the required fields, through the JSON box. */
const startFresh = async (page: Page, pack: string): Promise<void> => {
  await page.selectOption('#pack', pack)
  await page.click('#tab-json')
  await page.fill('#request', JSON.stringify({ kind: 'task', date: '2026-01-01', requester: { level: 'district' } }))
  await page.click('#tab-form')
}

const cases = (pack: string): Array<{ name: string; request: unknown }> =>
  readdirSync(join(ROOT, 'rules', pack, 'cases'))
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .flatMap((f) => ((parse(readFileSync(join(ROOT, 'rules', pack, 'cases', f), 'utf8')) as { cases?: Array<{ name: string; request: unknown }> }).cases ?? []))

describe.skipIf(!HAVE_CHROMIUM)('the playground in Chromium', () => {
  it('decides a picked request, quotes the clause, shows technical details on request, switches language', async () => {
    const { page, errors } = await open({ width: 1280, height: 1000 })
    await page.selectOption('#pack', 'cn-shandong')
    // pick the certificate case by its name, as a user would
    const option = await page.locator('#example option', { hasText: '超出公章使用范围，不得要求社区出具' }).first().getAttribute('value')
    expect(option).not.toBeNull()
    await page.selectOption('#example', option as string)

    const outcome = page.getByTestId('outcome')
    await expect.poll(() => outcome.getAttribute('data-outcome')).toBe('forbidden')
    expect(await outcome.textContent()).toContain('不得办理')
    expect(await page.locator('body').getAttribute('data-codegen')).toBe('true')
    const quote = await page.getByTestId('quote').first().textContent()
    expect(quote).toContain('任何部門和單位不得要求社區出具超出公章使用范圍的各類證明')
    expect(quote).not.toMatch(/\([a-z]+\)/) // pinyin glosses are left out of what a clerk reads
    expect(await page.getByTestId('provenance').first().textContent()).toContain('原文') // what kind of text the quote is
    // the form shows the picked case: the certificate group, with its kind filled in
    expect(await page.locator('#f-kind').inputValue()).toBe('certificate')
    expect(await page.locator('[data-group="certificate"]').isVisible()).toBe(true)
    expect(await page.locator('[data-group="plaque"]').isVisible()).toBe(false)
    // rule ids, priorities and the case's expectation are technical details, hidden until asked for
    const ruleId = page.getByTestId('decided-by').locator('code')
    expect(await ruleId.isVisible()).toBe(false)
    await page.check('#tech')
    expect(await ruleId.isVisible()).toBe(true)
    expect(await ruleId.textContent()).toBe('seal-outside-scope')
    expect(await page.getByTestId('expect').textContent()).toContain('与结论一致')
    await page.screenshot({ path: join(ARTIFACTS, 'playground-zh.png'), fullPage: true })

    await page.click('#lang')
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en')
    expect(await outcome.textContent()).toContain('Forbidden')
    expect(await page.locator('header h1').textContent()).toContain('Playground')
    expect(await page.getByTestId('decided-by').textContent()).toContain('Deciding rule')
    expect(await page.getByTestId('quote').first().textContent()).toContain('不得要求社區出具')
    expect(await page.getByTestId('provenance').first().textContent()).toContain('official text')
    expect(await page.locator('label[for="f-certificate-kind"]').textContent()).toBe('Kind of certificate')
    expect(await page.locator('#f-certificate-kind').inputValue()).toBe((await pageRequest(page) as { certificate: { kind: string } }).certificate.kind)
    await page.screenshot({ path: join(ARTIFACTS, 'playground-en.png'), fullPage: true })
    expect(errors).toEqual([])
    await page.context().close()
  }, 60_000)

  it('decides a request of every kind filled in through the form, as zhunru does, with the JSON in step', async () => {
    const { page, errors } = await open({ width: 1280, height: 1000 })
    const seen = new Set<string>()
    for (const { pack, fields, request } of FORMS) {
      await startFresh(page, pack)
      for (const [path, value] of fields) await setField(page, path, value)
      await page.click('#decide')
      // the JSON holds exactly what the form says, nothing more
      expect(await pageRequest(page)).toEqual(request)
      const expected = decideInNode(pack, request)
      expect(await pageOutcome(page)).toBe(expected.outcome)
      const x = explain(expected, { locale: 'zh-CN' })
      expect(E.isRight(x) && (await page.getByTestId('decided-by').locator('.message').textContent()) === x.right.rules.find((r) => r.decided)?.message).toBe(true)
      // the what-if answer is there for every kind: either change sets or what stands in the way
      const whatIf = page.getByTestId('what-if')
      expect(await whatIf.isVisible()).toBe(true)
      expect((await page.getByTestId('what-if-set').count()) + (await page.getByTestId('what-if-none').count())).toBeGreaterThan(0)
      seen.add(request.kind as string)
      await page.screenshot({ path: join(ARTIFACTS, `playground-form-${request.kind as string}.png`), fullPage: true })
    }
    expect([...seen].sort()).toEqual(['certificate', 'evaluation', 'form', 'inspection', 'meeting', 'plaque', 'task'])
    expect(errors).toEqual([])
    await page.context().close()
  }, 120_000)

  it('keeps the form and the JSON in step both ways, and leaves what the form does not edit alone', async () => {
    const { page, errors } = await open({ width: 1280, height: 1000 })
    await page.selectOption('#pack', 'cn-shandong')
    const request = {
      kind: 'inspection',
      date: '2026-03-19T16:30:00Z',
      requester: { level: 'street', department: '街道办事处' },
      inspection: { target: 'community' },
      history: [{ kind: 'inspection', date: '2026-03-03', requester: { level: 'street' } }],
    }
    // one tab at a time: the form, or the JSON
    expect(await page.locator('#form').isVisible()).toBe(true)
    expect(await page.locator('#request').isVisible()).toBe(false)
    await page.click('#tab-json')
    expect(await page.locator('#form').isVisible()).toBe(false)
    await page.fill('#request', JSON.stringify(request))
    await page.click('#tab-form')
    expect(await page.locator('#request').isVisible()).toBe(false)
    expect(await page.locator('#f-kind').inputValue()).toBe('inspection')
    expect(await page.locator('#f-requester-department').inputValue()).toBe('街道办事处')
    expect(await page.locator('#f-inspection-target').inputValue()).toBe('community')
    expect(await page.locator('#f-date').inputValue()).toBe('') // an instant is not a plain date: shown as a note
    expect(await page.locator('.f-date .hint').first().textContent()).toContain('2026-03-19T16:30:00Z')
    expect(await page.getByTestId('json-only').textContent()).toContain('history (1)')
    expect(await page.locator('#f-inspection-mandatedByPartyOrGovernment').inputValue()).toBe('') // not stated
    // an edit in the form changes that field only; the history stays
    await setField(page, '/inspection/onAnnualPlan', false)
    expect(await pageRequest(page)).toEqual({ ...request, inspection: { target: 'community', onAnnualPlan: false } })
    // back to "not stated" takes the field away
    await setField(page, '/inspection/onAnnualPlan', '')
    expect(await pageRequest(page)).toEqual(request)
    // a value the form does not know (a typo in the JSON) shows as it is, and is reported
    await page.click('#tab-json')
    await page.fill('#request', JSON.stringify({ ...request, inspection: { target: 'communty' } }))
    await page.click('#decide')
    expect(await page.locator('#f-inspection-target').inputValue()).toContain('communty')
    await expect.poll(() => page.getByTestId('issues').textContent()).toContain('/inspection/target')
    // malformed JSON: the form waits and says so
    await page.fill('#request', '{ not json')
    await page.click('#decide')
    await expect.poll(() => page.getByTestId('issues').textContent()).toContain('JSON')
    await page.click('#tab-form')
    expect(await page.getByTestId('form-paused').isVisible()).toBe(true)
    expect(errors).toEqual([])
    await page.context().close()
  }, 60_000)

  it('reports a malformed request as issues, and re-decides an edited one', async () => {
    const { page, errors } = await open({ width: 1280, height: 900 })
    await page.click('#tab-json')
    await page.fill('#request', '{"kind": "certificate", "date": "2026-13-45", "requester": {"level": "district"}, "certificate": {"kind": "x"}}')
    await page.click('#decide')
    await expect.poll(() => page.getByTestId('issues').count()).toBe(1)
    expect(await page.getByTestId('issues').textContent()).toContain('request/bad-date')
    expect(await page.locator('#print').isDisabled()).toBe(true) // no decision, nothing to print
    // the form marks the field the issue points at, in the issue's own words
    const bad = evaluate(policyOf('cn-shandong'), { kind: 'certificate', date: '2026-13-45', requester: { level: 'district' }, certificate: { kind: 'x' } })
    if (E.isRight(bad)) throw new Error('the bad date was accepted')
    await page.click('#tab-form')
    expect(await page.locator('#f-date').getAttribute('aria-invalid')).toBe('true')
    expect(await page.locator('#f-certificate-kind').getAttribute('aria-invalid')).toBe('false')
    expect(await page.locator('.f-date [data-testid="field-problem"]').first().textContent()).toBe(issueMessage(bad.left[0] as Issue, 'zh-CN'))
    // a community without its id: the id field says what is missing
    await page.fill('#f-date', '2026-03-02')
    await page.click('[data-group="community"] > summary') // folded until the clerk opens it
    await setField(page, '/community/name', '和平社区')
    await page.click('[data-group="community"] > summary') // and folded again
    await page.click('#decide')
    expect(await page.locator('#f-community-id').getAttribute('aria-invalid')).toBe('true')
    expect(await page.locator('#f-community-id').isVisible()).toBe(true) // its group was opened for it
    await page.fill('#f-community-id', 'c-001')
    await page.click('#decide')
    expect(await pageOutcome(page)).toBe(decideInNode('cn-shandong', await pageRequest(page)).outcome)
    expect(await page.locator('#f-community-id').getAttribute('aria-invalid')).toBe('false')
    await page.click('#tab-json')

    const request = { kind: 'certificate', date: '2026-03-02', requester: { level: 'district' }, certificate: { kind: '无犯罪记录证明' } }
    await page.fill('#request', JSON.stringify(request))
    await page.click('#decide')
    await expect.poll(() => page.getByTestId('outcome').getAttribute('data-outcome')).toBe(decideInNode('cn-shandong', request).outcome)
    expect(await page.locator('#example').inputValue()).toBe('custom')
    expect(await page.locator('#print').isDisabled()).toBe(false)
    expect(errors).toEqual([])
    await page.context().close()
  }, 60_000)

  it('shows what would change the decision, and applies a change set the clerk picks', async () => {
    const { page, errors } = await open({ width: 1280, height: 1000 })
    // a refused task: no approval came with it
    const request = { kind: 'task', date: '2026-03-02', requester: { level: 'district', department: '区民政局' }, item: { name: '入户核查' } }
    await page.selectOption('#pack', 'cn-shandong')
    await page.click('#tab-json')
    await page.fill('#request', JSON.stringify(request))
    await page.click('#decide')
    const before = decideInNode('cn-shandong', request).outcome
    expect(await pageOutcome(page)).toBe(before)
    const sets = page.getByTestId('what-if-set')
    await expect.poll(() => sets.count()).toBeGreaterThan(0)
    const wanted = await sets.first().getAttribute('data-outcome')
    expect(wanted).not.toBe(before)
    await page.getByTestId('what-if-apply').first().click()
    // the page's request changed, and zhunru decides the changed request as the set said
    const changed = await pageRequest(page)
    expect(changed).not.toEqual(request)
    expect(decideInNode('cn-shandong', changed).outcome).toBe(wanted)
    await expect.poll(() => page.getByTestId('outcome').getAttribute('data-outcome')).toBe(wanted)
    // the form followed the applied change
    expect(await page.locator('#f-kind').inputValue()).toBe('task')
    // a chosen target: the same outcome as now needs no change
    await page.selectOption('#what-if-target', wanted as string)
    await expect.poll(() => page.getByTestId('what-if-none').count()).toBe(1)
    await page.screenshot({ path: join(ARTIFACTS, 'playground-what-if.png'), fullPage: true })
    expect(errors).toEqual([])
    await page.context().close()
  }, 60_000)

  it('labels the other fired rules exactly as explain does: supporting apart from overruled', async () => {
    // a case of the pack where rules both agree with the decision and are overruled
    const pack = 'cn-shandong'
    const found = cases(pack).find((c) => {
      const d = evaluate(policyOf(pack), c.request)
      if (E.isLeft(d)) return false
      const others = d.right.overruled
      return others.some((r) => r.outcome === d.right.outcome) && others.some((r) => r.outcome !== d.right.outcome)
    })
    expect(found).toBeDefined()
    const { page, errors } = await open({ width: 1280, height: 1000 })
    await page.selectOption('#pack', pack)
    const option = await page.locator('#example option', { hasText: found?.name as string }).first().getAttribute('value')
    await page.selectOption('#example', option as string)
    for (const locale of ['zh-CN', 'en'] as const) {
      if (locale === 'en') await page.click('#lang')
      await page.waitForSelector(`html[lang="${locale}"]`)
      const x = explain(decideInNode(pack, found?.request), { locale })
      if (E.isLeft(x)) throw new Error('no explanation')
      const headings = x.right.text.split('\n').filter((l) => /^\S.*:$/.test(l)).map((l) => l.slice(0, -1))
      for (const testid of ['supporting', 'overruled']) {
        const summary = (await page.getByTestId(testid).locator('summary').textContent()) ?? ''
        const label = summary.replace(/ \(\d+\)$/, '')
        expect(headings).toContain(label)
      }
      const supporting = (await page.getByTestId('supporting').locator('summary').textContent()) ?? ''
      const overruled = (await page.getByTestId('overruled').locator('summary').textContent()) ?? ''
      expect(supporting).not.toBe(overruled)
      // each rule under "supporting" has the decision's outcome; each under "overruled" another
      const decided = await page.getByTestId('outcome').getAttribute('data-outcome')
      const tags = await page.getByTestId('supporting').locator('h4 > .tag:first-child').evaluateAll((els) => els.map((e) => e.className))
      expect(tags.length).toBeGreaterThan(0)
      for (const cls of tags) expect(cls).toContain(`outcome-${decided as string}`)
      expect(await page.getByTestId('overruled').locator(`h4 .tag.outcome-${decided as string}`).count()).toBe(0)
    }
    expect(errors).toEqual([])
    await page.context().close()
  }, 60_000)

  it('prints a one-page decision a clerk can file, and shows request text only as text', async () => {
    const { page, errors } = await open({ width: 1000, height: 1400 })
    const attack = '<img src=x onerror="window.__pwned=1">\u202e区民政局'
    const request = { kind: 'certificate', date: '2026-03-02', requester: { level: 'district', department: attack }, certificate: { kind: '无犯罪记录证明' } }
    await page.selectOption('#pack', 'cn-shandong')
    await page.click('#tab-json')
    await page.fill('#request', JSON.stringify(request))
    await page.click('#decide')
    const d = decideInNode('cn-shandong', request)
    expect(await pageOutcome(page)).toBe(d.outcome)
    const sheet = page.getByTestId('print-sheet')
    expect(await sheet.isVisible()).toBe(false) // on screen the sheet stays hidden
    const blank = await page.evaluate(() => document.createElement('canvas').toDataURL().length) // a tiny blank image, for scale
    await page.emulateMedia({ media: 'print' })
    expect(await sheet.isVisible()).toBe(true)
    expect(await page.locator('main').isVisible()).toBe(false) // only the sheet is printed
    expect(await page.locator('header').isVisible()).toBe(false)
    const shot = await page.screenshot({ path: join(ARTIFACTS, 'playground-print.png'), fullPage: true })
    expect(shot.length).toBeGreaterThan(20 * blank)
    const box = await sheet.boundingBox()
    expect(box?.height ?? 0).toBeGreaterThan(400)
    // the decision, the deciding rule's message filled in, the clause, its kind of text, the packs
    const x = explain(d, { locale: 'zh-CN' })
    if (E.isLeft(x)) throw new Error('no explanation')
    const decided = x.right.rules.find((r) => r.decided)
    expect(await page.getByTestId('sheet-outcome').getAttribute('data-outcome')).toBe(d.outcome)
    expect(await page.getByTestId('sheet-outcome').textContent()).toContain(await page.getByTestId('outcome').locator('.outcome-label').textContent())
    expect(await page.getByTestId('sheet-message').textContent()).toContain(decided?.message)
    expect(decided?.message).toContain('无犯罪记录证明') // the placeholder was filled
    expect(await page.getByTestId('sheet-quote').textContent()).toContain(decided?.citation.readable as string)
    expect(await page.getByTestId('sheet-provenance').textContent()).toBe({ official: '原文', secondary: '报道转述', reading: '本包解读' }[decided?.citation.provenance ?? 'official'])
    const text = (await sheet.textContent()) ?? ''
    expect(text).toContain(decided?.citation.document.title)
    expect(text).toContain(decided?.citation.article)
    expect(text).toContain(d.date)
    expect(await page.getByTestId('sheet-policy').textContent()).toBe(describePolicy(policyOf('cn-shandong').fingerprint))
    for (const p of policyOf('cn-shandong').fingerprint.packs) expect(text).toContain(p.hash)
    expect(text).toContain('经办人（签字）')
    expect(text).toContain('社区居民委员会（盖章）')
    // the requester's words are there as words: no element was made from them, no script ran
    expect(text).toContain('<img src=x')
    expect(text).toContain('\\u202e区民政局') // a bidi override is shown, not obeyed
    expect(text).not.toContain('\u202e')
    expect(await page.locator('img').count()).toBe(0)
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined()
    // one A4 page
    const pdf = await page.pdf({ format: 'A4', path: join(ARTIFACTS, 'playground-print.pdf') })
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page\b/g)?.length).toBe(1)
    expect(errors).toEqual([])
    await page.context().close()
  }, 60_000)

  it('works opened from disk (file://), and the unbuilt source page says how to open it', async () => {
    const built = pathToFileURL(join(site, 'index.html')).href
    const { page, errors, outside } = await open({ width: 1280, height: 1000 }, { url: built })
    await startFresh(page, 'cn-shandong')
    for (const [path, value] of (FORMS[1] as (typeof FORMS)[number]).fields) await setField(page, path, value)
    await page.click('#decide')
    expect(await pageOutcome(page)).toBe(decideInNode('cn-shandong', (FORMS[1] as (typeof FORMS)[number]).request).outcome)
    expect(await page.locator('#boot-notice').count()).toBe(0)
    await page.screenshot({ path: join(ARTIFACTS, 'playground-file.png'), fullPage: true })
    expect(errors).toEqual([])
    expect(outside).toEqual([])
    await page.context().close()

    // the source index.html loads its script as a module from other files, which file:// refuses
    const source = pathToFileURL(join(ROOT, 'examples/playground/index.html')).href
    const s = await open({ width: 1280, height: 900 }, { url: source, ready: false })
    await s.page.waitForTimeout(500)
    expect(await s.page.locator('body').getAttribute('data-ready')).toBeNull()
    const notice = s.page.locator('#boot-notice')
    expect(await notice.isVisible()).toBe(true)
    expect(await s.page.locator('main').isVisible()).toBe(false) // no dead controls beside the notice
    expect(await notice.textContent()).toContain('npm run playground:build')
    expect(await notice.textContent()).toContain('dist/index.html')
    await s.page.screenshot({ path: join(ARTIFACTS, 'playground-file-source.png'), fullPage: true })
    await s.page.context().close()
  }, 60_000)

  it('decides the same under a Content-Security-Policy that forbids eval (closures instead of generated code)', async () => {
    const { page, errors } = await open({ width: 1280, height: 900 }, { csp: true })
    // the policy is in force, so zhunru in the page found it could not generate code
    expect(await page.locator('body').getAttribute('data-codegen')).toBe('false')
    await page.selectOption('#pack', 'cn-shandong')
    const option = await page.locator('#example option', { hasText: '超出公章使用范围，不得要求社区出具' }).first().getAttribute('value')
    await page.selectOption('#example', option as string)
    await expect.poll(() => page.getByTestId('outcome').getAttribute('data-outcome')).toBe('forbidden')
    await page.check('#tech')
    expect(await page.getByTestId('decided-by').locator('code').textContent()).toBe('seal-outside-scope')
    expect(await page.getByTestId('expect').textContent()).toContain('与结论一致')
    // Chromium reports each refused eval on the console; nothing else may go wrong
    expect(errors.filter((e) => !/unsafe-eval|Content Security Policy/i.test(e))).toEqual([])
    await page.context().close()
  }, 60_000)

  it('fits a phone screen without sideways scrolling', async () => {
    const { page, errors } = await open({ width: 390, height: 844 })
    await expect.poll(() => page.getByTestId('outcome').count()).toBe(1)
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
    expect(overflow).toBeLessThanOrEqual(0)
    await page.screenshot({ path: join(ARTIFACTS, 'playground-phone.png'), fullPage: true })
    expect(errors).toEqual([])
    await page.context().close()
  }, 60_000)

  it('was served only from the local server, as one file', () => {
    expect(requests).toContain('/')
    expect(readdirSync(site)).toEqual(['index.html'])
  })
})

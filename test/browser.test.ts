/**
 * The playground in a real browser: Debian's Chromium driven by playwright-core. Build the page
 * with Vite into a temp folder, serve it from 127.0.0.1 (node:http, in this test), pick a request,
 * check the outcome and the quoted clause, switch language, and keep a screenshot in
 * test-artifacts/ (git-ignored). `.ci/run` installs chromium when it is missing.
 */
import { spawnSync } from 'node:child_process'
import { createReadStream, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { extname, join, normalize, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const ROOT = resolve(fileURLToPath(import.meta.url), '../..')
const ARTIFACTS = join(ROOT, 'test-artifacts')
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
}

let tmp = ''
let server: Server | undefined
let browser: Browser | undefined
let base = ''
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
      // a portal page under a strict Content-Security-Policy: no eval, no new Function
      const csp = req.headers['x-test-csp'] === '1' ? { 'content-security-policy': "script-src 'self'; object-src 'none'" } : {}
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', ...csp })
      createReadStream(file).pipe(res)
    })
    s.listen(0, '127.0.0.1', () => ok(s))
  })

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does it)`)
  tmp = mkdtempSync(join(tmpdir(), 'zhunru-playground-'))
  const out = join(tmp, 'site')
  const built = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'examples/playground/vite.config.ts', '--outDir', out, '--emptyOutDir'],
    { cwd: ROOT, encoding: 'utf8' },
  )
  if (built.status !== 0) throw new Error(`vite build failed:\n${built.stdout}${built.stderr}`)
  server = await serve(out)
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
const open = async (viewport: { width: number; height: number }, csp = false): Promise<{ page: Page; errors: string[] }> => {
  const context = await (browser as Browser).newContext({ viewport, locale: 'zh-CN', ...(csp ? { extraHTTPHeaders: { 'x-test-csp': '1' } } : {}) })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text())
  })
  // nothing may leave the machine: only our server answers
  await context.route(/^(?!http:\/\/127\.0\.0\.1:)/, (route) => {
    errors.push(`blocked request to ${route.request().url()}`)
    return route.abort()
  })
  await page.goto(base)
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 })
  return { page, errors }
}

describe('the playground in Chromium', () => {
  it('decides a picked request, quotes the clause, switches language', async () => {
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
    expect(await page.getByTestId('decided-by').textContent()).toContain('seal-outside-scope')
    const quote = await page.getByTestId('quote').first().textContent()
    expect(quote).toContain('任何部門和單位不得要求社區出具超出公章使用范圍的各類證明')
    expect(quote).not.toMatch(/\([a-z]+\)/) // pinyin glosses are left out of what a clerk reads
    expect(await page.getByTestId('provenance').first().textContent()).toContain('原文') // what kind of text the quote is
    expect(await page.getByTestId('expect').textContent()).toContain('与结论一致')
    await page.screenshot({ path: join(ARTIFACTS, 'playground-zh.png'), fullPage: true })

    await page.click('#lang')
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en')
    expect(await outcome.textContent()).toContain('Forbidden')
    expect(await page.locator('h1').textContent()).toContain('Playground')
    expect(await page.getByTestId('decided-by').textContent()).toContain('Deciding rule')
    expect(await page.getByTestId('quote').first().textContent()).toContain('不得要求社區出具')
    expect(await page.getByTestId('provenance').first().textContent()).toContain('official text')
    await page.screenshot({ path: join(ARTIFACTS, 'playground-en.png'), fullPage: true })
    expect(errors).toEqual([])
    await page.context().close()
  }, 60_000)

  it('reports a malformed request as issues, and re-decides an edited one', async () => {
    const { page, errors } = await open({ width: 1280, height: 900 })
    await page.fill('#request', '{"kind": "certificate", "date": "2026-13-45", "requester": {"level": "district"}, "certificate": {"kind": "x"}}')
    await page.click('#decide')
    await expect.poll(() => page.getByTestId('issues').count()).toBe(1)
    expect(await page.getByTestId('issues').textContent()).toContain('request/bad-date')

    await page.fill('#request', '{ not json')
    await page.click('#decide')
    await expect.poll(() => page.getByTestId('issues').textContent()).toContain('JSON')

    const request = {
      kind: 'certificate',
      date: '2026-03-02',
      requester: { level: 'district' },
      certificate: { kind: '无犯罪记录证明' },
    }
    await page.fill('#request', JSON.stringify(request))
    await page.click('#decide')
    await expect.poll(() => page.getByTestId('outcome').getAttribute('data-outcome')).toBe('forbidden')
    expect(await page.locator('#example').inputValue()).toBe('custom')
    expect(errors).toEqual([])
    await page.context().close()
  }, 60_000)

  it('decides the same under a Content-Security-Policy that forbids eval (closures instead of generated code)', async () => {
    const { page, errors } = await open({ width: 1280, height: 900 }, true)
    // the policy is in force, so zhunru in the page found it could not generate code
    expect(await page.locator('body').getAttribute('data-codegen')).toBe('false')
    await page.selectOption('#pack', 'cn-shandong')
    const option = await page.locator('#example option', { hasText: '超出公章使用范围，不得要求社区出具' }).first().getAttribute('value')
    await page.selectOption('#example', option as string)
    await expect.poll(() => page.getByTestId('outcome').getAttribute('data-outcome')).toBe('forbidden')
    expect(await page.getByTestId('decided-by').textContent()).toContain('seal-outside-scope')
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

  it('was served only from the local server: the page and its assets', () => {
    expect(requests).toContain('/')
    expect(requests.some((p) => p.startsWith('/assets/') && p.endsWith('.js'))).toBe(true)
  })
})

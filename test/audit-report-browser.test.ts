/**
 * The HTML audit report in a real browser (Debian's Chromium driven by playwright-core): the page
 * opens from a file with nothing fetched from anywhere, its charts are drawn, and a screenshot of
 * the chart of breaches per month shows the bars (decoded with pngjs, its pixels counted). A full
 * screenshot is kept in test-artifacts/ (git-ignored). `.ci/run` installs chromium; without it
 * this test says so and is skipped, and fails when CI is set.
 */
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import * as E from 'fp-ts/lib/Either.js'
import { chromium, type Browser } from 'playwright-core'
import { PNG } from 'pngjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditAll } from '../src/audit/audit'
import { loadPolicy } from '../src/node/load'
import { BAR_COLOUR, reportHtml } from '../src/node/report-html'
import { createReport } from '../src/node/report-model'
import { generateEvents } from '../bench/events'
import { vocabOf } from '../bench/requests'

const ROOT = resolve(fileURLToPath(import.meta.url), '../..')
const ARTIFACTS = join(ROOT, 'test-artifacts')
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const present = existsSync(CHROMIUM)
if (!present) {
  const message = `${CHROMIUM} is missing: the HTML audit report was not checked in a browser (apt-get install -y chromium; .ci/run does it)`
  if (process.env.CI) throw new Error(message)
  console.warn(`SKIPPED: ${message}`)
}

/** The bar colour as RGB. */
const rgb = (hex: string): [number, number, number] => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number]

/** Pixels of a PNG within `tolerance` of a colour, and pixels that are not white. */
const pixels = (png: Buffer, colour: [number, number, number], tolerance = 24): { bar: number; inked: number; total: number } => {
  const img = PNG.sync.read(png)
  let bar = 0
  let inked = 0
  for (let i = 0; i < img.data.length; i += 4) {
    const [r, g, b] = [img.data[i] as number, img.data[i + 1] as number, img.data[i + 2] as number]
    if (Math.abs(r - colour[0]) <= tolerance && Math.abs(g - colour[1]) <= tolerance && Math.abs(b - colour[2]) <= tolerance) bar++
    if (r < 235 || g < 235 || b < 235) inked++
  }
  return { bar, inked, total: img.width * img.height }
}

let browser: Browser | undefined
const dir = mkdtempSync(join(tmpdir(), 'zhunru-report-html-'))

beforeAll(async () => {
  if (!present) return
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
}, 60_000)

afterAll(async () => {
  await browser?.close()
})

describe.skipIf(!present)('the HTML audit report in Chromium', () => {
  it('opens offline from a file, fetches nothing, and its month chart shows the bars', async () => {
    const p = loadPolicy('cn-shandong')
    if (E.isLeft(p)) throw new Error('cn-shandong does not load')
    const { findings, summary } = await auditAll(p.right, [...generateEvents(4_000, vocabOf(p.right.resolved.lists), { seed: 5, communities: 30, malformedEvery: 1_000, instants: 0 })])
    const report = createReport({})
    for (const f of findings) report.add(f)
    const whole = report.finish()
    const breaches = whole.totals.byMonth.reduce((n, m) => n + m.breaches, 0)
    expect(breaches).toBeGreaterThan(10)
    const file = join(dir, 'report.html')
    writeFileSync(file, reportHtml('zh-CN', whole, summary))

    const page = await (browser as Browser).newPage({ viewport: { width: 1200, height: 900 } })
    const asked: string[] = []
    page.on('request', (r) => asked.push(r.url()))
    await page.goto(pathToFileURL(file).href)
    // the page itself, and nothing else: no script, font, style or image from anywhere
    expect(asked).toEqual([pathToFileURL(file).href])
    await expect(page.title()).resolves.toBe('社区工作准入审计报告')
    const charts = page.locator('svg.chart')
    expect(await charts.count()).toBe(3)
    // the month chart: one bar per month with a breach, drawn in the bar colour
    const months = whole.totals.byMonth.filter((m) => m.breaches > 0).length
    expect(await charts.nth(0).locator('rect').count()).toBe(Math.min(months, 15))
    const shot = await charts.nth(0).screenshot()
    const px = pixels(shot, rgb(BAR_COLOUR))
    // not blank, and a good share of the chart is bar
    expect(px.inked / px.total).toBeGreaterThan(0.05)
    expect(px.bar / px.total).toBeGreaterThan(0.03)
    // the bars' lengths follow the counts: the longest bar is the month with the most breaches
    const widths = await charts.nth(0).locator('rect').evaluateAll((rs) => rs.map((r) => Number(r.getAttribute('width'))))
    const most = whole.totals.byMonth.filter((m) => m.breaches > 0).map((m) => m.breaches)
    expect(widths.indexOf(Math.max(...widths))).toBe(most.indexOf(Math.max(...most)))
    mkdirSync(ARTIFACTS, { recursive: true })
    // the first screen: title, summary, charts (the full page holds every row)
    await page.screenshot({ path: join(ARTIFACTS, 'audit-report.png') })
    await page.close()
  }, 90_000)
})

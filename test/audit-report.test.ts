import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import * as E from 'fp-ts/lib/Either.js'
import stringWidth from 'string-width'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { auditAll } from '../src/audit/audit'
import type { Finding, Violation } from '../src/audit/finding'
import { auditCommand, progressBar, type AuditCommandOptions } from '../src/cli/audit'
import { loadPolicy } from '../src/node/load'
import { createReport, type ReportFilter } from '../src/node/report-model'
import { generateEvents } from '../bench/events'
import { vocabOf } from '../bench/requests'
import { parseCsv } from './_csv'

/**
 * Issue 14, item 3: the auditor's report. One row per broken cap, named by its title, with its
 * window, count and maximum, department and level, and the cap's clause; filters and totals; rows
 * by community then date, the same on 1 and N threads; CSV with a BOM and no formula; xlsx; a
 * progress bar on a terminal; the summary always on standard error.
 */

const ROOT = join(import.meta.dirname, '..')
const dir = mkdtempSync(join(tmpdir(), 'zhunru-report-'))
const policy = (() => {
  const p = loadPolicy('cn-shandong')
  if (E.isLeft(p)) throw new Error('cn-shandong does not load')
  return p.right
})()

const event = (id: string, date: string, community: string, department = '区卫健局', level = 'district'): string =>
  JSON.stringify({ id, kind: 'meeting', date, requester: { level, department }, community: { id: community }, meeting: {} })

/** A hand-made file: three district meetings in 370102-001 (the third breaks the yearly cap, its id a formula), a broken line. */
const hand = join(dir, 'hand.ndjson')
writeFileSync(hand, [event('ev-1', '2026-01-10', '370102-001'), event('ev-2', '2026-03-05', '370102-001'), event('=1+1', '2026-07-15', '370102-001'), '{not json'].join('\n'))

/** Generated events: many communities, departments, caps and rules; late and broken lines. */
const big = join(dir, 'big.ndjson')
const bigLines = [...generateEvents(8_000, vocabOf(policy.resolved.lists), { seed: 11, communities: 60, lateEvery: 2_000, malformedEvery: 1_500, instants: 0 })]
writeFileSync(big, `${bigLines.join('\n')}\n`)

/** Run the command in this process, capturing what it writes. */
const run = async (file: string, o: Partial<AuditCommandOptions>): Promise<{ code: number; stdout: string; stderr: string }> => {
  let stdout = ''
  let stderr = ''
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
    stdout += typeof s === 'string' ? s : Buffer.from(s).toString('latin1')
    return true
  })
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
    stderr += String(s)
    return true
  })
  try {
    const code = await auditCommand(file, { pack: 'cn-shandong', ...o })
    return { code, stdout, stderr }
  } finally {
    vi.restoreAllMocks()
  }
}


/** The CSV's data rows as objects keyed by the (English) header. */
const csvObjects = (text: string): Record<string, string>[] => {
  const [head, ...rows] = parseCsv(text.replace(/^\uFEFF/, ''))
  return rows.map((r) => Object.fromEntries((head as string[]).map((h, i) => [h, r[i] ?? ''])))
}

describe('the auditor report: the bar of issue 14', () => {
  afterEach(() => vi.restoreAllMocks())

  it('the table names the broken cap by its Chinese title, with window, count, maximum, level and the document', async () => {
    const r = await run(hand, {})
    expect(r.code).toBe(1)
    const row = r.stdout.split('\n').find((l) => l.startsWith('370102-001'))
    expect(row).toBeDefined()
    for (const part of ['区级组织的会议（每年不超过2次）', '2026-07-15', '区卫健局', '区级', '2026', '3', '2', '《关于减轻社区负担增强社区居民委员会自治功能和服务效能的十项规定》', '十项规定 五']) expect(row).toContain(part)
    // the summary ends standard error too
    expect(r.stderr).toContain('读入 4 行（另有空行 0），跳过 1，判定 3')
  })

  it('--format csv starts with a BOM, and the cell =1+1 is text, not a formula', async () => {
    const r = await run(hand, { format: 'csv', lang: 'en' })
    expect(r.stdout.startsWith('\uFEFF')).toBe(true)
    const [breach] = csvObjects(r.stdout)
    expect(breach).toMatchObject({ type: 'breach', id: "'=1+1", cap: 'Meetings organised at district level (at most 2 a year)', cap_id: 'district-meetings', window: '2026', count: '3', max: '2', level: 'district' })
    expect(breach?.clause).toContain('十项规定 五')
    // a reader sees the clause's words without pinyin glosses
    expect(breach?.quote).toBe('原則上區級組織的會議每年不得超過2次')
    // every cell a spreadsheet reads starts with something other than a formula sign
    for (const cells of parseCsv(r.stdout.replace(/^\uFEFF/, ''))) for (const c of cells) expect(c).not.toMatch(/^[=+\-@\t\r＝＋－＠]/)
  })

  it('--format xlsx writes a workbook with a sheet per view; =1+1 is a string cell, never a formula', async () => {
    const file = join(dir, 'hand.xlsx')
    const r = await run(hand, { format: 'xlsx', output: file })
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr).toContain('读入 4 行')
    const book = new ExcelJS.Workbook()
    await book.xlsx.readFile(file)
    expect(book.worksheets.map((s) => s.name)).toEqual(['违规明细', '问题行', '按部门', '按社区', '按上限或规则', '按月份', '摘要'])
    const rows = book.getWorksheet('违规明细')
    const head = (rows?.getRow(1).values as unknown[]).slice(1)
    const cell = (name: string) => rows?.getRow(2).getCell(head.indexOf(name) + 1)
    expect(cell('上限')?.value).toBe('区级组织的会议（每年不超过2次）')
    expect(cell('事件编号')?.value).toBe('=1+1')
    expect(cell('事件编号')?.type).toBe(ExcelJS.ValueType.String)
    expect(cell('事件编号')?.formula).toBeUndefined()
    expect(cell('次数')?.value).toBe(3)
    expect(book.getWorksheet('按部门')?.getRow(2).values).toEqual([undefined, '区卫健局', '区级', 1, 0, 1])
    expect(book.getWorksheet('问题行')?.getRow(2).getCell(1).value).toBe(4)
  }, 30_000)

  it('--format xlsx to a terminal is refused (exit 2, nothing written); --format html is one page', async () => {
    const tty = process.stdout.isTTY
    Object.defineProperty(process.stdout, 'isTTY', { value: true, configurable: true })
    try {
      const r = await run(hand, { format: 'xlsx' })
      expect(r.code).toBe(2)
      expect(r.stdout).toBe('')
      expect(r.stderr).toContain('--output')
    } finally {
      Object.defineProperty(process.stdout, 'isTTY', { value: tty, configurable: true })
    }
    const h = await run(hand, { format: 'html' })
    expect(h.stdout.startsWith('<!doctype html>')).toBe(true)
    expect(h.stdout).toContain('区级组织的会议（每年不超过2次）')
    expect(h.stdout).toContain('<svg')
    // nothing fetched from anywhere: no script, no link, no src
    expect(h.stdout).not.toMatch(/<script|<link|\bsrc=|url\(/i)
  })
})

describe('text from the events is inert in every format', () => {
  afterEach(() => vi.restoreAllMocks())

  it('a department with markup, an escape sequence and a line break: escaped in the table, CSV, HTML and xlsx', async () => {
    const hostile = '<img src=x onerror=alert(1)>\u001b[2J\n伪造'
    const file = join(dir, 'hostile.ndjson')
    writeFileSync(file, [1, 2, 3].map((i) => event(`h${i}`, `2026-0${i}-10`, 'X', hostile)).join('\n'))
    const t = await run(file, {})
    expect(t.stdout.includes('\u001b')).toBe(false)
    expect(t.stdout).toContain('\\u001b[2J\\n伪造')
    const c = await run(file, { format: 'csv' })
    expect(c.stdout.includes('\u001b')).toBe(false)
    expect(c.stdout).toContain(',<img src=x onerror=alert(1)>\\u001b[2J\\n伪造,')
    const h = await run(file, { format: 'html' })
    expect(h.stdout).not.toContain('<img')
    expect(h.stdout).toContain('&lt;img src=x onerror=alert(1)&gt;\\u001b[2J\\n伪造')
    const out = join(dir, 'hostile.xlsx')
    expect((await run(file, { format: 'xlsx', output: out })).code).toBe(1)
    const book = new ExcelJS.Workbook()
    await book.xlsx.readFile(out)
    expect(book.getWorksheet('按部门')?.getRow(2).getCell(1).value).toBe('<img src=x onerror=alert(1)>\\u001b[2J\\n伪造')
  })
})

describe('--output', () => {
  afterEach(() => vi.restoreAllMocks())

  it('a file that cannot be written (a full disk) is an output failure in every format: exit 3, one line; a missing folder is refused first', async () => {
    for (const [format, order] of [['table', 'community'], ['csv', 'found'], ['json', 'community'], ['xlsx', 'community'], ['html', 'community']] as const) {
      const r = await run(hand, { format, order, output: '/dev/full' })
      expect(r.code, format).toBe(3)
      expect(r.stdout, format).toBe('')
      expect(r.stderr, format).toContain('无法写出结果（ENOSPC）')
    }
    const missing = await run(hand, { output: join(dir, 'no-such-folder', 'r.csv') })
    expect(missing.code).toBe(2)
    expect(missing.stdout).toBe('')
  })
})

describe('filters, totals and order', () => {
  afterEach(() => vi.restoreAllMocks())

  const findings = auditAll(policy, bigLines).then((r) => r.findings)
  const violations = findings.then((fs) => fs.filter((f): f is Violation => f.type === 'violation'))

  it('the generated events break caps and are refused by rules, in several departments and communities', async () => {
    const v = await violations
    expect(v.filter((x) => x.windows.length > 0).length).toBeGreaterThan(20)
    expect(v.filter((x) => x.windows.length === 0).length).toBeGreaterThan(20)
    expect(new Set(v.map((x) => x.department)).size).toBeGreaterThan(2)
  })

  it('rows come by community, then date, then line; breaches are one row per broken cap; totals add up to the rows', async () => {
    const r = await run(big, { format: 'csv', lang: 'en', threads: '1' })
    const rows = csvObjects(r.stdout)
    const judged = rows.filter((x) => x.type === 'breach' || x.type === 'refusal')
    const key = (x: Record<string, string>): string => `${x.community}\u0000${x.date}\u0000${(x.line as string).padStart(9, '0')}`
    for (let i = 1; i < judged.length; i++) expect(key(judged[i - 1] as Record<string, string>) <= key(judged[i] as Record<string, string>)).toBe(true)
    const v = await violations
    expect(judged.filter((x) => x.type === 'breach').length).toBe(v.reduce((n, x) => n + x.windows.length, 0))
    expect(judged.filter((x) => x.type === 'refusal').length).toBe(v.filter((x) => x.windows.length === 0).length)
    // the problem lines follow, by line
    const problems = rows.slice(judged.length)
    expect(problems.length).toBe((await findings).filter((f) => f.type !== 'violation').length)
    expect(problems.map((p) => Number(p.line))).toEqual(problems.map((p) => Number(p.line)).sort((a, b) => a - b))
    // the JSON totals recount the rows, by each key
    const j = JSON.parse((await run(big, { format: 'json', threads: '1' })).stdout) as {
      totals: Record<string, { breaches: number; refusals: number; department?: string; community?: string; month?: string; cap?: string; rule?: string }[]>
    }
    const recount = (of: (x: Record<string, string>) => string): Map<string, string> => {
      const m = new Map<string, [number, number]>()
      for (const x of judged) {
        const k = of(x)
        const c = m.get(k) ?? [0, 0]
        c[x.type === 'breach' ? 0 : 1]++
        m.set(k, c)
      }
      return new Map([...m].map(([k, c]) => [k, c.join('/')]))
    }
    const given = (list: { breaches: number; refusals: number }[], of: (t: never) => string): Map<string, string> => new Map(list.map((t) => [of(t as never), `${t.breaches}/${t.refusals}`]))
    expect(given(j.totals.byCommunity as never, (t: { community: string }) => t.community)).toEqual(recount((x) => x.community as string))
    expect(given(j.totals.byDepartment as never, (t: { department: string; level: string }) => `${t.department}|${t.level}`)).toEqual(recount((x) => `${x.department}|${x.level}`))
    expect(given(j.totals.byMonth as never, (t: { month: string }) => t.month)).toEqual(recount((x) => (x.date as string).slice(0, 7)))
    expect(given(j.totals.byRule as never, (t: { cap?: string; rule?: string }) => t.cap ?? `rule ${t.rule}`)).toEqual(recount((x) => (x.type === 'breach' ? (x.cap_id as string) : `rule ${x.rule}`)))
  }, 60_000)

  // every format renders the same report: the table (rows) and the JSON (findings, totals) suffice
  it('the report is the same bytes on 1 and 3 threads', async () => {
    for (const format of ['table', 'json']) {
      const one = await run(big, { format, threads: '1' })
      const three = await run(big, { format, threads: '3' })
      expect(three.code).toBe(1)
      const strip = (s: string): string => (format === 'json' ? s.replace(/"peakHeld":\d+/, '') : s)
      expect(strip(three.stdout), format).toBe(strip(one.stdout))
    }
  }, 120_000)

  it('--order found gives the same rows in the order found, streamed', async () => {
    const sorted = csvObjects((await run(big, { format: 'csv', lang: 'en' })).stdout)
    const found = csvObjects((await run(big, { format: 'csv', lang: 'en', order: 'found' })).stdout)
    const id = (x: Record<string, string>): string => `${x.line}|${x.cap_id}|${x.type}`
    expect(found.map(id).sort()).toEqual(sorted.map(id).sort())
    expect(found.map(id)).not.toEqual(sorted.map(id))
  }, 60_000)

  it('--only, --department and --community keep exactly the rows the filter names', async () => {
    const all = csvObjects((await run(big, { format: 'csv', lang: 'en' })).stdout)
    const judged = all.filter((x) => x.type === 'breach' || x.type === 'refusal')
    const department = (judged.find((x) => x.type === 'breach') as Record<string, string>).department as string
    const community = (judged[judged.length - 1] as Record<string, string>).community as string
    const cases: [Partial<AuditCommandOptions>, (x: Record<string, string>) => boolean][] = [
      [{ only: 'breaches' }, (x) => x.type === 'breach'],
      [{ only: 'refusals' }, (x) => x.type === 'refusal'],
      [{ department }, (x) => x.department === department && (x.type === 'breach' || x.type === 'refusal')],
      [{ community, only: 'breaches' }, (x) => x.community === community && x.type === 'breach'],
    ]
    for (const [o, keep] of cases) {
      const r = await run(big, { format: 'csv', lang: 'en', ...o })
      const got = csvObjects(r.stdout)
      expect(got.length, JSON.stringify(o)).toBeGreaterThan(0)
      expect(got, JSON.stringify(o)).toEqual(all.filter(keep))
    }
    expect((await run(big, { only: 'some' })).code).toBe(2)
    expect((await run(big, { order: 'random' })).code).toBe(2)
    expect((await run(big, { format: 'html', order: 'found' })).code).toBe(2)
  }, 90_000)

  it('createReport: a filter keeps the same rows whatever the order the findings come in', async () => {
    const fs = await findings
    const filters: ReportFilter[] = [{}, { only: 'breaches' }, { only: 'refusals' }, { community: 'c1' }]
    for (const filter of filters) {
      const a = createReport(filter)
      const b = createReport(filter)
      for (const f of fs) a.add(f)
      for (const f of [...fs].reverse() as Finding[]) b.add(f)
      const ra = a.finish()
      const rb = b.finish()
      expect(rb.rows).toEqual(ra.rows)
      expect(rb.totals).toEqual(ra.totals)
    }
  })
})

/** The display column each cell of a table line starts at, for cells separated by two spaces or more. */
const starts = (line: string): number[] => {
  const out: number[] = []
  let col = 0
  let prevSpaces = 2
  for (const ch of line) {
    if (ch !== ' ' && prevSpaces >= 2) out.push(col)
    prevSpaces = ch === ' ' ? prevSpaces + 1 : 0
    col += stringWidth(ch)
  }
  return out
}

describe('the table', () => {
  afterEach(() => vi.restoreAllMocks())

  it('columns never run into each other: every cell of a row starts where its header does, in display columns', async () => {
    for (const lang of ['zh-CN', 'en']) {
      const r = await run(big, { lang })
      const lines = r.stdout.split('\n')
      const h = lines.findIndex((l) => l.startsWith(lang === 'en' ? 'community' : '社区 '))
      const head = starts(lines[h] as string)
      expect(head.length).toBe(13)
      let checked = 0
      for (let i = h + 1; i < lines.length && lines[i] !== ''; i++) {
        const line = lines[i] as string
        // the cell under each header starts at the header's column, after at least two spaces
        for (const c of head.slice(1)) {
          let col = 0
          let before = ''
          for (const ch of line) {
            if (col >= c) break
            before += ch
            col += stringWidth(ch)
          }
          expect(col, `${lang} line ${i}: ${line}`).toBe(c)
          // an empty cell (no cap) is blank; a filled one is set apart by two spaces
          expect(before.endsWith('  '), `${lang}: ${line}`).toBe(true)
        }
        checked++
      }
      expect(checked).toBeGreaterThan(50)
    }
  }, 60_000)
})

describe('progress and summary', () => {
  afterEach(() => {
    vi.useRealTimers()
    vi.restoreAllMocks()
  })

  it('the bar is drawn at once and redrawn on a timer, in place; pause clears it, resume redraws it at once', () => {
    vi.useFakeTimers()
    const out: string[] = []
    const state = { bytes: 0, total: 1000, lines: 0 }
    const bar = progressBar(state, 'zh-CN', { write: (s: string) => out.push(s) }, 200)
    bar.start()
    expect(out).toHaveLength(1)
    for (let i = 1; i <= 10; i++) {
      state.bytes = i * 100
      state.lines = i * 7
      vi.advanceTimersByTime(200)
    }
    // one draw per 200 ms, each in place: a carriage return, the line, clear to its end
    expect(out).toHaveLength(11)
    // eslint-disable-next-line no-control-regex -- the bar ends with ESC [K
    for (const s of out) expect(s).toMatch(/^\r审计中 \[[#.]{30}\] +\d+% {2}[\d,]+ 行 {2}[\d,]+ 行\/秒\x1b\[K$/)
    expect(out[10]).toContain('100%')
    bar.pause()
    expect(out[11]).toBe('\r\x1b[K')
    bar.resume()
    expect(out[12]).toMatch(/^\r审计中 /)
    bar.stop()
    expect(out[13]).toBe('\r\x1b[K')
    vi.advanceTimersByTime(2000)
    expect(out).toHaveLength(14)
  })

  it('on a pseudo-terminal (script) the bar shows on stderr while the report goes to a file, and the run ends with the summary; off a terminal, no bar', () => {
    const script = spawnSync('script', ['--version'], { encoding: 'utf8' })
    if (script.status !== 0) {
      const message = 'script (util-linux) is missing: apt-get install -y bsdutils; the pseudo-terminal check was skipped'
      if (process.env.CI) throw new Error(message)
      console.warn(message)
      return
    }
    const out = join(dir, 'tty.csv')
    const typescript = join(dir, 'tty.log')
    const tsx = join(ROOT, 'node_modules/.bin/tsx')
    const cmd = `${tsx} ${join(ROOT, 'src/cli/main.ts')} audit ${big} --pack cn-shandong --format csv --threads 1 > ${out}`
    const r = spawnSync('script', ['-qefc', cmd, typescript], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 })
    expect(r.status).toBe(1)
    const tty = readFileSync(typescript, 'utf8')
    // at least one bar, drawn in place, cleared at the end, then the summary
    expect(tty).toMatch(/\r审计中 \[[#.]{30}\]/)
    const last = tty.lastIndexOf('\r\x1b[K')
    expect(last).toBeGreaterThan(-1)
    expect(tty.slice(last)).toMatch(/读入 \d+ 行（另有空行 \d+），跳过 \d+，判定 \d+/)
    expect(readFileSync(out, 'utf8').startsWith('\uFEFF')).toBe(true)
    // standard error to a file: the summary alone, no bar
    const plain = spawnSync(tsx, [join(ROOT, 'src/cli/main.ts'), 'audit', hand, '--pack', 'cn-shandong'], { cwd: ROOT, encoding: 'utf8' })
    expect(plain.stderr).not.toContain('\r')
    expect(plain.stderr).toMatch(/^读入 4 行/)
  }, 150_000)
})

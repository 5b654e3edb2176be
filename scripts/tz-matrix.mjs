#!/usr/bin/env node
// Run the date-dependent suites (*.tz.test.ts) under several host time zones; all must pass alike.
import { spawnSync } from 'node:child_process'

const zones = ['UTC', 'Asia/Shanghai', 'America/New_York', 'Pacific/Apia']
let failed = 0
let passedTests = 0
let failedTests = 0
for (const tz of zones) {
  const r = spawnSync('npx', ['vitest', 'run', '--reporter=dot', 'tz.test'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TZ: tz, NO_COLOR: '1' },
    encoding: 'utf8',
  })
  const ok = r.status === 0
  if (!ok) failed += 1
  const counts = (r.stdout.match(/Tests\s+.*$/m) ?? [''])[0]
  passedTests += Number((/(\d+) passed/.exec(counts) ?? [0, 0])[1])
  failedTests += Number((/(\d+) failed/.exec(counts) ?? [0, 0])[1]) + (ok ? 0 : 1)
  const summary = (r.stdout.match(/Tests\s+.*$/m) ?? ['?'])[0].replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '')
  process.stdout.write(`TZ=${tz}: ${ok ? 'ok' : 'FAILED'} (${summary})\n`)
  if (!ok) process.stdout.write(r.stdout + r.stderr)
}
// a plain closing line: the date suites' tests over all zones
process.stdout.write(`zones: ${passedTests} passed, ${failedTests} failed\n`)
process.exit(failed === 0 ? 0 : 1)

#!/usr/bin/env node
// The registry reachable on our machines serves only some platforms' prebuilt binaries (for example
// @rollup/rollup-android-arm-eabi answers 404), so npm leaves those optional packages out of
// package-lock.json, and `npm ci` then refuses the lock ("Missing: … from lock file").
// This adds an entry for every such optional platform package, with its os/cpu/libc, so npm skips it
// on the machine at hand and never fetches it. Idempotent.
//
//   node scripts/fix-lock.mjs            fix package-lock.json, then run: npm install --package-lock-only
//   node scripts/fix-lock.mjs --check    exit 1 if an optional dependency has no entry
import { readFileSync, writeFileSync } from 'node:fs'

const file = 'package-lock.json'
const lock = JSON.parse(readFileSync(file, 'utf8'))
const packages = lock.packages
const OS = ['android', 'darwin', 'freebsd', 'linux', 'openbsd', 'openharmony', 'win32', 'sunos', 'netbsd', 'aix']
const CPU = ['arm64', 'arm', 'x64', 'ia32', 'loong64', 'ppc64', 'riscv64', 's390x', 'mips64el', 'wasm32']

/** os/cpu/libc from a platform package's name, e.g. @rollup/rollup-linux-arm-musleabihf. */
const platformOf = (name) => {
  const re = new RegExp(`(?:^|[-/])(${OS.join('|')})-(${CPU.join('|')})(?:-(gnu|musl|gnueabihf|musleabihf|eabi|msvc))?$`)
  const m = re.exec(name)
  if (m === null) return undefined
  const [, os, cpu, abi] = m
  const libc = os === 'linux' && abi !== undefined ? (abi.startsWith('musl') ? ['musl'] : abi.startsWith('gnu') ? ['glibc'] : undefined) : undefined
  return { cpu: [cpu], os: [os], ...(libc ? { libc } : {}) }
}

/** Where node would find `dep` required from the package at `key`. */
const found = (key, dep) => {
  for (let at = key; ; at = at.includes('/node_modules/') ? at.slice(0, at.lastIndexOf('/node_modules/')) : '') {
    if (packages[`${at === '' ? '' : `${at}/`}node_modules/${dep}`] !== undefined) return true
    if (at === '') return false
  }
}

const missing = []
for (const [key, entry] of Object.entries(packages)) {
  for (const [dep, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const platform = platformOf(dep)
    if (platform === undefined || found(key, dep)) continue
    missing.push(dep)
    packages[`node_modules/${dep}`] = { version, ...(entry.dev ? { dev: true } : {}), optional: true, ...platform }
  }
}
if (process.argv.includes('--check')) {
  if (missing.length > 0) {
    console.error(`package-lock.json lacks ${missing.length} optional platform packages (${missing[0]}, …): run node scripts/fix-lock.mjs`)
    process.exit(1)
  }
  console.log('package-lock.json: every optional platform package has an entry')
} else {
  writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`)
  console.log(`package-lock.json: ${missing.length} optional platform entries added; now run: npm install --package-lock-only`)
}

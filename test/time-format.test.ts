import { TZDate } from '@date-fns/tz'
import { formatRFC3339, lightFormat } from 'date-fns'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { rfc3339 } from '../src/deadline/deadline'
import { formatLocalDate } from '../src/time/local-date'

/**
 * zhunru formats dates itself rather than bundling date-fns' formatters into the browser core:
 * these hold the two formatters to what date-fns writes, on instants across the years zhunru
 * accepts, in zones with odd offsets and daylight saving.
 */
const ZONES = ['Asia/Shanghai', 'UTC', 'Asia/Kolkata', 'Asia/Kathmandu', 'America/St_Johns', 'Pacific/Chatham', 'America/New_York', 'Europe/London', 'Pacific/Apia', 'Australia/Lord_Howe']

describe('formatting dates without date-fns formatters', () => {
  it('formatLocalDate and rfc3339 write what lightFormat and formatRFC3339 write', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1949, 0, 1), max: Date.UTC(2200, 11, 31) }), fc.constantFrom(...ZONES), (ms, zone) => {
        const z = new TZDate(ms, zone)
        expect(formatLocalDate(z)).toBe(lightFormat(z, 'yyyy-MM-dd'))
        expect(rfc3339(z)).toBe(formatRFC3339(z, { fractionDigits: 3 }))
      }),
      { numRuns: 5_000 },
    )
  })
})

// Dates are calendar dates: an XLSX date cell, 11/01/2019 read with an M/D/YYYY profile and 2019-11-01 land on
// the same day in every time zone. Each zone runs in its own process, since TZ is read when Node starts.
import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../support/api.ts';

function probe(tz: string) {
  const out = execFileSync(process.execPath, [join(ROOT, 'bin/run-ts.mjs'), join(ROOT, 'tests/support/bill-dates-probe.ts')], {
    cwd: ROOT,
    env: { ...process.env, TZ: tz },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return JSON.parse(out) as Record<string, unknown>;
}

describe('bill dates in every time zone', () => {
  for (const [tz, offset] of [['America/Los_Angeles', 420], ['Pacific/Auckland', -780], ['UTC', 0]] as const) {
    it(`reads the same calendar days under TZ=${tz}`, () => {
      const r = probe(tz);
      expect([r.tz, r.offset]).toEqual([tz, offset]);
      const day = [['2019-11-01', '2026-03-01', '2019-11']];
      expect([r.xlsx, r.mdy, r.iso]).toEqual([day, day, day]);
      expect(r.stored).toEqual([{ bill_date: '2019-11-01', period_start: '2026-03-01', month: '2019-11' }]);
      expect(r.created).toBe(1);
    }, 120_000);
  }
});

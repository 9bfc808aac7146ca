// The home dashboard on the Oxford City Council history (2014-2018, loaded with bills.loadOxford), with three
// accounts given an expected bill so May 2016 has variances: the widgets and both charts show the figures the
// API computes from month.check, and clicking a widget opens the list behind it.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { formatCents } from '../../core/money.ts';
import { startTem, launchBrowser, openPage, ROOT, type TemServer } from './support.ts';

const OXFORD = join(ROOT, 'tests/fixtures/real/oxford-telecom-spend-2014-2018/monthly_by_supplier_service_area.csv');
const MONTH = '2016-05';
const money = (c: number) => formatCents(c, 'en-US');

let server: TemServer;
let browser: Browser;
let page: Page;
let problems: string[];
let expectedTotals: { entered: number; accounts: number; flagged: number; stake: number; actual: number };
let deltas: number[];

beforeAll(async () => {
  server = await startTem();
  await server.api('bills.loadOxford', { file_name: 'monthly_by_supplier_service_area.csv', data: readFileSync(OXFORD) });
  // Three billed accounts get an expected monthly bill near their May 2016 actual: over, under and further under.
  const may = (await server.api('month.check', { month: MONTH })).rows.filter((r) => r.actual_cents !== null).slice(0, 3);
  deltas = [-12_345, 50_000, 7_500];
  for (const [i, r] of may.entries()) {
    await server.api('contracts.create', { billing_account_id: r.account_id, start_date: '2014-01-01', expected_source: 'entered', expected_cents: r.actual_cents! + deltas[i]! });
  }
  await server.api('tickets.open', { bills: [{ account_id: may[1]!.account_id, month: MONTH }], opened_on: '2016-06-01', due_date: '2016-06-30', claim_number: 'OX-1' });
  const check = await server.api('month.check', { month: MONTH });
  const t = check.totals;
  expectedTotals = { entered: t.entered, accounts: t.accounts, flagged: t.over + t.under + t.missing + t.unexpected, stake: t.at_stake_cents, actual: t.actual_cents };
  browser = await launchBrowser();
  ({ page, problems } = await openPage(browser, server, `?month=${MONTH}#/home`));
  page.setDefaultTimeout(15_000);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const widget = (name: RegExp | string) => page.getByRole('region', { name });

describe('the home dashboard with the Oxford history', () => {
  it('shows the month progress and the money at stake from month.check', async () => {
    expect(expectedTotals.stake).toBe(12_345 + 50_000 + 7_500);
    await expect.poll(() => widget('Month progress').textContent()).toContain(`${expectedTotals.entered} of ${expectedTotals.accounts}bills entered for ${MONTH}`);
    const flagged = await widget('Flagged bills and amount at stake').textContent();
    expect(flagged).toContain(`${expectedTotals.flagged}flagged bills`);
    expect(flagged).toContain(`${money(69_845)}at stake (over and under)`);
    expect(flagged).toContain('over 1 · under 2');
    expect(await widget('Missing bills').textContent()).toContain(`${(await server.api('reports.missingBills', { month: MONTH })).totals.bills}bills not arrived`);
    expect(await widget('Credits recovered in 2016').textContent()).toContain(`${money(0)}0 credits`);
    expect(await widget('Open tickets by status').textContent()).toBe('Open tickets by statusOpen 1Researching 0Disputed 0Credit pending 0');
    expect(await widget('Overdue tickets').textContent()).toContain('1tickets past their due date');
    expect(await widget('Company news').count()).toBe(1);
  });

  it('draws expected vs actual for 24 months with the same figures', async () => {
    const dash = await server.api('reports.dashboard', { month: MONTH });
    const chart = widget('Expected vs actual, 24 months');
    await expect.poll(() => chart.locator('svg .recharts-line').count()).toBe(2);
    expect(await chart.locator('svg .recharts-line-dots').first().locator('circle').count()).toBe(24);
    const rows = chart.getByRole('table', { name: 'Expected and actual per month, figures' }).locator('tbody tr');
    expect(await rows.count()).toBe(24);
    expect(dash.series!.at(-1)).toMatchObject({ month: MONTH, actual_cents: expectedTotals.actual });
    expect((await rows.last().textContent())!).toBe(`${MONTH}${money(dash.series!.at(-1)!.expected_cents)}${money(expectedTotals.actual)}`);
    expect((await rows.first().textContent())!.startsWith('2014-06')).toBe(true);
    // each month's point is that month's check total
    for (const i of [0, 7, 15]) {
      const s = dash.series![i]!;
      expect(s.actual_cents).toBe((await server.api('month.check', { month: s.month })).totals.actual_cents);
      expect((await rows.nth(i).textContent())!).toBe(`${s.month}${money(s.expected_cents)}${money(s.actual_cents)}`);
    }
    expect(dash.series!.filter((s) => s.actual_cents > 0).length).toBeGreaterThan(12);
  });

  it('draws the largest variances as labelled bars', async () => {
    const chart = widget('Largest variances');
    await expect.poll(() => chart.locator('svg .recharts-bar-rectangle').count()).toBe(3);
    const labels = await chart.locator('svg .recharts-label-list text, svg .recharts-label').allTextContents();
    expect(labels.sort()).toEqual([money(-7_500), money(-50_000), money(12_345)].sort());
  });

  it('opens the open tickets behind the tickets widget', async () => {
    await widget('Open tickets by status').getByRole('link', { name: 'Open 1' }).click();
    await expect.poll(() => page.evaluate(() => window.location.hash)).toBe('#/tickets?status=open');
    await expect.poll(() => page.locator('body').textContent()).toContain('under by 500.00');
    await page.goBack();
    await expect.poll(() => widget('Month progress').count()).toBe(1);
  });

  it('opens the discrepancy report behind the flagged-bills widget', async () => {
    await widget('Flagged bills and amount at stake').getByRole('link', { name: /flagged bills$/ }).click();
    await expect.poll(() => page.evaluate(() => window.location.hash)).toBe(`#/reports/discrepancies?month=${MONTH}`);
    const table = page.getByRole('table', { name: `Discrepancy report ${MONTH}` });
    await expect.poll(() => table.locator('tbody tr[data-row]').count()).toBe(expectedTotals.flagged);
    expect(problems).toEqual([]);
  });
});

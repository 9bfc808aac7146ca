// From the home screen to the files: a widget opens its report, the report downloads as CSV, XLSX and PDF and
// the discrepancy report as one zip of per-carrier files, each read back to the API's cents; the discrepancy
// report shows per-carrier subtotals; the credits report filters by customer. And a user whose widget group holds
// two widgets sees only those two; a user without TEM sees company news and contracts ending.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { unzipSync } from 'fflate';
import { startTem, openBrowser, closeAll, openPage, seedBook, MONTH, type TemServer } from './support.ts';
import { csvObjects, textCents, workbook, sheetObjects, cellCents, pdfText } from '../support/reports.ts';

let server: TemServer;
let browser: Browser;
let page: Page;
let problems: string[];

beforeAll(async () => {
  server = await startTem();
  const { ids } = await seedBook(server);
  // A-100 over by 100.00, A-101 under by 20.00 (tolerance 5 %), B-200 exact; the rest not entered (missing).
  await server.api('actuals.setMany', {
    items: [
      { account_id: ids['A-100']!, month: MONTH, amount: '1100.00' },
      { account_id: ids['A-101']!, month: MONTH, amount: '450.00' },
      { account_id: ids['B-200']!, month: MONTH, amount: '300.00' },
    ],
  });
  ({ browser, page, problems } = await openBrowser(server, `?month=${MONTH}#/home`, { timeout: 15_000 }));
}, 60_000);

afterAll(() => closeAll(browser, server));

async function download(label: string): Promise<{ name: string; bytes: Buffer }> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: label }).click()]);
  return { name: d.suggestedFilename(), bytes: readFileSync((await d.path())!) };
}

describe('reports from the home screen', () => {
  it('the missing-bills widget opens the missing bills of the month', async () => {
    const widget = page.getByRole('region', { name: 'Missing bills' });
    await expect.poll(() => widget.textContent()).toContain('7bills not arrived');
    await widget.getByRole('link', { name: /bills not arrived/ }).click();
    await expect.poll(() => page.evaluate(() => window.location.hash)).toBe(`#/reports/missingBills?month=${MONTH}`);
    const table = page.getByRole('table', { name: `Missing bills ${MONTH}` });
    await expect.poll(() => table.locator('tbody tr').count()).toBe(7);
    expect(await table.locator('tfoot').textContent()).toContain('2,014.56');
  });

  it('downloads the discrepancy report as CSV, XLSX and PDF with the check\'s cents', async () => {
    await page.getByRole('navigation', { name: 'Reports' }).getByRole('link', { name: 'Discrepancy report' }).click();
    const table = page.getByRole('table', { name: `Discrepancy report ${MONTH}` });
    await expect.poll(() => table.locator('tbody tr[data-row]').count()).toBe(9);
    const check = await server.api('month.check', { month: MONTH });
    const flagged = check.rows.filter((r) => r.status !== 'ok');
    const variance = flagged.reduce((s, r) => s + (r.variance_cents ?? 0), 0);
    expect(variance).toBe(10_000 - 5_000);

    const csv = await download('Download CSV');
    expect(csv.name).toBe(`Discrepancy report ${MONTH}.csv`);
    expect(csvObjects(csv.bytes).reduce((s, r) => s + (r.Variance ? textCents(r.Variance) : 0), 0)).toBe(variance);
    const xlsx = await download('Download XLSX');
    expect(sheetObjects(await workbook(xlsx.bytes)).reduce((s, r) => s + (cellCents(r.Variance) ?? 0), 0)).toBe(variance);
    const pdf = await download('Download PDF');
    const text = pdfText(pdf.bytes, true);
    expect(text).toMatch(/Total Acme Telecom\s+3,114.56\s+1,550.00\s+50.00/);
    expect(text).toContain('Page 1 of 1');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Downloaded' }).textContent()).toBe(`Downloaded Discrepancy report ${MONTH}.pdf`);
  });

  it('filters by carrier name, kept in the address', async () => {
    await page.getByLabel('Carrier', { exact: true }).fill('bell wireless');
    await page.getByLabel('Carrier', { exact: true }).press('Enter');
    await expect.poll(() => page.evaluate(() => window.location.hash)).toBe(`#/reports/discrepancies?month=${MONTH}&carrier=bell+wireless`);
    const table = page.getByRole('table', { name: `Discrepancy report ${MONTH}` });
    await expect.poll(() => table.locator('tbody tr[data-row]').count()).toBe(1);
    // The carrier is the group's heading, not a column of its rows (as in the PDF).
    expect(await table.locator('tbody th[scope="rowgroup"]').allTextContents()).toEqual(['Bell Wireless · Disputes: no dispute contact on file']);
    expect((await table.locator('tbody tr[data-row] td').allTextContents()).slice(0, 3)).toEqual(['Shelbyville Clinic', 'Annex', 'B-201']);
    await page.getByLabel('Carrier', { exact: true }).fill('');
    await page.getByLabel('Carrier', { exact: true }).press('Enter');
    await expect.poll(() => table.locator('tbody tr[data-row]').count()).toBe(9);
  });

  it('shows each carrier\'s bills under its heading with a subtotal, as the files do', async () => {
    const table = page.getByRole('table', { name: `Discrepancy report ${MONTH}` });
    const groups = () =>
      table.locator('tbody.rep-group').evaluateAll((bodies) =>
        bodies.map((b) => {
          const sub = b.querySelector('tr.rep-subtotal')!;
          const total = (k: string) => sub.querySelector(`td[data-total="${k}"]`)?.textContent ?? null;
          return {
            heading: b.querySelector('th[scope="rowgroup"]')!.textContent,
            bills: b.querySelectorAll('tr[data-row]').length,
            subtotal: [sub.querySelector('th')!.textContent, total('expected_cents'), total('actual_cents'), total('variance_cents')],
          };
        }),
      );
    await expect.poll(groups).toHaveLength(2);
    const api = await server.api('reports.discrepancies', { month: MONTH });
    expect(api.carriers.map((c) => [c.carrier, c.bills, c.expected_cents, c.actual_cents, c.variance_cents])).toEqual([
      ['Acme Telecom', 8, 311_456, 155_000, 5_000],
      ['Bell Wireless', 1, 40_000, 0, 0],
    ]);
    expect(await groups()).toEqual([
      { heading: 'Acme Telecom · Disputes: no dispute contact on file', bills: 8, subtotal: ['Total Acme Telecom', '3,114.56', '1,550.00', '50.00'] },
      { heading: 'Bell Wireless · Disputes: no dispute contact on file', bills: 1, subtotal: ['Total Bell Wireless', '400.00', '0.00', '0.00'] },
    ]);
    expect(await table.locator('tfoot th').textContent()).toBe('Total');
    // At 1,440 px the amounts are in view without scrolling sideways.
    const wrap = (await table.locator('xpath=..').boundingBox())!;
    const variance = (await table.getByRole('columnheader', { name: 'Variance', exact: true }).boundingBox())!;
    expect(variance.x + variance.width).toBeLessThanOrEqual(wrap.x + wrap.width);
    expect(await table.locator('tfoot td[data-total="variance_cents"]').textContent()).toBe('50.00');
  });

  it('shares with carriers as one zip of one file per carrier', async () => {
    await page.getByLabel('Share with carriers as').selectOption('xlsx');
    const zip = await download('Share with carriers (zip, one file per carrier)');
    const files = unzipSync(new Uint8Array(zip.bytes));
    expect(Object.keys(files).sort()).toEqual([`Discrepancy report ${MONTH} - Acme Telecom.xlsx`, `Discrepancy report ${MONTH} - Bell Wireless.xlsx`]);
    const bell = sheetObjects(await workbook(files[`Discrepancy report ${MONTH} - Bell Wireless.xlsx`]!));
    expect(bell.map((r) => [r.Account!.value, r.Status!.value])).toEqual([['B-201', 'Missing']]);
    expect(problems).toEqual([]);
  });

  it('the credits report for one customer has exactly that customer\'s credits', async () => {
    const ids = Object.fromEntries((await server.api('month.check', { month: MONTH })).rows.map((r) => [r.account, r.account_id]));
    for (const [account, credits] of [['A-100', [7_000, 2_500]], ['B-201', [12_345]]] as const) {
      const tk = await server.api('tickets.open', { bills: [{ account_id: ids[account]!, month: MONTH }], opened_on: `${MONTH}-20` });
      for (const c of credits) await server.api('tickets.addCredit', { ticket_id: tk.ticket.id, amount_cents: c, month: MONTH });
    }
    await page.getByRole('navigation', { name: 'Reports' }).getByRole('link', { name: 'Credits recovered' }).click();
    const table = page.getByRole('table', { name: 'Credits recovered' });
    await expect.poll(() => table.locator('tbody tr').count()).toBe(3);
    await page.getByLabel('Customer', { exact: true }).fill('shelbyville clinic');
    await page.getByLabel('Customer', { exact: true }).press('Enter');
    await expect.poll(() => page.evaluate(() => window.location.hash)).toMatch(/^#\/reports\/credits\?.*customer=shelbyville\+clinic/);
    await expect.poll(() => table.locator('tbody tr').count()).toBe(1);
    expect((await table.locator('tbody tr td').allTextContents()).slice(0, 4)).toEqual([MONTH, 'Shelbyville Clinic', 'Bell Wireless', 'B-201']);
    expect(await table.locator('tfoot td[data-total="amount_cents"]').textContent()).toBe('123.45');
    // Its CSV is the same one customer's credits.
    const csv = await download('Download CSV');
    expect(csvObjects(csv.bytes).map((r) => [r.Customer, r.Account, textCents(r.Credit!)])).toEqual([['Shelbyville Clinic', 'B-201', 12_345]]);
  });

  it('shows a user only the widgets of their widget group', async () => {
    const group = await server.api('widgetGroups.save', { name: 'Clerk home', widget_ids: ['month-progress', 'missing-bills'] });
    const clerks = (await server.api('securityGroups.list', {})).find((g) => g.name === 'TEM clerks')!;
    await server.api('users.create', { name: 'clerk', password: 'clerk-pass-1', modules: ['tem'], confirm: true, group_ids: [clerks.id], widget_group_ids: [group.id] });
    const cookie = await server.signIn('clerk', 'clerk-pass-1');
    const { page: clerkPage } = await openPage(browser, server, `?month=${MONTH}#/home`, { cookie });
    await expect.poll(() => clerkPage.locator('[data-widget]').evaluateAll((els) => els.map((e) => e.getAttribute('data-widget')))).toEqual(['month-progress', 'missing-bills']);
    expect(await clerkPage.getByRole('region', { name: 'Month progress' }).textContent()).toContain(`3 of 10bills entered for ${MONTH}`);
    await clerkPage.close();
  });

  it('shows a user without TEM the company news and the contracts ending, and no TEM figure', async () => {
    await server.api('news.save', { title: 'Carrier portal down on Friday', body: 'Key bills on Monday instead.' });
    const inventory = (await server.api('securityGroups.list', {})).find((g) => g.name === 'Inventory viewers')!;
    await server.api('users.create', { name: 'ines', password: 'ines-pass-1', modules: ['inventory'], confirm: true, group_ids: [inventory.id] });
    const { page: p, problems: pageProblems } = await openPage(browser, server, `?month=${MONTH}#/home`, { cookie: await server.signIn('ines', 'ines-pass-1') });
    await expect.poll(() => p.locator('[data-widget]').evaluateAll((els) => els.map((e) => e.getAttribute('data-widget')))).toEqual(['contracts-ending', 'company-news']);
    await expect.poll(() => p.getByRole('region', { name: 'Company news' }).textContent()).toContain('Carrier portal down on FridayKey bills on Monday instead.');
    expect(await p.getByRole('region', { name: 'Contracts ending' }).textContent()).toContain('contracts end within 60 days');
    expect(await p.getByRole('alert').count()).toBe(0);
    expect(pageProblems).toEqual([]);
    await p.close();
  });
});

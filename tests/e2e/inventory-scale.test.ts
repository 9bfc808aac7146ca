// The inventory list at scale: 20,000 services paged from the server (AG Grid's infinite row model), counted
// and totalled in SQL, sorted by a column and scrolled to the last row.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTem, launchBrowser, openPage, bytes, type TemServer } from './support.ts';

let big: TemServer;
let browser: Browser;
let bigPage: Page;
let problems: string[];

describe('a book of 20,000 services', () => {
  beforeAll(async () => {
    big = await startTem();
    const lines = ['customer,carrier,account,service,expected'];
    for (let i = 0; i < 20_000; i++) lines.push(`Customer ${String(i % 500).padStart(3, '0')},Carrier ${i % 7},ACC-${String(Math.floor(i / 3)).padStart(5, '0')},Line ${String(i).padStart(5, '0')},${(i % 90) + 10}.25`);
    await big.api('import.book', { file_name: 'big.csv', data: bytes(lines.join('\n')) });
    browser = await launchBrowser();
    ({ page: bigPage, problems } = await openPage(browser, big, '#/inventory'));
    bigPage.setDefaultTimeout(15_000);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await big?.stop();
  });

  it('pages from the server and scrolls to the last service', async () => {
    const g = bigPage.getByRole('grid', { name: 'Inventory' });
    await g.waitFor();
    await expect.poll(() => bigPage.getByRole('status').filter({ hasText: /services ·/ }).textContent(), { timeout: 15_000 }).toMatch(/^20,000 services · monthly /);
    expect(Number(await g.getAttribute('aria-rowcount'))).toBe(20_001);
    // Sorted by service, descending: the last line comes first; then the end of the list is reached by scrolling.
    await g.getByRole('columnheader', { name: 'Service' }).click();
    await g.getByRole('columnheader', { name: 'Service' }).click();
    await expect.poll(() => g.locator('[row-index="0"]').textContent(), { timeout: 10_000 }).toContain('Line 19999');
    // The grid's vertical scroller: the tallest scrollable element inside it.
    await bigPage.evaluate(`[...document.querySelectorAll('.inv-grid *')].filter((e) => e.scrollHeight > e.clientHeight + 100 && /auto|scroll/.test(getComputedStyle(e).overflowY)).sort((a, b) => b.scrollHeight - a.scrollHeight)[0].scrollTop = 1e9`);
    await expect.poll(() => g.locator('[row-index="19999"]').textContent(), { timeout: 10_000 }).toContain('Line 00000');
    // Only the blocks on screen were asked for, never the whole book at once.
    expect(await g.locator('[row-index]').count()).toBeLessThan(200);
  });

  it('had no page errors', () => {
    expect(problems).toEqual([]);
  });
});

// The grid's editing helpers in a real browser: range copy as TSV, fill down, "actual = expected", Tab to the
// Invoice column, the user's amount locale, and keys that must not write (Escape).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTem, launchBrowser, openPage, seedBook, actuals, MONTH, type TemServer } from './support.ts';

let server: TemServer;
let browser: Browser;
let page: Page;
let problems: string[];
let ids: Record<string, string>;

const grid = () => page.getByRole('grid', { name: 'Month entry' });
const cell = (column: string, account: string) => grid().getByRole('gridcell', { name: new RegExp(`^${column}, account ${account}:`) });
const undoSteps = () => page.getByRole('button', { name: 'Undo' }).getAttribute('title');

beforeAll(async () => {
  server = await startTem();
  ({ ids } = await seedBook(server));
  browser = await launchBrowser();
  ({ page, problems } = await openPage(browser, server, `?month=${MONTH}#/month`));
  page.setDefaultTimeout(5000);
  await grid().waitFor();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('editing helpers', () => {
  it('Escape cancels an edit and Tab moves right to Invoice', async () => {
    await cell('Actual', 'A-100').click();
    await page.keyboard.type('999');
    const editor = page.getByRole('textbox', { name: 'Actual, account A-100' });
    await expect.poll(() => editor.inputValue()).toBe('999');
    await page.keyboard.press('Escape');
    await expect.poll(() => editor.count()).toBe(0);
    expect(await actuals(server, ['A-100'])).toEqual([null]);
    expect(await cell('Actual', 'A-100').textContent()).toBe('');
    await page.keyboard.type('1000');
    await page.keyboard.press('Tab');
    await page.keyboard.type('INV-1');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await server.api('month.check', { month: MONTH })).rows.find((r) => r.account === 'A-100')).toMatchObject({
      actual_cents: 100000,
      invoice_number: 'INV-1',
    });
    await expect.poll(() => cell('Invoice', 'A-100').textContent()).toBe('INV-1');
  });

  it('copies a range (Shift+arrows) as tab-separated text', async () => {
    await cell('Actual', 'A-100').click();
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+ArrowLeft');
    await page.keyboard.press('Control+C');
    const text = await page.evaluate('navigator.clipboard.readText()');
    expect(text).toBe('1,000.00\t1,000.00\r\n500.00\t\r\n');
  });

  it('fills down with Ctrl+D as one undo step', async () => {
    await cell('Actual', 'A-100').click();
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Control+D');
    await expect.poll(() => actuals(server, ['A-100', 'A-101', 'A-102'])).toEqual([100000, 100000, 100000]);
    await expect.poll(undoSteps).toBe('Undo fill down (Ctrl+Z)');
    await page.keyboard.press('Control+Z');
    await expect.poll(() => actuals(server, ['A-100', 'A-101', 'A-102'])).toEqual([100000, null, null]);
  });

  it('sets Actual = Expected on the selected rows', async () => {
    await cell('Actual', 'A-105').click();
    await page.keyboard.press('Shift+ArrowDown');
    await page.getByRole('button', { name: 'Actual = expected' }).click();
    await expect.poll(() => actuals(server, ['A-105', 'A-106', 'A-107'])).toEqual([4500, 6000, null]);
    await cell('Actual', 'A-107').click();
    await page.keyboard.press('Control+Shift+E');
    await expect.poll(() => actuals(server, ['A-107'])).toEqual([7000]);
  });

  it("parses typed amounts with the user's locale, kept across a reload", async () => {
    await page.getByLabel('Amounts as').selectOption('de-DE');
    await cell('Actual', 'B-200').click();
    await page.keyboard.type('1.234,56');
    await page.keyboard.press('Enter');
    await expect.poll(() => actuals(server, ['B-200'])).toEqual([123456]);
    await expect.poll(() => cell('Actual', 'B-200').textContent()).toBe('1.234,56');
    await page.reload();
    await expect.poll(() => page.getByLabel('Amounts as').inputValue()).toBe('de-DE');
    await expect.poll(() => cell('Actual', 'B-200').textContent()).toBe('1.234,56');
  });

  it('searches and filters by customer', async () => {
    await page.getByLabel('Customer').fill('Shelbyville Clinic');
    await expect.poll(() => grid().getByRole('gridcell', { name: /^Actual, account / }).count()).toBe(2);
    await page.getByLabel('Customer').fill('');
    await page.getByLabel('Search').fill('A-10');
    await expect.poll(() => grid().getByRole('gridcell', { name: /^Actual, account / }).count()).toBe(8);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => grid().getByRole('gridcell', { name: /^Actual, account / }).count()).toBe(10);
  });

  it('ran without a page error or a CSP violation', () => {
    expect(ids['A-100']).toBeTruthy();
    expect(problems).toEqual([]);
  });
});

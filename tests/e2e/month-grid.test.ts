// The month entry grid in a real browser: keying, pasting, refused input, undo and redo, persistence, filters
// and changes made elsewhere, all through the grid's roles and labels.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startTem, launchBrowser, openPage, seedBook, actuals, MONTH, ROOT, type TemServer } from './support.ts';

let server: TemServer;
let browser: Browser;
let page: Page;
let problems: string[];
let ids: Record<string, string>;

const grid = () => page.getByRole('grid', { name: 'Month entry' });
const cellIn = (scope: Pick<Page, 'getByRole'>, column: string, account: string) =>
  scope.getByRole('gridcell', { name: new RegExp(`^${column}, account ${account}:`) });
const cell = (column: string, account: string) => cellIn(grid(), column, account);
/** What the cell says to a screen reader: column, account, value or why the input was refused. */
const label = (column: string, account: string) => cell(column, account).locator('[aria-label]').getAttribute('aria-label');
/** The Status cell in the same row as the account's Actual cell (the unpinned half of the row). */
const status = (account: string) => grid().getByRole('row').filter({ has: cellIn(page, 'Actual', account) }).locator('[aria-colindex="9"]');
const notice = () => page.getByRole('status');

async function paste(text: string) {
  await page.evaluate(`navigator.clipboard.writeText(${JSON.stringify(text)})`);
  await page.keyboard.press('Control+V');
}

beforeAll(async () => {
  server = await startTem();
  ({ ids } = await seedBook(server));
  // A-105 starts with a value so that pasting an empty cell over it must clear it, not write 0.
  await server.api('actuals.set', { account_id: ids['A-105']!, month: MONTH, amount: '45.00' });
  browser = await launchBrowser();
  ({ page, problems } = await openPage(browser, server, `?month=${MONTH}#/month`));
  page.setDefaultTimeout(5000);
  await grid().waitFor();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the month entry grid', () => {
  it('is an ARIA grid named "Month entry" with the eleven bill columns and the two workflow columns', async () => {
    const headers = await grid().getByRole('columnheader').allInnerTexts();
    // the eleven bill columns, the audit Flags (issue 8), then the workflow's Ticket and OK to Pay (issue 5)
    expect(headers.map((h) => h.trim())).toEqual(['Customer', 'Location', 'Carrier', 'Account', 'Expected', 'Actual', 'Variance', 'Variance %', 'Status', 'Invoice', 'Note', 'Flags', 'Ticket', 'OK to Pay']);
    expect(Number(await grid().getAttribute('aria-rowcount'))).toBeGreaterThan(10);
    expect(await cell('Actual', 'A-100').getAttribute('aria-colindex')).toBe('6');
    await expect.poll(() => cell('Actual', 'A-100').textContent()).toBe('');
    expect(await cell('Actual', 'A-105').textContent()).toBe('45.00');
    await expect.poll(() => page.getByText(/of 10$/).first().textContent()).toBe('1 of 10');
  });

  it('keys three values down a column and shows their statuses by word', async () => {
    await cell('Actual', 'A-100').click();
    await page.keyboard.type('1000');
    await page.keyboard.press('Enter');
    await page.keyboard.type('600');
    await page.keyboard.press('Enter');
    await page.keyboard.type('100');
    await page.keyboard.press('Enter');
    await expect.poll(() => status('A-100').textContent()).toContain('OK');
    await expect.poll(() => status('A-101').textContent()).toContain('Over');
    await expect.poll(() => status('A-102').textContent()).toContain('Under');
    expect(await actuals(server, ['A-100', 'A-101', 'A-102'])).toEqual([100000, 60000, 10000]);
    // Enter moved down after each value: the focus is now on A-103's Actual.
    expect(await page.evaluate(`document.activeElement?.querySelector('[aria-label]')?.getAttribute('aria-label')`)).toMatch(/^Actual, account A-103:/);
  });

  it('pastes a block: currency, parentheses and an empty cell (not entered, never 0)', async () => {
    await cell('Actual', 'A-103').click();
    await paste('$1,234.56\r\n(45.00)\r\n\r\n');
    await expect.poll(() => actuals(server, ['A-103', 'A-104', 'A-105'])).toEqual([123456, -4500, null]);
    await expect.poll(() => cell('Actual', 'A-103').textContent()).toBe('1,234.56');
    expect(await cell('Actual', 'A-104').textContent()).toBe('-45.00');
    expect(await cell('Actual', 'A-105').textContent()).toBe('');
    // The trailing line break was not a row: A-106 is untouched.
    expect(await actuals(server, ['A-106'])).toEqual([null]);
  });

  it('refuses a block with "Hello" in it: nothing changes and the bad cell says why', async () => {
    const before = await actuals(server, ['A-100', 'A-101', 'A-102']);
    await cell('Actual', 'A-100').click();
    await paste('2000\r\nHello\r\n3000\r\n');
    await expect.poll(() => label('Actual', 'A-101')).toMatch(/Hello, not saved: .*not an amount/);
    expect(await actuals(server, ['A-100', 'A-101', 'A-102'])).toEqual(before);
    expect(await cell('Actual', 'A-100').textContent()).toBe('1,000.00');
    await expect.poll(() => notice().textContent()).toMatch(/none was/);
    // The README's picture: statuses by colour and word, and a refused cell with its reason.
    await cell('Actual', 'A-101').click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/"Hello" is not an amount/);
    mkdirSync(join(ROOT, 'docs'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'docs/grid.png') });
  });

  it('undoes and redoes the paste as one step', async () => {
    // Clear the refused cell first: Delete brings it back to its stored value's state.
    await cell('Actual', 'A-101').click();
    await page.keyboard.press('Delete');
    await expect.poll(() => actuals(server, ['A-101'])).toEqual([null]);
    await page.keyboard.press('Control+Z'); // undoes the Delete
    await expect.poll(() => actuals(server, ['A-101'])).toEqual([60000]);
    await page.keyboard.press('Control+Z'); // undoes the paste
    await expect.poll(() => actuals(server, ['A-103', 'A-104', 'A-105'])).toEqual([null, null, 4500]);
    await expect.poll(() => cell('Actual', 'A-105').textContent()).toBe('45.00');
    await page.keyboard.press('Control+Y');
    await expect.poll(() => actuals(server, ['A-103', 'A-104', 'A-105'])).toEqual([123456, -4500, null]);
    await expect.poll(() => cell('Actual', 'A-103').textContent()).toBe('1,234.56');
    await page.keyboard.press('Control+Shift+Z'); // redoes the Delete
    await expect.poll(() => actuals(server, ['A-101'])).toEqual([null]);
    await page.keyboard.press('Control+Shift+Z');
    await expect.poll(() => notice().textContent()).toBe('Nothing to redo');
    await page.keyboard.press('Control+Z'); // and undoes it again
    await expect.poll(() => actuals(server, ['A-101'])).toEqual([60000]);
  });

  it('keeps typed text that is not an amount, with the reason, and saves nothing', async () => {
    await cell('Actual', 'A-106').click();
    await page.keyboard.type('12abc');
    const editor = page.getByRole('textbox', { name: 'Actual, account A-106' });
    await expect.poll(() => editor.inputValue()).toBe('12abc');
    await page.keyboard.press('Enter');
    await expect.poll(() => editor.getAttribute('aria-invalid')).toBe('true');
    expect(await editor.inputValue()).toBe('12abc');
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/"12abc" is not an amount/);
    await page.keyboard.press('Escape');
    expect(await actuals(server, ['A-106'])).toEqual([null]);
    await page.keyboard.press('F2');
    await page.keyboard.type('60');
    await page.keyboard.press('Enter');
    await expect.poll(() => actuals(server, ['A-106'])).toEqual([6000]);
  });

  it('shows everything persisted after a reload', async () => {
    await page.reload();
    await expect.poll(() => cell('Actual', 'A-103').textContent()).toBe('1,234.56');
    expect(await cell('Actual', 'A-100').textContent()).toBe('1,000.00');
    expect(await status('A-101').textContent()).toContain('Over');
    expect(await cell('Actual', 'A-105').textContent()).toBe('');
  });

  it('shows a change made elsewhere without a reload', async () => {
    await server.api('actuals.set', { account_id: ids['B-200']!, month: MONTH, amount: '300.00' });
    await expect.poll(() => cell('Actual', 'B-200').textContent(), { timeout: 5000 }).toBe('300.00');
    await expect.poll(() => status('B-200').textContent()).toContain('OK');
  });

  it('filters to flagged rows', async () => {
    await page.getByLabel('Status').selectOption('flagged');
    const check = await server.api('month.check', { month: MONTH });
    const flagged = check.rows.filter((r) => r.status !== 'ok').map((r) => r.account).sort();
    await expect.poll(async () => (await grid().getByRole('gridcell', { name: /^Actual, account / }).allInnerTexts()).length).toBe(flagged.length);
    const shown = await grid()
      .getByRole('gridcell', { name: /^Actual, account / })
      .evaluateAll((cells) => cells.map((c) => /account (\S+):/.exec(c.querySelector('[aria-label]')!.getAttribute('aria-label')!)![1]!));
    expect(shown.sort()).toEqual(flagged);
    expect(shown).not.toContain('A-100');
    await page.getByRole('button', { name: 'Clear filters' }).click();
  });

  it('ran without a page error or a CSP violation', () => {
    expect(problems).toEqual([]);
  });
});

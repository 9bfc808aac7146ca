// The browser part of the benchmark: the month grid in Chromium against the web mode, on a large database.
// Figures: open a month until the grid is interactive, scroll frame time, key-to-status-visible latency, and a
// 10,000-cell paste until visible, each beside a raw baseline measured in the same run and the same page: the
// API's own answer to fetch() (open, key, paste) and a plain HTML table of the same cells (scroll).
// Everything is timed inside the page (performance.now()), so no Playwright round trip is counted. Chromium runs
// without its frame-rate limit, so a frame's time is the work it took rather than the display's 16.7 ms beat.
import { existsSync } from 'node:fs';
import { chromium, type Page } from 'playwright-core';
import { openDb } from '../../db/open.ts';
import { makeCtx, call } from '../../api/index.ts';
import { startServer } from '../../server/index.ts';
import { ownerCookie } from '../support/auth.ts';
import { percentile, median } from './measure.ts';
import { centsText } from './generate.ts';
import { CHROMIUM_ARGS } from '../e2e/support.ts';

export interface BrowserBenchOptions {
  /** a database with a book and actuals for `month` (the paste needs at least `pasteRows` accounts) */
  dbFile: string;
  month: string;
  chromium?: string;
  /** key-to-status samples (default 60) */
  keys?: number;
  /** frames per scroll run (default 240) */
  frames?: number;
  /** rows in the pasted block (default 10,000) */
  pasteRows?: number;
  log?: (line: string) => void;
}

export interface Spread {
  p50: number;
  p95: number;
  max: number;
  n: number;
}

export interface BrowserFigures {
  rows: number;
  /** page load with ?month= until the rows show and the page answers a task; raw: fetch + JSON.parse of month.check */
  open_ms: number;
  open_raw_ms: number;
  /** switching to another month and back in the open page, until the rows show */
  month_switch_ms: number;
  /** frame times while scrolling 60 px (2 rows) a frame, and 150 px (5 rows) a frame; raw: a plain table */
  scroll_60: Spread;
  scroll_60_raw: Spread;
  scroll_150: Spread;
  scroll_150_raw: Spread;
  /** Enter on a typed amount until the frame that shows the new status; raw: fetch of actuals.set */
  key_to_status: Spread;
  key_raw: Spread;
  /** Ctrl+V of a 10,000-row block until the frame that shows the result; raw: fetch of actuals.setMany */
  paste_rows: number;
  paste_ms: number;
  paste_raw_ms: number;
  /** #/home opened fresh (the server has counted no month yet): until the widgets show, and until the 24-month
   *  chart is drawn; then once more with the months counted (warm). Raw: fetch of reports.dashboard (widgets) and
   *  reports.monthSeries (cached) */
  home?: HomeFigures;
}

export interface HomeFigures {
  widgets_ms: number;
  chart_ms: number;
  widgets_warm_ms: number;
  chart_warm_ms: number;
  raw_dashboard_ms: number;
  raw_series_ms: number;
}

export const AIMS = { open_ms: 1500, scroll_p95_ms: 16, key_p95_ms: 50, paste_ms: 1000, home_widgets_ms: 1500, home_chart_ms: 3000 };

// The browser tests' flags, plus no frame cap so frame times measure the page, not the display rate.
const ARGS = [...CHROMIUM_ARGS, '--disable-gpu-vsync', '--disable-frame-rate-limit'];

const spread = (xs: number[]): Spread => ({ p50: median(xs), p95: percentile(xs, 95), max: Math.max(...xs), n: xs.length });

/** In the page: resolves once the main thread is free again (a frame, then a task). */
const IDLE = `new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 0)))`;
/** In the page: a promise of the time from start() to the end of the frame that first shows what seen() looks for;
 *  a MutationObserver notices the change at once, and a task queued from the next animation frame runs after that
 *  frame is drawn. */
const SEEN = `((seen, start) => new Promise((ok, fail) => {
  const until = performance.now() + 30000;
  const finish = () => requestAnimationFrame(() => setTimeout(() => ok(performance.now() - start())));
  const mo = new MutationObserver(() => {
    try {
      if (seen()) { mo.disconnect(); finish(); }
      else if (performance.now() > until) { mo.disconnect(); fail(new Error('not seen in 30 s')); }
    } catch (e) { mo.disconnect(); fail(e); }
  });
  mo.observe(document.body, { subtree: true, childList: true, characterData: true });
}))`;
/** In the page: the API as the renderer calls it, for the raw baselines. */
const FETCH = `(method, input) => fetch('/api/' + method, { method: 'POST', headers: { 'content-type': 'application/json', 'x-tem': '1' }, body: JSON.stringify(input) }).then((r) => r.text()).then((t) => JSON.parse(t))`;
/** In the page: the grid's element that scrolls its rows (found by behaviour, not by AG Grid's class names). */
const SCROLLER = `[...document.querySelectorAll('.tem-grid *')].filter((e) => e.scrollHeight > e.clientHeight + 100 && /auto|scroll/.test(getComputedStyle(e).overflowY)).sort((a, b) => b.scrollHeight - a.scrollHeight)[0]`;

export async function runBrowserBench(o: BrowserBenchOptions): Promise<BrowserFigures> {
  const log = o.log ?? (() => undefined);
  const exe = o.chromium ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(exe)) throw new Error(`Chromium is not at ${exe} (apt-get install -y chromium)`);
  const db = openDb(o.dbFile);
  const check = await call(makeCtx(db, 'bench', 'http'), 'month.check', { month: o.month });
  const rows = check.rows.length;
  const server = await startServer({ db, actor: 'bench', port: 0 });
  const browser = await chromium.launch({ executablePath: exe, args: ARGS });
  try {
    // bypassCSP lets the probes below be plain strings (waitForFunction would otherwise need eval)
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, bypassCSP: true });
    // The web mode needs a signed-in user: the bench opens the pages as the install's owner.
    await context.addCookies([{ name: 'tem_session', value: await ownerCookie(db), url: server.url, httpOnly: true, sameSite: 'Strict' }]);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.url).origin });
    const page = await context.newPage();
    page.setDefaultTimeout(120_000);
    const url = `${server.url}?month=${o.month}#/month`;

    log('browser: open the month (twice: cold, then warm)');
    const open = Math.min(await timeOpen(page, url, rows), await timeOpen(page, url, rows));
    const openRaw = (await page.evaluate(`(async () => { const api = ${FETCH}; const t = performance.now(); await api('month.check', { month: '${o.month}' }); return performance.now() - t; })()`)) as number;

    // The server has counted no series month yet (the grid's month.check does not): the first open is cold.
    log('browser: home page (cold, then warm)');
    const home = await timeHome(page, `${server.url}?month=${o.month}#/home`, o.month);
    log(`browser: home figures (ms) ${JSON.stringify(home)}`);
    await timeOpen(page, url, rows); // back to the grid for the rest

    log('browser: switch months');
    await switchMonth(page, previousMonth(o.month));
    const monthSwitch = await switchMonth(page, o.month, rows);

    log('browser: scroll');
    const frames = o.frames ?? 240;
    const scroll60 = spread(await scrollFrames(page, SCROLLER, frames, 60));
    const scroll150 = spread(await scrollFrames(page, SCROLLER, frames, 150));

    log('browser: key to status');
    const keys = await keyToStatus(page, o.month, o.keys ?? 60);

    log('browser: paste');
    const pasteRows = Math.min(o.pasteRows ?? 10_000, rows);
    const paste = await pasteBlock(page, o.month, pasteRows);

    log('browser: plain table baseline');
    const plain = await page.context().newPage();
    await plain.setContent(plainTable(check.rows.slice(0, 3000)));
    const tableScroller = `document.getElementById('scroller')`;
    const scroll60Raw = spread(await scrollFrames(plain, tableScroller, frames, 60));
    const scroll150Raw = spread(await scrollFrames(plain, tableScroller, frames, 150));
    await plain.close();

    return {
      rows,
      open_ms: open,
      open_raw_ms: openRaw,
      month_switch_ms: monthSwitch,
      scroll_60: scroll60,
      scroll_60_raw: scroll60Raw,
      scroll_150: scroll150,
      scroll_150_raw: scroll150Raw,
      key_to_status: spread(keys.grid),
      key_raw: spread(keys.raw),
      paste_rows: pasteRows,
      paste_ms: paste.grid,
      paste_raw_ms: paste.raw,
      home,
    };
  } finally {
    await browser.close();
    await server.close();
    db.close();
  }
}

const rowsShown = (n: number) =>
  `document.querySelector('[role="grid"]')?.getAttribute('aria-rowcount') === '${n + 1}' && !!document.querySelector('[role="gridcell"][col-id="status"]')`;

async function timeOpen(page: Page, url: string, rows: number): Promise<number> {
  await page.goto('about:blank');
  await page.goto(url);
  await page.waitForFunction(rowsShown(rows), undefined, { polling: 'raf' });
  await page.evaluate(IDLE);
  return (await page.evaluate('performance.now()')) as number; // since the navigation started
}

const WIDGETS_SHOWN = `!!document.querySelector('[data-widget="month-progress"] .home-value') && !!document.querySelector('[data-widget="largest-variances"] figure, [data-widget="largest-variances"] p')`;
const CHART_DRAWN = `document.querySelectorAll('[data-widget="expected-vs-actual"] svg .recharts-line').length === 2 && document.querySelectorAll('[data-widget="expected-vs-actual"] table tbody tr').length === 24`;

/** Opens the home page and times (from the navigation's start) the widgets shown and the chart drawn. */
async function timeHomeOnce(page: Page, url: string): Promise<{ widgets: number; chart: number }> {
  await page.goto('about:blank');
  await page.goto(url);
  await page.waitForFunction(WIDGETS_SHOWN, undefined, { polling: 'raf', timeout: 300_000 });
  await page.evaluate(IDLE);
  const widgets = (await page.evaluate('performance.now()')) as number;
  await page.waitForFunction(CHART_DRAWN, undefined, { polling: 'raf', timeout: 300_000 });
  await page.evaluate(IDLE);
  return { widgets, chart: (await page.evaluate('performance.now()')) as number };
}

export async function timeHome(page: Page, url: string, month: string): Promise<HomeFigures> {
  const cold = await timeHomeOnce(page, url);
  const warm = await timeHomeOnce(page, url);
  const raw = (await page.evaluate(`(async () => {
    const api = ${FETCH};
    let t = performance.now();
    await api('reports.dashboard', { month: '${month}', with_series: false });
    const d = performance.now() - t;
    t = performance.now();
    await api('reports.monthSeries', { month: '${month}', months: 24 });
    return [d, performance.now() - t];
  })()`)) as [number, number];
  return { widgets_ms: cold.widgets, chart_ms: cold.chart, widgets_warm_ms: warm.widgets, chart_warm_ms: warm.chart, raw_dashboard_ms: raw[0], raw_series_ms: raw[1] };
}

function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

async function switchMonth(page: Page, month: string, rows?: number): Promise<number> {
  const t0 = (await page.evaluate('performance.now()')) as number;
  await page.getByLabel('Month', { exact: true }).fill(month);
  await page.waitForFunction(`new URL(location.href).searchParams.get('month') === '${month}'`);
  if (rows !== undefined) await page.waitForFunction(rowsShown(rows), undefined, { polling: 'raf' });
  await page.evaluate(IDLE);
  return ((await page.evaluate('performance.now()')) as number) - t0;
}

/** Scrolls by px a frame from the top and records every frame's duration. */
async function scrollFrames(page: Page, scroller: string, count: number, px: number): Promise<number[]> {
  return (await page.evaluate(`new Promise((done) => {
    const viewport = ${scroller};
    viewport.scrollTop = 0;
    const out = [];
    let last = -1;
    const step = (t) => {
      if (last >= 0) out.push(t - last);
      last = t;
      if (out.length >= ${count}) return done(out);
      viewport.scrollTop += ${px};
      requestAnimationFrame(step);
    };
    requestAnimationFrame(() => requestAnimationFrame(step));
  })`)) as number[];
}

/** Types an amount and Enter into the first row's Actual, alternating an Over and an OK value, and times from the
 *  Enter key to the frame that shows the new status. The raw baseline sends the same values with fetch(). */
async function keyToStatus(page: Page, month: string, samples: number): Promise<{ grid: number[]; raw: number[] }> {
  await page.evaluate(`${SCROLLER}.scrollTop = 0`);
  await page.waitForFunction(`!!document.querySelector('[role="row"][row-index="0"] [col-id="expected"]')`, undefined, { polling: 'raf' });
  const cell = page.locator('[role="row"][row-index="0"] [col-id="actual"]');
  const label = (await cell.locator('[aria-label]').getAttribute('aria-label'))!;
  const account = /account (.+?):/.exec(label)![1]!;
  const row = (await page.evaluate(`(${FETCH})('month.check', { month: '${month}' }).then((c) => c.rows.find((r) => r.account === ${JSON.stringify(account)}))`)) as {
    account_id: string;
    expected_cents: number | null;
  };
  const expected = row.expected_cents || 10_000;
  await cell.click();
  await page.evaluate(`document.addEventListener('keydown', (e) => { if (e.key === 'Enter') window.__enterAt = performance.now(); }, true)`);
  const grid: number[] = [];
  const values: string[] = [];
  const startsOver = ((await page.locator('[role="row"][row-index="0"] [col-id="status"]').textContent()) ?? '').trim().endsWith('Over');
  for (let i = 0; i < samples; i++) {
    const over = (i % 2 === 0) !== startsOver; // every value changes the status
    const text = centsText(over ? expected * 2 + 100 : expected);
    values.push(text);
    await page.keyboard.type(text);
    await page.evaluate(`void (window.__seen = ${SEEN}(() => { const s = document.querySelector('[role="row"][row-index="0"] [col-id="status"]'); return !!s && s.textContent.trim().endsWith('${over ? 'Over' : 'OK'}'); }, () => window.__enterAt))`);
    await page.keyboard.press('Enter');
    const ms = await page.evaluate('window.__seen');
    grid.push(ms as number);
    await cell.click(); // Enter moved on: back to the first row
  }
  await page.keyboard.press('Escape');
  const id = row.account_id;
  const raw = (await page.evaluate(`(async () => {
    const api = ${FETCH};
    const out = [];
    for (const amount of ${JSON.stringify(values)}) {
      const t = performance.now();
      await api('actuals.set', { account_id: '${id}', month: '${month}', amount, locale: 'en-US' });
      out.push(performance.now() - t);
    }
    return out;
  })()`)) as number[];
  return { grid, raw };
}

/** Pastes a block of amounts into the Actual column from the first row and times from the paste event to the frame
 *  that shows the result (the "Paste: n of n row(s) changed" line, written after the rows are updated). */
async function pasteBlock(page: Page, month: string, n: number): Promise<{ grid: number; raw: number }> {
  const offset = 1 + (Date.now() % 97); // amounts the rows do not hold yet, also when the database is reused
  const amounts = Array.from({ length: n }, (_, i) => `${1000 + i}.${String(offset).padStart(2, '0')}`);
  await page.evaluate(`navigator.clipboard.writeText(${JSON.stringify(amounts.join('\r\n') + '\r\n')})`);
  await page.evaluate(`${SCROLLER}.scrollTop = 0`);
  await page.locator('[role="row"][row-index="0"] [col-id="actual"]').click();
  await page.evaluate(`document.addEventListener('paste', () => { window.__pasteAt = performance.now(); }, { capture: true, once: true })`);
  await page.evaluate(`void (window.__seen = ${SEEN}(() => {
    const s = document.querySelector('[role="status"]').textContent;
    if (/cannot|refused|Unexpected|shown from here/.test(s)) throw new Error(s);
    return /^Paste: ${n} of ${n}/.test(s);
  }, () => window.__pasteAt))`);
  await page.keyboard.press('Control+V');
  const grid = (await page.evaluate('window.__seen')) as number;
  // The raw baseline writes the same accounts once more (other cents) through fetch().
  const raw = (await page.evaluate(`(async () => {
    const api = ${FETCH};
    const check = await api('month.check', { month: '${month}' });
    const ids = ${JSON.stringify([])}.concat(check.rows.slice(0, ${n}).map((r) => r.account_id));
    const items = ids.map((id, i) => ({ account_id: id, month: '${month}', amount: '${2000}.' + String(i % 100).padStart(2, '0') }));
    const t = performance.now();
    await api('actuals.setMany', { locale: 'en-US', source: 'pasted', items });
    return performance.now() - t;
  })()`)) as number;
  return { grid, raw };
}

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** The same cells as a plain HTML table in a scrolling box of the grid's size: what the browser costs alone. */
function plainTable(rows: readonly Record<string, unknown>[]): string {
  const keys = ['customer', 'location', 'carrier', 'account', 'expected_cents', 'actual_cents', 'variance_cents', 'variance_pct', 'status', 'invoice_number', 'note'];
  const body = rows.map((r) => `<tr>${keys.map((k) => `<td>${escapeHtml(String(r[k] ?? ''))}</td>`).join('')}</tr>`).join('');
  return `<!doctype html><style>body{margin:0;font:14px system-ui} #scroller{height:600px;overflow:auto} td{padding:0 10px;height:30px;border-bottom:1px solid #ddd;white-space:nowrap}</style><div id="scroller"><table>${body}</table></div>`;
}

// The month on screen: its rows (by account), the grid they are shown in, cells whose input was refused, and the
// change feed. Every write goes through one queue so writes reach the API in the order they were made.
import type { GridApi, IRowNode } from 'ag-grid-community';
import { monthTotals, type MonthTotals } from '../../../core/totals.ts';
import type { ApiClient, ChangeEvent, CheckRow } from '../api/index.ts';
import { useStore } from '../store.ts';
import { takePrefetched } from '../prefetch.ts';

/** Input the API refused, kept on its cell with the reason until it is corrected or cleared. */
export interface CellError {
  text: string;
  message: string;
}

const errorKey = (accountId: string, col: string) => `${accountId}|${col}`;

/** Totals are sums, so replacing some rows takes their old part out and puts their new part in. */
function shiftTotals(t: MonthTotals, out: MonthTotals, into: MonthTotals): MonthTotals {
  const r = { ...t };
  for (const k of Object.keys(r) as (keyof MonthTotals)[]) r[k] = t[k] - out[k] + into[k];
  return r;
}

export class MonthModel {
  grid: GridApi<CheckRow> | null = null;
  month = '';
  readonly rows = new Map<string, CheckRow>();
  private readonly errors = new Map<string, CellError>();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly mine = new Set<string>();
  private reloadTimer: ReturnType<typeof setTimeout> | undefined;
  private loadSeq = 0;
  /** called when a month finished loading (the grid shows it) */
  onLoaded: ((ms: number) => void) | null = null;
  /** Why the month could not be checked (month.check failed), or null. The rows on screen stay as they were last
   *  checked, but no status is shown: a bill is never called missing, over or under because the check failed. */
  failure: string | null = null;

  constructor(readonly api: ApiClient) {}

  attach(grid: GridApi<CheckRow> | null) {
    this.grid = grid;
    if (grid && this.month) grid.setGridOption('rowData', [...this.rows.values()]);
  }

  /** Loads a month; a newer load wins over an older one still on its way. */
  async load(month: string, opts: { keepErrors?: boolean } = {}) {
    const seq = ++this.loadSeq;
    const t0 = performance.now();
    // Marks for the benchmark's breakdown of a load; only the latest load's are kept.
    for (const m of ['tem:load', 'tem:load:answered', 'tem:load:grid']) performance.clearMarks(m);
    performance.mark('tem:load');
    let check;
    try {
      check = await (takePrefetched(month) ?? this.api.call('month.check', { month }));
    } catch (e) {
      if (seq === this.loadSeq) this.fail(month, e);
      throw e;
    }
    if (seq !== this.loadSeq) return;
    const hadFailed = this.failure !== null;
    this.failure = null;
    performance.mark('tem:load:answered');
    const sameMonth = month === this.month;
    this.month = month;
    this.rows.clear();
    for (const r of check.rows) this.rows.set(r.account_id, r);
    if (!sameMonth || !opts.keepErrors) this.errors.clear();
    this.grid?.setGridOption('rowData', check.rows);
    if (hadFailed && sameMonth) this.grid?.refreshCells({ columns: ['status'], force: true });
    performance.mark('tem:load:grid');
    this.publishTotals();
    this.onLoaded?.(performance.now() - t0);
  }

  /** Shows rows the API returned after a write (of this month; other months' rows are not on screen). Rows already
   *  shown get their new data in place, as a spreadsheet does after an edit: the order and the filter are not
   *  worked out again under the user's cursor (they are when the user sorts or filters), and no pass over all
   *  rows is made, which keeps a commit on 50,000 rows as quick as on 50. */
  apply(rows: readonly CheckRow[], month: string) {
    if (month !== this.month || rows.length === 0) return;
    const add: CheckRow[] = [];
    const before: CheckRow[] = [];
    for (const r of rows) {
      const old = this.rows.get(r.account_id);
      this.rows.set(r.account_id, r);
      if (old) before.push(old);
      const node = old && this.grid?.getRowNode(r.account_id);
      if (node) node.setData(r);
      else if (!old) add.push(r);
    }
    if (add.length) this.grid?.applyTransaction({ add });
    if (this.failure) return; // the month's totals stay unknown until a check works again
    const totals = useStore.getState().totals;
    if (totals) this.setTotalsOr(() => shiftTotals(totals, monthTotals(before), monthTotals(rows)));
    else this.publishTotals();
  }

  private publishTotals() {
    this.setTotalsOr(() => monthTotals(this.rows.values()));
  }

  /** The header's totals, or none (and the reason on the message line) when they cannot be counted exactly. */
  private setTotalsOr(totals: () => MonthTotals) {
    try {
      useStore.getState().setTotals(totals());
    } catch (e) {
      useStore.getState().setTotals(null);
      useStore.getState().say({ kind: 'error', text: `The month's totals cannot be shown: ${(e as Error).message}` });
    }
  }

  /** month.check failed: say why, keep the rows of this month as they were (another month's rows go), show no
   *  status and no totals. Nothing entered is touched: the bills are in the database, only the check failed. */
  private fail(month: string, e: unknown) {
    const message = e instanceof Error ? e.message : String(e);
    if (month !== this.month) {
      this.month = month;
      this.rows.clear();
      this.errors.clear();
      this.grid?.setGridOption('rowData', []);
    }
    this.failure = message;
    useStore.getState().setTotals(null);
    this.grid?.refreshCells({ columns: ['status'], force: true });
    useStore.getState().say({
      kind: 'error',
      text: this.rows.size
        ? `The month cannot be checked: ${message} The rows show what was last checked; their status is not shown until the check works again.`
        : `The month cannot be checked: ${message}`,
    });
  }

  // --- refused input on cells

  errorOf(accountId: string, col: string): CellError | undefined {
    return this.errors.get(errorKey(accountId, col));
  }

  get errorCount() {
    return this.errors.size;
  }

  setErrors(entries: { account_id: string; col: string; error: CellError | null }[]) {
    const nodes: IRowNode<CheckRow>[] = [];
    for (const e of entries) {
      if (e.error) this.errors.set(errorKey(e.account_id, e.col), e.error);
      else if (!this.errors.delete(errorKey(e.account_id, e.col))) continue;
      const node = this.grid?.getRowNode(e.account_id);
      if (node) nodes.push(node);
    }
    if (nodes.length) this.grid?.refreshCells({ rowNodes: nodes, force: true });
  }

  clearErrors() {
    if (this.errors.size === 0) return;
    this.errors.clear();
    this.grid?.refreshCells({ force: true });
  }

  // --- writes, in order

  /** Runs fn after every write before it has answered and been shown, so each write starts from fresh rows. */
  private enqueue<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** A write, in order. Batches it reports are ours: their change notices need no reload. */
  write<T extends { batch_id: string } | null>(fn: () => Promise<T>): Promise<T> {
    return this.enqueue(async () => {
      const r = await fn();
      if (r) this.mine.add(r.batch_id);
      return r;
    });
  }

  /** Another window, an import or another process changed data: show it without reloading the page. A notice
   *  can overtake the answer to our own write, so it is judged once the writes already sent have answered. */
  onChange = (event: ChangeEvent) => {
    void this.queue.then(() => {
      if (!event.batch_id || !this.mine.has(event.batch_id)) this.scheduleReload();
    });
  };

  private scheduleReload() {
    clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => {
      if (this.month) void this.enqueue(() => this.load(this.month, { keepErrors: true })).catch(() => undefined);
    }, 150);
  }

  /** Fresh rows for the given accounts after a write whose result did not carry them (an undo). */
  async refresh(accounts: readonly { customer_id: string | null; carrier_id: string }[], month: string) {
    if (month !== this.month) return;
    const byCustomer = new Set(accounts.filter((a) => a.customer_id).map((a) => a.customer_id!));
    const byCarrier = new Set(accounts.filter((a) => !a.customer_id).map((a) => a.carrier_id));
    if (byCustomer.size + byCarrier.size > 8) return this.load(month, { keepErrors: true });
    const parts = await Promise.all([
      ...[...byCustomer].map((customer_id) => this.api.call('month.check', { month, customer_id })),
      ...[...byCarrier].map((carrier_id) => this.api.call('month.check', { month, carrier_id })),
    ]);
    this.apply(
      parts.flatMap((p) => p.rows),
      month,
    );
  }

  dispose() {
    clearTimeout(this.reloadTimer);
    this.loadSeq++;
  }
}

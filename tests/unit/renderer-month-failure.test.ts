// The month grid when month.check fails (a total past the safe range, a server error): the error is said, the rows
// it had stay, and no status is shown — never every bill as "missing" because the check failed.
import { describe, expect, it } from 'vitest';

const saved = new Map<string, string>();
Object.assign(globalThis, {
  window: { location: { search: '' } },
  localStorage: { getItem: (k: string) => saved.get(k) ?? null, setItem: (k: string, v: string) => void saved.set(k, v), removeItem: (k: string) => void saved.delete(k) },
  performance: globalThis.performance,
  // the cell renderers draw one <span>: a stand-in with what they touch
  document: {
    createElement: () => {
      const attrs = new Map<string, string>();
      return {
        textContent: '', className: '', children: [] as unknown[],
        get title() { return attrs.get('title') ?? ''; },
        set title(v: string) { attrs.set('title', v); },
        setAttribute: (k: string, v: string) => void attrs.set(k, v),
        removeAttribute: (k: string) => void attrs.delete(k),
        replaceChildren(...c: unknown[]) { this.children = c; },
      };
    },
  },
});
const { useStore } = await import('../../renderer/src/store.ts');
const { MonthModel } = await import('../../renderer/src/month/model.ts');
const { StatusCell } = await import('../../renderer/src/month/grid/renderers.ts');
type CheckRow = import('../../renderer/src/api/index.ts').CheckRow;

const row = (account_id: string, actual: number | null, status: CheckRow['status']): CheckRow =>
  ({ account_id, customer_id: 'c', customer: 'C', location: 'Main', carrier_id: 'k', carrier: 'K', account: account_id, expected_cents: 100_000, actual_cents: actual,
    variance_cents: actual === null ? null : actual - 100_000, variance_pct: null, status, invoice_number: null, bill_date: null, note: null, source: null, bill_source: null }) as CheckRow;

const FAILURE = 'month.check: The actual bills of 2015-07 add up to more than 90,071,992,547,409.91, the largest total that can be counted exactly';

/** An API whose month.check answers the given results in turn (an Error is thrown). */
function apiOf(...answers: ({ rows: CheckRow[] } | Error)[]) {
  return {
    call: async (name: string) => {
      expect(name).toBe('month.check');
      const a = answers.shift()!;
      if (a instanceof Error) throw a;
      return { month: '2015-07', rows: a.rows, totals: null };
    },
  } as never;
}

/** A grid stand-in that records what it was given. */
function gridOf() {
  const g = { rowData: [] as CheckRow[], refreshed: 0, setGridOption: (_k: string, v: CheckRow[]) => void (g.rowData = v), refreshCells: () => void g.refreshed++, getRowNode: () => undefined };
  return g;
}

describe('the month grid when month.check fails', () => {
  it('keeps the rows it had, shows no status and no totals, and says why; a later check brings them back', async () => {
    const rows = [row('A', 100_000, 'ok'), row('B', 250_000, 'over')];
    const model = new MonthModel(apiOf({ rows }, new Error(FAILURE), { rows }));
    const grid = gridOf();
    model.attach(grid as never);
    await model.load('2015-07');
    expect(useStore.getState().totals).toMatchObject({ accounts: 2, entered: 2 });

    await expect(model.load('2015-07', { keepErrors: true })).rejects.toThrow(FAILURE);
    // The rows (and their bills) stay; nothing is replaced by rows without actuals.
    expect([...model.rows.values()].map((r) => [r.account_id, r.actual_cents])).toEqual([['A', 100_000], ['B', 250_000]]);
    expect(grid.rowData).toBe(rows);
    expect(model.failure).toBe(FAILURE);
    expect(useStore.getState().totals).toBeNull();
    expect(useStore.getState().notice).toEqual({ kind: 'error', text: expect.stringContaining(`The month cannot be checked: ${FAILURE}`) });

    // The status cell shows no status at all while the check fails (and says why in its tooltip).
    const cell = new StatusCell();
    const el = cell.getGui() as unknown as { textContent: string; title: string; className: string };
    cell.init({ data: model.rows.get('B'), model } as never);
    expect(el.textContent).toBe('');
    expect(el.title).toBe(`Not checked: ${FAILURE}`);

    await model.load('2015-07');
    expect(model.failure).toBeNull();
    expect(useStore.getState().totals).toMatchObject({ accounts: 2, over: 1 });
  });

  it('a month that never loaded shows no rows at all, not the previous month\'s and not "missing" ones', async () => {
    const model = new MonthModel(apiOf({ rows: [row('A', null, 'missing')] }, new Error(FAILURE)));
    const grid = gridOf();
    model.attach(grid as never);
    await model.load('2015-06');
    await expect(model.load('2015-07')).rejects.toThrow(FAILURE);
    expect(model.month).toBe('2015-07');
    expect(model.rows.size).toBe(0);
    expect(grid.rowData).toEqual([]);
    expect(useStore.getState().notice?.text).toBe(`The month cannot be checked: ${FAILURE}`);
  });
});

// The other reports (month summaries, OK-to-Pay register, ticket ageing, credits recovered, missing bills,
// contracts ending): each method's figures on a small book, and each exported as CSV, XLSX and PDF and read
// back to the same cents. Plus the customer scope of a client login.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { formatCents } from '../../core/money.ts';
import { testApi, seedAccount, type TestApi } from '../support/api.ts';
import { makeCtx, client } from '../../api/index.ts';
import { csvObjects, textCents, workbook, sheetObjects, sheetTotals, cellCents, pdfText } from '../support/reports.ts';

const MONTH = '2026-02';
let t: TestApi;
let ids: { x: string; y: string; acc1: string; acc2: string; acc3: string };

beforeAll(async () => {
  t = testApi();
  const a1 = await seedAccount(t, { account: 'A-100', expected: 100_000, carrier: 'Acme Telecom', customer: 'Xavier Schools' });
  const a2 = await seedAccount(t, { account: 'B-200', expected: 50_000, carrier: 'Beta Networks', customer: 'Xavier Library' });
  const a3 = await seedAccount(t, { account: 'A-300', expected: 30_000, carrier: 'Acme Telecom', customer: 'Young Academy' });
  await t.api('carriers.update', { id: a1.carrier.id, patch: { bill_day: 12, dispute_contact: 'billing.disputes@acme.example' } });
  // An entered monthly total (equal to the services' 1,000.00, so the month's figures stay the same): the
  // contracts-ending report's money column then has a real amount to add up.
  await t.api('contracts.update', { id: a1.contract.id, patch: { start_date: '2024-05-01', end_date: '2026-04-30', auto_renew: false, expected_source: 'entered', expected_cents: 100_000 } });
  await t.api('actuals.set', { account_id: a1.account.id, month: MONTH, amount: '1000.00', invoice_number: 'A1-FEB' });
  await t.api('actuals.set', { account_id: a2.account.id, month: MONTH, amount: '620.00', invoice_number: 'B2-FEB' });
  await t.api('approvals.approve', { bills: [{ account_id: a1.account.id, month: MONTH }] });
  const tk = await t.api('tickets.open', { bills: [{ account_id: a2.account.id, month: MONTH }], opened_on: '2026-02-20', due_date: '2026-03-22', claim_number: 'BN-77', expected_credit_cents: 12_000 });
  await t.api('tickets.addCredit', { ticket_id: tk.ticket.id, amount_cents: 5_000, month: '2026-03', note: 'first part' });
  await t.api('tickets.open', { bills: [{ account_id: a3.account.id, month: MONTH }], opened_on: '2025-11-02', due_date: '2025-12-01' });
  ids = { x: a1.customer.id, y: a3.customer.id, acc1: a1.account.id, acc2: a2.account.id, acc3: a3.account.id };
});
afterAll(() => t.db.close());

describe('report methods', () => {
  it('month summary by customer and by carrier add up to month.check', async () => {
    const check = await t.api('month.check', { month: MONTH });
    const byCustomer = await t.api('reports.monthByCustomer', { month: MONTH });
    const byCarrier = await t.api('reports.monthByCarrier', { month: MONTH });
    for (const s of [byCustomer, byCarrier]) {
      expect(s.totals).toEqual({
        accounts: 3,
        entered: 2,
        ok: 1,
        flagged: 2,
        expected_cents: check.totals.expected_cents,
        actual_cents: check.totals.actual_cents,
        variance_cents: check.totals.variance_cents,
        at_stake_cents: check.totals.at_stake_cents,
      });
    }
    expect(byCarrier.rows.map((r) => [r.name, r.accounts, r.expected_cents, r.actual_cents, r.variance_cents])).toEqual([
      ['Acme Telecom', 2, 130_000, 100_000, 0],
      ['Beta Networks', 1, 50_000, 62_000, 12_000],
    ]);
    expect(byCustomer.rows.map((r) => r.name)).toEqual(['Xavier Library', 'Xavier Schools', 'Young Academy']);
  });

  it('OK-to-Pay register is approvals.register with totals', async () => {
    const r = await t.api('reports.okToPay', { month: MONTH });
    const reg = await t.api('approvals.register', { month: MONTH });
    expect(r.rows).toEqual(reg.rows);
    expect(r.totals).toEqual({ bills: 1, expected_cents: 100_000, actual_cents: 100_000, variance_cents: 0 });
  });

  it('ticket ageing counts days since opened and days overdue', async () => {
    const r = await t.api('reports.ticketAgeing', { as_of: '2026-03-31' });
    expect(r.rows.map((x) => [x.number, x.age_days, x.bucket, x.days_overdue, x.at_stake_cents, x.received_cents, x.owed_cents])).toEqual([
      [2, 149, '90+', 120, 0, 0, null],
      [1, 39, '31-60', 9, 12_000, 5_000, 7_000],
    ]);
    expect(r.buckets).toEqual([
      { bucket: '0-30', tickets: 0, at_stake_cents: 0 },
      { bucket: '31-60', tickets: 1, at_stake_cents: 12_000 },
      { bucket: '61-90', tickets: 0, at_stake_cents: 0 },
      { bucket: '90+', tickets: 1, at_stake_cents: 0 },
    ]);
    expect(r.totals).toEqual({ tickets: 2, overdue: 2, at_stake_cents: 12_000, expected_credit_cents: 12_000, received_cents: 5_000, owed_cents: 7_000 });
  });

  it('credits recovered per month and per customer', async () => {
    const r = await t.api('reports.credits', { from: '2026-01', to: '2026-03' });
    expect(r.rows.map((x) => [x.month, x.customer, x.carrier, x.account, x.ticket_number, x.claim_number, x.amount_cents])).toEqual([
      ['2026-03', 'Xavier Library', 'Beta Networks', 'B-200', 1, 'BN-77', 5_000],
    ]);
    expect(r.by_month.map((m) => m.amount_cents)).toEqual([0, 0, 5_000]);
    expect(r.by_customer).toEqual([{ customer_id: expect.any(String), customer: 'Xavier Library', credits: 1, amount_cents: 5_000 }]);
    await expect(t.api('reports.credits', { from: '2026-03', to: '2026-01' })).rejects.toThrow('from (2026-03) is after to (2026-01)');
  });

  it('missing bills with the day each was due', async () => {
    const r = await t.api('reports.missingBills', { month: MONTH });
    expect(r.rows.map((x) => [x.customer, x.carrier, x.account, x.expected_cents, x.expected_by, x.tickets])).toEqual([
      ['Young Academy', 'Acme Telecom', 'A-300', 30_000, '2026-02-12', '2'],
    ]);
    expect(r.totals).toEqual({ bills: 1, expected_cents: 30_000 });
  });

  it('contracts ending reuses contracts.ending', async () => {
    const r = await t.api('reports.contractsEnding', { from: '2026-03-01', days: 90 });
    expect(r.rows.map((x) => [x.customer, x.account, x.end_date, x.days_left, x.auto_renew, x.monthly_cents])).toEqual([['Xavier Schools', 'A-100', '2026-04-30', 60, false, 100_000]]);
    expect(r.to).toBe('2026-05-30');
    expect(r.totals).toEqual({ contracts: 1, monthly_cents: 100_000 });
    expect((await t.api('reports.contractsEnding', { from: '2026-03-01', days: 30 })).rows).toEqual([]);
  });

  it('a discrepancy report filtered by customer, location and status', async () => {
    expect((await t.api('reports.discrepancies', { month: MONTH, customer: 'xavier library' })).rows.map((r) => r.account)).toEqual(['B-200']);
    expect((await t.api('reports.discrepancies', { month: MONTH, status: ['missing'] })).rows.map((r) => r.account)).toEqual(['A-300']);
    expect((await t.api('reports.discrepancies', { month: MONTH, location: 'main', carrier: 'Acme Telecom' })).rows.map((r) => r.account)).toEqual(['A-300']);
    const all = await t.api('reports.discrepancies', { month: MONTH, status: ['ok', 'over', 'under', 'missing', 'unexpected'] });
    expect(all.rows.map((r) => [r.account, r.tickets, r.claim_numbers])).toEqual([
      ['A-100', null, null],
      ['A-300', '2', null],
      ['B-200', '1', 'BN-77'],
    ]);
    expect(all.carriers.map((c) => [c.carrier, c.dispute_contact, c.bills, c.variance_cents])).toEqual([
      ['Acme Telecom', 'billing.disputes@acme.example', 2, 0],
      ['Beta Networks', null, 1, 12_000],
    ]);
    await expect(t.api('reports.discrepancies', { month: MONTH, customer: 'Nobody' })).rejects.toThrow('There is no customer named "Nobody"');
  });
});

// Each report, its input, the rows it has and the cents each money column adds up to.
const CASES = [
  { report: 'monthByCustomer', input: { month: MONTH }, rows: 3, money: { Expected: 180_000, Actual: 162_000, Variance: 12_000, 'At stake': 12_000 } },
  { report: 'monthByCarrier', input: { month: MONTH }, rows: 2, money: { Expected: 180_000, Actual: 162_000, Variance: 12_000, 'At stake': 12_000 } },
  { report: 'okToPay', input: { month: MONTH }, rows: 1, money: { Expected: 100_000, Actual: 100_000, Variance: 0 } },
  { report: 'ticketAgeing', input: { as_of: '2026-03-31' }, rows: 2, money: { 'At stake': 12_000, 'Expected credit': 12_000, Received: 5_000, Owed: 7_000 } },
  { report: 'credits', input: { from: '2026-01', to: '2026-03' }, rows: 1, money: { Credit: 5_000 } },
  { report: 'missingBills', input: { month: MONTH }, rows: 1, money: { Expected: 30_000 } },
  { report: 'contractsEnding', input: { from: '2026-03-01', days: 90 }, rows: 1, money: { 'Monthly (entered)': 100_000 } },
  { report: 'discrepancies', input: { month: MONTH }, rows: 2, money: { Expected: 80_000, Actual: 62_000, Variance: 12_000 } },
] as const;

describe.each(CASES)('$report exported', ({ report, input, rows, money }) => {
  it('CSV: the rows, and each money column sums to the report\'s cents', async () => {
    const f = await t.api('reports.export', { report, format: 'csv', input });
    expect(f.content_type).toBe('text/csv; charset=utf-8');
    const got = csvObjects(f.bytes);
    expect(got).toHaveLength(rows);
    for (const [col, cents] of Object.entries(money)) expect(got.reduce((s, r) => s + (r[col] ? textCents(r[col]!) : 0), 0)).toBe(cents);
  });

  it('XLSX: numeric money cells and a Total row with the same cents', async () => {
    const f = await t.api('reports.export', { report, format: 'xlsx', input });
    const ws = await workbook(f.bytes);
    const got = sheetObjects(ws);
    expect(got).toHaveLength(rows);
    for (const [col, cents] of Object.entries(money)) {
      expect(got.reduce((s, r) => s + (cellCents(r[col]) ?? 0), 0)).toBe(cents);
      expect(sheetTotals(ws).get('Total')![col]).toBe(cents);
    }
  });

  it('PDF: the title and the total line with the same cents', async () => {
    const f = await t.api('reports.export', { report, format: 'pdf', input });
    expect(f.content_type).toBe('application/pdf');
    expect(f.file_name.endsWith('.pdf')).toBe(true);
    const text = pdfText(f.bytes, true);
    expect(text).toContain('Page 1 of 1');
    const lines = text.split('\n').filter((l) => /^\s*Total\s/.test(l) || l.trim() === 'Total' || /^\s*Total\s{2,}/.test(l));
    const last = lines.at(-1)!;
    for (const cents of Object.values(money)) expect(last).toContain(formatCents(cents, 'en-US'));
  });
});

describe('the dashboard', () => {
  it('gives each widget its figure, and the months series follows every write', async () => {
    const d = await t.api('reports.dashboard', { month: MONTH, today: '2026-03-31', months: 3 });
    expect(d.progress).toEqual({ accounts: 3, entered: 2, expected_bills: 3, expected_entered: 2 });
    expect(d.flagged).toEqual({ bills: 2, at_stake_cents: 12_000, over: 1, under: 0, missing: 1, unexpected: 0 });
    expect(d.tickets_by_status).toEqual([
      { status: 'open', tickets: 2 },
      { status: 'researching', tickets: 0 },
      { status: 'disputed', tickets: 0 },
      { status: 'credit_pending', tickets: 0 },
    ]);
    expect(d.overdue!.tickets).toBe(2);
    expect(d.overdue!.top.map((o) => o.number)).toEqual([2, 1]);
    expect(d.credits_year).toEqual({ year: '2026', credits: 1, amount_cents: 5_000 });
    expect(d.missing).toEqual({ bills: 1, expected_cents: 30_000 });
    expect(d.contracts_ending).toEqual({ days: 60, contracts: 1 });
    expect(d.largest_variances!.map((v) => [v.account, v.variance_cents])).toEqual([['B-200', 12_000]]);
    expect(d.series!.map((s) => [s.month, s.expected_cents, s.actual_cents])).toEqual([
      ['2025-12', 180_000, 0],
      ['2026-01', 180_000, 0],
      ['2026-02', 180_000, 162_000],
    ]);
    expect((await t.api('reports.dashboard', { month: MONTH, with_series: false })).series).toEqual([]);
    // a bill keyed for January shows in the series at once (the cached totals are dropped on any write)
    await t.api('actuals.set', { account_id: ids.acc1, month: '2026-01', amount: '990.00' });
    const s = await t.api('reports.monthSeries', { month: MONTH, months: 3 });
    expect(s.series[1]).toEqual({ month: '2026-01', expected_cents: 180_000, actual_cents: 99_000, entered: 1 });
    await t.api('actuals.clear', { account_id: ids.acc1, month: '2026-01' });
    expect((await t.api('reports.monthSeries', { month: MONTH, months: 3 })).series[1]!.actual_cents).toBe(0);
  });
});

describe('reports.export input', () => {
  it('is checked with the report\'s own schema, naming the field', async () => {
    await expect(t.api('reports.export', { report: 'missingBills', format: 'csv', input: { month: '2026-13' } })).rejects.toThrow(
      'reports.export (missingBills): input.month: must be a month written YYYY-MM',
    );
  });
});

describe('a PDF too long to lay out', () => {
  it('is refused with a way out; XLSX of the same rows is written', async () => {
    const { writeLayout, MAX_PDF_ROWS } = await import('../../api/reports/registry.ts');
    const rows = Array.from({ length: MAX_PDF_ROWS + 1 }, (_, i) => ({ n: i }));
    const layout = { id: 'big', title: 'Big report', subtitle: '', columns: [{ key: 'n', header: 'N', kind: 'int' as const, value: (r: { n: number }) => r.n }], rows, groups: null, totals: {}, notes: [] };
    await expect(writeLayout(t.ctx, layout, 'pdf', 'big')).rejects.toThrow(
      'Big report has 20001 rows; a PDF holds at most 20000: filter it (carrier, customer, status) or export XLSX or CSV',
    );
    expect(sheetObjects(await workbook((await writeLayout(t.ctx, layout, 'xlsx', 'big')).bytes))).toHaveLength(MAX_PDF_ROWS + 1);
  }, 60_000);
});

describe('exporting needs what viewing needs', () => {
  it('a user with TEM export but no Service Inventory view cannot export contracts ending', async () => {
    const api = client(makeCtx(t.db, 'tem-only', 'test', { admin: false, modules: { tem: ['view', 'export'] } }));
    await expect(api('reports.export', { report: 'contractsEnding', format: 'csv', input: {} })).rejects.toThrow(
      'tem-only may not export this report: it needs the "view" permission in Service Inventory',
    );
    expect(csvObjects((await api('reports.export', { report: 'missingBills', format: 'csv', input: { month: MONTH } })).bytes)).toHaveLength(1);
  });
});

describe('a client login sees only its customers', () => {
  it('in the discrepancy report, its export and the summaries', async () => {
    const api = client({ ...makeCtx(t.db, 'client-x', 'test'), scope: [ids.y] });
    const d = await api('reports.discrepancies', { month: MONTH });
    expect(d.rows.map((r) => r.account)).toEqual(['A-300']);
    const csv = csvObjects((await api('reports.export', { report: 'discrepancies', format: 'csv', input: { month: MONTH } })).bytes);
    expect(csv.map((r) => r.Account)).toEqual(['A-300']);
    expect((await api('reports.monthByCarrier', { month: MONTH })).totals.accounts).toBe(1);
    expect((await api('reports.credits', { from: '2026-01', to: '2026-03' })).rows).toEqual([]);
    expect((await api('reports.dashboard', { month: MONTH, today: '2026-03-31' })).progress!.accounts).toBe(1);
  });
});

describe('the dashboard keeps widget security', () => {
  /** A signed-in user's ctx (the widget groups are read from the user's row), holding only `modules`' view. */
  async function userCtx(name: string, modules: ('tem' | 'inventory')[], widgetIds: string[]) {
    const group = await t.api('widgetGroups.save', { name: `${name} home`, widget_ids: widgetIds });
    const user = await t.api('users.create', { name, password: 'widget-pass-1', modules, confirm: true, group_ids: [], widget_group_ids: [group.id] });
    return makeCtx(t.db, name, 'test', { admin: false, modules: Object.fromEntries(modules.map((m) => [m, ['view']])) }, null, { user_id: user.id });
  }

  it('a user whose widget group leaves out flagged bills gets no flagged figure, only their widgets\' figures', async () => {
    const api = client(await userCtx('wanda', ['tem', 'inventory'], ['month-progress', 'missing-bills', 'contracts-ending', 'company-news']));
    const d = await api('reports.dashboard', { month: MONTH, today: '2026-03-31', months: 3 });
    expect(d).toEqual({
      month: MONTH,
      today: '2026-03-31',
      progress: { accounts: 3, entered: 2, expected_bills: 3, expected_entered: 2 },
      missing: { bills: 1, expected_cents: 30_000 },
      contracts_ending: { days: 60, contracts: 1 },
    });
    expect('flagged' in d).toBe(false);
    expect((await api('widgets.mine', {})).ids).toEqual(['month-progress', 'missing-bills', 'contracts-ending', 'company-news']);
  });

  it('a user without TEM view still gets the widgets of the modules they do see', async () => {
    const api = client(await userCtx('ivan', ['inventory'], ['month-progress', 'flagged-bills', 'contracts-ending', 'company-news']));
    // month-progress and flagged-bills are TEM widgets: in the group, but not for a user who cannot view TEM.
    expect(await api('reports.dashboard', { month: MONTH, today: '2026-03-31' })).toEqual({ month: MONTH, today: '2026-03-31', contracts_ending: { days: 60, contracts: 1 } });
    await expect(api('month.check', { month: MONTH })).rejects.toThrow('needs the "view" permission in Telecom Expense Management');
  });

  it('a user with no module at all gets an empty dashboard (company news comes from news.current)', async () => {
    const api = client(await userCtx('nadia', [], ['flagged-bills', 'company-news']));
    expect(await api('reports.dashboard', { month: MONTH, today: '2026-03-31' })).toEqual({ month: MONTH, today: '2026-03-31' });
    expect((await api('widgets.mine', {})).ids).toEqual(['company-news']);
  });
});

describe('contracts ending on the home screen', () => {
  it('counts contracts ending within 60 days: 59 and 60 days out are in, 61 is out', async () => {
    const u = testApi();
    try {
      for (const [account, end] of [['E-59', '2026-03-01'], ['E-60', '2026-03-02'], ['E-61', '2026-03-03']] as const) {
        const a = await seedAccount(u, { account, customer: `Customer ${account}` });
        await u.api('contracts.update', { id: a.contract.id, patch: { start_date: '2025-01-01', end_date: end, auto_renew: false } });
      }
      const d = await u.api('reports.dashboard', { month: '2026-01', today: '2026-01-01', with_series: false });
      expect(d.contracts_ending).toEqual({ days: 60, contracts: 2 });
      // The widget's link opens the report with the same days: the same two contracts.
      const r = await u.api('reports.contractsEnding', { from: '2026-01-01', days: d.contracts_ending!.days });
      expect(r.rows.map((x) => [x.account, x.days_left])).toEqual([
        ['E-59', 59],
        ['E-60', 60],
      ]);
    } finally {
      u.db.close();
    }
  });
});

describe('credits recovered for one customer', () => {
  let u: TestApi;
  beforeAll(async () => {
    u = testApi();
    const a = await seedAccount(u, { account: 'C-1', customer: 'Harbor Schools', carrier: 'Acme Telecom' });
    const b = await seedAccount(u, { account: 'C-2', customer: 'Hillside Library', carrier: 'Beta Networks' });
    for (const [acc, credits] of [[a, [4_000, 1_500]], [b, [9_900]]] as const) {
      await u.api('actuals.set', { account_id: acc.account.id, month: MONTH, amount: '1100.00' });
      const tk = await u.api('tickets.open', { bills: [{ account_id: acc.account.id, month: MONTH }], opened_on: '2026-02-20' });
      for (const c of credits) await u.api('tickets.addCredit', { ticket_id: tk.ticket.id, amount_cents: c, month: '2026-03' });
    }
  });
  afterAll(() => u.db.close());

  it('by name (ignoring case) or by id: exactly that customer\'s credits, in the report and its files', async () => {
    const all = await u.api('reports.credits', { from: '2026-01', to: '2026-03' });
    expect(all.totals).toEqual({ credits: 3, amount_cents: 15_400 });
    const harbor = await u.api('reports.credits', { from: '2026-01', to: '2026-03', customer: 'harbor schools' });
    expect(harbor.rows.map((r) => [r.customer, r.account, r.amount_cents])).toEqual([
      ['Harbor Schools', 'C-1', 4_000],
      ['Harbor Schools', 'C-1', 1_500],
    ]);
    expect(harbor.totals).toEqual({ credits: 2, amount_cents: 5_500 });
    expect(harbor.by_customer.map((c) => [c.customer, c.amount_cents])).toEqual([['Harbor Schools', 5_500]]);
    const byId = await u.api('reports.credits', { from: '2026-01', to: '2026-03', customer_id: harbor.rows[0]!.customer_id! });
    expect(byId.rows).toEqual(harbor.rows);
    const csv = csvObjects((await u.api('reports.export', { report: 'credits', format: 'csv', input: { from: '2026-01', to: '2026-03', customer: 'Hillside Library' } })).bytes);
    expect(csv.map((r) => [r.Customer, r.Account, textCents(r.Credit!)])).toEqual([['Hillside Library', 'C-2', 9_900]]);
    await expect(u.api('reports.credits', { from: '2026-01', to: '2026-03', customer: 'Harbour' })).rejects.toThrow('There is no customer named "Harbour"');
  });
});

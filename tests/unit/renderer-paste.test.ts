// The renderer's pure paste pieces: reading a spreadsheet's text/plain block and planning one setMany request.
import { describe, it, expect } from 'vitest';
import { parseTsv, toTsv } from '../../renderer/src/month/tsv.ts';
import { planPaste } from '../../renderer/src/month/pastePlan.ts';
import type { CheckRow } from '../../api/contract/month.ts';

describe('parseTsv', () => {
  it('drops the trailing line break spreadsheets add, but keeps empty cells and rows', () => {
    expect(parseTsv('1\t2\r\n3\t4\r\n')).toEqual([['1', '2'], ['3', '4']]);
    expect(parseTsv('1\n\n3\n')).toEqual([['1'], [''], ['3']]);
    expect(parseTsv('$1,234.56\r\n(45.00)\r\n\r\n')).toEqual([['$1,234.56'], ['(45.00)'], ['']]);
    expect(parseTsv('a\t')).toEqual([['a', '']]);
    expect(parseTsv('x')).toEqual([['x']]);
    expect(parseTsv('\r\n')).toEqual([['']]);
    expect(parseTsv('')).toEqual([]);
  });

  it('reads quoted cells with tabs, line breaks and doubled quotes, as Excel writes them', () => {
    expect(parseTsv('"a\tb"\t"line1\nline2"\t"say ""hi"""\r\n')).toEqual([['a\tb', 'line1\nline2', 'say "hi"']]);
    expect(parseTsv('"unclosed\tx\n')).toEqual([['"unclosed', 'x']]);
    expect(parseTsv('5" pipe\t1\n')).toEqual([['5" pipe', '1']]);
  });

  it('writes what it reads', () => {
    const rows = [['1,234.56', 'INV "7"'], ['', 'a\tb']];
    expect(parseTsv(toTsv(rows))).toEqual(rows);
  });
});

const row = (account: string, actual: number | null = null): CheckRow => ({
  account_id: `id-${account}`,
  customer_id: 'c',
  customer: 'C',
  location: 'Main',
  carrier_id: 'k',
  carrier: 'K',
  account,
  expected_cents: 1000,
  actual_cents: actual,
  variance_cents: null,
  variance_pct: null,
  status: 'missing',
  invoice_number: null,
  bill_date: null,
  note: null,
  source: null,
  bill_source: null,
});

const COLS = ['customer', 'location', 'carrier', 'account', 'expected', 'actual', 'variance', 'variance_pct', 'status', 'invoice', 'note'];

describe('planPaste', () => {
  it('sends amount text as pasted (the API parses it) and an empty cell as not entered', () => {
    const plan = planPaste([['$1,234.56'], ['(45.00)'], ['']], '2026-03', [row('A'), row('B'), row('C', 4500)], COLS.slice(5));
    expect(plan).toMatchObject({ ok: true, columns: ['actual'] });
    expect(plan.ok && plan.items).toEqual([
      { account_id: 'id-A', month: '2026-03', amount: '$1,234.56' },
      { account_id: 'id-B', month: '2026-03', amount: '(45.00)' },
      { account_id: 'id-C', month: '2026-03', amount: '' },
    ]);
  });

  it('keeps the amount of rows whose Actual the block does not cover', () => {
    const plan = planPaste([['INV-1', 'note']], '2026-03', [row('A', 100)], COLS.slice(9));
    expect(plan.ok && plan.items).toEqual([{ account_id: 'id-A', month: '2026-03', invoice_number: 'INV-1', note: 'note' }]);
  });

  it('refuses values on calculated columns and blocks longer than the rows shown', () => {
    const onVariance = planPaste([['10', '5']], '2026-03', [row('A')], COLS.slice(5));
    expect(onVariance).toMatchObject({ ok: false, problems: [{ column: 'variance', value: '5' }] });
    const tooLong = planPaste([['1'], ['2']], '2026-03', [row('A')], COLS.slice(5));
    expect(tooLong).toMatchObject({ ok: false, message: expect.stringContaining('only 1 rows') });
    const tooWide = planPaste([['1', '2', '3']], '2026-03', [row('A')], ['invoice', 'note']);
    expect(tooWide.ok).toBe(false);
  });
});

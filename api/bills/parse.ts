// Reads a bill file through a profile into bills (one per carrier, account, invoice and month), every value
// as read and every problem with its row and column. Writes nothing: the preview and the import share it.
import { parseAmount, centsToDecimalString, addCents, sumCents, centsProblem, type AmountLocale } from '../../core/money.ts';
import { parseCalendarDate, parseMonth, monthOf, type DateFormat } from '../../core/months.ts';
import { readEdi811, type Edi811Party } from '../../core/edi811.ts';
import { ApiError, type ImportProblem } from '../errors.ts';
import type { Profile, BillField } from '../contract/bills.ts';
import { readBillCsv, readBillXlsx, columnLetter, type BillTable } from './read.ts';
import { nameKey } from '../import/run.ts';
import type { Cell } from '../import/table.ts';

export interface ParsedLine {
  line_key: string;
  description: string | null;
  amount_cents: number;
}

export interface ParsedBill {
  carrier: string;
  carrier_as_written: string | null;
  account: string;
  invoice_number: string | null;
  bill_date: string | null;
  period_start: string | null;
  period_end: string | null;
  month: string;
  total_cents: number;
  lines: ParsedLine[];
  lines_cents: number | null;
  customer: string | null;
  location: string | null;
  currency: string | null;
  rows: number[];
  /** false when one of its rows has a problem: such a bill is never written */
  ok: boolean;
}

export interface ParsedFile {
  format: Profile['format'];
  headers: string[];
  columns: Record<string, string>;
  rows: { row: number; values: Record<string, string>; bill: number | null }[];
  bills: ParsedBill[];
  problems: ImportProblem[];
}

export interface ParseOptions {
  month?: string;
  invoice_total?: string;
  /** how far the lines may differ from the total (setting bills.lines_tolerance_cents) */
  lines_tolerance_cents: number;
}

const isXlsxBytes = (d: Uint8Array) => d[0] === 0x50 && d[1] === 0x4b && d[2] === 0x03 && d[3] === 0x04;

/** The carrier a name in the file is filed under: the profile's alias (case and spacing ignored), else the name. */
export function carrierFor(profile: Profile, written: string): { carrier: string; aliased: boolean } {
  const key = nameKey(written);
  for (const [from, to] of Object.entries(profile.config.carrier_aliases)) {
    if (nameKey(from) === key) return { carrier: to, aliased: true };
  }
  return { carrier: written.trim().replace(/\s+/g, ' '), aliased: false };
}

export async function parseBillFile(profile: Profile, fileName: string, data: Uint8Array, opts: ParseOptions): Promise<ParsedFile> {
  const file = fileName.split(/[\\/]/).pop()!;
  if (profile.format === 'edi811') return parseEdi(profile, file, data, opts);
  if (profile.format === 'xlsx' && !isXlsxBytes(data)) throw new ApiError('invalid_input', `${file}: profile "${profile.name}" reads XLSX, but this file is not an XLSX workbook`);
  if (profile.format === 'csv' && isXlsxBytes(data)) throw new ApiError('invalid_input', `${file}: profile "${profile.name}" reads CSV, but this file is an XLSX workbook`);
  const table =
    profile.format === 'xlsx'
      ? await readBillXlsx(file, data, profile.header_row, profile.sheet)
      : readBillCsv(file, data, profile.header_row, profile.delimiter);
  return parseTable(profile, file, table, opts);
}

/** Finds the column of each mapped field by header (case and spacing ignored) or by column letter. */
function mapColumns(profile: Profile, file: string, headers: string[]): Record<string, number> {
  const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();
  const byHeader = new Map<string, number>();
  headers.forEach((h, i) => byHeader.has(norm(h)) || byHeader.set(norm(h), i));
  const cols: Record<string, number> = {};
  const missing: string[] = [];
  for (const [field, header] of Object.entries(profile.config.columns)) {
    let i = byHeader.get(norm(header!));
    if (i === undefined && /^[A-Z]{1,3}$/.test(header!)) {
      const idx = headers.findIndex((_, k) => columnLetter(k) === header);
      if (idx >= 0) i = idx;
    }
    if (i === undefined) missing.push(`"${header}" (for ${field})`);
    else cols[field] = i;
  }
  if (missing.length) {
    throw new ApiError(
      'invalid_input',
      `${file}: no column ${missing.join(', ')} in header row ${profile.header_row}; the header row has ${headers.map((h) => `"${h}"`).join(', ')}`,
    );
  }
  return cols;
}

const numberText = (n: number) =>
  n.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: Number.isInteger(n) ? 0 : 12 });

function parseTable(profile: Profile, file: string, table: BillTable, opts: ParseOptions): ParsedFile {
  const cols = mapColumns(profile, file, table.headers);
  const columns: Record<string, string> = {};
  for (const [f, i] of Object.entries(cols)) columns[f] = table.headers[i]!;
  const problems: ImportProblem[] = [];
  const locale = profile.locale as AmountLocale;
  const dateFormat = profile.date_format as DateFormat;
  const lineMode = cols.line_amount !== undefined;
  const consts = profile.config.constants;

  const groups = new Map<string, ParsedBill & { totals: { row: number; cents: number }[] }>();
  const rows: ParsedFile['rows'] = [];
  const billIndex = new Map<string, number>();

  for (const { row, cells } of table.rows) {
    if (cells.every((c) => String(c).trim() === '')) continue;
    const values: Record<string, string> = {};
    const before = problems.length;
    const raw = (f: BillField): Cell | undefined => (cols[f] === undefined ? undefined : cells[cols[f]!]);
    const text = (f: BillField): string => {
      const c = raw(f);
      const v = c === undefined ? '' : typeof c === 'number' ? numberText(c) : c.trim();
      if (cols[f] !== undefined) values[f] = v;
      return v;
    };
    const problem = (f: BillField | '', reason: string, value?: string) =>
      problems.push({ file, row, column: f === '' ? '' : (columns[f] ?? f), value: value ?? (f === '' ? '' : (values[f] ?? '')), reason });
    const amount = (f: BillField, required: boolean): number | null => {
      const c = raw(f);
      const s = text(f);
      if (s === '') {
        if (required) problem(f, `${f === 'line_amount' ? 'the line amount' : 'the total'} is empty`);
        return null;
      }
      const p = typeof c === 'number' ? parseAmount(numberText(c), 'en-US') : parseAmount(s, locale);
      if (!p.ok) return problem(f, p.error), null;
      return p.cents;
    };
    const date = (f: BillField): string | null => {
      const c = raw(f);
      const s = text(f);
      if (typeof c === 'number') return problem(f, `${s} is a number, not a date (format the column as dates or write YYYY-MM-DD)`), null;
      const d = parseCalendarDate(s, dateFormat);
      if (!d.ok) return problem(f, d.error), null;
      return d.date;
    };

    const carrierWritten = cols.carrier !== undefined ? text('carrier') : (profile.carrier_name ?? '');
    if (carrierWritten === '') problem('carrier', 'the carrier is empty');
    const accountCell = raw('account');
    // Runs of spaces or line breaks inside a name or number are one space (files wrap and pad them).
    const account = (cols.account !== undefined ? text('account') : (consts.account ?? '')).replace(/\s+/g, ' ');
    if (typeof accountCell === 'number' && !Number.isSafeInteger(accountCell)) {
      problem('account', 'the account number is stored as a number in the sheet and has lost digits; format the column as text and export again');
    } else if (account === '') problem('account', 'the account number is empty');
    const invoice = (cols.invoice !== undefined ? text('invoice') : (consts.invoice ?? '')) || null;
    const billDate = date('bill_date');
    const periodStart = date('period_start');
    const periodEnd = date('period_end');
    let month: string | null = opts.month ?? null;
    if (!month) {
      const m = parseMonth(cols.month !== undefined ? text('month') : (consts.month ?? ''));
      if (!m.ok) problem('month', m.error);
      else month = m.month ?? (billDate ? monthOf(billDate) : periodStart ? monthOf(periodStart) : null);
      // A row whose date could not be read already says so; the missing month would only repeat it.
      if (m.ok && !month && problems.length === before) problem(cols.month !== undefined ? 'month' : '', 'no billing month: map a month or bill date column, or import with a month');
    } else if (cols.month !== undefined) text('month');
    const customer = (cols.customer !== undefined ? text('customer') : (consts.customer ?? '')).replace(/\s+/g, ' ') || null;
    const location = (cols.location !== undefined ? text('location') : (consts.location ?? '')).replace(/\s+/g, ' ') || null;
    const total = amount('total', !lineMode);
    let line: ParsedLine | null = null;
    if (lineMode) {
      const key = cols.line !== undefined ? text('line') : '';
      const cents = amount('line_amount', true);
      if (cols.line !== undefined && key === '') problem('line', 'the line (service) is empty');
      if (cents !== null) line = { line_key: key || `row ${row}`, description: text('line_description') || null, amount_cents: cents };
    }
    const { carrier, aliased } = carrierFor(profile, carrierWritten);
    if (aliased) values.carrier_filed_as = carrier;
    const ok = problems.length === before;
    // Lines are grouped into their invoice. Without lines, a row with an invoice number is one bill (the same
    // number again is a duplicate, flagged on import), and rows with no invoice number are one month's total
    // split over rows (a carrier and account's rows of a month are added up).
    const key = lineMode || !invoice ? [nameKey(carrier), account, (invoice ?? '').toUpperCase(), month ?? ''].join('\u0000') : `row ${row}`;
    let g = groups.get(key);
    if (!g) {
      g = {
        carrier,
        carrier_as_written: aliased ? carrierWritten : null,
        account,
        invoice_number: invoice,
        bill_date: billDate,
        period_start: periodStart,
        period_end: periodEnd,
        month: month ?? '',
        total_cents: 0,
        lines: [],
        lines_cents: lineMode ? 0 : null,
        customer,
        location,
        currency: profile.currency,
        rows: [],
        ok: true,
        totals: [],
      };
      groups.set(key, g);
      billIndex.set(key, billIndex.size);
    }
    g.rows.push(row);
    g.ok &&= ok;
    g.bill_date ??= billDate;
    g.period_start ??= periodStart;
    g.period_end ??= periodEnd;
    if (total !== null) g.totals.push({ row, cents: total });
    if (line) {
      g.lines.push(line);
      g.lines_cents = addCents(g.lines_cents!, line.amount_cents, `The lines of invoice ${g.invoice_number ?? '(no number)'}`);
    }
    rows.push({ row, values, bill: billIndex.get(key)! });
  }

  const bills: ParsedBill[] = [];
  for (const g of groups.values()) {
    const { totals, ...bill } = g;
    const totalColumn = columns.total ?? 'total';
    if (lineMode) {
      // Lines with an invoice total: the total is repeated on the lines (or written once); the lines must add up to it.
      const distinct = [...new Set(totals.map((t) => t.cents))];
      if (distinct.length > 1) {
        const t = totals.find((x) => x.cents !== totals[0]!.cents)!;
        problems.push({ file, row: t.row, column: totalColumn, value: centsToDecimalString(t.cents), reason: `the invoice total differs between the lines of invoice ${bill.invoice_number ?? '(no number)'} (${distinct.map(centsToDecimalString).join(' and ')})` });
        bill.ok = false;
      }
      bill.total_cents = distinct.length ? distinct[0]! : bill.lines_cents!;
      if (distinct.length === 1 && Math.abs(bill.lines_cents! - bill.total_cents) > opts.lines_tolerance_cents) {
        problems.push(linesProblem(file, totals[0]!.row, totalColumn, bill));
        bill.ok = false;
      }
    } else {
      // Several rows of one bill (same carrier, account, invoice and month) are added up.
      bill.total_cents = sumCents(totals.map((t) => t.cents), `The rows of invoice ${bill.invoice_number ?? '(no number)'}`);
    }
    // A bill is one amount: the rows or lines it adds up from keep within the bound of any amount (core/money.ts).
    const over = bill.ok ? centsProblem(bill.lines_cents ?? bill.total_cents) : null;
    if (over) {
      problems.push({ file, row: bill.rows[0] ?? 0, column: lineMode ? (columns.line_amount ?? 'line_amount') : totalColumn, value: centsToDecimalString(bill.lines_cents ?? bill.total_cents), reason: `${over}: the ${lineMode ? 'lines' : 'rows'} of invoice ${bill.invoice_number ?? '(no number)'} add up to it` });
      bill.ok = false;
    }
    bills.push(bill);
  }
  checkInvoiceTotal(file, bills, opts, problems);
  problems.sort((a, b) => a.row - b.row);
  return { format: profile.format, headers: table.headers, columns, ...onlyReadable(rows, bills), problems };
}

/** Bills with a problem are never written: they leave the list, and their rows point at no bill. */
function onlyReadable(rows: ParsedFile['rows'], bills: ParsedBill[]): { rows: ParsedFile['rows']; bills: ParsedBill[] } {
  const remap = new Map<number, number>();
  const kept: ParsedBill[] = [];
  bills.forEach((b, i) => {
    if (b.ok) remap.set(i, kept.push(b) - 1);
  });
  return { rows: rows.map((r) => ({ ...r, bill: r.bill === null ? null : (remap.get(r.bill) ?? null) })), bills: kept };
}

function linesProblem(file: string, row: number, column: string, bill: ParsedBill): ImportProblem {
  return {
    file,
    row,
    column,
    value: centsToDecimalString(bill.total_cents),
    reason: `the ${bill.lines.length} lines of invoice ${bill.invoice_number ?? '(no number)'} add up to ${centsToDecimalString(bill.lines_cents!)}, not the invoice total ${centsToDecimalString(bill.total_cents)}`,
  };
}

/** The total printed on a one-invoice bill, typed at import, checked against what the file adds up to. */
function checkInvoiceTotal(file: string, bills: ParsedBill[], opts: ParseOptions, problems: ImportProblem[]) {
  if (opts.invoice_total === undefined || opts.invoice_total.trim() === '') return;
  const p = parseAmount(opts.invoice_total, 'en-US');
  if (!p.ok || p.cents === null) {
    problems.push({ file, row: 0, column: 'invoice total', value: opts.invoice_total, reason: p.ok ? 'the invoice total is empty' : p.error });
    return;
  }
  if (bills.length !== 1) {
    problems.push({ file, row: 0, column: 'invoice total', value: opts.invoice_total, reason: `an invoice total checks a file of one invoice; this file holds ${bills.length}` });
    return;
  }
  const bill = bills[0]!;
  const sum = bill.lines_cents ?? bill.total_cents;
  if (sum !== p.cents) {
    problems.push({ file, row: 0, column: 'invoice total', value: opts.invoice_total, reason: `the file adds up to ${centsToDecimalString(sum)}, not the invoice total ${centsToDecimalString(p.cents)}` });
    bill.ok = false;
  } else if (bill.lines_cents !== null) bill.total_cents = p.cents;
}

/** An N1 party's name by entity code: the account's own (nearest loop first), else the invoice heading's. */
function partyName(account: Edi811Party[], heading: Edi811Party[], qualifiers: string[]): string {
  const hit = [...account].reverse().find((p) => qualifiers.includes(p.qualifier)) ?? heading.find((p) => qualifiers.includes(p.qualifier));
  return hit?.name ?? '';
}

/** EDI 811: one bill per account of each invoice (transaction set); child HL loops' amounts are its lines. */
function parseEdi(profile: Profile, file: string, data: Uint8Array, opts: ParseOptions): ParsedFile {
  const r = readEdi811(data, { fileName: file, ...(profile.config.edi_total_qualifiers ? { accountTotalQualifiers: profile.config.edi_total_qualifiers } : {}) });
  const problems: ImportProblem[] = r.problems.map((p) => ({
    file,
    // For EDI the "row" is the segment's number in the file (ISA is 1) and the column its element.
    row: p.segment,
    column: p.element ?? p.tag,
    // The element's own text; the loop (HL) it sits in is named in the reason.
    value: p.value ?? '',
    reason: p.message.slice(file.length + 2),
  }));
  const bills: ParsedBill[] = [];
  const rows: ParsedFile['rows'] = [];
  const carrierName = profile.carrier_name ?? '';
  const { carrier, aliased } = carrierFor(profile, carrierName);
  let n = 0;
  for (const inv of r.invoices) {
    for (const a of inv.accounts) {
      n++;
      const own = a.hl_path[a.hl_path.length - 1];
      const childAmounts = a.amounts.filter((x) => x.hl_id !== own);
      // A child loop's own REF (a circuit or line id) names the line, so it can match a service of the inventory.
      const lines = childAmounts.map((x) => ({
        line_key: x.loop_ref?.value ?? `HL ${x.hl_id}`,
        description: x.loop_ref ? `REF ${x.loop_ref.qualifier}, AMT ${x.qualifier}` : `AMT ${x.qualifier}`,
        amount_cents: x.cents,
      }));
      const month = opts.month ?? (inv.invoice_date ? monthOf(inv.invoice_date) : a.period_start ? monthOf(a.period_start) : '');
      const ok = inv.intact && a.complete && a.total_cents !== null && month !== '' && inv.invoice_number !== null;
      if (month === '') problems.push({ file, row: 0, column: 'BIG01', value: a.account, reason: `account ${a.account}: no billing month (no invoice date); import with a month` });
      // A set whose envelope or heading is wrong taints every account in it, even those whose own loops read well:
      // each is named, so skipping bad rows never imports half of a damaged invoice.
      if (!inv.intact && a.complete && a.total_cents !== null) {
        problems.push({
          file,
          row: 0,
          column: 'ST02',
          value: a.account,
          reason: `account ${a.account} of invoice ${inv.invoice_number ?? '(no number)'} is not imported: its transaction set (ST02 ${inv.transaction_control}) has a problem of its own, so none of its accounts can be trusted`,
        });
      }
      const party = (...qualifiers: string[]) => partyName(a.parties, inv.parties, qualifiers);
      const values: Record<string, string> = {
        carrier: carrierName,
        account: a.account,
        invoice: inv.invoice_number ?? '',
        bill_date: inv.invoice_date ?? '',
        period_start: a.period_start ?? '',
        period_end: a.period_end ?? '',
        month,
        total: a.total_cents === null ? '' : centsToDecimalString(a.total_cents),
        bill_to: party('BT'),
        remit_to: party('RE', 'RI'),
        parties: [...inv.parties, ...a.parties].map((p) => `${p.qualifier} ${p.name}${p.id ? ` (${p.id_qualifier ?? ''} ${p.id})` : ''}`).join('; '),
      };
      if (aliased) values.carrier_filed_as = carrier;
      rows.push({ row: n, values, bill: ok ? bills.length : null });
      bills.push({
        carrier,
        carrier_as_written: aliased ? carrierName : null,
        account: a.account,
        invoice_number: inv.invoice_number,
        bill_date: inv.invoice_date,
        period_start: a.period_start,
        period_end: a.period_end,
        month,
        total_cents: a.total_cents ?? 0,
        lines,
        lines_cents: lines.length ? sumCents(lines.map((l) => l.amount_cents), `The lines of account ${a.account}`) : null,
        customer: profile.config.constants.customer ?? null,
        location: profile.config.constants.location ?? null,
        currency: profile.currency,
        rows: [n],
        ok,
      });
    }
  }
  const headers = ['carrier', 'account', 'invoice', 'bill_date', 'period_start', 'period_end', 'month', 'total', 'bill_to', 'remit_to', 'parties'];
  checkInvoiceTotal(file, bills.filter((b) => b.ok), opts, problems);
  return { format: 'edi811', headers, columns: Object.fromEntries(headers.map((h) => [h, h])), ...onlyReadable(rows, bills), problems };
}

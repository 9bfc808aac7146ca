// What every report is made of, whatever the file format: typed rows, columns that know how to read a row, and
// totals in cents. The CSV, XLSX and PDF writers only read this shape, so a figure is the same number of cents
// in each file and on screen.
import { addCents } from '../../core/money.ts';

/** How a column's values are written: text stays text (account numbers keep their zeros), cents become
 *  numbers with two decimals, dates are calendar dates 'YYYY-MM-DD' that no time zone moves. */
export type ColumnKind = 'text' | 'cents' | 'percent' | 'int' | 'date';

export interface ReportColumn<R> {
  key: string;
  header: string;
  kind: ColumnKind;
  value: (row: R) => string | number | null;
  /** Relative width in the PDF among the text columns (default 1). */
  width?: number;
  /** A fixed width in the PDF, in points (short codes, account numbers). */
  points?: number;
}

/** A block of rows printed under its own heading (one carrier of a discrepancy report). */
export interface ReportGroup {
  key: string;
  heading: string;
  /** Lines printed under the heading (the carrier's dispute contact). */
  lines: string[];
  /** Indexes into the report's rows. */
  rows: number[];
  /** Sum of every cents column over the group's rows. */
  totals: Record<string, number>;
}

export interface ReportLayout<R> {
  /** File-name stem and report id, e.g. 'discrepancies'. */
  id: string;
  title: string;
  /** One line under the title: the month and the filters. */
  subtitle: string;
  columns: ReportColumn<R>[];
  rows: R[];
  groups: ReportGroup[] | null;
  /** The column the groups are made by: the PDF leaves it out of each group's table (it is the heading). */
  groupColumn?: string;
  /** Sum of every cents column over all rows. */
  totals: Record<string, number>;
  /** Extra summary lines printed after the table (counts). */
  notes: string[];
}

/** Sum of every cents column over the given rows; a column with no values sums to 0. Exact, or refused (core addCents). */
export function sumCents<R>(columns: ReportColumn<R>[], rows: Iterable<R>): Record<string, number> {
  const out: Record<string, number> = {};
  const cents = columns.filter((c) => c.kind === 'cents');
  for (const c of cents) out[c.key] = 0;
  for (const r of rows) {
    for (const c of cents) {
      const v = c.value(r);
      if (typeof v === 'number') out[c.key] = addCents(out[c.key]!, v, `The column ${c.header}`);
    }
  }
  return out;
}

/** Groups rows by a key, keeping the rows' order inside each group and the groups in first-seen order. */
export function groupRows<R>(
  columns: ReportColumn<R>[],
  rows: R[],
  keyOf: (r: R) => string,
  describe: (first: R) => { heading: string; lines: string[] },
): ReportGroup[] {
  const by = new Map<string, number[]>();
  rows.forEach((r, i) => {
    const k = keyOf(r);
    const list = by.get(k) ?? [];
    list.push(i);
    by.set(k, list);
  });
  return [...by.entries()].map(([key, idx]) => ({
    key,
    ...describe(rows[idx[0]!]!),
    rows: idx,
    totals: sumCents(columns, idx.map((i) => rows[i]!)),
  }));
}

/** A file name safe on Windows, macOS and Linux, keeping letters of any script. */
export function safeFileName(s: string): string {
  const cleaned = s
    .normalize('NFC')
    .replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[. ]+$/, '');
  return (cleaned || 'report').slice(0, 120);
}

/** A bill status as files print it. */
export const STATUS_TEXT: Record<string, string> = { ok: 'OK', over: 'Over', under: 'Under', missing: 'Missing', unexpected: 'Unexpected' };

// CSV for carriers and accountants: UTF-8 with a byte-order mark (Excel reads accents right), numbers as
// plain numbers, and text that a spreadsheet would run as a formula neutralised with a leading apostrophe.
import { stringify } from 'csv-stringify/sync';
import { centsToDecimalString } from '../../core/money.ts';

export type Column<T> =
  | { header: string; text: (row: T) => string | null }
  | { header: string; cents: (row: T) => number | null }
  | { header: string; number: (row: T) => number | null };

const FORMULA_START = /^[=+\-@\t\r]/;

/** Text that starts like a formula is written so a spreadsheet shows it literally. */
export const neutralise = (s: string) => (FORMULA_START.test(s) ? `'${s}` : s);

export function toCsv<T>(rows: T[], columns: Column<T>[]): string {
  const body = rows.map((r) =>
    columns.map((c) => {
      if ('cents' in c) {
        const v = c.cents(r);
        return v === null ? '' : centsToDecimalString(v);
      }
      if ('number' in c) {
        const v = c.number(r);
        return v === null ? '' : String(v);
      }
      const v = c.text(r);
      return v === null ? '' : neutralise(v);
    }),
  );
  // Every line break is quoted, not only the CRLF record delimiter: a note typed over two lines stays one cell.
  return '\uFEFF' + stringify([columns.map((c) => neutralise(c.header)), ...body], { record_delimiter: '\r\n', quoted_match: /[\r\n]/ });
}

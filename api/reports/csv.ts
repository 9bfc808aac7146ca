// A report as CSV: api/export/csv.ts does the bytes (BOM, formula neutralisation, plain decimal numbers). Only
// the rows are written, so a spreadsheet's SUM over a column gives the report's total; totals live in the
// XLSX and PDF.
import { toCsv, type Column } from '../export/csv.ts';
import type { ReportColumn, ReportLayout } from './layout.ts';

function csvColumn<R>(c: ReportColumn<R>): Column<R> {
  const read = c.value;
  switch (c.kind) {
    case 'cents':
      return { header: c.header, cents: (r) => num(read(r)) };
    case 'percent':
    case 'int':
      return { header: c.header, number: (r) => num(read(r)) };
    default:
      return { header: c.header, text: (r) => str(read(r)) };
  }
}

const num = (v: string | number | null) => (typeof v === 'number' ? v : null);
const str = (v: string | number | null) => (v === null ? null : String(v));

export function reportCsv<R>(layout: ReportLayout<R>): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(toCsv(layout.rows, layout.columns.map(csvColumn)));
}

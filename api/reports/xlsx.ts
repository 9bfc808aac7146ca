// A report as XLSX for accountants: a title, the table with a frozen header and a filter, then the totals.
// Text cells are always string cells (account numbers keep leading zeros and all digits; text starting with
// '=' stays text, exceljs writes a formula only for {formula} values); money is a number with two decimals;
// dates are date cells built in UTC from 'YYYY-MM-DD', so no machine's time zone moves them.
import ExcelJS from 'exceljs';
import type { ReportColumn, ReportLayout } from './layout.ts';

const MONEY_FORMAT = '#,##0.00;-#,##0.00';
const PERCENT_FORMAT = '0.00';
const DATE_FORMAT = 'yyyy-mm-dd';

/** The row (1-based) where the table's header row is; the title and subtitle sit above it. */
export const XLSX_HEADER_ROW = 4;

function cellValue<R>(c: ReportColumn<R>, row: R): ExcelJS.CellValue {
  const v = c.value(row);
  if (v === null) return null;
  switch (c.kind) {
    case 'cents':
      return (v as number) / 100;
    case 'percent':
    case 'int':
      return v as number;
    case 'date': {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(v));
      return m ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!)) : String(v);
    }
    default:
      return ooxmlText(String(v));
  }
}

/** XML turns a carriage return into a line feed when the file is read; OOXML spells it _x000D_ (and a literal
 *  "_xHHHH_" gets its underscore escaped as _x005F_), which Excel and LibreOffice read back as the original. */
export const ooxmlText = (s: string) => s.replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1').replace(/\r/g, '_x000D_');

function formatColumn<R>(ws: ExcelJS.Worksheet, index: number, c: ReportColumn<R>) {
  const col = ws.getColumn(index + 1);
  col.width = c.kind === 'text' ? Math.max(12, Math.min(40, 12 * (c.width ?? 1))) : 14;
  if (c.kind === 'cents') col.numFmt = MONEY_FORMAT;
  if (c.kind === 'percent') col.numFmt = PERCENT_FORMAT;
  if (c.kind === 'date') col.numFmt = DATE_FORMAT;
}

/** Sheet names: at most 31 characters, none of []:*?/\ . */
const sheetName = (s: string) => s.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'Report';

export async function reportXlsx<R>(layout: ReportLayout<R>, company: { name: string | null }): Promise<Uint8Array<ArrayBuffer>> {
  const wb = new ExcelJS.Workbook();
  wb.creator = company.name ?? 'TEM desk';
  // A fixed stamp keeps the file the same for the same data (the time zone never enters it).
  wb.created = new Date(0);
  wb.modified = new Date(0);
  const ws = wb.addWorksheet(sheetName(layout.title), { views: [{ state: 'frozen', ySplit: XLSX_HEADER_ROW }] });
  layout.columns.forEach((c, i) => formatColumn(ws, i, c));
  ws.getCell(1, 1).value = company.name ? `${company.name} — ${layout.title}` : layout.title;
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  ws.getCell(2, 1).value = layout.subtitle;
  // A file of one group (one carrier's discrepancies) names its contact under the title.
  if (layout.groups?.length === 1 && layout.groups[0]!.lines.length) ws.getCell(3, 1).value = layout.groups[0]!.lines.join(' · ');
  const header = ws.getRow(XLSX_HEADER_ROW);
  layout.columns.forEach((c, i) => (header.getCell(i + 1).value = c.header));
  header.font = { bold: true };
  ws.autoFilter = { from: { row: XLSX_HEADER_ROW, column: 1 }, to: { row: XLSX_HEADER_ROW, column: layout.columns.length } };
  let r = XLSX_HEADER_ROW + 1;
  for (const row of layout.rows) {
    const out = ws.getRow(r++);
    layout.columns.forEach((c, i) => {
      const v = cellValue(c, row);
      if (v !== null) out.getCell(i + 1).value = v;
    });
  }
  // Totals below a blank row, so the filter range above holds only bills.
  r++;
  const totalRow = (label: string, totals: Record<string, number>) => {
    const out = ws.getRow(r++);
    out.getCell(1).value = label;
    out.font = { bold: true };
    layout.columns.forEach((c, i) => {
      if (c.kind === 'cents' && i > 0) out.getCell(i + 1).value = (totals[c.key] ?? 0) / 100;
    });
  };
  for (const g of layout.groups ?? []) totalRow(`Total ${g.heading}`, g.totals);
  totalRow('Total', layout.totals);
  for (const line of layout.notes) ws.getCell(r++, 1).value = line;
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

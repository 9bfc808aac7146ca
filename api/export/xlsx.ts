// XLSX for carriers and accountants, from the same column list as CSV (csv.ts): text cells stay text (account
// numbers keep their zeros, "=2+3" is a string and never a formula), cents become numbers with a currency
// format (summable), and calendar dates become date cells on the entered day whatever the machine's time zone.
import ExcelJS from 'exceljs';
import type { Column } from './csv.ts';

/** A column of a workbook: a CSV column, or a calendar date ('YYYY-MM-DD') written as a date cell. */
export type XlsxColumn<T> = Column<T> | { header: string; date: (row: T) => string | null };

const AMOUNT_FORMAT = '#,##0.00;-#,##0.00';

/** A date cell for a calendar day: midnight UTC of that day, which Excel shows as that day everywhere. */
function calendarDate(s: string): Date | string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : s;
}

export async function toXlsx<T>(rows: T[], columns: XlsxColumn<T>[], sheetName = 'Sheet1'): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'TEM desk';
  // A fixed stamp keeps the file the same for the same data.
  wb.created = new Date(0);
  wb.modified = new Date(0);
  const ws = wb.addWorksheet(sheetName.slice(0, 31));
  ws.columns = columns.map((c) => ({
    header: c.header,
    width: 'cents' in c ? 14 : 'date' in c ? 12 : Math.min(40, Math.max(12, c.header.length + 2)),
  }));
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  columns.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    if ('cents' in c) col.numFmt = AMOUNT_FORMAT;
    else if ('date' in c) col.numFmt = 'yyyy-mm-dd';
    else if ('text' in c) col.numFmt = '@';
  });
  for (const r of rows) {
    ws.addRow(
      columns.map((c) => {
        if ('cents' in c) {
          const v = c.cents(r);
          return v === null ? null : v / 100;
        }
        if ('number' in c) return c.number(r);
        if ('date' in c) {
          const v = c.date(r);
          return v === null ? null : calendarDate(v);
        }
        // A plain string value is a string cell in exceljs (formulas need {formula}), so nothing runs.
        return c.text(r);
      }),
    );
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_MIME = 'text/csv;charset=utf-8';

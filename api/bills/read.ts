// Reads a bill file's table as a profile says: the header on any row, the rows under it with their own row
// numbers (as a spreadsheet or editor shows them), merged header cells taking their merged value.
import { ApiError } from '../errors.ts';
import { cellValue, loadWorkbook, parseCsv, type Cell } from '../import/table.ts';

export interface BillTable {
  headers: string[];
  rows: { row: number; cells: Cell[] }[];
}

/** Header names: blanks become the column letter, repeats get " (2)", " (3)" so every column can be named. */
function nameHeaders(raw: string[]): string[] {
  const seen = new Map<string, number>();
  return raw.map((h, i) => {
    const base = h.trim() === '' ? columnLetter(i) : h.trim().replace(/\s+/g, ' ');
    const key = base.toLowerCase();
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return n === 1 ? base : `${base} (${n})`;
  });
}

export function columnLetter(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function headerMissing(fileName: string, headerRow: number, found: number): ApiError {
  return new ApiError('invalid_input', `${fileName}: the profile's header row is row ${headerRow}, but the file has only ${found} row(s)`);
}

export function readBillCsv(fileName: string, data: Uint8Array, headerRow: number, delimiter: string | null): BillTable {
  const records = parseCsv(fileName, data, delimiter ?? undefined, { info: true }) as { record: string[]; info: { lines: number } }[];
  // info.lines is the line the record ends on; a record with quoted line breaks starts earlier, so the row
  // number shown is the record's first line.
  const withStart = records.map((r, i) => {
    const breaks = r.record.reduce((n, c) => n + (c.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
    return { row: r.info.lines - breaks, cells: r.record as Cell[], i };
  });
  const headerAt = withStart.findIndex((r) => r.row >= headerRow);
  if (headerAt < 0) throw headerMissing(fileName, headerRow, withStart.length);
  const [header, ...rows] = withStart.slice(headerAt);
  return { headers: nameHeaders(header!.cells.map(String)), rows: rows.map(({ row, cells }) => ({ row, cells })) };
}

export async function readBillXlsx(fileName: string, data: Uint8Array, headerRow: number, sheet: string | null): Promise<BillTable> {
  const wb = await loadWorkbook(fileName, data);
  const ws = sheet ? wb.getWorksheet(sheet) : wb.worksheets[0];
  if (!ws) {
    const names = wb.worksheets.map((w) => `"${w.name}"`).join(', ');
    throw new ApiError('invalid_input', `${fileName}: has no sheet ${sheet ? `"${sheet}"` : ''}; its sheets are ${names || 'none'}`);
  }
  const width = ws.columnCount;
  const hr = ws.getRow(headerRow);
  if (headerRow > ws.rowCount) throw headerMissing(fileName, headerRow, ws.rowCount);
  const rawHeaders: string[] = [];
  for (let c = 1; c <= width; c++) {
    const cell = hr.getCell(c);
    // A header cell inside a merged range (a title spanning two header rows) reads as the range's value.
    const v = cell.isMerged ? cell.master.value : cell.value;
    rawHeaders.push(String(cellValue(v)));
  }
  while (rawHeaders.length && rawHeaders[rawHeaders.length - 1]!.trim() === '') rawHeaders.pop();
  const rows: BillTable['rows'] = [];
  ws.eachRow({ includeEmpty: false }, (row, n) => {
    if (n <= headerRow) return;
    const cells: Cell[] = [];
    for (let c = 1; c <= rawHeaders.length; c++) cells.push(cellValue(row.getCell(c).value));
    rows.push({ row: n, cells });
  });
  return { headers: nameHeaders(rawHeaders), rows };
}

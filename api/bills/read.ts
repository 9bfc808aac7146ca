// Reads a bill file's table as a profile says: the header on any row, the rows under it with their own row
// numbers (as a spreadsheet or editor shows them), merged header cells taking their merged value.
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { ApiError } from '../errors.ts';
import { decodeText, type Cell } from '../import/table.ts';

export interface BillTable {
  headers: string[];
  rows: { row: number; cells: Cell[] }[];
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An XLSX cell as text or number; a date cell is the calendar day entered (UTC fields, never local time). */
function xlsxCell(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return `${v.getUTCFullYear()}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())}`;
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('result' in v) return xlsxCell((v.result ?? '') as ExcelJS.CellValue);
    if ('text' in v) return String(v.text);
    if ('error' in v) return String(v.error);
  }
  return String(v);
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
  const text = decodeText(data).replace(/^\uFEFF/, '');
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      delimiter: delimiter ?? guessDelimiter(text),
      relax_column_count: true,
      record_delimiter: ['\r\n', '\n', '\r'],
      skip_empty_lines: true,
      bom: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (e) {
    throw new ApiError('invalid_input', `${fileName}: cannot be read as CSV: ${(e as Error).message}`);
  }
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

function guessDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  let best = ',';
  let bestCount = 0;
  for (const d of [',', ';', '\t', '|']) {
    const n = firstLine.split(d).length - 1;
    if (n > bestCount) [best, bestCount] = [d, n];
  }
  return best;
}

export async function readBillXlsx(fileName: string, data: Uint8Array, headerRow: number, sheet: string | null): Promise<BillTable> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(data.buffer, data.byteOffset, data.byteLength) as unknown as ArrayBuffer);
  } catch (e) {
    throw new ApiError('invalid_input', `${fileName}: cannot be read as XLSX: ${(e as Error).message}`);
  }
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
    rawHeaders.push(String(xlsxCell(v)));
  }
  while (rawHeaders.length && rawHeaders[rawHeaders.length - 1]!.trim() === '') rawHeaders.pop();
  const rows: BillTable['rows'] = [];
  ws.eachRow({ includeEmpty: false }, (row, n) => {
    if (n <= headerRow) return;
    const cells: Cell[] = [];
    for (let c = 1; c <= rawHeaders.length; c++) cells.push(xlsxCell(row.getCell(c).value));
    rows.push({ row: n, cells });
  });
  return { headers: nameHeaders(rawHeaders), rows };
}

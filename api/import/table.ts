// Reads a CSV (any delimiter, with or without a byte-order mark) or an XLSX sheet into header + rows.
// Cells stay text so account numbers keep their zeros and digits; numeric XLSX cells stay numbers so that a
// file's own locale is never applied to a value that is already a number.
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { ApiError } from '../errors.ts';

export type Cell = string | number;
export interface Table {
  headers: string[];
  /** rows[i] is spreadsheet row i + 2 (row 1 is the header) */
  rows: Cell[][];
}

const isXlsx = (name: string, data: Uint8Array) =>
  /\.xlsx$/i.test(name) || (data[0] === 0x50 && data[1] === 0x4b && data[2] === 0x03 && data[3] === 0x04);

// Windows-1252 differs from Latin-1 in 0x80-0x9F (€ is 0x80); Node's TextDecoder('windows-1252') decodes
// those bytes as Latin-1 control characters, so they are mapped here.
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

/** Excel writes "CSV UTF-8" with a BOM and plain "CSV" in the Windows code page; read both. */
export function decodeText(data: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(data);
  } catch {
    let out = '';
    for (let i = 0; i < data.length; i += 8192) {
      const chunk = data.subarray(i, i + 8192);
      out += String.fromCharCode(...Array.from(chunk, (b) => (b >= 0x80 && b <= 0x9f ? CP1252_HIGH.charCodeAt(b - 0x80) : b)));
    }
    return out;
  }
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

/**
 * A CSV file's records; the delimiter is guessed from the first line unless given. With `info`, each record
 * comes as { record, info } (csv-parse's line numbers), for readers that show the file's own row numbers.
 */
export function parseCsv(fileName: string, data: Uint8Array, delimiter?: string, opts: { info?: boolean } = {}): unknown[] {
  const text = decodeText(data).replace(/^\uFEFF/, '');
  try {
    return parse(text, {
      delimiter: delimiter ?? guessDelimiter(text),
      relax_column_count: true,
      // Files pasted together from several sources mix line endings; every one of them ends a record.
      record_delimiter: ['\r\n', '\n', '\r'],
      skip_empty_lines: true,
      bom: true,
      ...(opts.info ? { info: true } : {}),
    }) as unknown[];
  } catch (e) {
    throw new ApiError('invalid_input', `${fileName}: cannot be read as CSV: ${(e as Error).message}`);
  }
}

export function readCsv(fileName: string, data: Uint8Array, delimiter?: string): Table {
  const records = parseCsv(fileName, data, delimiter) as string[][];
  const [headers = [], ...rows] = records;
  return { headers: headers.map((h) => h.trim()), rows };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** An XLSX cell as the text or number a person sees; dates become the calendar day that was entered. */
export function cellValue(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  // ExcelJS hands date serials over as UTC instants of the entered day: read the UTC fields, never local time.
  if (v instanceof Date) return `${v.getUTCFullYear()}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())}`;
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('result' in v) return cellValue((v.result ?? '') as ExcelJS.CellValue);
    if ('text' in v) return String(v.text);
    if ('error' in v) return String(v.error);
  }
  return String(v);
}

/** An XLSX file's workbook, or a message naming the file that cannot be read. */
export async function loadWorkbook(fileName: string, data: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(data.buffer, data.byteOffset, data.byteLength) as unknown as ArrayBuffer);
  } catch (e) {
    throw new ApiError('invalid_input', `${fileName}: cannot be read as XLSX: ${(e as Error).message}`);
  }
  return wb;
}

export async function readXlsx(fileName: string, data: Uint8Array, sheet?: string): Promise<Table> {
  const wb = await loadWorkbook(fileName, data);
  const ws = sheet ? wb.getWorksheet(sheet) : wb.worksheets[0];
  if (!ws) throw new ApiError('invalid_input', `${fileName}: has no sheet ${sheet ? `"${sheet}"` : ''}`.trim());
  const out: Cell[][] = [];
  ws.eachRow({ includeEmpty: false }, (row) => {
    const cells: Cell[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellValue(row.getCell(c).value));
    out.push(cells);
  });
  const [headers = [], ...rows] = out;
  return { headers: headers.map((h) => String(h).trim()), rows };
}

export async function readTable(fileName: string, data: Uint8Array, opts: { delimiter?: string; sheet?: string } = {}): Promise<Table> {
  return isXlsx(fileName, data) ? readXlsx(fileName, data, opts.sheet) : readCsv(fileName, data, opts.delimiter);
}

/** Finds each field's column: by its own name or the header --map names, ignoring case and surrounding space. */
export function mapColumns(
  fileName: string,
  headers: string[],
  fields: { name: string; required: boolean }[],
  map: Record<string, string> = {},
): Record<string, number> {
  const norm = (s: string) => s.trim().toLowerCase();
  const known = new Set(fields.map((f) => f.name));
  for (const f of Object.keys(map)) {
    if (!known.has(f)) throw new ApiError('invalid_input', `--map names an unknown field "${f}"; fields are ${[...known].join(', ')}`);
  }
  const index = new Map(headers.map((h, i) => [norm(h), i] as const).reverse());
  const cols: Record<string, number> = {};
  const missing: string[] = [];
  for (const f of fields) {
    const header = map[f.name] ?? f.name;
    const i = index.get(norm(header));
    if (i !== undefined) cols[f.name] = i;
    else if (f.required || map[f.name]) missing.push(map[f.name] ? `"${header}" (for ${f.name})` : `"${header}"`);
  }
  if (missing.length) {
    throw new ApiError(
      'invalid_input',
      `${fileName}: no column ${missing.join(', ')}; the header row has ${headers.map((h) => `"${h}"`).join(', ')}`,
    );
  }
  return cols;
}

/** Text of a cell for fields that are text (account numbers keep every character). */
export const cellText = (c: Cell | undefined): string => (c === undefined ? '' : typeof c === 'number' ? String(c) : c.trim());

/** A rejects file: the header and the original cells of each bad row, plus the reason. */
export function rejectsCsv(headers: string[], rows: { cells: Cell[]; reason: string }[]): string {
  const q = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [[...headers, 'reject_reason'].map(q).join(',')];
  for (const r of rows) lines.push([...headers.map((_, i) => cellText(r.cells[i])), r.reason].map(q).join(','));
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

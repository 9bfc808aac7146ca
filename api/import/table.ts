// Reads a CSV (any delimiter, with or without a byte-order mark) or an XLSX sheet into header + rows.
// Cells stay text so account numbers keep their zeros and digits; numeric XLSX cells stay numbers so that a
// file's own locale is never applied to a value that is already a number.
import { isUtf8 } from 'node:buffer';
import { Parser, type Options as CsvOptions } from 'csv-parse';
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

const csvOptions = (text: string, delimiter: string | undefined): CsvOptions => ({
  delimiter: delimiter ?? guessDelimiter(text),
  relax_column_count: true,
  // Files pasted together from several sources mix line endings; every one of them ends a record.
  record_delimiter: ['\r\n', '\n', '\r'],
  skip_empty_lines: true,
  bom: true,
});

const csvFailure = (fileName: string, e: unknown) => new ApiError('invalid_input', `${fileName}: cannot be read as CSV: ${(e as Error).message}`);

/**
 * A CSV file's records; the delimiter is guessed from the first line unless given. With `info`, each record
 * comes as { record, info } (csv-parse's line numbers), for readers that show the file's own row numbers.
 */
export function parseCsv(fileName: string, data: Uint8Array, delimiter?: string, opts: { info?: boolean } = {}): unknown[] {
  const text = decodeText(data).replace(/^\uFEFF/, '');
  try {
    return parse(text, { ...csvOptions(text, delimiter), ...(opts.info ? { info: true } : {}) }) as unknown[];
  } catch (e) {
    throw csvFailure(fileName, e);
  }
}

/** The incremental parser inside csv-parse's Parser (the one its sync API runs over a whole file). */
interface CsvIncremental {
  parse(buf: Buffer | undefined, end: boolean, push: (record: string[]) => void, close: () => void): Error | undefined;
}

/** Bytes of the file read at a time: a few hundred rows, checked before the next piece is read. Small pieces
 *  matter: the cells of a piece die young, while a piece of thousands of rows outlives a few minor collections,
 *  which then allocate every later record straight into the old generation (V8's pretenuring). */
const CSV_PIECE = 64 * 1024;

/**
 * A table read a piece at a time: the header row, then the rows in chunks, so the cells of a large CSV are never
 * all held at once (a 150,000-row book is ~70 MB of cells).
 */
export interface TableChunks {
  headers: string[];
  /** the rows after the header, in file order, in chunks; rows[i] of the file is spreadsheet row i + 2 */
  chunks: Iterable<Cell[][]>;
  /** how many rows the file has, for progress: counted on a CSV's bytes before it is parsed */
  total: number;
}

/** The rows of a CSV after its header, counted on its bytes: line ends outside quotes, empty lines left out. It is
 *  the progress total only (the rows read are what counts), exact for the files seen in practice. */
function countCsvRows(bytes: Uint8Array): number {
  let records = 0;
  let quoted = false;
  let filled = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 34) {
      quoted = !quoted;
      filled = true;
    } else if (!quoted && (b === 10 || b === 13)) {
      if (filled) records++;
      filled = false;
    } else filled = true;
  }
  if (filled) records++;
  return Math.max(0, records - 1);
}

function csvChunks(fileName: string, data: Uint8Array, delimiter?: string): TableChunks {
  // Valid UTF-8 (with or without a BOM) is parsed as it is, without a decoded copy; anything else is read as
  // Windows-1252 text, as decodeText does.
  const bytes = isUtf8(data) ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : Buffer.from(decodeText(data), 'utf8');
  const newline = bytes.indexOf(10);
  const firstLine = new TextDecoder().decode(newline < 0 ? bytes : bytes.subarray(0, newline));
  const parser = (new Parser(csvOptions(firstLine, delimiter)) as unknown as { api?: CsvIncremental }).api;
  if (typeof parser?.parse !== 'function') {
    // Not the csv-parse this was written for: the whole file at once.
    const [headers = [], ...rows] = parseCsv(fileName, data, delimiter) as string[][];
    return { headers: headers.map((h) => h.trim()), chunks: [rows], total: rows.length };
  }
  let at = 0;
  let done = false;
  let out: string[][] = [];
  const push = (record: string[]) => void out.push(record);
  const close = () => {};
  /** The records of the next piece(s) of the file; null at its end. */
  const next = (): string[][] | null => {
    while (!done && out.length === 0) {
      const size = CSV_PIECE;
      const end = at + size >= bytes.length;
      let failed: Error | undefined;
      try {
        failed = parser.parse(bytes.subarray(at, at + size), false, push, close) ?? (end ? parser.parse(undefined, true, push, close) : undefined);
      } catch (e) {
        failed = e as Error;
      }
      if (failed) throw csvFailure(fileName, failed);
      at = Math.min(at + size, bytes.length);
      done = end;
    }
    if (out.length === 0) return null;
    const records = out;
    out = [];
    return records;
  };
  let first = next() ?? [];
  const headers = (first.shift() ?? []).map((h) => h.trim());
  function* chunks(): Generator<Cell[][]> {
    if (first.length) yield first;
    first = [];
    for (let c = next(); c; c = next()) yield c;
  }
  return { headers, chunks: chunks(), total: countCsvRows(bytes) };
}

/** Reads a CSV in pieces, an XLSX sheet whole (the workbook is loaded whole anyway). */
export async function readTableChunks(fileName: string, data: Uint8Array, opts: { delimiter?: string; sheet?: string } = {}): Promise<TableChunks> {
  if (isXlsx(fileName, data)) {
    const t = await readXlsx(fileName, data, opts.sheet);
    return { headers: t.headers, chunks: [t.rows], total: t.rows.length };
  }
  return csvChunks(fileName, data, opts.delimiter);
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

// What every file import shares: read the table, find the columns, validate every row, then either reject
// the whole file (nothing written) or write the good rows in one transaction and keep the rejected ones.
import { newId } from '../ids.ts';
import { parseAmount, type AmountLocale } from '../../core/money.ts';
import { ApiError, type ImportProblem } from '../errors.ts';
import type { Ctx } from '../context.ts';
import { inTransaction, stmt, type Writer } from '../write.ts';
import { readTableChunks, mapColumns, cellText, rejectsCsv, type Cell } from './table.ts';
import type { ImportResult } from '../contract/imports.ts';
import { companyLocale } from '../company.ts';

export interface Counts {
  created: number;
  updated: number;
  unchanged: number;
}
export const newCounts = (): Counts => ({ created: 0, updated: 0, unchanged: 0 });

export interface FieldDef {
  name: string;
  required: boolean;
}

/** Reads one row's fields by name and collects every problem with its column and value. */
export class RowReader {
  problems: ImportProblem[] = [];
  constructor(
    private file: string,
    private headers: string[],
    private cols: Record<string, number>,
    readonly locale: AmountLocale,
    public cells: Cell[] = [],
    public row = 0,
  ) {}

  private column(field: string) {
    const i = this.cols[field];
    return i === undefined ? field : (this.headers[i] ?? field);
  }
  /** field -> column index of the fields this file has */
  columns(): Record<string, number> {
    return this.cols;
  }
  raw(field: string): Cell | undefined {
    const i = this.cols[field];
    return i === undefined ? undefined : this.cells[i];
  }
  problem(field: string, reason: string, value = cellText(this.raw(field)), row = this.row) {
    this.problems.push({ file: this.file, row, column: this.column(field), value, reason });
  }
  text(field: string, required = false): string {
    const v = cellText(this.raw(field));
    if (required && v === '') this.problem(field, `${field} is empty`);
    return v;
  }
  /** An amount in cents; numeric spreadsheet cells are numbers already and skip the locale. */
  cents(field: string, required: boolean): number | null {
    const c = this.raw(field);
    if (c === undefined || c === '') {
      if (required) this.problem(field, `${field} is empty`);
      return null;
    }
    const p = typeof c === 'number' ? parseAmount(numberText(c), 'en-US') : parseAmount(c, this.locale);
    if (!p.ok) {
      this.problem(field, p.error);
      return null;
    }
    if (p.cents === null && required) this.problem(field, `${field} is empty`);
    return p.cents;
  }
}

/** A spreadsheet number as plain decimal text (never exponent notation). */
function numberText(n: number): string {
  if (Number.isInteger(n)) return n.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 0 });
  return n.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 12 });
}

export interface ImportSpec<T> {
  kind: 'book' | 'actuals';
  /** the fields, or a function of the file's header row for files with fields named by their headers */
  fields: FieldDef[] | ((headers: string[]) => FieldDef[]);
  /** validates one row: undefined when it has problems (the reader holds them), null when it holds nothing to
   *  import (an amount left empty means "not entered", which is neither an error nor zero) */
  readRow(r: RowReader): T | undefined | null;
  /** checks across rows (on the rows that passed readRow, in file order); problems go to the reader */
  crossCheck?(rows: { row: number; value: T }[], r: RowReader): void;
  apply(ctx: Ctx, w: Writer, rows: T[]): Record<string, Counts>;
}

export interface ImportInput {
  file_name: string;
  data: Uint8Array;
  map?: Record<string, string>;
  locale?: AmountLocale;
  delimiter?: string;
  sheet?: string;
  skip_invalid?: boolean;
  month?: string;
  /** field -> one value for every row, for a file that lacks a column (added as a column of its own) */
  constants?: Record<string, string>;
}

/** What reading and checking a file found, before anything is written (import preview uses it alone). */
export interface CheckedFile<T> {
  file: string;
  /** the file's header row followed by one "(field)" column per constant */
  headers: string[];
  /** how many of the headers are the file's own */
  fileColumns: number;
  cols: Record<string, number>;
  /** rows with cells, in file order (kept only when asked: the preview shows them) */
  rows: Cell[][];
  good: { row: number; value: T }[];
  badRows: Map<number, Cell[]>;
  problems: ImportProblem[];
  rowsInFile: number;
  blank: number;
}

export type Progress = (phase: 'reading' | 'checking' | 'writing', done: number, total: number) => void;

/** Lets other calls run (and progress be read) between chunks of a long check. */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function checkFile<T>(ctx: Ctx, input: ImportInput, spec: ImportSpec<T>, opts: { keepRows?: boolean; progress?: Progress } = {}): Promise<CheckedFile<T>> {
  const file = input.file_name.split(/[\\/]/).pop()!;
  opts.progress?.('reading', 0, input.data.length);
  // Row by row as the file is read: a large file's cells are never all held (only rejected rows keep theirs).
  const table = await readTableChunks(file, input.data, input);
  // A constant is a column of its own that mapping then finds like any other.
  const constants = Object.entries(input.constants ?? {});
  const headers = table.headers;
  const fileColumns = headers.length;
  const map = { ...input.map };
  for (const [field] of constants) {
    const header = `(${field})`;
    headers.push(header);
    map[field] = header;
  }
  const withConstants = (cells: Cell[]) => {
    let n = fileColumns;
    for (const [, value] of constants) {
      n++;
      while (cells.length < n - 1) cells.push('');
      cells.push(value);
    }
    return cells;
  };
  const fields = typeof spec.fields === 'function' ? spec.fields(headers) : spec.fields;
  const cols = mapColumns(file, headers, fields, map);
  const r = new RowReader(file, headers, cols, input.locale ?? companyLocale(ctx));

  let empty = 0;
  let blank = 0;
  const good: { row: number; value: T }[] = [];
  const badRows = new Map<number, Cell[]>();
  const kept: Cell[][] = [];
  let i = 0;
  for (const chunk of table.chunks) {
    for (const raw of chunk) {
      if (opts.progress && i % 2000 === 0) {
        opts.progress('checking', i, Math.max(i, table.total));
        await breathe();
      }
      const cells = withConstants(raw);
      if (opts.keepRows) kept.push(cells);
      const row = i + 2;
      i++;
      if (cells.every((c) => cellText(c) === '')) {
        empty++;
        continue;
      }
      r.cells = cells;
      r.row = row;
      const before = r.problems.length;
      const value = spec.readRow(r);
      if (value === null && r.problems.length === before) {
        blank++;
        continue;
      }
      if (value === undefined || value === null || r.problems.length > before) badRows.set(r.row, cells);
      else good.push({ row: r.row, value });
    }
  }
  r.cells = [];
  opts.progress?.('checking', i, i);
  if (spec.crossCheck) {
    const before = r.problems.length;
    spec.crossCheck(good, r);
    const wanted = new Set<number>();
    for (const p of r.problems.slice(before)) if (!badRows.has(p.row)) wanted.add(p.row);
    // Rows rejected across rows kept no cells: keepRows has them, else the file is read again for them.
    if (opts.keepRows) for (const row of wanted) badRows.set(row, kept[row - 2]!);
    else if (wanted.size) {
      let at = 0;
      for (const chunk of (await readTableChunks(file, input.data, input)).chunks) {
        for (const raw of chunk) {
          at++;
          if (wanted.has(at + 1)) badRows.set(at + 1, withConstants(raw));
        }
      }
    }
  }
  const rowsInFile = i - empty;
  return {
    file,
    headers,
    fileColumns,
    cols,
    // Only the rejected rows' cells are needed for an import; a preview keeps every row's.
    rows: opts.keepRows ? kept : [],
    good,
    badRows,
    problems: r.problems.sort((a, b) => a.row - b.row),
    rowsInFile,
    blank,
  };
}

export async function runImport<T>(ctx: Ctx, input: ImportInput, spec: ImportSpec<T>, progress?: Progress): Promise<ImportResult> {
  const { file, headers, fileColumns, good, badRows, problems, rowsInFile, blank } = await checkFile(ctx, input, spec, { progress });
  const table = { headers: headers.slice(0, fileColumns) };
  if (problems.length && !input.skip_invalid) {
    throw new ApiError(
      'import_rejected',
      `${file}: ${badRows.size} of ${rowsInFile} rows are invalid, so nothing was imported (use --skip-invalid to import the rest)`,
      problems,
    );
  }
  const accepted = good.filter((g) => !badRows.has(g.row));
  const reasons = new Map<number, string>();
  for (const p of problems) reasons.set(p.row, [reasons.get(p.row), `${p.column}: ${p.reason}`].filter(Boolean).join('; '));
  const rejects = [...badRows.entries()].sort((a, b) => a[0] - b[0]).map(([row, cells]) => ({ cells, reason: reasons.get(row) ?? '' }));

  progress?.('writing', 0, accepted.length);
  return inTransaction(ctx, (w) => {
    const counts = spec.apply(
      ctx,
      w,
      accepted.map((g) => g.value),
    );
    const changed = w.changes > 0;
    const importId = newId();
    stmt(
      ctx,
      `INSERT INTO imports (id, kind, file_name, month, actor, rows_total, rows_imported, rows_rejected, rejects_json, summary_json, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      importId,
      spec.kind,
      file,
      input.month ?? null,
      ctx.actor,
      rowsInFile,
      accepted.length,
      badRows.size,
      JSON.stringify(problems),
      JSON.stringify({ counts, batch_id: w.batchId }),
      w.at,
      w.at,
    );
    return {
      import_id: importId,
      batch_id: w.batchId,
      rows_total: rowsInFile,
      rows_imported: accepted.length,
      rows_blank: blank,
      rejected: problems,
      rejects_csv: rejects.length ? rejectsCsv(table.headers, rejects) : null,
      counts,
      changed,
    };
  });
}

/** One copy of each distinct text: a book names each customer, location, carrier and service on many rows, and
 *  every cell read is a string of its own; rows kept to the end of an import share one instead. */
export function textKeeper(): (s: string) => string {
  const kept = new Map<string, string>();
  return (s) => {
    const k = kept.get(s);
    if (k !== undefined) return k;
    kept.set(s, s);
    return s;
  };
}

/** Name matching for customers, carriers and locations: case and runs of spaces do not make a new one. */
export const nameKey = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

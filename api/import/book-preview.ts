// book.preview: the file read with a column mapping and every row checked exactly as import.book checks it,
// with nothing written. Without a mapping the one remembered for the file's layout is used.
import type { Ctx } from '../context.ts';
import type { ImportInput } from './run.ts';
import { checkBook, bookFieldsWithUdf, type BookDefaults } from './book.ts';
import { readTable, cellText } from './table.ts';
import { findMapping, layoutKey } from './book-mappings.ts';
import { BOOK_PROFILES } from './book-profiles.ts';

export async function previewBook(ctx: Ctx, input: ImportInput & BookDefaults & { limit?: number }) {
  const file = input.file_name.split(/[\\/]/).pop()!;
  const table = await readTable(file, input.data, input);
  const remembered = input.map ? null : findMapping(ctx, table.headers);
  const map = input.map ?? remembered?.map ?? {};
  const fields = bookFieldsWithUdf(ctx, [...table.headers, ...Object.keys(input.constants ?? {})], Object.keys(map));
  const norm = (s: string) => s.trim().toLowerCase();
  const index = new Map(table.headers.map((h, i) => [norm(h), i] as const).reverse());
  const columns: Record<string, number> = {};
  const missing: string[] = [];
  for (const f of fields) {
    const i = index.get(norm(map[f.name] ?? f.name));
    if (i !== undefined) columns[f.name] = i;
    else if ((f.required || map[f.name]) && input.constants?.[f.name] === undefined) missing.push(f.name);
  }
  const base = {
    headers: table.headers,
    layout_key: layoutKey(table.headers),
    map,
    remembered: remembered !== null,
    fields: fields.map((f) => ({ name: f.name, required: f.required, label: f.label })),
    columns,
    missing,
  };
  if (missing.length) return { ...base, rows: [], rows_total: table.rows.length, rows_valid: 0, rows_invalid: 0, problems: [] };
  const checked = await checkBook(ctx, { ...input, map });
  const limit = input.limit ?? 200;
  const rows: { row: number; ok: boolean; values: Record<string, string> }[] = [];
  for (let i = 0; i < checked.rows.length && rows.length < limit; i++) {
    const cells = checked.rows[i]!;
    if (cells.every((c) => cellText(c) === '')) continue;
    const values: Record<string, string> = {};
    for (const [field, col] of Object.entries(checked.cols)) values[field] = cellText(cells[col]);
    rows.push({ row: i + 2, ok: !checked.badRows.has(i + 2), values });
  }
  return {
    ...base,
    columns: checked.cols,
    rows,
    rows_total: checked.rowsInFile,
    rows_valid: checked.good.filter((g) => !checked.badRows.has(g.row)).length,
    rows_invalid: checked.badRows.size,
    problems: checked.problems,
  };
}

export const bookProfiles = () => BOOK_PROFILES;

// Reading exported files back for the reports tests: CSV records, XLSX cells (exceljs), PDF text (pdftotext).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';

export const BOM = [0xef, 0xbb, 0xbf];

/** The CSV's records (header first), BOM removed. */
export function csvRecords(bytes: Uint8Array): string[][] {
  const text = new TextDecoder().decode(bytes);
  return parse(text.replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][];
}

/** Each data row as {header: value}. */
export function csvObjects(bytes: Uint8Array): Record<string, string>[] {
  const [head, ...rows] = csvRecords(bytes);
  return rows.map((r) => Object.fromEntries(head!.map((h, i) => [h, r[i] ?? ''])));
}

/** Decimal text "-45.00" → -4500 cents (the files write plain decimals). */
export const textCents = (s: string) => {
  const m = /^(-?)(\d+)\.(\d{2})$/.exec(s.trim());
  if (!m) throw new Error(`not a decimal amount: "${s}"`);
  return (m[1] ? -1 : 1) * (Number(m[2]) * 100 + Number(m[3]));
};

export async function workbook(bytes: Uint8Array): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return wb.worksheets[0]!;
}

/** The data rows under the header row (row 4) as {header: cell}, stopping at the first empty row. */
export function sheetObjects(ws: ExcelJS.Worksheet, headerRow = 4): Record<string, ExcelJS.Cell>[] {
  const head = ws.getRow(headerRow);
  const headers: string[] = [];
  head.eachCell({ includeEmpty: false }, (c, col) => (headers[col] = String(c.value)));
  const out: Record<string, ExcelJS.Cell>[] = [];
  for (let r = headerRow + 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    if (!row.hasValues) break;
    const o: Record<string, ExcelJS.Cell> = {};
    headers.forEach((h, col) => h && (o[h] = row.getCell(col)));
    out.push(o);
  }
  return out;
}

/** A string cell's text as Excel shows it: OOXML's _xHHHH_ escapes decoded. */
export const cellText = (c: ExcelJS.Cell | undefined) =>
  c && typeof c.value === 'string' ? c.value.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) : null;

/** Money cell → cents. */
export const cellCents = (c: ExcelJS.Cell | undefined) => (c && typeof c.value === 'number' ? Math.round(c.value * 100) : null);

/** The rows after the data block: "Total …" label → {header: cents}. */
export function sheetTotals(ws: ExcelJS.Worksheet, headerRow = 4): Map<string, Record<string, number>> {
  const head = ws.getRow(headerRow);
  const headers: string[] = [];
  head.eachCell((c, col) => (headers[col] = String(c.value)));
  const out = new Map<string, Record<string, number>>();
  for (let r = headerRow + 1; r <= ws.rowCount; r++) {
    const label = ws.getRow(r).getCell(1).value;
    if (typeof label === 'string' && label.startsWith('Total')) {
      const o: Record<string, number> = {};
      headers.forEach((h, col) => {
        const v = ws.getRow(r).getCell(col).value;
        if (h && col > 1 && typeof v === 'number') o[h] = Math.round(v * 100);
      });
      out.set(label, o);
    }
  }
  return out;
}

/** The PDF's text as pdftotext extracts it (reading order, or -layout columns). */
export function pdfText(bytes: Uint8Array, layout = false): string {
  const dir = mkdtempSync(join(tmpdir(), 'tem-pdf-'));
  try {
    const file = join(dir, 'r.pdf');
    writeFileSync(file, bytes);
    return execFileSync('pdftotext', [...(layout ? ['-layout'] : []), '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Number of pages (pdfinfo). */
export function pdfPages(bytes: Uint8Array): number {
  const dir = mkdtempSync(join(tmpdir(), 'tem-pdf-'));
  try {
    const file = join(dir, 'r.pdf');
    writeFileSync(file, bytes);
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    return Number(/Pages:\s+(\d+)/.exec(info)![1]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

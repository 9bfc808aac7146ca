// The one CSV writer every export uses: what a spreadsheet and our own importer read back from it.
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { toCsv, type Column } from '../../api/export/csv.ts';

type Row = { note: string; cents: number };
const COLUMNS: Column<Row>[] = [
  { header: 'Note', text: (r) => r.note },
  { header: 'Variance', cents: (r) => r.cents },
];

describe('toCsv', () => {
  it('keeps a note typed over two lines as one cell, whatever its line breaks', () => {
    const rows = [
      { note: 'line one\nline two', cents: -4500 },
      { note: 'cr\ronly', cents: 1 },
      { note: 'windows\r\nbreak', cents: 0 },
    ];
    const text = toCsv(rows, COLUMNS);
    expect(text.startsWith('\uFEFFNote,Variance\r\n"line one\nline two",-45.00\r\n')).toBe(true);
    const back = parse(text.slice(1), { record_delimiter: '\r\n' }) as string[][];
    // a note starting with CR would be neutralised; these start with letters and come back exactly
    expect(back).toEqual([
      ['Note', 'Variance'],
      ['line one\nline two', '-45.00'],
      ['cr\ronly', '0.01'],
      ['windows\r\nbreak', '0.00'],
    ]);
  });
});

import { z } from 'zod';
import { mutation } from '../define.ts';
import { Month, Locale, ToleranceMode } from './common.ts';

export const ImportProblem = z.object({
  file: z.string(),
  row: z.number().int(),
  column: z.string(),
  value: z.string(),
  reason: z.string(),
});

/** A table file (CSV or XLSX) and how to read it; the book preview takes the same. */
export const TableFileInput = {
  file_name: z.string().min(1).max(1000),
  data: z.instanceof(Uint8Array),
  /** field -> header in the file, for files whose headers differ from the field names */
  map: z.record(z.string(), z.string()).optional(),
  locale: Locale.optional(),
  delimiter: z.string().min(1).max(1).optional(),
  sheet: z.string().optional(),
};

const FileInput = {
  ...TableFileInput,
  skip_invalid: z.boolean().optional(),
};

export const Counts = z.object({ created: z.number().int(), updated: z.number().int(), unchanged: z.number().int() });

export const ImportResult = z.object({
  import_id: z.string(),
  batch_id: z.string(),
  rows_total: z.number().int(),
  rows_imported: z.number().int(),
  rows_blank: z.number().int(),
  rejected: z.array(ImportProblem),
  /** The rejected rows as CSV (header + the original cells), to save beside the input; null when none. */
  rejects_csv: z.string().nullable(),
  counts: z.record(z.string(), Counts),
  changed: z.boolean(),
});
export type ImportResult = z.infer<typeof ImportResult>;

export const importBook = mutation(
  'import.book',
  'Import a book of business (a row per service, or per record named in its record column) from CSV or XLSX',
  z.object({
    ...FileInput,
    tolerance_pct: z.string().optional(),
    tolerance_amount: z.string().optional(),
    tolerance_mode: ToleranceMode.optional(),
    /** field -> one value for every row (a file that names no carrier, a group for all its services) */
    constants: z.record(z.string(), z.string().max(1000)).optional(),
    /** follow the import with import.progress */
    job_id: z.string().min(1).max(100).optional(),
    /** remember `map` for this file's header row (book.mapping) */
    remember_map: z.boolean().optional(),
  }),
  ImportResult,
);

export const importActuals = mutation(
  'import.actuals',
  'Import a month of actual bill totals from CSV or XLSX; rows of one account are summed',
  z.object({ ...FileInput, month: Month }),
  ImportResult,
);

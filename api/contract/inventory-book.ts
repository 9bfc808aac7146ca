// Book files in the UI: preview a file with a column mapping (nothing written), remembered mappings per file
// layout, import progress, and the book export in the layout the import reads.
import { z } from 'zod';
import { query, mutation } from '../define.ts';
import { Locale, ToleranceMode } from './common.ts';
import { ImportProblem, TableFileInput } from './imports.ts';

export const BookField = z.object({ name: z.string(), required: z.boolean(), label: z.string() });

/** map: field -> header in the file; absent, the mapping remembered for this file's layout, else headers by name. */
const FileIn = TableFileInput;

export const bookPreview = query(
  'book.preview',
  'Read a book file with a column mapping and check every row; nothing is written',
  z.object({
    ...FileIn,
    /** how many parsed rows to return (every problem is returned regardless) */
    limit: z.number().int().nonnegative().max(100_000).optional(),
    tolerance_pct: z.string().optional(),
    tolerance_amount: z.string().optional(),
    tolerance_mode: ToleranceMode.optional(),
    /** field -> one value for every row (as import.book takes it) */
    constants: z.record(z.string(), z.string().max(1000)).optional(),
  }),
  z.object({
    headers: z.array(z.string()),
    /** the normalised header row: the key a mapping is remembered under */
    layout_key: z.string(),
    /** the mapping used: the one given, else the remembered one, else {} (headers matched by field name) */
    map: z.record(z.string(), z.string()),
    remembered: z.boolean(),
    fields: z.array(BookField),
    /** field -> column index the mapping found (fields not found are absent) */
    columns: z.record(z.string(), z.number().int()),
    /** missing required columns; when not empty, rows are not checked */
    missing: z.array(z.string()),
    rows: z.array(z.object({ row: z.number().int(), ok: z.boolean(), values: z.record(z.string(), z.string()) })),
    rows_total: z.number().int(),
    rows_valid: z.number().int(),
    rows_invalid: z.number().int(),
    problems: z.array(ImportProblem),
  }),
);

export const Mapping = z.object({
  layout_key: z.string(),
  kind: z.enum(['book']),
  map: z.record(z.string(), z.string()),
  locale: Locale.nullable(),
  updated_at: z.string(),
});

export const mappingsGet = query(
  'book.mapping',
  'The column mapping remembered for a header row (null when none)',
  z.object({ headers: z.array(z.string()).max(1000) }),
  Mapping.nullable(),
);

export const mappingsSave = mutation(
  'book.saveMapping',
  'Remember a column mapping for a header row (import.book also remembers the mapping it used)',
  z.object({ headers: z.array(z.string()).max(1000), map: z.record(z.string(), z.string()), locale: Locale.nullable().optional() }),
  Mapping,
);

export const ImportProgress = z.object({
  job_id: z.string(),
  phase: z.enum(['reading', 'checking', 'writing', 'done', 'failed']),
  /** rows handled so far in this phase, out of total */
  done: z.number().int(),
  total: z.number().int(),
  message: z.string().nullable(),
});

export const importProgress = query(
  'import.progress',
  'Progress of an import started with a job_id (kept for 10 minutes after it ends)',
  z.object({ job_id: z.string().min(1).max(100) }),
  ImportProgress.nullable(),
);

export const exportBook = query(
  'export.book',
  'The book (a row per service, plus rows for records without services and for one-off expectations and price steps) as CSV or XLSX in the layout import.book reads back unchanged',
  z.object({ format: z.enum(['csv', 'xlsx']), customer_id: z.string().optional(), include_retired: z.boolean().optional() }),
  z.object({ file_name: z.string(), data: z.instanceof(Uint8Array), rows: z.number().int() }),
);

export const bookProfiles = query(
  'book.profiles',
  'Ready-made mappings for known public files (E-Rate FY2015 line items, E-Rate FY2014 connections)',
  z.object({}),
  z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      headers: z.array(z.string()),
      map: z.record(z.string(), z.string()),
      constants: z.record(z.string(), z.string()),
    }),
  ),
);

// import.book as the screens call it: with a job id whose progress import.progress reports while the file is
// read and checked (in chunks, so other calls run between them) and written (one transaction), and with the
// column mapping remembered for the file's layout.
import type { Ctx } from '../context.ts';
import { refuseClient } from '../scope.ts';
import type { ImportInput } from './run.ts';
import { importBook, type BookDefaults } from './book.ts';
import { rememberMapping } from './book-mappings.ts';
import { readTableChunks } from './table.ts';

interface Job {
  job_id: string;
  phase: 'reading' | 'checking' | 'writing' | 'done' | 'failed';
  done: number;
  total: number;
  message: string | null;
  endedAt: number | null;
}

const jobs = new Map<string, Job>();
const KEEP_MS = 10 * 60 * 1000;

function sweep(now: number) {
  for (const [id, j] of jobs) if (j.endedAt !== null && now - j.endedAt > KEEP_MS) jobs.delete(id);
}

export function importProgress(ctx: Ctx, input: { job_id: string }) {
  refuseClient(ctx, 'import progress');
  sweep(Date.now());
  const j = jobs.get(input.job_id);
  if (!j) return null;
  const { endedAt: _, ...out } = j;
  return out;
}

export async function importBookJob(ctx: Ctx, input: ImportInput & BookDefaults & { job_id?: string; remember_map?: boolean }) {
  const job: Job | undefined = input.job_id ? { job_id: input.job_id, phase: 'reading', done: 0, total: 0, message: null, endedAt: null } : undefined;
  if (job) jobs.set(job.job_id, job);
  try {
    const result = await importBook(ctx, input, (phase, done, total) => {
      if (job) Object.assign(job, { phase, done, total });
    });
    if (input.remember_map && input.map) {
      // The header row only (a CSV's first piece, not the whole file again).
      const { headers } = await readTableChunks(input.file_name, input.data, input);
      rememberMapping(ctx, headers, input.map, input.locale ?? null);
    }
    if (job) Object.assign(job, { phase: 'done', done: result.rows_total, total: result.rows_total, message: `${result.rows_imported} of ${result.rows_total} rows imported`, endedAt: Date.now() });
    return result;
  } catch (e) {
    if (job) Object.assign(job, { phase: 'failed', message: (e as Error).message, endedAt: Date.now() });
    throw e;
  }
}

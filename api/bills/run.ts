// A bill import through a profile: preview (read and classify, write nothing), then start (check the whole
// file; all-or-nothing unless skip_invalid) and steps that write the queued bills in chunks, each chunk one
// transaction, so a window can show a progress bar. Re-running the same file writes nothing new: every bill
// already on file is recognised and skipped.
import { ApiError, type ImportProblem } from '../errors.ts';
import type { Ctx } from '../context.ts';
import { newId } from '../ids.ts';
import { inTransaction, stmt } from '../write.ts';
import { refuseClient } from '../scope.ts';
import { readSetting } from '../handlers/settings.ts';
import type { Preview, Profile, Run } from '../contract/bills.ts';
import { findProfile, createProfile } from './profile.ts';
import { builtinProfile } from './builtin.ts';
import { parseBillFile, type ParsedBill, type ParsedFile } from './parse.ts';
import { BillBook, applyBill, classify, newApplyCounts, syncActual, type ApplyCounts } from './apply.ts';
import { addCents } from '../../core/money.ts';

export interface BillFileInput {
  profile: string;
  file_name: string;
  data: Uint8Array;
  month?: string;
  invoice_total?: string;
  skip_invalid?: boolean;
}

const DEFAULT_CHUNK = 500;

/** A saved profile by id or name; a built-in one is saved on first use when `save` (imports), else read as is. */
function profileFor(ctx: Ctx, name: string, save: boolean): Profile {
  try {
    return findProfile(ctx, name);
  } catch (e) {
    const spec = builtinProfile(name);
    if (!spec || !(e instanceof ApiError) || e.code !== 'not_found') throw e;
    if (save) return createProfile(ctx, spec);
    return { ...spec, id: `builtin:${spec.name}`, retired_at: null, created_at: '', updated_at: '' };
  }
}

async function parse(ctx: Ctx, input: BillFileInput, save = false): Promise<{ profileId: string; profileName: string; file: string; parsed: ParsedFile }> {
  const profile = profileFor(ctx, input.profile, save);
  const file = input.file_name.split(/[\\/]/).pop()!;
  const parsed = await parseBillFile(profile, file, input.data, {
    ...(input.month ? { month: input.month } : {}),
    ...(input.invoice_total !== undefined ? { invoice_total: input.invoice_total } : {}),
    lines_tolerance_cents: readSetting(ctx, 'bills.lines_tolerance_cents'),
  });
  return { profileId: profile.id, profileName: profile.name, file, parsed };
}

export async function previewBills(ctx: Ctx, input: BillFileInput): Promise<Preview> {
  const { profileId, profileName, file, parsed } = await parse(ctx, input);
  const book = new BillBook(ctx);
  const run = { run_id: 'preview', profile_id: profileId };
  // Bills earlier in the same file count as on file for the ones after them, as they will when written.
  const seen = new Map<string, ReturnType<BillBook['bills']>>();
  const totals = { rows: parsed.rows.length, bills: parsed.bills.length, total_cents: 0, new: 0, on_file: 0, corrected: 0, duplicate: 0 };
  const bills = parsed.bills.map((b, i) => {
    const carrier = book.carrier(b.carrier);
    const account = book.account(carrier?.id as string | undefined, b.account);
    const key = `${b.carrier.toLowerCase()}|${b.account}`;
    const earlier = seen.get(key) ?? [];
    const c = classify(b, [...book.bills(account?.id), ...earlier], account !== undefined && account.in_book === 1 && account.retired_at === null, run);
    earlier.push({ id: `file-${i}`, month: b.month, invoice_number: b.invoice_number, bill_date: b.bill_date, total_cents: b.total_cents, duplicate_of: null, ...run });
    seen.set(key, earlier);
    totals[c.outcome]++;
    // The amount of the bills importing writes: new bills and corrections (which take the place of earlier ones).
    if (c.outcome === 'new' || c.outcome === 'corrected') totals.total_cents = addCents(totals.total_cents, b.total_cents, 'The bills of the file');
    return {
      carrier: b.carrier,
      carrier_as_written: b.carrier_as_written,
      account: b.account,
      invoice_number: b.invoice_number,
      bill_date: b.bill_date,
      period_start: b.period_start,
      period_end: b.period_end,
      month: b.month,
      total_cents: b.total_cents,
      line_count: b.lines.length,
      lines_cents: b.lines_cents,
      customer: b.customer,
      location: b.location,
      rows: b.rows,
      outcome: c.outcome,
      explanation: c.explanation,
      account_known: c.account_known,
    };
  });
  return { profile: profileName, file_name: file, format: parsed.format, headers: parsed.headers, columns: parsed.columns, rows: parsed.rows, bills, problems: parsed.problems, totals };
}

interface RunRow {
  id: string;
  profile_id: string;
  file_name: string;
  month: string | null;
  status: Run['status'];
  bills_total: number;
  bills_done: number;
  pending_json: string;
  summary_json: string;
  problems_json: string;
}

interface Summary extends ApplyCounts {
  months: string[];
  batch_ids: string[];
}

// The queued bills of runs in progress, so each step does not parse the whole queue again.
const queued = new Map<string, ParsedBill[]>();

function toRun(r: RunRow): Run {
  const s = JSON.parse(r.summary_json) as Partial<Summary>;
  const c = { ...newApplyCounts(), ...s };
  return {
    run_id: r.id,
    status: r.status,
    file_name: r.file_name,
    bills_total: r.bills_total,
    bills_done: r.bills_done,
    created: c.created,
    on_file: c.on_file,
    corrected: c.corrected,
    duplicates: c.duplicates,
    accounts_created: c.accounts_created,
    carriers_created: c.carriers_created,
    actuals_changed: c.actuals_changed,
    problems: JSON.parse(r.problems_json) as ImportProblem[],
    months: s.months ?? [],
    batch_ids: s.batch_ids ?? [],
  };
}

function runRow(ctx: Ctx, id: string): RunRow {
  const r = stmt(ctx, 'SELECT * FROM bill_import_runs WHERE id = ?').get(id) as RunRow | undefined;
  if (!r) throw new ApiError('not_found', `Bill import ${id} does not exist`);
  return r;
}

export const getRun = (ctx: Ctx, input: { run_id: string }) => (refuseClient(ctx, 'bill import runs'), toRun(runRow(ctx, input.run_id)));

export async function startImport(ctx: Ctx, input: BillFileInput): Promise<Run> {
  const { profileId, file, parsed } = await parse(ctx, input, true);
  const badRows = new Set(parsed.problems.map((p) => p.row));
  if (parsed.problems.length && !input.skip_invalid) {
    throw new ApiError(
      'import_rejected',
      `${file}: ${parsed.problems.length} problem(s) in ${badRows.size} row(s), so nothing was imported (import again with --skip-invalid, or "Skip the rows with problems" on the screen, to import the other bills)`,
      parsed.problems,
    );
  }
  if (parsed.bills.length === 0 && parsed.problems.length === 0) throw new ApiError('invalid_input', `${file}: holds no bill`);
  const id = newId();
  const at = ctx.now();
  stmt(
    ctx,
    `INSERT INTO bill_import_runs (id, profile_id, file_name, month, actor, status, bills_total, bills_done, pending_json, summary_json, problems_json, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, 'pending', ?, 0, ?, '{}', ?, ?, ?)`,
  ).run(id, profileId, file, input.month ?? null, ctx.actor, parsed.bills.length, JSON.stringify(parsed.bills), JSON.stringify(parsed.problems), at, at);
  queued.set(id, parsed.bills);
  return getRun(ctx, { run_id: id });
}

export function stepImport(ctx: Ctx, input: { run_id: string; chunk?: number }): Run {
  const r = runRow(ctx, input.run_id);
  if (r.status === 'done' || r.status === 'failed') return toRun(r);
  let pending = queued.get(r.id);
  if (!pending) queued.set(r.id, (pending = JSON.parse(r.pending_json) as ParsedBill[]));
  const slice = pending.slice(r.bills_done, r.bills_done + (input.chunk ?? DEFAULT_CHUNK));
  const summary: Summary = { ...newApplyCounts(), months: [], batch_ids: [], ...(JSON.parse(r.summary_json) as Partial<Summary>) };
  inTransaction(ctx, (w) => {
    const book = new BillBook(ctx);
    const touched = new Map<string, { account_id: string; month: string }>();
    for (const bill of slice) {
      const t = applyBill(ctx, w, book, bill, { run_id: r.id, profile_id: r.profile_id, file_name: r.file_name }, summary);
      if (t) touched.set(`${t.account_id}|${t.month}`, t);
      if (!summary.months.includes(bill.month)) summary.months.push(bill.month);
    }
    for (const t of touched.values()) if (syncActual(ctx, w, t.account_id, t.month)) summary.actuals_changed++;
    if (w.changes > 0) summary.batch_ids.push(w.batchId);
    const done = r.bills_done + slice.length;
    const finished = done >= r.bills_total;
    summary.months.sort();
    stmt(ctx, 'UPDATE bill_import_runs SET status = ?, bills_done = ?, summary_json = ?, pending_json = ?, updated_at = ? WHERE id = ?').run(
      finished ? 'done' : 'running',
      done,
      JSON.stringify(summary),
      finished ? '[]' : r.pending_json,
      w.at,
      r.id,
    );
  });
  const after = runRow(ctx, r.id);
  if (after.status === 'done') queued.delete(r.id);
  return toRun(after);
}

/** Start and every step in one call (the CLI, tests and scripts). */
export async function importBills(ctx: Ctx, input: BillFileInput, onProgress?: (run: Run) => void): Promise<Run> {
  let run = await startImport(ctx, input);
  onProgress?.(run);
  while (run.status !== 'done') {
    run = stepImport(ctx, { run_id: run.run_id });
    onProgress?.(run);
  }
  return run;
}

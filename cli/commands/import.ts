import { parseArgs } from 'node:util';
import { readFileSync, writeFileSync } from 'node:fs';
import { isAmountLocale, centsToDecimalString, type AmountLocale } from '../../core/money.ts';
import { isMonth } from '../../core/months.ts';
import { call, ApiError, type Ctx } from '../../api/index.ts';
import type { ImportResult } from '../../api/contract/imports.ts';
import type { ImportProblem } from '../../api/errors.ts';
import { UsageError, parseMap, type Io } from '../io.ts';
import { plural } from '../../core/plural.ts';
import { BOOK_PROFILES } from '../../api/import/book-profiles.ts';

const OPTIONS = {
  map: { type: 'string' },
  locale: { type: 'string' },
  delimiter: { type: 'string' },
  sheet: { type: 'string' },
  'skip-invalid': { type: 'boolean' },
  month: { type: 'string' },
  'tolerance-pct': { type: 'string' },
  'tolerance-amount': { type: 'string' },
  'tolerance-mode': { type: 'string' },
  profile: { type: 'string' },
  total: { type: 'string' },
  preview: { type: 'boolean' },
} as const;

const problemLine = (p: ImportProblem) => `  ${p.file} row ${p.row}, column "${p.column}", value "${p.value}": ${p.reason}\n`;

/** `tab` and `\t` for a tab, since a literal tab is hard to type on a command line. */
const delimiterOf = (d: string | undefined) => (d === 'tab' || d === '\\t' ? '\t' : d);

export async function importCommand(ctx: Ctx, argv: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values: o, positionals } = parsed;
  const [kind, file] = positionals;
  if (kind === 'bills') return importBillsCommand(ctx, file, o, io);
  if (kind !== 'book' && kind !== 'actuals') throw new UsageError('import takes "book", "actuals" or "bills"');
  if (!file) throw new UsageError(`import ${kind} needs a FILE`);
  if (o.locale && !isAmountLocale(o.locale)) throw new UsageError(`unknown locale "${o.locale}"`);
  if (kind === 'actuals' && !o.month) throw new UsageError('import actuals needs --month YYYY-MM');
  if (o.month && !isMonth(o.month)) throw new UsageError(`--month "${o.month}" is not a month written YYYY-MM (for example 2015-07)`);
  const delimiter = delimiterOf(o.delimiter);
  if (delimiter !== undefined && delimiter.length !== 1) throw new UsageError(`--delimiter takes one character (or "tab"), not "${o.delimiter}"`);
  if (o['tolerance-mode'] && o['tolerance-mode'] !== 'either' && o['tolerance-mode'] !== 'both')
    throw new UsageError('--tolerance-mode is "either" or "both"');
  let data: Uint8Array;
  try {
    data = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'there is no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : (e as Error).message;
    throw new UsageError(`cannot read ${file}: ${why}`);
  }
  // A book profile (issue 4) names the columns of a known public file; --map entries override it.
  const bookProfile = kind === 'book' && o.profile ? BOOK_PROFILES.find((p) => p.id === o.profile) : undefined;
  if (kind === 'book' && o.profile && !bookProfile)
    throw new UsageError(`unknown book profile "${o.profile}"; profiles are ${BOOK_PROFILES.map((p) => p.id).join(', ')}`);
  const common = {
    file_name: file,
    data,
    map: bookProfile ? { ...bookProfile.map, ...parseMap(o.map) } : parseMap(o.map),
    locale: o.locale as AmountLocale | undefined,
    delimiter,
    sheet: o.sheet,
    skip_invalid: o['skip-invalid'] ?? false,
  };
  let result: ImportResult;
  try {
    result =
      kind === 'book'
        ? await call(ctx, 'import.book', {
            ...common,
            tolerance_pct: o['tolerance-pct'],
            tolerance_amount: o['tolerance-amount'],
            tolerance_mode: o['tolerance-mode'] as 'either' | 'both' | undefined,
            constants: bookProfile?.constants,
          })
        : await call(ctx, 'import.actuals', { ...common, month: o.month! });
  } catch (e) {
    if (e instanceof ApiError && e.code === 'import_rejected') {
      const problems = e.details as ImportProblem[];
      io.err(`tem: ${e.message}\n${problems.map(problemLine).join('')}${localeHint(problems, o.locale)}`);
      return 1;
    }
    if (e instanceof ApiError && e.message.includes(': no column ')) {
      io.err(`tem: ${e.message}\nName the file's own headers with --map, e.g. --map account=Konto,expected=Betrag\n`);
      return 1;
    }
    throw e;
  }
  io.out(summary(kind, file, o.month, result));
  if (result.rejected.length) {
    const rejectsFile = file.replace(/(\.[^./\\]+)?$/, '.rejects.csv');
    writeFileSync(rejectsFile, result.rejects_csv ?? '');
    io.err(`${result.rejected.length} problem(s) in ${result.rows_total - result.rows_imported - result.rows_blank} skipped row(s), saved to ${rejectsFile}:\n`);
    io.err(result.rejected.map(problemLine).join('') + localeHint(result.rejected, o.locale));
  }
  return 0;
}

/** Amounts that failed in the default locale are often written in another one. */
function localeHint(problems: ImportProblem[], locale: string | undefined): string {
  if (locale || !problems.some((p) => p.reason.includes('for en-US'))) return '';
  return 'Amounts were read as en-US (1,234.56); for other formats give --locale de-DE, fr-FR, de-CH, en-GB or pt-BR.\n';
}

function summary(kind: string, file: string, month: string | undefined, r: ImportResult): string {
  const parts = Object.entries(r.counts).map(([name, c]) => `${name}: ${c.created} new, ${c.updated} changed, ${c.unchanged} unchanged`);
  return (
    `Imported ${kind} ${file}${month ? ` for ${month}` : ''}: ${r.rows_imported} of ${r.rows_total} rows` +
    (r.rows_blank ? ` (${plural(r.rows_blank, 'row')} with no amount skipped: an amount already entered for that account stays)` : '') +
    `\n  ${parts.join('\n  ')}\n` +
    (r.changed ? '' : '  No change: everything in this file was already in the database.\n')
  );
}

/** `tem import bills FILE --profile NAME [--month YYYY-MM] [--total AMOUNT] [--skip-invalid] [--preview]` */
async function importBillsCommand(ctx: Ctx, file: string | undefined, o: Record<string, string | boolean | undefined>, io: Io): Promise<number> {
  if (!file) throw new UsageError('import bills needs a FILE');
  const profile = o.profile as string | undefined;
  if (!profile) throw new UsageError('import bills needs --profile NAME (a saved bill import profile, or the built-in "oxford")');
  const month = o.month as string | undefined;
  if (month && !isMonth(month)) throw new UsageError(`--month "${month}" is not a month written YYYY-MM (for example 2015-07)`);
  let data: Uint8Array;
  try {
    data = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${file}: ${code === 'ENOENT' ? 'there is no such file' : (e as Error).message}`);
  }
  const input = {
    profile,
    file_name: file,
    data,
    ...(month ? { month } : {}),
    ...(o.total !== undefined ? { invoice_total: o.total as string } : {}),
    skip_invalid: (o['skip-invalid'] as boolean | undefined) ?? false,
  };
  const money = (c: number) => centsToDecimalString(c);
  if (o.preview) {
    const p = await call(ctx, 'bills.preview', input);
    io.out(`Preview of ${p.file_name} with profile "${p.profile}": ${p.totals.bills} bill(s) from ${p.totals.rows} row(s); nothing was written\n`);
    for (const b of p.bills) {
      io.out(`  ${b.month}  ${b.carrier}  ${b.account}  ${b.invoice_number ?? '-'}  ${b.bill_date ?? '-'}  ${money(b.total_cents)}  ${b.outcome}${b.explanation ? `: ${b.explanation}` : ''}\n`);
    }
    if (p.problems.length) io.err(`${p.problems.length} problem(s):\n${p.problems.map(problemLine).join('')}`);
    return p.problems.length ? 1 : 0;
  }
  let run;
  try {
    run = await call(ctx, 'bills.importStart', input);
    while (run.status !== 'done') {
      run = await call(ctx, 'bills.importStep', { run_id: run.run_id });
      if (run.bills_total > 500) io.err(`  ${run.bills_done} of ${run.bills_total} bills\n`);
    }
  } catch (e) {
    if (e instanceof ApiError && e.code === 'import_rejected') {
      io.err(`tem: ${e.message}\n${(e.details as ImportProblem[]).map(problemLine).join('')}`);
      return 1;
    }
    throw e;
  }
  io.out(
    `Imported bills ${file} with profile "${profile}": ${run.bills_total} bill(s) in ${run.months.length} month(s)\n` +
      `  ${run.created} new, ${run.on_file} already on file (skipped), ${run.corrected} correction(s) replacing an earlier import's bill, ${run.duplicates} duplicate(s) flagged and not counted\n` +
      `  ${run.accounts_created} new account(s), ${run.carriers_created} new carrier(s), ${run.actuals_changed} actual(s) changed\n`,
  );
  if (run.problems.length) io.err(`${run.problems.length} problem(s); the bills of these rows were skipped:\n${run.problems.map(problemLine).join('')}`);
  return 0;
}

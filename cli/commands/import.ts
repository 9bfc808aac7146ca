import { parseArgs } from 'node:util';
import { readFileSync, writeFileSync } from 'node:fs';
import { isAmountLocale, type AmountLocale } from '../../core/money.ts';
import { isMonth } from '../../core/months.ts';
import { call, ApiError, type Ctx } from '../../api/index.ts';
import type { ImportResult } from '../../api/contract/imports.ts';
import type { ImportProblem } from '../../api/errors.ts';
import { UsageError, parseMap, type Io } from '../io.ts';

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
  if (kind !== 'book' && kind !== 'actuals') throw new UsageError('import takes "book" or "actuals"');
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
  const common = {
    file_name: file,
    data,
    map: parseMap(o.map),
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
    (r.rows_blank ? ` (${r.rows_blank} with no amount, left not entered)` : '') +
    `\n  ${parts.join('\n  ')}\n` +
    (r.changed ? '' : '  No change: everything in this file was already in the database.\n')
  );
}

// Run in a child process with TZ set: `tem export discrepancies` (the CLI's main, in-process) in CSV, XLSX and
// PDF. Usage: node bin/run-ts.mjs tests/support/export-in-tz.ts DB MONTH CUSTOMER OUT_PREFIX
import { main } from '../../cli/main.ts';

const [db, month, customer, prefix] = process.argv.slice(2) as [string, string, string, string];
for (const format of ['csv', 'xlsx', 'pdf']) {
  const code = await main(['--db', db, 'export', 'discrepancies', '--month', month, '--customer', customer, '--format', format, '--out', `${prefix}.${format}`]);
  if (code !== 0) process.exit(code);
}

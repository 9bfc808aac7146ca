// Run in a child process under a given TZ by tests/integration/bills-dates.test.ts: reads the same calendar day
// written three ways (an XLSX date cell, 11/01/2019 with an M/D/YYYY profile, 2019-11-01) through bill profiles
// and prints the dates the import would store.
import ExcelJS from 'exceljs';
import { testApi, bytes } from './api.ts';

const t = testApi();
const columns = { account: 'Account', bill_date: 'Bill Date', period_start: 'From', total: 'Total' };
await t.api('billProfiles.create', { name: 'xlsx', format: 'xlsx', carrier_name: 'C', config: { columns, constants: {}, carrier_aliases: {} } });
await t.api('billProfiles.create', { name: 'mdy', format: 'csv', carrier_name: 'C', date_format: 'MDY', config: { columns, constants: {}, carrier_aliases: {} } });
await t.api('billProfiles.create', { name: 'iso', format: 'csv', carrier_name: 'C', config: { columns, constants: {}, carrier_aliases: {} } });

const wb = new ExcelJS.Workbook();
const ws = wb.addWorksheet('Bills');
ws.addRow(['Account', 'Bill Date', 'From', 'Total']);
// A date typed into Excel is a serial day number; ExcelJS writes a Date as that serial from its UTC fields.
ws.addRow(['A-1', new Date(Date.UTC(2019, 10, 1)), new Date(Date.UTC(2026, 2, 1)), 10]);
const xlsx = new Uint8Array(await wb.xlsx.writeBuffer());

const out: Record<string, unknown> = { tz: Intl.DateTimeFormat().resolvedOptions().timeZone, offset: new Date(Date.UTC(2019, 10, 1)).getTimezoneOffset() };
for (const [profile, file, data] of [
  ['xlsx', 'b.xlsx', xlsx],
  ['mdy', 'b.csv', bytes('Account,Bill Date,From,Total\nA-1,11/01/2019,03/01/2026,10.00\n')],
  ['iso', 'b.csv', bytes('Account,Bill Date,From,Total\nA-1,2019-11-01,2026-03-01,10.00\n')],
] as const) {
  const p = await t.api('bills.preview', { profile, file_name: file, data });
  out[profile] = p.bills.map((b) => [b.bill_date, b.period_start, b.month]);
}
const run = await t.api('bills.import', { profile: 'xlsx', file_name: 'b.xlsx', data: xlsx });
out.stored = t.db.sqlite.prepare('SELECT bill_date, period_start, month FROM bills').all();
out.created = run.created;
process.stdout.write(JSON.stringify(out));

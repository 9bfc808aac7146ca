// Book files through the API and the CLI: preview with every problem by row and column (nothing written),
// mappings remembered per layout, import progress, export to CSV and XLSX that imports back unchanged, and the
// two real E-Rate files (FY2015 line items keyed by BEN; FY2014 connections as inventory).
// Expected counts were computed independently with python3's csv module from the files themselves.
import { describe, it, expect, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { testApi, seedAccount, bytes, ERATE, ROOT, tempDir, type TestApi } from '../support/api.ts';
import { tem } from '../support/cli.ts';
import { readTable } from '../../api/import/table.ts';
import { ApiError } from '../../api/index.ts';

const CONNECTIONS = join(ROOT, 'tests/fixtures/real/erate-fy2014-connections/connections_fy2014_item24.csv');
const LINE_ITEMS = join(ERATE, 'orig_broadband_line_items.csv');
const tmp = tempDir();
afterAll(() => tmp.cleanup());

const SAMPLE = [
  'Kunde;Nr;Standort;Anbieter;Konto;Dienst;Betrag',
  'Schule Nord;100;Hauptgebäude;Telekom;007321;Glasfaser;1.234,56',
  'Schule Nord;100;Hauptgebäude;Telekom;007321;Telefon;No data',
  'Schule Süd;;Turnhalle;;88;DSL;12,5',
  'Bibliothek;300;;Vodafone;99;LTE;(45,00)',
].join('\r\n');
const SAMPLE_MAP = { customer: 'Kunde', customer_code: 'Nr', location: 'Standort', carrier: 'Anbieter', account: 'Konto', service: 'Dienst', expected: 'Betrag' };

describe('preview and mappings', () => {
  it('previews every row and every problem by row and column, and writes nothing', async () => {
    const t = testApi();
    const p = await t.api('book.preview', { file_name: 'kunden.csv', data: bytes(SAMPLE), map: SAMPLE_MAP, locale: 'de-DE' });
    expect(p.headers).toEqual(['Kunde', 'Nr', 'Standort', 'Anbieter', 'Konto', 'Dienst', 'Betrag']);
    expect(p.missing).toEqual([]);
    expect([p.rows_total, p.rows_valid, p.rows_invalid]).toEqual([4, 2, 2]);
    expect(p.rows.map((r) => [r.row, r.ok, r.values.customer, r.values.expected])).toEqual([
      [2, true, 'Schule Nord', '1.234,56'],
      [3, false, 'Schule Nord', 'No data'],
      [4, false, 'Schule Süd', '12,5'],
      [5, true, 'Bibliothek', '(45,00)'],
    ]);
    expect(p.problems.map((x) => [x.row, x.column, x.value])).toEqual([
      [3, 'Betrag', 'No data'],
      [4, 'Anbieter', ''],
    ]);
    expect(p.problems[1]!.reason).toBe('carrier is empty');
    expect((await t.api('customers.search', {})).total).toBe(0);
    expect(await t.api('audit.list', {})).toEqual([]);
  });

  it('names the fields a mapping leaves without a column instead of checking rows', async () => {
    const t = testApi();
    const p = await t.api('book.preview', { file_name: 'kunden.csv', data: bytes(SAMPLE) });
    expect(p.remembered).toBe(false);
    expect(p.missing).toEqual(['customer', 'carrier', 'account', 'expected']);
    expect(p.rows).toEqual([]);
  });

  it('remembers the mapping of a layout when an import asks, and the next preview of that layout uses it', async () => {
    const t = testApi();
    const r = await t.api('import.book', { file_name: 'kunden.csv', data: bytes(SAMPLE), map: SAMPLE_MAP, locale: 'de-DE', skip_invalid: true, remember_map: true });
    expect([r.rows_imported, r.rows_total]).toEqual([2, 4]);
    // the same header row in another order of case and spacing is the same layout
    const again = bytes(SAMPLE.replace('Kunde;Nr', 'KUNDE ;nr'));
    const p = await t.api('book.preview', { file_name: 'next-month.csv', data: again, locale: 'de-DE' });
    expect(p.remembered).toBe(true);
    expect(p.map).toEqual(SAMPLE_MAP);
    expect(p.rows_valid).toBe(2);
    const saved = await t.api('book.mapping', { headers: ['Kunde', 'Nr', 'Standort', 'Anbieter', 'Konto', 'Dienst', 'Betrag'] });
    expect(saved?.map).toEqual(SAMPLE_MAP);
    expect(await t.api('book.mapping', { headers: ['a', 'b'] })).toBeNull();
    // the rejected rows' valid customer is kept; the row is not
    const customers = await t.api('customers.search', {});
    expect(customers.rows.map((c) => [c.name, c.code, c.accounts, c.services])).toEqual([
      ['Bibliothek', '300', 1, 1],
      ['Schule Nord', '100', 1, 1],
    ]);
    expect((await t.api('services.search', {})).rows.map((s) => [s.customer, s.description, s.monthly_cents])).toEqual([
      ['Bibliothek', 'LTE', -4_500],
      ['Schule Nord', 'Glasfaser', 123_456],
    ]);
  });

  it('reports progress of an import started with a job id', async () => {
    const t = testApi();
    const data = readFileSync(LINE_ITEMS);
    const seen: string[] = [];
    const running = t.api('import.book', {
      file_name: 'orig.csv',
      data,
      map: { customer: 'applicant_name', customer_code: 'applicant_ben', location: 'applicant_postal_cd', carrier: 'service_provider_name', account: 'frn', service: 'connect_type', expected: 'rec_elig_cost' },
      skip_invalid: true,
      job_id: 'job-1',
    });
    let done = false;
    void running.finally(() => (done = true));
    while (!done) {
      const p = await t.api('import.progress', { job_id: 'job-1' });
      if (p) seen.push(`${p.phase}:${p.total}`);
      await new Promise((r) => setImmediate(r));
    }
    const result = await running;
    // the figures for the as-filed file: 1,711 applicants (by BEN) and 473 service providers
    expect(result.counts).toMatchObject({ customers: { created: 1711 }, carriers: { created: 473 }, accounts: { created: 2612 }, services: { created: 3362 } });
    expect(seen).toContain('checking:3390');
    expect(await t.api('import.progress', { job_id: 'job-1' })).toEqual({ job_id: 'job-1', phase: 'done', done: 3390, total: 3390, message: '3362 of 3390 rows imported' });
    expect(await t.api('import.progress', { job_id: 'other' })).toBeNull();
  });
});

/** User-defined fields of every record type a book row carries (text, money, date, list), as the company defines them. */
async function bookFields(t: ReturnType<typeof testApi>) {
  await t.api('udf.saveDef', { entity: 'customers', label: 'GL code', type: 'text' });
  await t.api('udf.saveDef', { entity: 'customers', label: 'Budget', type: 'money' });
  await t.api('udf.saveDef', { entity: 'locations', label: 'Opened', type: 'date' });
  const tier = await t.api('udf.saveDef', { entity: 'services', label: 'Tier', type: 'list', options: ['Gold', 'Silver', 'Bronze'] });
  await t.api('udf.saveDef', { entity: 'contracts', label: 'Signed by', type: 'text' });
  await t.api('lookups.save', { list: 'service_type', code: 'mpls', label: 'MPLS' });
  await t.api('lookups.save', { list: 'service_type', code: 'pots', label: 'POTS line' });
  return tier;
}

/** A small book with every column the layout has: groups with typed fields, an entered total, tolerance, dates,
 *  and user-defined fields (one list choice retired after a service took it: it stays and travels). */
async function richBook(t: ReturnType<typeof testApi>) {
  const tier = await bookFields(t);
  const a = await seedAccount(t, { customer: 'Telefónica São Paulo – Zürich', carrier: 'Lumen', account: '007321', expected: 91_800, pctBp: 550, amountCents: 2_500, mode: 'both' });
  await t.api('customers.update', { id: a.customer.id, patch: { code: '0141559' } });
  await t.api('udf.set', { entity: 'customers', record_id: a.customer.id, values: { f_gl_code: '4410-TEL, "west"', f_budget: '2,500.00' } });
  await t.api('udf.set', { entity: 'locations', record_id: a.location.id, values: { f_opened: '2019-08-01' } });
  await t.api('udf.set', { entity: 'contracts', record_id: a.contract.id, values: { f_signed_by: 'Ana Lima' } });
  const fiber = (await t.api('services.search', { billing_account_id: a.account.id })).rows[0]!;
  await t.api('udf.set', { entity: 'services', record_id: fiber.id, values: { f_tier: 'Bronze' } });
  await t.api('udf.saveDef', { id: tier.id, entity: 'services', label: 'Tier', type: 'list', options: ['Gold', 'Silver'] });
  const circuit = await t.api('groups.create', {
    name: 'Circuit',
    fields: [
      { key: 'speed', name: 'Speed', type: 'number' },
      { key: 'install_fee', name: 'Install fee', type: 'money' },
      { key: 'term_end', name: 'Term end', type: 'date' },
    ],
  });
  const mpls = await t.api('services.create', {
    billing_account_id: a.account.id,
    group_id: circuit.id,
    description: 'MPLS',
    circuit_id: '00123.KXGS',
    status: 'active',
    install_date: '2026-03-15',
    monthly_cents: 12_345,
    fields: { speed: 100, install_fee: '1,500.00', term_end: '2028-06-30' },
    service_type: 'mpls',
  });
  await t.api('udf.set', { entity: 'services', record_id: mpls.id, values: { f_tier: 'Gold' } });
  await t.api('services.create', { billing_account_id: a.account.id, description: 'MPLS', monthly_cents: 1 });
  await t.api('services.create', { billing_account_id: a.account.id, description: 'Old PRI', status: 'disconnected', install_date: '2020-01-01', disconnect_date: '2026-01-31', monthly_cents: 50_000, service_type: 'pots' });
  // a service type retired after a service took it stays on that service and travels with the book
  const pots = (await t.api('lookups.list', { list: 'service_type' })).find((l) => l.code === 'pots')!;
  await t.api('lookups.save', { id: pots.id, list: 'service_type', label: pots.label, active: false });
  await t.api('contracts.update', { id: a.contract.id, patch: { start_date: '2026-01-01', end_date: '2028-12-31', auto_renew: true } });
  const b = await seedAccount(t, { customer: 'Beta Library', carrier: 'AT&T', account: '1111222233334444', expected: 0 });
  await t.api('contracts.update', { id: b.contract.id, patch: { expected_source: 'entered', expected_cents: 123_456 } });
  await t.api('services.create', { billing_account_id: b.account.id, description: 'Wi-Fi', status: 'ordered', monthly_cents: 9_900 });
  return { a, b };
}

/** Everything a book holds besides services: details of customers, locations and carriers; records with no
 *  account or no service; a contract over two accounts; a one-off and a price step. */
async function fullBook(t: ReturnType<typeof testApi>) {
  const { a, b } = await richBook(t);
  // an account with no location, no service and no contract yet
  await t.api('accounts.create', { carrier_id: b.carrier.id, customer_id: b.customer.id, account_number: 'NEW-1' });
  await t.api('customers.update', { id: a.customer.id, patch: { stage: 'prospect', notes: '=Renewal talks\nwith Ana' } });
  await t.api('locations.update', { id: a.location.id, patch: { address: 'Av. Paulista 1000, São Paulo' } });
  // a second location with no account takes the main flag (the first one gives it up)
  await t.api('locations.create', { customer_id: a.customer.id, name: 'Warehouse', address: 'Rua B 2', is_main: true });
  await t.api('carriers.update', { id: a.carrier.id, patch: { account_rep_contact: 'Rep Ray, 555-0100', dispute_contact: 'disputes@lumen.example', bill_day: 12, dispute_window_days: 45, notes: 'Bills by EDI' } });
  await t.api('carriers.create', { name: 'Zeta Wireless', bill_day: 3 });
  await t.api('customers.create', { name: 'Gamma Prospect', code: 'G-1', stage: 'prospect', notes: 'no sites yet' });
  // an account with no service yet, covered by the contract of account 007321 with it
  const second = await t.api('accounts.create', { carrier_id: a.carrier.id, customer_id: a.customer.id, location_id: a.location.id, account_number: '007322', start_month: '2026-02' });
  await t.api('contracts.update', { id: a.contract.id, patch: { other_account_ids: [second.id] } });
  await t.api('expected.setOverride', { account_id: a.account.id, month: '2026-03', amount_cents: 25_000, note: 'install fee' });
  await t.api('expected.setStep', { account_id: a.account.id, from_month: '2026-07', amount_cents: 4_200, note: 'price step, July' });
  return { a, second };
}


describe('book export and import back', () => {
  it('CSV: export, import into an empty database, export again gives the same bytes and the same month check', async () => {
    const t1 = testApi();
    await richBook(t1);
    const first = await t1.api('export.book', { format: 'csv' });
    expect(first.rows).toBe(6);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(first.data);
    expect(
      text.startsWith(
        '\uFEFFcustomer,customer_code,location,carrier,account,service,circuit_id,status,install_date,disconnect_date,group,service_type,expected,account_expected,tolerance_pct,tolerance_amount,tolerance_mode,start,end,contract_start,contract_end,auto_renew,' +
          'record,contract_account,customer_stage,customer_notes,location_address,location_main,carrier_rep_contact,carrier_dispute_contact,carrier_bill_day,carrier_dispute_window,carrier_notes,expectation_month,expectation_amount,expectation_note,' +
          'field.install_fee:money,field.speed:number,field.term_end:date,Customer: GL code,Customer: Budget,Location: Opened,Service: Tier,Contract: Signed by\r\n',
      ),
    ).toBe(true);
    // a service row is the layout as it always was, then an empty record cell and its records' details
    expect(text).toContain('\r\nTelefónica São Paulo – Zürich,0141559,Main,Lumen,007321,MPLS,00123.KXGS,active,2026-03-15,,Circuit,mpls,123.45,,5.5,25.00,both,,,2026-01-01,2028-12-31,yes,,,active,,,yes,,,,,,,,,1500.00,100,2028-06-30,"4410-TEL, ""west""",2500.00,2019-08-01,Gold,Ana Lima\r\n');
    expect(text).toContain('\r\nTelefónica São Paulo – Zürich,0141559,Main,Lumen,007321,Fiber 100M,,active,,,,,918.00,,5.5,25.00,both,,,2026-01-01,2028-12-31,yes,,,active,,,yes,,,,,,,,,,,,"4410-TEL, ""west""",2500.00,2019-08-01,Bronze,Ana Lima\r\n');
    expect(text).toContain('\r\nBeta Library,,Main,AT&T,1111222233334444,Wi-Fi,,ordered,,,,,99.00,1234.56,');
    expect(text).toMatch(/\r\nBeta Library,,Main,AT&T,1111222233334444,Wi-Fi,[^\r]*,,,,,\r\n/);

    const t2 = testApi();
    await bookFields(t2);
    const imported = await t2.api('import.book', { file_name: first.file_name, data: first.data });
    expect(imported.rows_imported).toBe(6);
    const second = await t2.api('export.book', { format: 'csv' });
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(second.data)).toBe(text);
    expect(Buffer.from(second.data).equals(Buffer.from(first.data))).toBe(true);
    // the values arrived typed: cents for money; the retired list choice is kept
    const customer = (await t2.api('customers.search', { text: '0141559' })).rows[0]!;
    expect((await t2.api('udf.get', { entity: 'customers', record_id: customer.id })).values).toEqual({ f_gl_code: '4410-TEL, "west"', f_budget: 250_000 });
    const tiers = await t2.api('udf.list', { entity: 'services', record_ids: (await t2.api('services.search', {})).rows.map((r) => r.id) });
    expect(tiers.rows.map((r) => r.values.f_tier ?? '-').sort()).toEqual(['-', '-', '-', '-', 'Bronze', 'Gold']);
    expect(text).toContain(',Old PRI,,disconnected,2020-01-01,2026-01-31,,pots,500.00,');
    const typed = (await t2.api('services.search', { include_retired: true })).rows.filter((r) => r.service_type !== null);
    expect(typed.map((r) => `${r.description}:${r.service_type}`).sort()).toEqual(['MPLS:mpls', 'Old PRI:pots']);
    for (const month of ['2026-01', '2026-03', '2029-02']) {
      const strip = (rows: { account: string; expected_cents: number | null; status: string }[]) => rows.map((r) => [r.account, r.expected_cents, r.status]);
      expect(strip((await t2.api('month.check', { month })).rows), month).toEqual(strip((await t1.api('month.check', { month })).rows));
    }
    // importing the export into the database it came from changes nothing
    const same = await t1.api('import.book', { file_name: first.file_name, data: first.data });
    expect(same.changed).toBe(false);
  });

  it('records with no service, record details, contract links, one-offs and steps travel in the book too', async () => {
    const t1 = testApi();
    const { a, second } = await fullBook(t1);
    const first = await t1.api('export.book', { format: 'csv' });
    expect(first.rows).toBe(6 + 7);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(first.data);
    const lines = text.split('\r\n');
    // a row of the layout's 44 columns with these cells filled (22 is the record, 23 contract_account, 24-32 the
    // customer's, location's and carrier's details, 33-35 a one-off's or step's month, amount and note)
    const row = (cells: Record<number, string>) => Array.from({ length: 44 }, (_, i) => cells[i] ?? '').join(',');
    const TEL = { 0: 'Telefónica São Paulo – Zürich', 1: '0141559' };
    const NOTES = `"'=Renewal talks\nwith Ana"`; // quoted for its line break; the apostrophe keeps "=" from running as a formula
    const GL = '"4410-TEL, ""west"""';
    // the carrier with no account comes first (it has no customer), then customers by name
    expect(lines[1]).toBe(row({ 3: 'Zeta Wireless', 22: 'carrier', 30: '3' }));
    expect(lines).toContain(row({ 0: 'Gamma Prospect', 1: 'G-1', 22: 'customer', 24: 'prospect', 25: 'no sites yet' }));
    expect(lines).toContain(row({ ...TEL, 2: 'Warehouse', 22: 'location', 24: 'prospect', 25: NOTES, 26: 'Rua B 2', 27: 'yes', 39: GL, 40: '2500.00' }));
    expect(text).toContain(',2026-01-01,2028-12-31,yes,,,prospect,"\'=Renewal talks\nwith Ana","Av. Paulista 1000, São Paulo",no,"Rep Ray, 555-0100",disputes@lumen.example,12,45,Bills by EDI,');
    const lumen = { ...TEL, 2: 'Main', 3: 'Lumen', 4: '007321' };
    expect(lines).toContain(row({ ...lumen, 22: 'one_off', 33: '2026-03', 34: '250.00', 35: 'install fee' }));
    expect(lines).toContain(row({ ...lumen, 22: 'step', 33: '2026-07', 34: '42.00', 35: '"price step, July"' }));
    expect(lines).toContain(row({ 0: 'Beta Library', 3: 'AT&T', 4: 'NEW-1', 22: 'account', 24: 'active' }));
    // the account with no service names the account whose contract covers it
    expect(lines).toContain(
      row({
        ...lumen, 4: '007322', 14: '5.5', 15: '25.00', 16: 'both', 17: '2026-02', 19: '2026-01-01', 20: '2028-12-31', 21: 'yes', 22: 'account', 23: '007321',
        24: 'prospect', 25: NOTES, 26: '"Av. Paulista 1000, São Paulo"', 27: 'no', 28: '"Rep Ray, 555-0100"', 29: 'disputes@lumen.example', 30: '12', 31: '45',
        32: 'Bills by EDI', 39: GL, 40: '2500.00', 41: '2019-08-01', 43: 'Ana Lima',
      }),
    );

    const t2 = testApi();
    await bookFields(t2);
    const imported = await t2.api('import.book', { file_name: first.file_name, data: first.data });
    expect(imported.rows_imported).toBe(13);
    expect(imported.counts).toMatchObject({
      customers: { created: 3 },
      locations: { created: 3 },
      carriers: { created: 3 },
      accounts: { created: 4 },
      services: { created: 6 },
      contracts: { created: 2 },
      contract_links: { created: 1 },
      one_offs: { created: 1 },
      steps: { created: 1 },
    });
    const again = await t2.api('export.book', { format: 'csv' });
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(again.data)).toBe(text);
    expect(Buffer.from(again.data).equals(Buffer.from(first.data))).toBe(true);

    // the details arrived as entered (the apostrophe that kept a spreadsheet from running "=..." is gone)
    const tel = (await t2.api('customers.search', { text: '0141559' })).rows[0]!;
    expect(await t2.api('customers.get', { id: tel.id })).toMatchObject({ stage: 'prospect', notes: '=Renewal talks\nwith Ana' });
    const gamma = (await t2.api('customers.search', { text: 'Gamma' })).rows[0]!;
    expect(await t2.api('customers.get', { id: gamma.id })).toMatchObject({ name: 'Gamma Prospect', code: 'G-1', stage: 'prospect', notes: 'no sites yet' });
    const locs = await t2.api('locations.list', { customer_id: tel.id });
    expect(locs.map((l) => [l.name, l.address, l.is_main])).toEqual([
      ['Main', 'Av. Paulista 1000, São Paulo', false],
      ['Warehouse', 'Rua B 2', true],
    ]);
    const carriers = await t2.api('carriers.list', {});
    expect(carriers.map((c) => [c.name, c.account_rep_contact, c.dispute_contact, c.bill_day, c.dispute_window_days, c.notes])).toEqual([
      ['AT&T', null, null, null, null, null],
      ['Lumen', 'Rep Ray, 555-0100', 'disputes@lumen.example', 12, 45, 'Bills by EDI'],
      ['Zeta Wireless', null, null, 3, null, null],
    ]);
    const beta = (await t2.api('customers.search', { text: 'Beta' })).rows[0]!;
    const loose = (await t2.api('accounts.list', { customer_id: beta.id })).find((x) => x.account_number === 'NEW-1')!;
    expect([loose.location_id, loose.start_month, loose.end_month]).toEqual([null, null, null]);
    expect(await t2.api('contracts.list', { billing_account_id: loose.id })).toEqual([]);
    // one contract covers both Lumen accounts, as in the first database
    const accounts2 = await t2.api('accounts.list', { customer_id: tel.id });
    expect(accounts2.map((x) => [x.account_number, x.start_month])).toEqual([
      ['007321', null],
      ['007322', '2026-02'],
    ]);
    const contracts2 = await t2.api('contracts.list', { billing_account_id: accounts2[0]!.id });
    expect(contracts2.map((k) => [k.start_date, k.end_date, k.auto_renew, k.other_account_ids])).toEqual([['2026-01-01', '2028-12-31', true, [accounts2[1]!.id]]]);
    expect(await t2.api('contracts.list', { billing_account_id: accounts2[1]!.id })).toEqual([]);
    expect((await t1.api('contracts.get', { id: a.contract.id })).other_account_ids).toEqual([second.id]);
    expect(await t2.api('expected.list', { account_id: accounts2[0]!.id })).toMatchObject({
      once: [{ month: '2026-03', amount_cents: 25_000, note: 'install fee' }],
      steps: [{ from_month: '2026-07', amount_cents: 4_200, note: 'price step, July' }],
    });
    // the month check expects the same of every account, one-off and step included
    const strip = (rows: { account: string; expected_cents: number | null; status: string }[]) => rows.map((r) => [r.account, r.expected_cents, r.status]);
    for (const month of ['2026-02', '2026-03', '2026-07']) {
      expect(strip((await t2.api('month.check', { month })).rows), month).toEqual(strip((await t1.api('month.check', { month })).rows));
    }
    // 918.00 + 123.45 + 0.01 (the PRI is disconnected), + the 250.00 install fee in March, + the 42.00 step from July
    const expectedOf = async (month: string) => (await t2.api('month.check', { month })).rows.find((r) => r.account === '007321')!.expected_cents;
    expect(await expectedOf('2026-02')).toBe(91_800 + 12_345 + 1 - 12_345);
    expect(await expectedOf('2026-03')).toBe(91_800 + 12_345 + 1 + 25_000);
    expect(await expectedOf('2026-07')).toBe(91_800 + 12_345 + 1 + 4_200);
    // importing it again, into either database, changes nothing
    expect((await t2.api('import.book', { file_name: first.file_name, data: first.data })).changed).toBe(false);
    expect((await t1.api('import.book', { file_name: first.file_name, data: first.data })).changed).toBe(false);
  });

  it('a book row that points at an unknown account, or a second main location, is refused by row and column', async () => {
    const t = testApi();
    const csv = [
      'record,customer,location,carrier,account,service,expected,location_main,expectation_month,expectation_amount',
      ',A,HQ,C,1,x,10,yes,,',
      'location,A,Depot,,,,,yes,,',
      'one_off,A,,C,2,,,,2026-03,5',
      'step,A,,C,1,,,,March,5',
      'bogus,A,,C,1,,,,,',
    ].join('\n');
    const e = await t.api('import.book', { file_name: 'r.csv', data: bytes(csv) }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect(((e as ApiError).details as { row: number; column: string; reason: string }[]).map((p) => [p.row, p.column, p.reason])).toEqual([
      [3, 'location_main', 'A already has the main location HQ (row 2); a customer has one main location'],
      [4, 'account', 'account 2 of C is neither in this file nor in the book'],
      [5, 'expectation_month', 'expectation_month must be a month (YYYY-MM)'],
      [6, 'record', 'record must be one of service, account, location, customer, carrier, one_off, step'],
    ]);
    expect((await t.api('customers.search', {})).total).toBe(0);
  });

  it('XLSX: typed cells, and the same rows after a round trip', async () => {
    const t1 = testApi();
    await fullBook(t1);
    const first = await t1.api('export.book', { format: 'xlsx' });
    const table1 = await readTable('a.xlsx', first.data);
    const row = table1.rows.find((r) => r[5] === 'MPLS' && r[6] === '00123.KXGS')!;
    expect(row[4]).toBe('007321');
    expect(row[11]).toBe('mpls');
    expect(row[12]).toBe(123.45);
    expect(row[8]).toBe('2026-03-15');
    expect(row[22]).toBe('');
    const step = table1.rows.find((r) => r[22] === 'step')!;
    expect([step[4], step[33], step[34], step[35]]).toEqual(['007321', '2026-07', 42, 'price step, July']);
    const t2 = testApi();
    await bookFields(t2);
    await t2.api('import.book', { file_name: 'book.xlsx', data: first.data });
    const second = await t2.api('export.book', { format: 'xlsx' });
    const table2 = await readTable('b.xlsx', second.data);
    expect(table2).toEqual(table1);
    expect(new TextDecoder().decode((await t2.api('export.book', { format: 'csv' })).data)).toBe(new TextDecoder().decode((await t1.api('export.book', { format: 'csv' })).data));
  });

  it('the E-Rate book exports and imports back unchanged into a new database; the CLI writes the same file', async () => {
    const db1 = join(tmp.dir, 'erate1.db');
    const map = 'customer=applicant_name,customer_code=applicant_ben,location=applicant_postal_cd,carrier=service_provider_name,account=frn,service=connect_type,expected=rec_elig_cost';
    expect((await tem('--db', db1, 'import', 'book', LINE_ITEMS, '--map', map, '--skip-invalid')).code).toBe(0);
    const out1 = join(tmp.dir, 'book1.csv');
    const e1 = await tem('--db', db1, 'export', 'book', '--format', 'csv', '--out', out1);
    // 3,362 services, and the 20 customers (their location) and 5 carriers named only on rejected rows
    expect(e1).toMatchObject({ code: 0, out: `Exported the book to ${out1}: 3,387 rows (csv)\n` });
    const text = readFileSync(out1, 'utf8');
    const kinds = text.split('\r\n').slice(1, -1).map((l) => l.split(',').at(-14));
    expect(kinds.filter((k) => k === 'location')).toHaveLength(20);
    expect(kinds.filter((k) => k === 'carrier')).toHaveLength(5);
    const db2 = join(tmp.dir, 'erate2.db');
    const i2 = await tem('--db', db2, 'import', 'book', out1);
    expect(i2.code).toBe(0);
    expect(i2.out).toContain('customers: 1711 new, 0 changed, 0 unchanged');
    expect(i2.out).toContain('carriers: 473 new, 0 changed, 0 unchanged');
    expect(i2.out).toContain('accounts: 2612 new, 0 changed, 0 unchanged');
    expect(i2.out).toContain('services: 3362 new, 0 changed, 0 unchanged');
    expect(i2.out).toContain('contracts: 2612 new, 0 changed, 0 unchanged');
    const out2 = join(tmp.dir, 'book2.csv');
    expect((await tem('--db', db2, 'export', 'book', '--format', 'csv', '--out', out2)).code).toBe(0);
    expect(readFileSync(out2).equals(readFileSync(out1))).toBe(true);
    const x1 = join(tmp.dir, 'book1.xlsx');
    const x2 = join(tmp.dir, 'book2.xlsx');
    expect((await tem('--db', db1, 'export', 'book', '--format', 'xlsx', '--out', x1)).out).toContain('3,387 rows (xlsx)');
    expect((await tem('--db', db2, 'export', 'book', '--format', 'xlsx', '--out', x2)).code).toBe(0);
    const cells1 = await readTable('1.xlsx', readFileSync(x1));
    expect(cells1.rows).toHaveLength(3387);
    expect(await readTable('2.xlsx', readFileSync(x2))).toEqual(cells1);

    // the same records and the same expected bill for every account, database by database
    const a = testApi(db1);
    const b = testApi(db2);
    try {
      const count = (t: TestApi, table: string) => (t.db.sqlite.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE retired_at IS NULL`).get() as { n: number }).n;
      for (const table of ['customers', 'locations', 'carriers', 'billing_accounts', 'services', 'contracts']) expect(count(b, table), table).toBe(count(a, table));
      expect(count(b, 'customers')).toBe(1711);
      expect(count(b, 'carriers')).toBe(473);
      const expected = async (t: TestApi) => {
        const rows = (await t.api('month.check', { month: '2015-07' })).rows;
        return new Map(rows.map((r) => [`${r.carrier}|${r.account}`, r.expected_cents]));
      };
      const e1m = await expected(a);
      expect(e1m.size).toBe(2612);
      expect(await expected(b)).toEqual(e1m);
    } finally {
      a.db.close();
      b.db.close();
    }
    expect((await tem('--db', db2, 'export', 'nothing')).code).toBe(2);
    expect((await tem('--db', db2, 'export', 'book', '--format', 'pdf', '--out', 'x')).err).toContain('--format is "csv" or "xlsx", not "pdf"');
  });
});

describe('E-Rate FY2014 connections as inventory', () => {
  it('loads every connection as a service of its applicant (by BEN) on its FRN, with no expected charge', async () => {
    const t = testApi();
    const profiles = await t.api('book.profiles', {});
    const profile = profiles.find((p) => p.id === 'erate-fy2014-connections')!;
    const data = readFileSync(CONNECTIONS);
    const preview = await t.api('book.preview', { file_name: 'connections.csv', data, map: profile.map, constants: profile.constants, limit: 1 });
    expect(preview.headers).toEqual(profile.headers);
    expect([preview.rows_total, preview.rows_valid, preview.rows_invalid]).toEqual([9222, 9222, 0]);

    const r = await t.api('import.book', { file_name: 'connections.csv', data, map: profile.map, constants: profile.constants });
    expect(r.rows_imported).toBe(9222);
    expect(r.counts).toMatchObject({
      customers: { created: 4602 },
      locations: { created: 4602 },
      carriers: { created: 1 },
      accounts: { created: 8649 },
      services: { created: 9222 },
      groups: { created: 1 },
    });
    const group = (await t.api('groups.list', {}))[0]!;
    expect(group).toMatchObject({ name: 'E-Rate connection', carries_expected: false });
    expect(group.fields.map((f) => [f.key, f.type])).toEqual([
      ['download_mbps', 'number'],
      ['lines', 'number'],
    ]);
    const fiber = await t.api('services.search', { group_id: group.id, text: 'Fiber optic/OC-x', limit: 1 });
    expect(fiber.total).toBe(4347);
    const will = await t.api('services.search', { text: 'WILL ROGERS LIBRARY' });
    expect(will.rows.map((s) => [s.customer, s.account, s.description, s.monthly_cents])).toEqual([['WILL ROGERS LIBRARY', '2558690', 'Fiber optic/OC-x', 0]]);
    const tree = await t.api('customers.tree', { customer_id: will.rows[0]!.customer_id!, through_month: '2015-07' });
    expect(tree.customer.code).toBe('140050');
    expect(tree.locations[0]!.accounts[0]!.services[0]!.fields).toEqual({ lines: 1, download_mbps: 100 });
    // 1.50 Mbps (a T1) is the number 1.5
    const t1 = await t.api('services.search', { text: 'HOWARDSVILLE CHRISTIAN SCHOOL' });
    expect((await t.api('services.get', { id: t1.rows[0]!.id })).fields).toEqual({ lines: 3, download_mbps: 1.5 });
    // nothing expected, so nothing to check in any month
    expect((await t.api('month.check', { month: '2015-07' })).rows).toHaveLength(0);

    // with the FY2015 book in the same database the 378 applicants named in both are one customer each
    const b = await t.api('import.book', {
      file_name: 'orig.csv',
      data: readFileSync(LINE_ITEMS),
      map: { customer: 'applicant_name', customer_code: 'applicant_ben', location: 'applicant_postal_cd', carrier: 'service_provider_name', account: 'frn', service: 'connect_type', expected: 'rec_elig_cost' },
      skip_invalid: true,
    });
    expect(b.counts.customers).toEqual({ created: 1711 - 378, updated: 0, unchanged: 378 });
    expect((await t.api('customers.search', { limit: 1 })).total).toBe(5935);
    expect((await t.api('month.check', { month: '2015-07' })).totals.accounts).toBe(2612);
  });

  it('tem import book --profile loads the connections file the same way', async () => {
    const db = join(tmp.dir, 'connections.db');
    const r = await tem('--db', db, 'import', 'book', CONNECTIONS, '--profile', 'erate-fy2014-connections');
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      `Imported book ${CONNECTIONS}: 9222 of 9222 rows\n` +
        '  customers: 4602 new, 0 changed, 0 unchanged\n  locations: 4602 new, 0 changed, 0 unchanged\n  carriers: 1 new, 0 changed, 0 unchanged\n' +
        '  accounts: 8649 new, 0 changed, 0 unchanged\n  services: 9222 new, 0 changed, 0 unchanged\n  contracts: 8649 new, 0 changed, 0 unchanged\n' +
        '  groups: 1 new, 0 changed, 0 unchanged\n',
    );
    const bad = await tem('--db', db, 'import', 'book', CONNECTIONS, '--profile', 'nope');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('unknown book profile "nope"; profiles are erate-fy2015-line-items, erate-fy2014-connections');
  });

  it('a group the file brings must have an amount on every row once any row has one', async () => {
    const t = testApi();
    const csv = ['customer,carrier,account,service,group,expected', 'A,C,1,x,Lines,10', 'A,C,1,y,Lines,'].join('\n');
    const e = await t.api('import.book', { file_name: 'g.csv', data: bytes(csv) }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect(((e as ApiError).details as { row: number; column: string; reason: string }[]).map((p) => [p.row, p.column, p.reason])).toEqual([
      [3, 'expected', 'expected is empty, but services of group "Lines" carry a monthly charge (row 2)'],
    ]);
  });
});

// `import book`: one row per service; rows sharing carrier and account form one billing account whose
// expected bill is the sum of its services (or the account's entered total). Re-importing the same file
// changes nothing. The book export (api/export/book.ts) writes exactly these columns, so an export imports back
// unchanged.
import { parsePercent, type ToleranceMode } from '../../core/tolerance.ts';
import { parseAmount, type AmountLocale } from '../../core/money.ts';
import { parseCalendarDate, parseMonth, monthOf, monthStart, monthEnd } from '../../core/months.ts';
import { readFieldValue, fieldsJson, isPlainNumber, type FieldDef as GroupFieldDef, type FieldValue, type FieldType } from '../../core/service-fields.ts';
import { DEFAULT_STAGE } from '../../core/stages.ts';
import { ApiError } from '../errors.ts';
import type { Ctx } from '../context.ts';
import { stmt, type Writer } from '../write.ts';
import { activeDefs, checkValue, heldValue, udfHeader, type UdfDefRow, type UdfEntity } from '../admin/udf.ts';
import { runImport, checkFile, newCounts, nameKey, textKeeper, type ImportInput, type RowReader, type Counts, type ImportSpec, type Progress } from './run.ts';
import { RECORD_FIELDS, NEEDS, plain, recordReader, knownAccountKeys, applyExpectations, applyContractLinks, type RecordDetails } from './book-records.ts';
import { keepOneMain } from '../inventory/locations.ts';

type Status = 'ordered' | 'active' | 'disconnected';

/** One row of a book file. Optional columns the file does not have are undefined (left as they are on re-import).
 *  Rows that are not services (RecordDetails.record) leave the service cells empty. */
export interface BookRow extends Omit<RecordDetails, 'contractAccount'> {
  /** fields of optional columns (contractAccount, circuit ... autoRenew) are absent when the file has no such column */
  contractAccount?: RecordDetails['contractAccount'];
  row: number;
  customer: string;
  code: string | null;
  location: string;
  carrier: string;
  account: string;
  service: string;
  circuit?: string | null | undefined;
  status?: Status | undefined;
  install?: string | null | undefined;
  disconnect?: string | null | undefined;
  group?: string | null | undefined;
  /** a code of drop-down table service_type (null: none; undefined: the file has no such column) */
  serviceType?: string | null | undefined;
  /** null: no amount, allowed only for a group whose services carry no expected charge */
  expected: number | null;
  /** the account's entered monthly total; null: the sum of its services */
  accountExpected?: number | null | undefined;
  pctBp: number | null;
  amountCents: number | null;
  mode: ToleranceMode | null;
  start: { month: string; date: string } | null;
  end: { month: string; date: string } | null;
  /** the contract's own dates, when the file has these columns (else the contract runs from start to end) */
  contractStart?: string | null | undefined;
  contractEnd?: string | null | undefined;
  autoRenew?: boolean | undefined;
  fields: Record<string, FieldValue>;
  /** field types named by the file's headers (field.<key>:<type>) */
  fieldTypes: Record<string, FieldType>;
  /** user-defined field values of the row's customer, location, service and contract, by field key (null = empty);
   *  only the columns the file has */
  udf: Partial<Record<BookUdfEntity, Record<string, string | null>>>;
}

/** The record types whose user-defined fields travel in book columns "Customer: <field label>". */
const BOOK_UDF: readonly BookUdfEntity[] = ['customers', 'locations', 'services', 'contracts'];
type BookUdfEntity = Extract<UdfEntity, 'customers' | 'locations' | 'services' | 'contracts'>;

/** The user-defined fields a book file may carry, by the field (= column header) that holds each. */
function bookUdfFields(ctx: Ctx): Map<string, { entity: BookUdfEntity; def: UdfDefRow }> {
  const m = new Map<string, { entity: BookUdfEntity; def: UdfDefRow }>();
  for (const entity of BOOK_UDF) for (const def of activeDefs(ctx, entity)) m.set(udfHeader(entity, def.label), { entity, def });
  return m;
}

/** The parts of a row rejected for its service cells that are themselves valid: its customer and its carrier. */
interface Parties {
  customer: string;
  code: string | null;
  location: string;
  carrier: string;
}

export const BOOK_FIELDS = [
  { name: 'customer', required: true, label: 'Customer' },
  { name: 'customer_code', required: false, label: 'Customer code' },
  { name: 'location', required: false, label: 'Location' },
  { name: 'carrier', required: true, label: 'Carrier' },
  { name: 'account', required: true, label: 'Billing account' },
  { name: 'service', required: false, label: 'Service' },
  { name: 'circuit_id', required: false, label: 'Circuit / line id' },
  { name: 'status', required: false, label: 'Status' },
  { name: 'install_date', required: false, label: 'Install date' },
  { name: 'disconnect_date', required: false, label: 'Disconnect date' },
  { name: 'group', required: false, label: 'Service group' },
  { name: 'service_type', required: false, label: 'Service type' },
  { name: 'expected', required: true, label: 'Monthly charge' },
  { name: 'account_expected', required: false, label: 'Account expected total' },
  { name: 'tolerance_pct', required: false, label: 'Tolerance %' },
  { name: 'tolerance_amount', required: false, label: 'Tolerance amount' },
  { name: 'tolerance_mode', required: false, label: 'Tolerance mode' },
  { name: 'start', required: false, label: 'Start' },
  { name: 'end', required: false, label: 'End' },
  { name: 'contract_start', required: false, label: 'Contract start' },
  { name: 'contract_end', required: false, label: 'Contract end' },
  { name: 'auto_renew', required: false, label: 'Auto-renew' },
  ...RECORD_FIELDS,
];

/** Group field values travel in columns named field.<key>. */
export const FIELD_PREFIX = 'field.';
const FIELD_TYPES: readonly FieldType[] = ['text', 'number', 'money', 'date', 'list'];

/** The book's fields plus a field.<key> for every such header, mapping or constant. */
export function bookFields(headers: string[], extra: string[] = []) {
  const keys = new Set<string>();
  for (const h of [...headers, ...extra]) if (h.toLowerCase().startsWith(FIELD_PREFIX) && h.length > FIELD_PREFIX.length) keys.add(FIELD_PREFIX + h.slice(FIELD_PREFIX.length).trim().toLowerCase());
  return [...BOOK_FIELDS, ...[...keys].map((k) => ({ name: k, required: false, label: k }))];
}

/** The book's fields with the user-defined fields the book carries ("Customer: GL code", ...). */
export function bookFieldsWithUdf(ctx: Ctx, headers: string[], extra: string[] = []) {
  return [...bookFields(headers, extra), ...[...bookUdfFields(ctx).keys()].map((name) => ({ name, required: false, label: name }))];
}

/** A start or end written as a month (2026-03) or a date (2026-03-15, 6/30/2018 0:00). */
function readBound(r: RowReader, field: 'start' | 'end'): { month: string; date: string } | null | undefined {
  const v = r.text(field);
  if (!v) return null;
  const d = parseCalendarDate(v);
  if (d.ok && d.date) return { month: monthOf(d.date), date: d.date };
  const m = parseMonth(v);
  if (m.ok && m.month) return { month: m.month, date: field === 'start' ? monthStart(m.month) : monthEnd(m.month) };
  r.problem(field, `${field} "${v}" is not a month (YYYY-MM) or a date (YYYY-MM-DD or M/D/YYYY)`);
  return undefined;
}

/** An optional date column: undefined when the file has no such column, null when the cell is empty. */
function readDate(r: RowReader, field: string): string | null | undefined | false {
  if (r.raw(field) === undefined) return undefined;
  const v = r.text(field);
  if (!v) return null;
  const d = parseCalendarDate(v);
  if (d.ok) return d.date;
  r.problem(field, `${field}: ${d.error}`);
  return false;
}

const YES = new Set(['yes', 'y', 'true', '1', 'x']);
const NO = new Set(['no', 'n', 'false', '0', '']);

export interface BookDefaults {
  tolerance_pct?: string;
  tolerance_amount?: string;
  tolerance_mode?: ToleranceMode;
}

function defaultsOf(d: BookDefaults, locale: AmountLocale) {
  const pct = parsePercent(d.tolerance_pct ?? '');
  if (!pct.ok) throw new ApiError('invalid_input', `--tolerance-pct: ${pct.error}`);
  const amount = parseAmount(d.tolerance_amount ?? '', locale);
  if (!amount.ok) throw new ApiError('invalid_input', `--tolerance-amount: ${amount.error}`);
  if (amount.cents !== null && amount.cents < 0) throw new ApiError('invalid_input', '--tolerance-amount must not be negative');
  return { pctBp: pct.bp, amountCents: amount.cents, mode: d.tolerance_mode ?? null };
}

type Rec = Record<string, unknown> & { id: string };

interface KnownGroup {
  id: string;
  name: string;
  fields: GroupFieldDef[];
  carries: boolean;
}

function knownGroups(ctx: Ctx): Map<string, KnownGroup> {
  const rows = stmt(ctx, 'SELECT id, name, fields_json, carries_expected FROM service_groups WHERE retired_at IS NULL').all() as {
    id: string;
    name: string;
    fields_json: string;
    carries_expected: number;
  }[];
  return new Map(rows.map((g) => [nameKey(g.name), { id: g.id, name: g.name, fields: JSON.parse(g.fields_json) as GroupFieldDef[], carries: g.carries_expected === 1 }]));
}

/** The codes a book row's service_type may take: active ones, and retired ones services still hold (so an
 *  exported book imports back), each with whether it is active. */
function serviceTypeCodes(ctx: Ctx): Map<string, boolean> {
  const rows = stmt(
    ctx,
    `SELECT code, active FROM lookups WHERE list = 'service_type'
       AND (active = 1 OR code IN (SELECT service_type FROM services WHERE service_type IS NOT NULL))
     ORDER BY sort_order, code`,
  ).all() as { code: string; active: number }[];
  return new Map(rows.map((r) => [r.code, r.active === 1]));
}

/** The import spec of a book file; `parties` collects the customer and carrier of rows rejected for other cells. */
export function bookSpec(ctx: Ctx, input: ImportInput & BookDefaults, parties: Parties[] = []): ImportSpec<BookRow> {
  const defaults = defaultsOf(input, input.locale ?? 'en-US');
  const groups = knownGroups(ctx);
  const extra = [...Object.keys(input.map ?? {}), ...Object.keys(input.constants ?? {})];
  const udfFields = bookUdfFields(ctx);
  const serviceTypes = serviceTypeCodes(ctx);
  const readRecord = recordReader(ctx);
  const keep = textKeeper();
  /** User-defined field values of the row's records (only the columns the file has). */
  const readUdf = (r: RowReader) => {
    const udf: BookRow['udf'] = {};
    for (const [name, { entity, def }] of udfFields) {
      if (r.raw(name) === undefined) continue;
      let value: string | null;
      if (def.type === 'money') {
        // Through the one amount parser (a spreadsheet number is read as the number it is).
        const cents = r.cents(name, false);
        value = cents === null ? null : String(cents);
      } else {
        const text = r.text(name);
        // A list choice taken off the list still reads back where records hold it.
        const c = checkValue(def, text, r.locale, def.type === 'list' && heldValue(ctx, def, text) ? text : null);
        if (!c.ok) {
          r.problem(name, `${name}: ${c.error}`);
          continue;
        }
        value = c.value;
      }
      (udf[entity] ??= {})[def.key] = value;
    }
    return udf;
  };
  return {
    kind: 'book',
    fields: (headers) => bookFieldsWithUdf(ctx, headers, extra),
    readRow(r) {
      const before = r.problems.length;
      const { valid, ...details } = readRecord(r);
      // A row of an unknown kind is reported as such, not as a service with missing cells.
      if (!valid) return undefined;
      const needs = NEEDS[details.record];
      const customer = keep(plain(r.text('customer', needs.customer)));
      const code = keep(r.text('customer_code')) || null;
      const carrier = keep(plain(r.text('carrier', needs.carrier)));
      const account = plain(r.text('account', needs.account));
      // An account row may have no location (as an account may); a service is at "Main" unless the file says.
      const location = keep(plain(r.text('location'))) || (details.record === 'account' ? '' : 'Main');
      if (details.record !== 'service') {
        // Not a service: its service cells are not read (an export leaves them empty); an account row still
        // carries the account's months and contract below.
        if (details.record !== 'account') {
          const udf = readUdf(r);
          if (r.problems.length > before) return undefined;
          return { ...EMPTY_SERVICE, ...details, row: r.row, customer, code, location, carrier, account, udf };
        }
      }
      const isService = details.record === 'service';
      const groupName = r.raw('group') === undefined ? undefined : r.text('group') || null;
      const known = groupName ? groups.get(nameKey(groupName)) : undefined;
      const serviceType = r.raw('service_type') === undefined ? undefined : r.text('service_type') || null;
      if (serviceType && !serviceTypes.has(serviceType)) {
        const active = [...serviceTypes].filter(([, a]) => a).map(([c]) => `"${c}"`);
        r.problem('service_type', `service_type: "${serviceType}" is not a value of the drop-down table service_type; choose one of ${active.join(', ') || '(none: add values in Administration)'}`);
      }
      // An empty amount is allowed only where nothing is expected: a group whose services carry no charge, or a
      // group this file brings (checked across rows below).
      const mayBeEmpty = groupName ? !known || !known.carries : false;
      const expected = isService ? r.cents('expected', !mayBeEmpty) : null;
      const accountExpected = r.raw('account_expected') === undefined ? undefined : r.cents('account_expected', false);
      const pct = parsePercent(r.text('tolerance_pct'));
      if (!pct.ok) r.problem('tolerance_pct', pct.error);
      const amountCents = r.cents('tolerance_amount', false);
      if (amountCents !== null && amountCents < 0) r.problem('tolerance_amount', 'tolerance_amount must not be negative');
      const modeText = r.text('tolerance_mode').toLowerCase();
      if (modeText && modeText !== 'either' && modeText !== 'both') r.problem('tolerance_mode', 'tolerance_mode must be "either" or "both"');
      const start = readBound(r, 'start');
      const end = readBound(r, 'end');
      if (start && end && start.month > end.month) r.problem('end', `end ${end.date} is before start ${start.date}`);
      const contractStart = readDate(r, 'contract_start');
      const contractEnd = readDate(r, 'contract_end');
      if (contractStart && contractEnd && contractEnd < contractStart) r.problem('contract_end', `contract_end ${contractEnd} is before contract_start ${contractStart}`);
      const statusText = r.raw('status') === undefined || !isService ? undefined : r.text('status').toLowerCase() || 'active';
      if (statusText !== undefined && !['ordered', 'active', 'disconnected'].includes(statusText)) r.problem('status', 'status must be "ordered", "active" or "disconnected"');
      const install = readDate(r, 'install_date');
      const disconnect = readDate(r, 'disconnect_date');
      if (statusText === 'disconnected' && !disconnect) r.problem('disconnect_date', 'a disconnected service needs its disconnect date');
      if (install && disconnect && disconnect < install) r.problem('disconnect_date', `disconnect_date ${disconnect} is before install_date ${install}`);
      let autoRenew: boolean | undefined;
      if (r.raw('auto_renew') !== undefined) {
        const t = r.text('auto_renew').toLowerCase();
        if (YES.has(t)) autoRenew = true;
        else if (NO.has(t)) autoRenew = false;
        else r.problem('auto_renew', 'auto_renew must be yes or no');
      }
      const fields: Record<string, FieldValue> = {};
      const fieldTypes: Record<string, FieldType> = {};
      for (const name of Object.keys(r.columns())) {
        if (!name.startsWith(FIELD_PREFIX)) continue;
        // field.<key> or field.<key>:<type> (the export names the type, so a new database gets typed fields)
        const [key = '', hint] = name.slice(FIELD_PREFIX.length).split(':');
        const hinted = hint && FIELD_TYPES.includes(hint as FieldType) ? (hint as FieldType) : undefined;
        if (hinted) fieldTypes[key] = hinted;
        const def = known?.fields.find((f) => f.key === key) ?? (!known && hinted && hinted !== 'list' ? { key, name: key, type: hinted } : undefined);
        if (known && !def) {
          if (r.text(name)) r.problem(name, `the group "${known.name}" has no field "${key}"`);
          continue;
        }
        if (def?.type === 'money') {
          // Through the one amount parser (a spreadsheet number is read as the number it is).
          const cents = r.cents(name, def.required ?? false);
          if (cents !== null) fields[key] = cents;
          continue;
        }
        // A field of a group this file brings is kept as the text of its cell.
        const v = readFieldValue(def ?? { key, name: key, type: 'text' }, r.text(name), r.locale);
        if (!v.ok) r.problem(name, v.error);
        else if (v.value !== null) fields[key] = v.value;
      }
      const udf = readUdf(r);
      if (r.problems.length > before) {
        if (customer && carrier) parties.push({ customer, code, location, carrier });
        return undefined;
      }
      // Every field by name, not `...details` followed by thirty more: a spread then that many fields gave each row
      // a hidden class of its own (about 20 KB of garbage and 1 KB more held per row: 1.2 GB for a 150,000-row book).
      // The fields of optional columns are set only when the file has the column (undefined means "no such column"
      // either way): a book of the basic columns then holds 11 fields fewer per row (13 MB for 150,000 rows), and
      // every row of one file still gets the same hidden class.
      const row: BookRow = {
        record: details.record,
        customerPatch: orNone(details.customerPatch),
        locationPatch: orNone(details.locationPatch),
        carrierPatch: orNone(details.carrierPatch),
        month: details.month,
        amount: details.amount,
        note: details.note,
        row: r.row,
        customer,
        code,
        location,
        carrier,
        account,
        service: keep(plain(r.text('service'))),
        expected,
        pctBp: pct.ok ? pct.bp : null,
        amountCents,
        mode: (modeText || null) as ToleranceMode | null,
        start: start ?? null,
        end: end ?? null,
        fields: orNone(fields),
        fieldTypes: orNone(fieldTypes),
        udf: orNone(udf),
      };
      if (details.contractAccount !== undefined) row.contractAccount = details.contractAccount;
      if (r.raw('circuit_id') !== undefined) row.circuit = r.text('circuit_id') || null;
      if (statusText !== undefined) row.status = statusText as Status;
      if (install !== undefined) row.install = install === false ? null : install;
      if (disconnect !== undefined) row.disconnect = disconnect === false ? null : disconnect;
      if (groupName !== undefined) row.group = groupName;
      if (serviceType !== undefined) row.serviceType = serviceType;
      if (accountExpected !== undefined) row.accountExpected = accountExpected;
      if (contractStart !== undefined) row.contractStart = contractStart === false ? null : contractStart;
      if (contractEnd !== undefined) row.contractEnd = contractEnd === false ? null : contractEnd;
      if (autoRenew !== undefined) row.autoRenew = autoRenew;
      return row;
    },
    crossCheck(rows, r) {
      // One billing account belongs to one customer: a second customer for the same carrier account is an error.
      const owner = new Map<string, BookRow>();
      // A group the file brings carries expected charges when any of its rows has one; then every row needs one.
      const newGroupCarries = new Map<string, BookRow>();
      for (const { value: b } of rows) if (b.group && !groups.has(nameKey(b.group)) && b.expected !== null && !newGroupCarries.has(nameKey(b.group))) newGroupCarries.set(nameKey(b.group), b);
      for (const { value: b } of rows) {
        if (b.record !== 'service' && b.record !== 'account') continue;
        const key = `${nameKey(b.carrier)}|${b.account}`;
        const first = owner.get(key);
        if (!first) owner.set(key, b);
        else if (customerKey(first) !== customerKey(b)) {
          r.problem('customer', `account ${b.account} of ${b.carrier} already belongs to ${first.customer}${first.code ? ` (${first.code})` : ''} (row ${first.row})`, b.customer, b.row);
        }
        if (b.expected === null && b.group && newGroupCarries.has(nameKey(b.group))) {
          r.problem('expected', `expected is empty, but services of group "${b.group}" carry a monthly charge (row ${newGroupCarries.get(nameKey(b.group))!.row})`, '', b.row);
        }
      }
      checkRecordRows(ctx, rows, r, owner);
    },
    apply: (ctx, w, rows) => applyBook(ctx, w, rows, defaults, parties),
  };
}

/** Rows that point at an account (one-offs, steps, a contract of another account) need one the file or the
 *  database has; a customer has one main location. */
function checkRecordRows(ctx: Ctx, rows: { row: number; value: BookRow }[], r: RowReader, inFile: Map<string, BookRow>) {
  let known: Set<string> | undefined;
  const exists = (carrier: string, account: string) => inFile.has(`${nameKey(carrier)}|${account}`) || (known ??= knownAccountKeys(ctx)).has(`${nameKey(carrier)}|${account}`);
  const mains = new Map<string, { location: string; row: number }>();
  for (const { value: b } of rows) {
    if ((b.record === 'one_off' || b.record === 'step') && !exists(b.carrier, b.account))
      r.problem('account', `account ${b.account} of ${b.carrier} is neither in this file nor in the book`, b.account, b.row);
    if (b.contractAccount && b.contractAccount !== b.account && !exists(b.carrier, b.contractAccount))
      r.problem('contract_account', `account ${b.contractAccount} of ${b.carrier} is neither in this file nor in the book`, b.contractAccount, b.row);
    if (b.locationPatch.is_main === true && b.customer) {
      const first = mains.get(customerKey(b));
      if (!first) mains.set(customerKey(b), { location: b.location, row: b.row });
      else if (nameKey(first.location) !== nameKey(b.location))
        r.problem('location_main', `${b.customer} already has the main location ${first.location} (row ${first.row}); a customer has one main location`, 'yes', b.row);
    }
  }
}

/** The service cells of a row that is not a service: nothing read, nothing changed. */
const EMPTY_SERVICE = {
  service: '', circuit: undefined, status: undefined, install: undefined, disconnect: undefined, group: undefined, serviceType: undefined,
  expected: null, accountExpected: undefined, pctBp: null, amountCents: null, mode: null, start: null, end: null,
  contractStart: undefined, contractEnd: undefined, autoRenew: undefined, fields: {}, fieldTypes: {},
} satisfies Partial<BookRow>;

/** One shared, frozen empty object for a row's empty patches and field maps: six empty objects on each of 150,000
 *  rows were ~50 MB held through the import. Nothing writes to a row's empty maps (frozen: it would throw). */
const NONE: Record<string, never> = Object.freeze({});
function orNone<T extends object>(o: T): T {
  for (const _ in o) return o;
  return NONE as T;
}

const customerKey = (b: { customer: string; code: string | null }) => (b.code ? `code:${b.code}` : `name:${nameKey(b.customer)}`);

export async function importBook(ctx: Ctx, input: ImportInput & BookDefaults, progress?: Progress) {
  const parties: Parties[] = [];
  return runImport<BookRow>(ctx, input, bookSpec(ctx, input, parties), progress);
}

/** Reads and checks a book file without writing: the preview. */
export async function checkBook(ctx: Ctx, input: ImportInput & BookDefaults) {
  return checkFile<BookRow>(ctx, input, bookSpec(ctx, input), { keepRows: true });
}

function applyBook(ctx: Ctx, w: Writer, rows: BookRow[], defaults: ReturnType<typeof defaultsOf>, parties: Parties[]): Record<string, Counts> {
  const counts = {
    customers: newCounts(),
    locations: newCounts(),
    carriers: newCounts(),
    accounts: newCounts(),
    services: newCounts(),
    contracts: newCounts(),
    groups: newCounts(),
  };
  // The book's existing records are held through the import (a re-import of a 150,000-service book holds every one).
  // Ids other records point at are kept once: a service's account, location and carrier, an account's customer ...
  // share the referenced record's id string instead of each row holding a copy of its own.
  const ids = new Map<string, string>();
  const all = (sql: string, idColumns: readonly string[] = []) => {
    const recs: Rec[] = [];
    for (const r of stmt(ctx, sql).iterate() as IterableIterator<Rec>) {
      for (const c of idColumns) {
        const v = r[c];
        if (typeof v !== 'string') continue;
        const kept = ids.get(v);
        if (kept === undefined) ids.set(v, v);
        else r[c] = kept;
      }
      recs.push(r);
    }
    return recs;
  };
  const index = (recs: Rec[], key: (r: Rec) => string | null) => {
    const m = new Map<string, Rec>();
    for (const r of recs) {
      const k = key(r);
      if (k !== null && !m.has(k)) m.set(k, r);
    }
    return m;
  };
  const liveCustomers = all('SELECT * FROM customers WHERE retired_at IS NULL ORDER BY created_at', ['id']);
  // Customers are matched by their code when the file gives one, else by name (among customers without a code).
  const customersByCode = index(liveCustomers, (r) => (r.code ? `code:${String(r.code)}` : null));
  const customersByName = index(liveCustomers, (r) => (r.code ? null : `name:${nameKey(String(r.name))}`));
  const carriers = index(all('SELECT * FROM carriers WHERE retired_at IS NULL ORDER BY created_at', ['id']), (r) => nameKey(String(r.name)));
  const locations = index(all('SELECT * FROM locations WHERE retired_at IS NULL ORDER BY created_at', ['id', 'customer_id']), (r) => `${r.customer_id}|${nameKey(String(r.name))}`);
  const hasMain = new Set(all('SELECT customer_id FROM locations WHERE is_main = 1').map((r) => String(r.customer_id)));
  const accounts = index(all('SELECT * FROM billing_accounts', ['id', 'carrier_id', 'customer_id', 'location_id']), (r) => `${r.carrier_id}|${r.account_number}`);
  // A service's key in its account is its description and how many live services of that description come
  // before it (in the order they were added): the order an export writes them in, whoever created them.
  const services = new Map<string, Rec>();
  const occurrence = new Map<string, number>();
  for (const r of all('SELECT * FROM services WHERE retired_at IS NULL ORDER BY billing_account_id, rowid', ['billing_account_id', 'location_id', 'carrier_id', 'group_id'])) {
    const k = `${r.billing_account_id}|${String(r.description)}`;
    const n = (occurrence.get(k) ?? 0) + 1;
    occurrence.set(k, n);
    services.set(`${k}#${n}`, r);
  }
  occurrence.clear();
  // The latest contract covering each account (its own or by a link), the one the export writes.
  const contracts = index(
    all(`SELECT c.billing_account_id AS covered_account, c.* FROM contracts c WHERE c.retired_at IS NULL
         UNION ALL
         SELECT x.billing_account_id AS covered_account, c.* FROM contract_accounts x JOIN contracts c ON c.id = x.contract_id
         WHERE x.retired_at IS NULL AND c.retired_at IS NULL
         ORDER BY start_date DESC, created_at DESC`, ['covered_account', 'billing_account_id', 'customer_id', 'carrier_id']),
    (r) => String(r.covered_account),
  );
  const groups = index(all('SELECT * FROM service_groups WHERE retired_at IS NULL ORDER BY created_at'), (r) => nameKey(String(r.name)));

  // Each record is counted once per import, however many rows name it.
  const counted = new Set<string>();
  /** Finds by key or creates; counts what happened. `remember` false: a new record no later row can name again (a
   *  service: its key is unique in the file) is not kept (150,000 service rows would stay in memory to the end). */
  const ensure = (map: Map<string, Rec>, key: string, c: Counts, table: string, values: Record<string, unknown>, update?: Record<string, unknown>, remember = true) => {
    const found = map.get(key);
    if (!found) {
      const rec = w.insert(table, values) as Rec;
      if (remember) {
        map.set(key, rec);
        counted.add(rec.id);
      }
      c.created++;
      return rec;
    }
    const changed = update !== undefined && w.update(table, found, update);
    if (changed) Object.assign(found, update);
    // A key no later row names again (remember false) is counted without keeping its id.
    if (!remember || !counted.has(found.id)) {
      if (remember) counted.add(found.id);
      if (changed) c.updated++;
      else c.unchanged++;
    }
    return found;
  };

  // User-defined field values: each record takes them from the first row that names it (an export repeats a
  // customer's values on every row of the customer). Columns the file does not have leave the values as they are.
  const udfDefIds = new Map<string, string>();
  for (const entity of BOOK_UDF) for (const d of activeDefs(ctx, entity)) udfDefIds.set(`${entity}|${d.key}`, d.id);
  const udfDone = new Set<string>();
  const writeUdf = (entity: BookUdfEntity, recordId: string, values: Record<string, string | null> | undefined) => {
    if (!values || udfDone.has(`${entity}|${recordId}`)) return;
    udfDone.add(`${entity}|${recordId}`);
    for (const [key, value] of Object.entries(values)) {
      const defId = udfDefIds.get(`${entity}|${key}`)!;
      const before = stmt(ctx, 'SELECT * FROM udf_values WHERE def_id = ? AND record_id = ?').get(defId, recordId) as Rec | undefined;
      if (before) w.update('udf_values', before, { value });
      else if (value !== null) w.insert('udf_values', { def_id: defId, record_id: recordId, value });
    }
  };

  // A record's details (stage, notes, address, main flag, carrier contacts) come from the first row that names it
  // with them, as its user-defined fields do.
  const detailsDone = new Set<string>();
  const once = (key: string, patch: Record<string, unknown> | undefined) => {
    if (!patch || !Object.keys(patch).length || detailsDone.has(key)) return undefined;
    detailsDone.add(key);
    return patch;
  };
  /** Locations the file marks as main: the customer's other locations lose the flag (one main location). */
  const madeMain = new Set<string>();

  const customerOf = (p: { customer: string; code: string | null; customerPatch?: Record<string, unknown> }) => {
    const patch = once(`customer|${customerKey(p)}`, p.customerPatch);
    if (p.code) {
      const key = `code:${p.code}`;
      // A customer first known by name only gets its code from the file.
      const byName = !customersByCode.has(key) ? customersByName.get(`name:${nameKey(p.customer)}`) : undefined;
      if (byName) {
        customersByName.delete(`name:${nameKey(p.customer)}`);
        customersByCode.set(key, byName);
        return ensure(customersByCode, key, counts.customers, 'customers', {}, { code: p.code, ...patch });
      }
      return ensure(customersByCode, key, counts.customers, 'customers', { name: p.customer, code: p.code, stage: DEFAULT_STAGE, ...patch }, patch);
    }
    return ensure(customersByName, `name:${nameKey(p.customer)}`, counts.customers, 'customers', { name: p.customer, stage: DEFAULT_STAGE, ...patch }, patch);
  };
  const locationOf = (customer: Rec, name: string, b?: BookRow) => {
    const key = `${customer.id}|${nameKey(name)}`;
    const patch = once(`location|${key}`, b?.locationPatch);
    // Without a location_main column the customer's first location is its main one.
    const isMain = patch?.is_main !== undefined ? Boolean(patch.is_main) : !hasMain.has(customer.id);
    const loc = ensure(locations, key, counts.locations, 'locations', { customer_id: customer.id, name, is_main: isMain, ...patch }, patch);
    if (isMain) hasMain.add(customer.id);
    if (patch?.is_main === true) madeMain.add(loc.id);
    return loc;
  };
  const carrierOf = (name: string, b?: BookRow) => {
    const patch = once(`carrier|${nameKey(name)}`, b?.carrierPatch);
    return ensure(carriers, nameKey(name), counts.carriers, 'carriers', { name, ...patch }, patch);
  };

  // Records with no account in the file: carriers, customers, locations (their own rows come first in an export).
  for (const b of rows) {
    if (b.record === 'carrier') carrierOf(b.carrier, b);
    else if (b.record === 'customer') writeUdf('customers', customerOf(b).id, b.udf.customers);
    else if (b.record === 'location') {
      const customer = customerOf(b);
      writeUdf('customers', customer.id, b.udf.customers);
      writeUdf('locations', locationOf(customer, b.location, b).id, b.udf.locations);
    }
  }

  // Groups the file brings: their fields are the field.<key> columns their rows fill: numbers where every value
  // is a plain number, text otherwise.
  const newGroups = new Map<string, { name: string; keys: Set<string>; types: Map<string, FieldType>; text: Set<string>; carries: boolean; rows: BookRow[] }>();
  for (const b of rows) {
    if (b.record !== 'service' || !b.group || groups.has(nameKey(b.group))) continue;
    const g = newGroups.get(nameKey(b.group)) ?? { name: b.group, keys: new Set<string>(), types: new Map<string, FieldType>(), text: new Set<string>(), carries: false, rows: [] as BookRow[] };
    for (const [k, v] of Object.entries(b.fields)) {
      g.keys.add(k);
      if (!isPlainNumber(String(v))) g.text.add(k);
    }
    for (const [k, t] of Object.entries(b.fieldTypes)) if (t !== 'list') g.types.set(k, t);
    if (b.expected !== null) g.carries = true;
    g.rows.push(b);
    newGroups.set(nameKey(b.group), g);
  }
  for (const [key, g] of newGroups) {
    const typeOf = (k: string): FieldType => g.types.get(k) ?? (g.text.has(k) ? 'text' : 'number');
    const fields = [...g.keys].sort().map((k) => ({ key: k, name: k, type: typeOf(k) }));
    ensure(groups, key, counts.groups, 'service_groups', { name: g.name, fields_json: JSON.stringify(fields), carries_expected: g.carries });
    for (const b of g.rows) for (const k of Object.keys(b.fields)) if (typeOf(k) === 'number' && typeof b.fields[k] === 'string') b.fields[k] = Number(b.fields[k]);
  }

  // Rows grouped by billing account, in file order: each account's first row and each row's next row of the same
  // account, rather than an array per account held to the end (50,000 of them for a book of 50,000 accounts).
  const groupOf = new Map<string, number>();
  const firstRow: number[] = [];
  const lastRow: number[] = [];
  const nextRow = new Int32Array(rows.length).fill(-1);
  rows.forEach((b, i) => {
    if (b.record !== 'service' && b.record !== 'account') return;
    const key = `${nameKey(b.carrier)}|${b.account}`;
    const g = groupOf.get(key);
    if (g === undefined) {
      groupOf.set(key, firstRow.length);
      firstRow.push(i);
      lastRow.push(i);
    } else {
      nextRow[lastRow[g]!] = i;
      lastRow[g] = i;
    }
  });
  groupOf.clear();

  const pendingLinks: { accountId: string; carrierId: string; contractAccount: string }[] = [];
  for (let g = 0; g < firstRow.length; g++) {
    const group: BookRow[] = [];
    for (let i = firstRow[g]!; i !== -1; i = nextRow[i]!) group.push(rows[i]!);
    const first = group[0]!;
    const customer = customerOf(first);
    const location = first.location ? locationOf(customer, first.location, first) : null;
    const carrier = carrierOf(first.carrier, first);
    const start = group.find((g) => g.start)?.start ?? null;
    const end = group.find((g) => g.end)?.end ?? null;
    const renew = group.find((g) => g.autoRenew !== undefined)?.autoRenew;
    const ownContractDates = first.contractStart !== undefined || first.contractEnd !== undefined;
    const accountValues = {
      customer_id: customer.id,
      location_id: location?.id ?? null,
      start_month: start?.month ?? null,
      // Without contract columns start and end are the contract's term too; one that renews itself keeps its
      // account billing after the end date.
      end_month: renew && !ownContractDates ? null : (end?.month ?? null),
      in_book: true,
    };
    const account = ensure(accounts, `${carrier.id}|${first.account}`, counts.accounts, 'billing_accounts', { carrier_id: carrier.id, account_number: first.account, ...accountValues }, accountValues);

    // A service's key is its name and how many services of that name came before it in the account.
    const seen = new Map<string, number>();
    for (const b of group) {
      if (b.record === 'account') {
        // An account with no service yet: its own row carries the customer's and location's fields.
        writeUdf('customers', customer.id, b.udf.customers);
        if (location) writeUdf('locations', location.id, b.udf.locations);
        continue;
      }
      const n = (seen.get(b.service) ?? 0) + 1;
      seen.set(b.service, n);
      const importKey = `${b.service}#${n}`;
      const serviceLocation = location && nameKey(b.location) === nameKey(first.location) ? location : locationOf(customer, b.location, b);
      const values: Record<string, unknown> = { description: b.service, monthly_cents: b.expected ?? 0, location_id: serviceLocation.id };
      // Columns the file does not have leave what the inventory holds.
      if (b.circuit !== undefined) values.circuit_id = b.circuit;
      if (b.status !== undefined) values.status = b.status;
      if (b.install !== undefined) values.install_date = b.install;
      if (b.disconnect !== undefined) values.disconnect_date = b.disconnect;
      if (b.serviceType !== undefined) values.service_type = b.serviceType;
      if (b.group !== undefined) values.group_id = b.group ? groups.get(nameKey(b.group))!.id : null;
      if (b.group !== undefined || Object.keys(b.fields).length) values.fields_json = fieldsJson(b.fields);
      const service = ensure(services, `${account.id}|${importKey}`, counts.services, 'services', {
        billing_account_id: account.id,
        carrier_id: carrier.id,
        status: 'active',
        ...values,
      }, values, false);
      writeUdf('customers', customer.id, b.udf.customers);
      writeUdf('locations', serviceLocation.id, b.udf.locations);
      writeUdf('services', service.id, b.udf.services);
    }

    // An account covered by another account's contract is linked to it once every account exists.
    const coveredBy = group.find((g) => g.contractAccount)?.contractAccount;
    if (coveredBy && coveredBy !== first.account) {
      pendingLinks.push({ accountId: account.id, carrierId: carrier.id, contractAccount: coveredBy });
      continue;
    }
    const tol = group.find((g) => g.pctBp !== null || g.amountCents !== null || g.mode !== null);
    // An account with services always gets a contract (as books always did); an account row alone only when it has
    // contract cells (an export writes the tolerance mode of every contract), so an account without one stays so.
    if (group.every((g) => g.record === 'account') && !tol && !group.some((g) => g.contractStart || g.contractEnd || g.accountExpected != null)) continue;
    const contractValues: Record<string, unknown> = {
      tolerance_pct_bp: tol ? tol.pctBp : defaults.pctBp,
      tolerance_amount_cents: tol ? tol.amountCents : defaults.amountCents,
      tolerance_mode: tol?.mode ?? defaults.mode ?? 'either',
      start_date: ownContractDates ? (group.find((g) => g.contractStart)?.contractStart ?? null) : (start?.date ?? null),
      end_date: ownContractDates ? (group.find((g) => g.contractEnd)?.contractEnd ?? null) : (end?.date ?? null),
    };
    if (first.accountExpected !== undefined) {
      const entered = group.find((g) => g.accountExpected !== null && g.accountExpected !== undefined)?.accountExpected ?? null;
      contractValues.expected_source = entered === null ? 'services' : 'entered';
      contractValues.expected_cents = entered;
    }
    if (renew !== undefined) contractValues.auto_renew = renew;
    const contract = ensure(contracts, account.id, counts.contracts, 'contracts', {
      billing_account_id: account.id,
      carrier_id: carrier.id,
      customer_id: customer.id,
      expected_source: 'services',
      ...contractValues,
    }, contractValues);
    writeUdf('contracts', contract.id, group.find((g) => g.udf.contracts)?.udf.contracts);
  }

  // A row rejected for its service cells still names a real customer and carrier: they are kept (the row itself
  // is in the rejects), so the book knows every party the file names.
  for (const p of parties) {
    const customer = customerOf(p);
    locationOf(customer, p.location);
    carrierOf(p.carrier);
  }
  const links = applyContractLinks(
    ctx,
    w,
    pendingLinks.flatMap((l) => {
      const contract = contracts.get(String(accounts.get(`${l.carrierId}|${l.contractAccount}`)?.id));
      return contract ? [{ accountId: l.accountId, contractId: contract.id }] : [];
    }),
  );
  const expectations = applyExpectations(
    ctx,
    w,
    rows.flatMap((b) => {
      if ((b.record !== 'one_off' && b.record !== 'step') || b.month === null || b.amount === null) return [];
      const account = accounts.get(`${carriers.get(nameKey(b.carrier))?.id}|${b.account}`);
      return account ? [{ kind: b.record, accountId: account.id, month: b.month, amount: b.amount, note: b.note }] : [];
    }),
  );
  for (const id of madeMain) keepOneMain(ctx, w, id);
  // Groups, contract links, one-offs and steps are reported only by files that have them.
  const extra = { contract_links: links, ...expectations };
  const out: Record<string, Counts> = { ...counts };
  for (const [k, c] of Object.entries({ groups: counts.groups, ...extra })) {
    if (c.created + c.updated + c.unchanged) out[k] = c;
    else delete out[k];
  }
  return out;
}

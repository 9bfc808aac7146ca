import { z } from 'zod';
import { query, mutation } from '../define.ts';
import { Id, Month, CalendarDate, Cents, TotalCents, ToleranceMode, Stamps, Retired, ListInput, ByIdInput, Locale } from './common.ts';

const FieldValue = z.union([z.string().max(10_000), z.number(), z.null()]);

/** list / get / create / update / retire for one record type, all sharing one shape. */
function entity<R extends z.ZodRawShape, C extends z.ZodRawShape>(prefix: string, label: string, row: R, create: C, listFilters: z.ZodRawShape = {}) {
  const Row = z.object({ id: Id, ...row, ...Retired, ...Stamps });
  const Create = z.object(create);
  const Patch = Create.partial();
  return {
    list: query(`${prefix}.list`, `List ${label}s`, ListInput.extend(listFilters), z.array(Row)),
    get: query(`${prefix}.get`, `One ${label}`, ByIdInput, Row),
    create: mutation(`${prefix}.create`, `Create a ${label}`, Create, Row),
    update: mutation(`${prefix}.update`, `Change fields of a ${label}`, z.object({ id: Id, patch: Patch }), Row),
    retire: mutation(`${prefix}.retire`, `Retire a ${label} (kept in history)`, ByIdInput, Row),
  };
}

const Name = z.string().trim().min(1).max(300);
const Text = z.string().max(10_000).nullable();

export const customers = entity(
  'customers',
  'customer',
  { name: z.string(), code: z.string().nullable(), stage: z.string(), notes: z.string().nullable() },
  { name: Name, code: Text.optional(), stage: z.string().min(1).max(100).optional(), notes: Text.optional() },
);

export const locations = entity(
  'locations',
  'location',
  { customer_id: Id, name: z.string(), address: z.string().nullable(), is_main: z.boolean() },
  { customer_id: Id, name: Name, address: Text.optional(), is_main: z.boolean().optional() },
  { customer_id: Id.optional() },
);

export const carriers = entity(
  'carriers',
  'carrier',
  {
    name: z.string(),
    account_rep_contact: z.string().nullable(),
    dispute_contact: z.string().nullable(),
    bill_day: z.number().int().nullable(),
    dispute_window_days: z.number().int().nullable(),
    notes: z.string().nullable(),
  },
  {
    name: Name,
    account_rep_contact: Text.optional(),
    dispute_contact: Text.optional(),
    bill_day: z.number().int().min(1).max(31).nullable().optional(),
    dispute_window_days: z.number().int().min(0).max(3650).nullable().optional(),
    notes: Text.optional(),
  },
);

export const accounts = entity(
  'accounts',
  'billing account',
  {
    carrier_id: Id,
    customer_id: Id.nullable(),
    location_id: Id.nullable(),
    account_number: z.string(),
    start_month: z.string().nullable(),
    end_month: z.string().nullable(),
    in_book: z.boolean(),
  },
  {
    carrier_id: Id,
    customer_id: Id.nullable().optional(),
    location_id: Id.nullable().optional(),
    account_number: z.string().trim().min(1).max(100),
    start_month: Month.nullable().optional(),
    end_month: Month.nullable().optional(),
    in_book: z.boolean().optional(),
  },
  { customer_id: Id.optional(), carrier_id: Id.optional() },
);

const ServiceStatus = z.enum(['ordered', 'active', 'disconnected']);
export const services = entity(
  'services',
  'service',
  {
    billing_account_id: Id,
    location_id: Id.nullable(),
    carrier_id: Id,
    group_id: Id.nullable(),
    import_key: z.string().nullable(),
    description: z.string(),
    circuit_id: z.string().nullable(),
    status: ServiceStatus,
    install_date: z.string().nullable(),
    disconnect_date: z.string().nullable(),
    monthly_cents: TotalCents,
    /** the group's field values by field key: money as cents, numbers as numbers, dates YYYY-MM-DD, text */
    fields: z.record(z.string(), FieldValue),
    /** a code of drop-down table service_type (it may have been retired since it was set) */
    service_type: z.string().nullable(),
  },
  {
    billing_account_id: Id,
    location_id: Id.nullable().optional(),
    group_id: Id.nullable().optional(),
    description: z.string().max(1000).optional(),
    circuit_id: Text.optional(),
    status: ServiceStatus.optional(),
    install_date: CalendarDate.nullable().optional(),
    disconnect_date: CalendarDate.nullable().optional(),
    monthly_cents: Cents.optional(),
    /** an active code of drop-down table service_type; null clears it; a retired code the service holds may stay */
    service_type: z.string().max(100).nullable().optional(),
    /** values for the group's fields by key; text is parsed by the field's type (money with `locale`) */
    fields: z.record(z.string(), FieldValue).optional(),
    locale: Locale.optional(),
  },
  { billing_account_id: Id.optional() },
);

export const contracts = entity(
  'contracts',
  'contract',
  {
    customer_id: Id.nullable(),
    carrier_id: Id,
    billing_account_id: Id,
    start_date: z.string().nullable(),
    end_date: z.string().nullable(),
    auto_renew: z.boolean(),
    expected_source: z.enum(['services', 'entered']),
    expected_cents: TotalCents.nullable(),
    tolerance_pct_bp: z.number().int().nullable(),
    tolerance_amount_cents: TotalCents.nullable(),
    tolerance_mode: ToleranceMode,
    /** further accounts the contract covers (same customer and carrier), besides billing_account_id */
    other_account_ids: z.array(Id),
  },
  {
    billing_account_id: Id,
    other_account_ids: z.array(Id).max(1000).optional(),
    start_date: CalendarDate.nullable().optional(),
    end_date: CalendarDate.nullable().optional(),
    auto_renew: z.boolean().optional(),
    expected_source: z.enum(['services', 'entered']).optional(),
    expected_cents: Cents.nullable().optional(),
    tolerance_pct_bp: z.number().int().min(0).max(1_000_000).nullable().optional(),
    tolerance_amount_cents: Cents.min(0).nullable().optional(),
    tolerance_mode: ToleranceMode.optional(),
  },
  { billing_account_id: Id.optional() },
);

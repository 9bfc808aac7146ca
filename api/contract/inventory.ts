// The inventory side of the book: search and paged lists, service groups (templates), bulk edit of services,
// contract expectations (one-off months and price steps), contracts ending soon and the customer tree.
import { z } from 'zod';
import { query, mutation } from '../define.ts';
import { contracts } from './entities.ts';
import { Id, Month, CalendarDate, Cents, TotalCents, ToleranceMode, Stamps, Retired, BillStatus, AmountInput, Locale } from './common.ts';

export const ServiceStatus = z.enum(['ordered', 'active', 'disconnected']);
export const FieldType = z.enum(['text', 'number', 'money', 'date', 'list']);

/** One field of a service group. `key` is stable (values are stored under it); `name` is what people read. */
export const GroupField = z.object({
  key: z
    .string()
    .trim()
    .min(1)
    .max(60)
    .regex(/^[a-z][a-z0-9_]*$/, { message: 'must be lower-case letters, digits and _ (starting with a letter)' }),
  name: z.string().trim().min(1).max(200),
  type: FieldType,
  /** the choices of a `list` field */
  options: z.array(z.string().trim().min(1).max(200)).max(500).optional(),
  required: z.boolean().optional(),
});
export type GroupField = z.infer<typeof GroupField>;

export const Group = z.object({
  id: Id,
  name: z.string(),
  fields: z.array(GroupField),
  /** false: its services' monthly charges do not count in an account's expected bill */
  carries_expected: z.boolean(),
  ...Retired,
  ...Stamps,
});

const GroupCreate = z.object({
  name: z.string().trim().min(1).max(200),
  fields: z.array(GroupField).max(100).optional(),
  carries_expected: z.boolean().optional(),
});

export const groupsList = query('groups.list', 'List service groups', z.object({ include_retired: z.boolean().optional() }), z.array(Group));
export const groupsGet = query('groups.get', 'One service group', z.object({ id: Id }), Group);
export const groupsCreate = mutation('groups.create', 'Create a service group', GroupCreate, Group);
export const groupsUpdate = mutation('groups.update', 'Change a service group', z.object({ id: Id, patch: GroupCreate.partial() }), Group);
export const groupsRetire = mutation('groups.retire', 'Retire a service group (its services keep it)', z.object({ id: Id }), Group);

/** Paging shared by the searches. */
const Page = {
  limit: z.number().int().positive().max(1000).optional(),
  offset: z.number().int().nonnegative().optional(),
};

export const CustomerHit = z.object({
  id: Id,
  name: z.string(),
  code: z.string().nullable(),
  stage: z.string(),
  notes: z.string().nullable(),
  retired_at: z.string().nullable(),
  locations: z.number().int(),
  accounts: z.number().int(),
  services: z.number().int(),
});

export const customersSearch = query(
  'customers.search',
  'Find customers by name or code (paged), with their number of locations, accounts and services',
  z.object({ text: z.string().max(200).optional(), stage: z.string().max(100).optional(), include_retired: z.boolean().optional(), ...Page }),
  z.object({ rows: z.array(CustomerHit), total: z.number().int() }),
);

export const customerStages = query('customers.stages', 'The stages a customer may have', z.object({}), z.array(z.string()));

export const CarrierHit = z.object({
  id: Id,
  name: z.string(),
  account_rep_contact: z.string().nullable(),
  dispute_contact: z.string().nullable(),
  bill_day: z.number().int().nullable(),
  dispute_window_days: z.number().int().nullable(),
  notes: z.string().nullable(),
  retired_at: z.string().nullable(),
  accounts: z.number().int(),
  services: z.number().int(),
});

export const carriersSearch = query(
  'carriers.search',
  'Find carriers by name (paged), with their number of accounts and services',
  z.object({ text: z.string().max(200).optional(), include_retired: z.boolean().optional(), ...Page }),
  z.object({ rows: z.array(CarrierHit), total: z.number().int() }),
);

/** One row of the inventory list: a service with the names around it. */
export const InventoryRow = z.object({
  id: Id,
  description: z.string(),
  circuit_id: z.string().nullable(),
  status: ServiceStatus,
  install_date: z.string().nullable(),
  disconnect_date: z.string().nullable(),
  monthly_cents: TotalCents,
  group_id: Id.nullable(),
  group: z.string().nullable(),
  carrier_id: Id,
  carrier: z.string(),
  billing_account_id: Id,
  account: z.string(),
  customer_id: Id.nullable(),
  customer: z.string().nullable(),
  location_id: Id.nullable(),
  location: z.string().nullable(),
  /** a code of drop-down table service_type (it may have been retired since) */
  service_type: z.string().nullable(),
  retired_at: z.string().nullable(),
});
export type InventoryRow = z.infer<typeof InventoryRow>;

export const InventorySort = z.enum(['customer', 'location', 'carrier', 'account', 'description', 'circuit_id', 'group', 'status', 'monthly_cents', 'install_date', 'disconnect_date']);

export const servicesSearch = query(
  'services.search',
  'The inventory list: services filtered by customer, carrier, group, status and text, sorted and paged',
  z.object({
    customer_id: Id.optional(),
    location_id: Id.optional(),
    carrier_id: Id.optional(),
    group_id: Id.optional(),
    billing_account_id: Id.optional(),
    status: z.array(ServiceStatus).optional(),
    /** only services of this drop-down code of table service_type (retired codes too) */
    service_type: z.string().max(100).optional(),
    /** matches description, circuit id, account number, customer, customer code and carrier names */
    text: z.string().max(200).optional(),
    include_retired: z.boolean().optional(),
    /** only services whose own, customer's, location's or contract's user-defined field `key` matches `contains`
     *  (text, list and date: part of the value, any case; number: equal; money: the amount, company locale) */
    udf: z
      .object({ entity: z.enum(['services', 'customers', 'locations', 'contracts']), key: z.string().max(50), contains: z.string().min(1, 'a field filter needs a value').max(500) })
      .optional(),
    sort: InventorySort.optional(),
    dir: z.enum(['asc', 'desc']).optional(),
    limit: z.number().int().positive().max(5000).optional(),
    offset: z.number().int().nonnegative().optional(),
  }),
  z.object({ rows: z.array(InventoryRow), total: z.number().int(), monthly_cents: TotalCents }),
);

export const servicesBulkUpdate = mutation(
  'services.bulkUpdate',
  'Change carrier account, status or monthly charge of many services in one transaction (one undo step)',
  z.object({
    ids: z.array(Id).min(1).max(200_000),
    patch: z.object({
      /** move the services to this billing account (and so to its carrier) */
      billing_account_id: Id.optional(),
      status: ServiceStatus.optional(),
      /** required when status is disconnected, unless the service has one already */
      disconnect_date: CalendarDate.nullable().optional(),
      /** cents, or text parsed with `locale` */
      monthly: AmountInput.optional(),
      /** an active code of drop-down table service_type; null clears it */
      service_type: z.string().max(100).nullable().optional(),
    }),
    locale: Locale.optional(),
  }),
  z.object({ batch_id: z.string(), changed: z.number().int() }),
);

// ---- contracts: expectations and ending soon

export const OneOff = z.object({ month: Month, amount_cents: TotalCents, note: z.string().nullable() });
export const Step = z.object({ id: Id, from_month: Month, amount_cents: TotalCents, note: z.string().nullable(), retired_at: z.string().nullable() });

export const expectedList = query(
  'expected.list',
  "One account's one-off expectations (added in one month) and price steps (added every month from a month on)",
  z.object({ account_id: Id }),
  z.object({ once: z.array(OneOff), steps: z.array(Step) }),
);

export const expectedSetStep = mutation(
  'expected.setStep',
  'Set (or remove with null) a price step: an amount added to the expected bill every month from from_month on',
  z.object({ account_id: Id, from_month: Month, amount_cents: Cents.nullable(), note: z.string().max(1000).nullable().optional() }),
  z.object({ batch_id: z.string(), steps: z.array(Step) }),
);

export const EndingContract = z.object({
  id: Id,
  customer_id: Id.nullable(),
  customer: z.string().nullable(),
  carrier_id: Id,
  carrier: z.string(),
  billing_account_id: Id,
  account: z.string(),
  start_date: z.string().nullable(),
  end_date: z.string(),
  auto_renew: z.boolean(),
  expected_source: z.enum(['services', 'entered']),
  expected_cents: TotalCents.nullable(),
  days_left: z.number().int(),
});

export const contractsEnding = query(
  'contracts.ending',
  'Contracts (not retired) whose end date falls within the next N days (default 60), soonest first',
  z.object({ days: z.number().int().min(0).max(3650).optional(), as_of: CalendarDate.optional(), limit: z.number().int().positive().max(5000).optional() }),
  z.array(EndingContract),
);

// ---- the customer tree

export const TreeMonth = z.object({
  month: Month,
  expected_cents: TotalCents.nullable(),
  actual_cents: TotalCents.nullable(),
  status: BillStatus.nullable(),
});

export const TreeService = InventoryRow.omit({ customer: true, customer_id: true }).extend({ fields: z.record(z.string(), z.union([z.string(), z.number(), z.null()])) });

export const TreeContract = contracts.get.output.pick({
  id: true,
  start_date: true,
  end_date: true,
  auto_renew: true,
  expected_source: true,
  expected_cents: true,
  tolerance_pct_bp: true,
  tolerance_amount_cents: true,
  tolerance_mode: true,
  retired_at: true,
});

export const TreeAccount = z.object({
  id: Id,
  account_number: z.string(),
  carrier_id: Id,
  carrier: z.string(),
  carrier_retired: z.boolean(),
  location_id: Id.nullable(),
  start_month: z.string().nullable(),
  end_month: z.string().nullable(),
  retired_at: z.string().nullable(),
  services: z.array(TreeService),
  contracts: z.array(TreeContract),
  /** oldest first, ending with through_month */
  months: z.array(TreeMonth),
});

export const customerTree = query(
  'customers.tree',
  'A customer with its locations, billing accounts, services and contracts, and each account\'s last months',
  z.object({ customer_id: Id, months: z.number().int().min(1).max(24).optional(), through_month: Month.optional(), include_retired: z.boolean().optional() }),
  z.object({
    customer: z.object({ id: Id, name: z.string(), code: z.string().nullable(), stage: z.string(), notes: z.string().nullable(), retired_at: z.string().nullable() }),
    locations: z.array(
      z.object({ id: Id, name: z.string(), address: z.string().nullable(), is_main: z.boolean(), retired_at: z.string().nullable(), accounts: z.array(TreeAccount) }),
    ),
    /** accounts of the customer that name no location */
    other_accounts: z.array(TreeAccount),
    months: z.array(Month),
  }),
);

// Administration: company profile, users, security groups, widget groups, drop-down tables, user-defined
// fields and company news.
import { z } from 'zod';
import { query, mutation } from '../define.ts';
import { Id, CalendarDate, Locale, Stamps, Retired, ByIdInput } from './common.ts';
import { UserName, Password, Grants } from './auth.ts';
import { MODULES, PERMISSIONS, PRODUCT_MODULES } from '../../core/permissions.ts';
import { Setting } from './settings.ts';

const Text = (max = 300) => z.string().trim().max(max);
const Module = z.enum(MODULES);
const ProductModule = z.enum(PRODUCT_MODULES);
const Bytes = z.custom<Uint8Array>((v) => v instanceof Uint8Array, { message: 'must be the bytes of an image' });

// ---- company profile
export const Company = z.object({
  id: Id.nullable(),
  name: z.string(),
  address: z.string().nullable(),
  billing_contact: z.string().nullable(),
  billing_email: z.string().nullable(),
  currency: z.string(),
  locale: Locale,
  modules: z.array(ProductModule),
  logo: Bytes.nullable(),
  logo_type: z.string().nullable(),
});

export const companyGet = query('company.get', 'The company profile', z.object({}), Company);
export const companySave = mutation(
  'company.save',
  'Change the company profile (name, address, billing contact, currency, locale, logo, modules used)',
  z.object({
    name: Text().min(1, 'the company needs a name').optional(),
    address: Text(2000).nullable().optional(),
    billing_contact: Text().nullable().optional(),
    billing_email: Text().nullable().optional(),
    currency: z.string().regex(/^[A-Z]{3}$/, 'a currency is a three-letter code like USD').optional(),
    locale: Locale.optional(),
    modules: z.array(ProductModule).min(1, 'the company uses at least one module').optional(),
    logo: Bytes.refine((b) => b.length <= 1024 * 1024, 'a logo is at most 1 MB').nullable().optional(),
    logo_type: z.enum(['image/png', 'image/jpeg', 'image/svg+xml', 'image/gif', 'image/webp']).nullable().optional(),
  }),
  Company,
);

// ---- users
export const User = z.object({
  id: Id,
  name: z.string(),
  full_name: z.string().nullable(),
  email: z.string().nullable(),
  kind: z.enum(['staff', 'client']),
  active: z.boolean(),
  owner: z.boolean(),
  admin: z.boolean(),
  manager: z.boolean(),
  reports_to: Id.nullable(),
  modules: z.array(z.string()),
  group_ids: z.array(Id),
  widget_group_ids: z.array(Id),
  customer_ids: z.array(Id),
  locked_until: z.string().nullable(),
  grants: Grants,
  ...Stamps,
});

const UserFields = {
  full_name: Text().nullable().optional(),
  email: Text().nullable().optional(),
  active: z.boolean().optional(),
  admin: z.boolean().optional(),
  manager: z.boolean().optional(),
  reports_to: Id.nullable().optional(),
  group_ids: z.array(Id).max(200).optional(),
  widget_group_ids: z.array(Id).max(200).optional(),
  customer_ids: z.array(Id).max(1000).optional(),
};

export const usersList = query('users.list', 'Every user, staff and client logins', z.object({ include_inactive: z.boolean().optional() }), z.array(User));
export const usersGet = query('users.get', 'One user', ByIdInput, User);
export const usersCreate = mutation(
  'users.create',
  'Add a user (staff, or a client login bound to customers). Modules are seats: assigning any needs confirm: true',
  z.object({
    name: UserName,
    password: Password,
    kind: z.enum(['staff', 'client']).optional(),
    modules: z.array(ProductModule).optional(),
    confirm: z.boolean().optional(),
    ...UserFields,
  }),
  User,
);
export const usersUpdate = mutation('users.update', "Change a user's details, groups, manager, customers", z.object({ id: Id, patch: z.object(UserFields) }), User);
export const usersSetModules = mutation(
  'users.setModules',
  "Set the modules assigned to a user (paid seats): adding one needs confirm: true; the change is in the audit trail",
  z.object({ id: Id, modules: z.array(ProductModule), confirm: z.boolean().optional() }),
  User,
);
export const usersResetPassword = mutation(
  'users.resetPassword',
  "Set a new password for a user, unlock the account and end the user's sessions",
  z.object({ id: Id, password: Password }),
  z.object({ reset: z.boolean() }),
);

// ---- security groups
export const Group = z.object({ id: Id, module: Module, name: z.string(), permissions: z.array(z.enum(PERMISSIONS)), member_ids: z.array(Id), ...Retired, ...Stamps });
export const groupsList = query('securityGroups.list', 'Security groups with their permissions and members', z.object({ include_retired: z.boolean().optional() }), z.array(Group));
export const groupsSave = mutation(
  'securityGroups.save',
  'Create (no id) or change a security group: a module and a set of permissions',
  z.object({ id: Id.optional(), module: Module, name: Text().min(1, 'a group needs a name'), permissions: z.array(z.enum(PERMISSIONS)) }),
  Group,
);
export const groupsRetire = mutation('securityGroups.retire', 'Retire a security group: its members lose its permissions', ByIdInput, Group);

// ---- widget groups
export const WidgetGroup = z.object({ id: Id, name: z.string(), widget_ids: z.array(z.string()), member_ids: z.array(Id), ...Retired, ...Stamps });
export const widgetGroupsList = query('widgetGroups.list', 'Widget groups: which home-screen widgets their members see', z.object({ include_retired: z.boolean().optional() }), z.array(WidgetGroup));
export const widgetGroupsSave = mutation(
  'widgetGroups.save',
  'Create (no id) or change a widget group',
  z.object({ id: Id.optional(), name: Text().min(1, 'a widget group needs a name'), widget_ids: z.array(z.string().max(100)) }),
  WidgetGroup,
);
export const widgetGroupsRetire = mutation('widgetGroups.retire', 'Retire a widget group', ByIdInput, WidgetGroup);
export const widgetsMine = query('widgets.mine', 'The home-screen widgets the signed-in user may see', z.object({}), z.object({ ids: z.array(z.string()) }));

// ---- drop-down tables
export const LookupList = z.object({ list: z.string(), title: z.string(), used_for: z.string() });
export const Lookup = z.object({ id: Id, list: z.string(), code: z.string(), label: z.string(), sort_order: z.number().int(), active: z.boolean(), ...Stamps });
export const lookupsLists = query('lookups.lists', 'The drop-down tables there are', z.object({}), z.array(LookupList));
export const lookupsList = query(
  'lookups.list',
  'The values of drop-down tables, in order (retired values only with include_inactive)',
  z.object({ list: z.string().max(100).optional(), include_inactive: z.boolean().optional() }),
  z.array(Lookup),
);
export const lookupsSave = mutation(
  'lookups.save',
  'Add (no id) or change a drop-down value; active: false retires it (records that hold it keep it)',
  z.object({
    id: Id.optional(),
    list: z.string().max(100),
    code: Text(100).min(1, 'a value needs a code').optional(),
    label: Text().min(1, 'a value needs a label'),
    sort_order: z.number().int().min(0).max(1_000_000).optional(),
    active: z.boolean().optional(),
  }),
  Lookup,
);

// ---- user-defined fields
export const UDF_ENTITIES = ['customers', 'locations', 'services', 'contracts', 'tickets'] as const;
const Entity = z.enum(UDF_ENTITIES);
export const UdfType = z.enum(['text', 'number', 'money', 'date', 'list']);
export const UdfDef = z.object({
  id: Id,
  entity: Entity,
  key: z.string(),
  label: z.string(),
  type: UdfType,
  options: z.array(z.string()),
  sort_order: z.number().int(),
  active: z.boolean(),
  ...Stamps,
});
/** A stored value: text for text/list/date, a number for number, integer cents for money. */
export const UdfValue = z.union([z.string(), z.number(), z.null()]);
export const udfDefs = query('udf.defs', 'User-defined field definitions', z.object({ entity: Entity.optional(), include_inactive: z.boolean().optional() }), z.array(UdfDef));
export const udfSaveDef = mutation(
  'udf.saveDef',
  'Add (no id) or change a user-defined field; active: false hides it (values are kept)',
  z.object({
    id: Id.optional(),
    entity: Entity,
    key: z.string().regex(/^[a-z][a-z0-9_]{0,49}$/, 'a field key is lowercase letters, digits and _ (it names the export column)').optional(),
    label: Text().min(1, 'a field needs a label'),
    type: UdfType,
    options: z.array(Text(200).min(1)).max(500).optional(),
    sort_order: z.number().int().min(0).max(1_000_000).optional(),
    active: z.boolean().optional(),
  }),
  UdfDef,
);
export const udfGet = query('udf.get', "One record's user-defined field values, by field key", z.object({ entity: Entity, record_id: Id }), z.object({ values: z.record(z.string(), UdfValue) }));
export const udfList = query(
  'udf.list',
  "Many records' user-defined field values (for optional grid and list columns)",
  z.object({
    entity: Entity,
    record_ids: z.array(Id).max(100_000).optional(),
    /** Only records whose field `key` holds text containing `contains` (any case), or equal to it for numbers and money (cents). */
    filter: z.object({ key: z.string().max(50), contains: z.string().max(500) }).optional(),
  }),
  z.object({ rows: z.array(z.object({ record_id: Id, values: z.record(z.string(), UdfValue) })) }),
);
export const udfAccounts = query(
  'udf.accounts',
  "The user-defined field values of billing accounts' customers and locations, in one call (the month grid's optional columns)",
  z.object({ account_ids: z.array(Id).max(200_000) }),
  z.object({
    rows: z.array(z.object({ account_id: Id, customer: z.record(z.string(), UdfValue).nullable(), location: z.record(z.string(), UdfValue).nullable() })),
  }),
);
export const udfSet = mutation(
  'udf.set',
  "Set a record's user-defined field values (as typed: amounts with the company locale, dates YYYY-MM-DD); all are checked, none saved if one is bad",
  z.object({ entity: Entity, record_id: Id, values: z.record(z.string().max(50), z.union([z.string().max(10_000), z.number(), z.null()])), locale: Locale.optional() }),
  z.object({ values: z.record(z.string(), UdfValue), changed: z.number().int() }),
);

// ---- company news
export const NewsItem = z.object({ id: Id, title: z.string(), body: z.string(), starts_on: CalendarDate.nullable(), ends_on: CalendarDate.nullable(), ...Retired, ...Stamps });
export const newsCurrent = query(
  'news.current',
  "Company news for the home screen: items whose date range includes today",
  z.object({ today: CalendarDate.optional() }),
  z.object({ items: z.array(NewsItem) }),
);
export const newsList = query('news.list', 'All company news items', z.object({ include_retired: z.boolean().optional() }), z.array(NewsItem));
export const newsSave = mutation(
  'news.save',
  'Add (no id) or change a news item with an optional date range',
  z.object({ id: Id.optional(), title: Text().min(1, 'a news item needs a title'), body: Text(20_000).optional(), starts_on: CalendarDate.nullable().optional(), ends_on: CalendarDate.nullable().optional() }),
  NewsItem,
);
export const newsRetire = mutation('news.retire', 'Take a news item down', ByIdInput, NewsItem);

// ---- what the administration screens need from other areas, at the administrator's own access
/** A customer as the client-login picker shows it: the code tells apart customers of the same name. */
export const CustomerChoice = z.object({ id: Id, name: z.string(), code: z.string().nullable(), retired: z.boolean() });
export const adminCustomerChoices = query(
  'admin.customerChoices',
  'Customers to bind a client login to: a page of those whose name or code contains the search, and any asked for by id (the ones already chosen)',
  z.object({
    search: z.string().max(200).optional(),
    /** Also return these customers (the login's chosen ones), whatever the search. */
    ids: z.array(Id).max(1000).optional(),
    limit: z.number().int().min(1).max(200).optional(),
    offset: z.number().int().min(0).optional(),
  }),
  z.object({ rows: z.array(CustomerChoice), total: z.number().int(), chosen: z.array(CustomerChoice) }),
);
export const adminSettings = query(
  'admin.settings',
  'The installation settings that administration owns (sign-in: auth.idle_minutes), with their defaults',
  z.object({}),
  z.object({ settings: z.array(Setting) }),
);
export const adminSaveSettings = mutation(
  'admin.saveSettings',
  'Change settings that administration owns; every value is checked and either all are saved or none; null restores the default',
  z.object({ values: z.record(z.string().max(200), z.union([z.number(), z.boolean(), z.string()]).nullable()) }),
  z.object({ batch_id: z.string(), changed: z.number().int(), settings: z.array(Setting) }),
);

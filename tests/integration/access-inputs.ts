// Minimal valid inputs for every read (query) method, used by the client-scope test: each is called by a client
// login of customer A, with A's ids and with Z's ids, and no row of Z may come back. A query method missing
// here fails that test, so a new read method cannot slip through unchecked: add one line for it.
import { REPORT_IDS } from '../../api/contract/reports.ts';

export interface Side {
  customer: string;
  location: string;
  carrier: string;
  account: string;
  service: string;
  contract: string;
  ticket: string;
  attachment: string;
  /** the side's carrier bill profile, its import run (month 2026-04) and the bill it brought */
  profile: string;
  run: string;
  bill: string;
}
export interface Seed {
  A: Side;
  Z: Side;
  month: string;
  /** company-wide records a client may or may not see: a staff user, a service group, a book import job */
  user: string;
  group: string;
  job: string;
}

type Inputs = (s: Seed) => unknown[];
/** The same input with A's and with Z's ids. */
const both = (f: (x: Side, s: Seed) => unknown): Inputs => (s) => [f(s.A, s), f(s.Z, s)];
const one = (...inputs: unknown[]): Inputs => () => inputs;

const REPORT_INPUT: Record<(typeof REPORT_IDS)[number], (s: Seed) => Record<string, unknown>> = {
  discrepancies: (s) => ({ month: s.month }),
  monthByCustomer: (s) => ({ month: s.month }),
  monthByCarrier: (s) => ({ month: s.month }),
  okToPay: (s) => ({ month: s.month }),
  ticketAgeing: () => ({ as_of: '2026-06-30' }),
  credits: () => ({ from: '2026-01', to: '2026-12' }),
  missingBills: (s) => ({ month: s.month }),
  contractsEnding: () => ({ from: '2026-01-01', days: 3650 }),
};

export const SCOPE_INPUTS: Record<string, Inputs> = {
  'customers.list': one({}, { include_retired: true }, { search: 'Zulu' }),
  'customers.get': both((x) => ({ id: x.customer })),
  'locations.list': (s) => [{}, { customer_id: s.Z.customer }],
  'locations.get': both((x) => ({ id: x.location })),
  'carriers.list': one({}, { search: 'comm' }),
  'carriers.get': both((x) => ({ id: x.carrier })),
  'accounts.list': (s) => [{}, { customer_id: s.Z.customer }, { carrier_id: s.Z.carrier }, { search: 'ACC' }],
  'accounts.get': both((x) => ({ id: x.account })),
  'services.list': (s) => [{}, { billing_account_id: s.Z.account }],
  'services.get': both((x) => ({ id: x.service })),
  'contracts.list': (s) => [{}, { billing_account_id: s.Z.account }],
  'contracts.get': both((x) => ({ id: x.contract })),
  'month.check': (s) => [{ month: s.month }, { month: s.month, customer_id: s.Z.customer }],
  'audit.list': (s) => [{}, { limit: 10000 }, { table_name: 'customers', record_id: s.Z.customer }, { ticket_id: s.Z.ticket }, { account_id: s.Z.account }],
  'audit.actors': one({}),
  'audit.export': (s) => [{ format: 'csv' }, { format: 'csv', account_id: s.Z.account }],
  'tickets.get': both((x) => ({ id: x.ticket })),
  'tickets.list': (s) => [{}, { include_retired: true }, { customer_id: s.Z.customer }, { account_id: s.Z.account }],
  'tickets.forMonth': (s) => [{ month: s.month }],
  'approvals.register': (s) => [{ month: s.month }],
  'approvals.export': (s) => [{ month: s.month, format: 'csv' }],
  'history.account': both((x, s) => ({ account_id: x.account, to: s.month })),
  'history.rollup': (s) => [
    { by: 'customer', from: '2026-01', to: s.month },
    { by: 'carrier', from: '2026-01', to: s.month },
    { by: 'customer', from: '2026-01', to: s.month, customer_id: s.Z.customer },
  ],
  'history.findAccounts': (s) => [{ search: 'ACC' }, { search: 'Zulu' }, { search: 'ACC', customer_id: s.Z.customer }],
  'attachments.list': both((x) => ({ ticket_id: x.ticket })),
  'attachments.download': both((x) => ({ id: x.attachment })),
  'alerts.list': one({}, { as_of: '2026-06-30', recent_days: 90 }),
  // sign-in and administration
  'auth.status': one({}),
  'auth.me': one({}),
  'company.get': one({}),
  'users.list': one({}),
  'users.get': (s) => [{ id: s.user }],
  'securityGroups.list': one({}),
  'widgetGroups.list': one({}),
  'widgets.mine': one({}),
  'lookups.lists': one({}),
  'lookups.list': one({}),
  'udf.defs': one({}),
  'udf.get': both((x) => ({ entity: 'customers', record_id: x.customer })),
  'udf.list': (s) => [{ entity: 'customers' }, { entity: 'customers', record_ids: [s.A.customer, s.Z.customer] }, { entity: 'tickets' }],
  'udf.accounts': (s) => [{ account_ids: [s.A.account, s.Z.account] }],
  'news.current': one({}),
  'news.list': one({}),
  'admin.customerChoices': (s) => [{}, { search: 'Zulu' }, { ids: [s.A.customer, s.Z.customer] }],
  'admin.settings': one({}),
  'tickets.assignees': one({}),
  // inventory
  'customers.search': one({}, { text: 'Zulu' }),
  'customers.stages': one({}),
  'customers.tree': both((x) => ({ customer_id: x.customer })),
  'carriers.search': one({}, { text: 'Zulu' }),
  'groups.list': one({}),
  'groups.get': (s) => [{ id: s.group }],
  'services.search': (s) => [{}, { text: 'Zulu' }, { customer_id: s.Z.customer }, { billing_account_id: s.Z.account }],
  'expected.list': both((x) => ({ account_id: x.account })),
  'contracts.ending': one({ days: 3650, as_of: '2026-01-01' }),
  'book.preview': one({ file_name: 'b.csv', data: new TextEncoder().encode('customer,carrier,account,expected\r\nX,Y,Z,1\r\n') }),
  'book.mapping': one({ headers: ['customer', 'carrier'] }),
  'book.profiles': one({}),
  'import.progress': (s) => [{ job_id: s.job }],
  'export.book': (s) => [{ format: 'csv' }, { format: 'csv', customer_id: s.Z.customer }],
  'settings.get': one({}),
  // carrier bills
  'billProfiles.list': one({}),
  'billProfiles.get': both((x) => ({ id: x.profile })),
  'bills.preview': one({ profile: 'x', file_name: 'b.csv', data: new TextEncoder().encode('a\r\n') }),
  'bills.importRun': both((x) => ({ run_id: x.run })),
  'bills.list': (s) => [{}, { month: '2026-04' }, { account_id: s.A.account }, { account_id: s.Z.account }],
  'bills.compare': both((x) => ({ bill_id: x.bill })),
  'bills.flags': (s) => [{ month: '2026-04' }, { month: '2026-04', account_ids: [s.A.account, s.Z.account] }, { month: s.month }],
  // reports
  'reports.discrepancies': (s) => [{ month: s.month }, { month: s.month, customer_id: s.Z.customer }, { month: s.month, customer: 'Zulu Schools' }],
  'reports.monthByCustomer': (s) => [{ month: s.month }],
  'reports.monthByCarrier': (s) => [{ month: s.month }],
  'reports.okToPay': (s) => [{ month: s.month }],
  'reports.ticketAgeing': (s) => [{ as_of: '2026-06-30' }, { as_of: '2026-06-30', customer_id: s.Z.customer }],
  'reports.credits': (s) => [{ from: '2026-01', to: '2026-12' }, { from: '2026-01', to: '2026-12', customer_id: s.Z.customer }],
  'reports.missingBills': (s) => [{ month: s.month }, { month: '2026-04' }, { month: '2026-05' }],
  'reports.contractsEnding': one({ from: '2026-01-01', days: 3650 }),
  'reports.export': (s) => REPORT_IDS.map((report) => ({ report, format: 'csv', input: REPORT_INPUT[report](s) })),
  'reports.shareWithCarriers': (s) => [{ month: s.month, format: 'csv' }],
  'reports.dashboard': (s) => [{ month: s.month, today: '2026-04-15' }],
  'reports.monthSeries': (s) => [{ month: s.month, months: 3 }],
  // sync
  'sync.info': one({}),
  'sync.pull': one({ node: '0000000000000000', after: 0, limit: 10000 }),
  'sync.status': one({}),
  'sync.notApplied': one({ limit: 1000 }),
};

// A generated book of business for benchmarks: customers with their locations, carriers, billing accounts with
// their services, and an actual bill amount for any account and month. Deterministic for a given seed and size,
// and free of Node-only imports so browser benchmarks can reuse it.
import { addMonthsToMonth, monthStart, monthEnd } from '../../core/months.ts';

/** mulberry32: a small, fast, seedable PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A stateless hash of a few integers to a float in [0, 1): random access to "random" values (amounts per month). */
export function hash01(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const p of parts) {
    h = Math.imul(h ^ (p >>> 0), 0x01000193);
    h ^= h >>> 13;
    h = Math.imul(h, 0x5bd1e995);
    h ^= h >>> 15;
  }
  return (h >>> 0) / 4294967296;
}

export interface BookOptions {
  /** billing accounts (default 50,000) */
  accounts?: number;
  /** customers (default accounts / 10, i.e. 5,000 at default size) */
  customers?: number;
  /** carriers (default accounts / 250, i.e. 200 at default size) */
  carriers?: number;
  /** months of history (default 24) */
  months?: number;
  /** first month of history (default 2024-01) */
  firstMonth?: string;
  seed?: number;
}

export interface GenService {
  description: string;
  cents: number;
}

export interface GenCustomer {
  name: string;
  /** location names, unique within the customer; the first is "Main" */
  locations: string[];
}

export interface GenAccount {
  customer: number;
  location: number;
  carrier: number;
  number: string;
  /** first / last month billed (YYYY-MM), or null for open-ended */
  start: string | null;
  end: string | null;
  /** tolerance as written in the book ('' = use the import's default) */
  tolerancePct: string;
  /** the same, parsed to basis points (null = default) */
  toleranceBp: number | null;
  services: GenService[];
  /** sum of the services: the expected bill */
  expectedCents: number;
}

export interface Book {
  seed: number;
  customers: GenCustomer[];
  carriers: string[];
  /** in book order: grouped by customer, then location */
  accounts: GenAccount[];
  /** the months of history, oldest first */
  months: string[];
  serviceCount: number;
}

const ADJ = ['Blue', 'North', 'Summit', 'Pioneer', 'Granite', 'Coastal', 'Evergreen', 'Liberty', 'Silver', 'Prairie', 'Harbor', 'Crescent', 'Redwood', 'Atlas', 'Beacon', 'Cedar'];
const NOUN = ['Logistics', 'Dental', 'Foods', 'Realty', 'Clinics', 'Builders', 'Motors', 'Partners', 'Supply', 'Health', 'Legal', 'Farms', 'Hotels', 'Schools', 'Retail', 'Energy'];
const FORM = ['Inc', 'LLC', 'Group', 'Co', 'Corp', 'Holdings'];
const CITIES = ['Austin', 'Denver', 'Tulsa', 'Omaha', 'Reno', 'Boise', 'Fresno', 'Mesa', 'Tampa', 'Dayton', 'Akron', 'Provo', 'Salem', 'Eugene', 'Macon', 'Plano'];
const CARRIER_A = ['Lumen', 'Spectrum', 'Windstream', 'Frontier', 'Cogent', 'Zayo', 'Granite', 'Comcast', 'Cox', 'Verizon', 'AT&T', 'T-Mobile', 'Consolidated', 'Brightspeed', 'Crown', 'Astound'];
const CARRIER_B = ['Business', 'Fiber', 'Wireless', 'Enterprise', 'Voice', 'Networks', 'Telecom', 'Cable'];
const SERVICES = ['Internet 100M', 'Internet 1G', 'DIA 500M', 'SIP trunk', 'POTS line', 'PRI', 'MPLS port', 'SD-WAN', 'Wireless line', 'Hosted PBX seat', 'Toll-free', 'Static IP block', 'Colocation', 'Backup LTE'];
const TOLERANCES: [string, number | null][] = [['', null], ['', null], ['', null], ['2', 200], ['5', 500], ['2.5', 250], ['10%', 1000]];

const pick = <T>(rng: () => number, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
const int = (rng: () => number, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));

/** Generates the book. The default is the benchmark's full size: 50,000 accounts, ~150,000 services. */
export function generateBook(opts: BookOptions = {}): Book {
  const seed = opts.seed ?? 20260101;
  const nAccounts = Math.max(1, Math.round(opts.accounts ?? 50_000));
  const nCustomers = Math.max(1, Math.min(nAccounts, Math.round(opts.customers ?? nAccounts / 10)));
  const nCarriers = Math.max(1, Math.min(nAccounts, Math.round(opts.carriers ?? nAccounts / 250)));
  const firstMonth = opts.firstMonth ?? '2024-01';
  const months = Array.from({ length: opts.months ?? 24 }, (_, i) => addMonthsToMonth(firstMonth, i));
  const rng = mulberry32(seed);

  const customers: GenCustomer[] = [];
  for (let c = 0; c < nCustomers; c++) {
    const locations = ['Main'];
    const n = int(rng, 1, 3);
    while (locations.length < n) {
      const name = `${pick(rng, CITIES)} ${pick(rng, ['Office', 'Branch', 'Plant', 'Store', 'Clinic'])}`;
      if (!locations.includes(name)) locations.push(name);
    }
    customers.push({ name: `${pick(rng, ADJ)} ${pick(rng, NOUN)} ${pick(rng, FORM)} ${String(c + 1).padStart(5, '0')}`, locations });
  }
  const carriers = Array.from({ length: nCarriers }, (_, k) => `${pick(rng, CARRIER_A)} ${pick(rng, CARRIER_B)} ${k + 1}`);

  // Every customer, location and carrier is used by at least one account, so the import creates all of them.
  const perCustomer = new Array<number>(nCustomers).fill(0);
  const accounts: GenAccount[] = [];
  for (let i = 0; i < nAccounts; i++) {
    const customer = i < nCustomers ? i : Math.floor(rng() * nCustomers);
    const locs = customers[customer]!.locations.length;
    const k = perCustomer[customer]!++;
    const location = k < locs ? k : Math.floor(rng() * locs);
    const carrier = i < nCarriers ? i : Math.floor(rng() * nCarriers);
    // Account numbers: unique, some with leading zeros (they must survive the import as text).
    const number = `${rng() < 0.2 ? '0' : ''}${int(rng, 100, 999)}-${String(i + 1).padStart(7, '0')}-${int(rng, 10, 99)}`;
    const r = rng();
    const start = r < 0.08 ? months[int(rng, 1, months.length - 1)]! : null;
    const end = r > 0.96 ? months[int(rng, 0, months.length - 2)]! : null;
    const [tolerancePct, toleranceBp] = pick(rng, TOLERANCES);
    const services: GenService[] = [];
    const nServices = int(rng, 1, 5); // 3 on average
    let expectedCents = 0;
    for (let s = 0; s < nServices; s++) {
      const cents = int(rng, 15, 2500) * 100 + (rng() < 0.7 ? 0 : int(rng, 1, 99));
      services.push({ description: pick(rng, SERVICES), cents });
      expectedCents += cents;
    }
    accounts.push({ customer, location, carrier, number, start, end, tolerancePct, toleranceBp, services, expectedCents });
  }
  // A customer with fewer accounts than locations keeps only the locations its accounts use (the first ones).
  customers.forEach((c, i) => c.locations.splice(Math.max(1, perCustomer[i]!)));
  // A book export is sorted by customer and location; the sort is stable, so the order stays deterministic.
  accounts.sort((a, b) => a.customer - b.customer || a.location - b.location);
  const serviceCount = accounts.reduce((n, a) => n + a.services.length, 0);
  return { seed, customers, carriers, accounts, months, serviceCount };
}

export const BOOK_HEADER = ['customer', 'location', 'carrier', 'account', 'service', 'expected', 'tolerance_pct', 'tolerance_amount', 'tolerance_mode', 'start', 'end'] as const;

/** Cents as plain decimal text: 123456 -> '1234.56'. */
export const centsText = (cents: number): string => {
  const sign = cents < 0 ? '-' : '';
  const a = Math.abs(cents);
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
};

/** Cents as a person types them in en-US: 123456 -> '1,234.56'. */
export const amountText = (cents: number): string => {
  const sign = cents < 0 ? '-' : '';
  const a = Math.abs(cents);
  return `${sign}${Math.floor(a / 100).toLocaleString('en-US')}.${String(a % 100).padStart(2, '0')}`;
};

/** The book as rows of the book layout (one row per service), header first. */
export function* bookRows(book: Book): Generator<string[]> {
  yield [...BOOK_HEADER];
  for (const a of book.accounts) {
    const cu = book.customers[a.customer]!;
    for (const s of a.services) {
      yield [cu.name, cu.locations[a.location]!, book.carriers[a.carrier]!, a.number, s.description, centsText(s.cents), a.tolerancePct, '', '', a.start ?? '', a.end ?? ''];
    }
  }
}

const csvCell = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** The book as CSV text (CRLF, as spreadsheets write it). */
export function bookCsv(book: Book): string {
  const lines: string[] = [];
  for (const row of bookRows(book)) lines.push(row.map(csvCell).join(','));
  return lines.join('\r\n') + '\r\n';
}

/** Whether an account bills in a month (its start and end, if any, include it). */
export const activeIn = (a: GenAccount, month: string) => (a.start === null || a.start <= month) && (a.end === null || a.end >= month);

/**
 * The actual bill of account `index` in month number `m` (0 = first month of history; later months continue the
 * series): null when no bill came (the account is not active then, or ~2% of bills are missing); otherwise the
 * expected bill, or for ~13% of bills the expected bill off by 1-25% either way.
 */
export function actualCents(book: Book, index: number, m: number): number | null {
  const a = book.accounts[index]!;
  const month = m < book.months.length ? book.months[m]! : addMonthsToMonth(book.months[0]!, m);
  if (!activeIn(a, month)) return null;
  const r = hash01(book.seed, index, m);
  if (r < 0.02) return null;
  if (r < 0.87) return a.expectedCents;
  const pct = 1 + Math.floor(hash01(book.seed, index, m, 1) * 25);
  const sign = hash01(book.seed, index, m, 2) < 0.6 ? 1 : -1;
  return Math.max(0, a.expectedCents + sign * Math.round((a.expectedCents * pct) / 100));
}

/** A bill amount for writes in any month: the actual, or the expected bill when none would have come. */
export const billCents = (book: Book, index: number, m: number): number => actualCents(book, index, m) ?? book.accounts[index]!.expectedCents;

/** The book pre-parsed into table rows (no ids), as a raw loader would insert them. */
export function bookTables(book: Book) {
  return {
    customers: book.customers.map((c) => ({ name: c.name, locations: c.locations })),
    carriers: book.carriers,
    accounts: book.accounts.map((a) => ({
      customer: a.customer,
      location: a.location,
      carrier: a.carrier,
      account_number: a.number,
      start_month: a.start,
      end_month: a.end,
      start_date: a.start ? monthStart(a.start) : null,
      end_date: a.end ? monthEnd(a.end) : null,
      tolerance_pct_bp: a.toleranceBp,
      services: a.services,
    })),
  };
}

// The audit flags of one month beyond the tolerance band: duplicate invoice, missing bill, trend, charges after
// a contract's end or on disconnected services, account not in the inventory, and lines that do not add up.
// Each rule is a pure function in core/audit-rules.ts with its setting; here a handful of set-based queries
// feed them, so a month of a 50,000-account book is answered without a query per account.
import { trendFlag, chargesAfterEnd, missingBill, type DisconnectedService } from '../../core/audit-rules.ts';
import { addMonthsToMonth, compareMonths, monthStart } from '../../core/months.ts';
import { centsToDecimalString } from '../../core/money.ts';
import type { Ctx } from '../context.ts';
import { stmt } from '../write.ts';
import { scopeClause } from '../scope.ts';
import { readSettings } from '../handlers/settings.ts';
import type { Flag } from '../contract/bills.ts';

interface AccountRow {
  id: string;
  account_number: string;
  carrier: string;
  bill_day: number | null;
  customer_id: string | null;
  in_book: number;
  retired_at: string | null;
  start_month: string | null;
  end_month: string | null;
  actual: number | null;
  previous: number | null;
}

export function monthFlags(ctx: Ctx, input: { month: string; as_of?: string; account_ids?: string[] }) {
  const { month } = input;
  const asOf = input.as_of ?? ctx.now().slice(0, 10);
  const s = readSettings(ctx);
  const scope = scopeClause(ctx, 'ba.customer_id');
  const only = input.account_ids ? { sql: 'AND ba.id IN (SELECT value FROM json_each(?))', params: [JSON.stringify(input.account_ids)] } : { sql: '', params: [] };
  // Driven from the accounts, so the actuals are read through their (account, month) index: no scan of the
  // whole history, however many months the book holds.
  const accounts = ctx.db.sqlite
    .prepare(
      `SELECT ba.id, ba.account_number, c.name carrier, c.bill_day, ba.customer_id, ba.in_book, ba.retired_at, ba.start_month, ba.end_month,
              a.amount_cents actual, p.amount_cents previous
         FROM billing_accounts ba JOIN carriers c ON c.id = ba.carrier_id
         LEFT JOIN actuals a ON a.billing_account_id = ba.id AND a.month = ?
         LEFT JOIN actuals p ON p.billing_account_id = ba.id AND p.month = ?
        WHERE ${scope.sql} ${only.sql}`,
    )
    .all(month, addMonthsToMonth(month, -1), ...scope.params, ...only.params) as AccountRow[];
  const wanted = new Set(accounts.map((a) => a.id));

  const actual = new Map<string, number>();
  for (const a of accounts) if (a.actual !== null) actual.set(a.id, a.actual);
  const flags = new Map<string, Flag[]>();
  const add = (id: string, f: Flag) => {
    const list = flags.get(id) ?? [];
    list.push(f);
    flags.set(id, list);
  };

  const bills = stmt(
    ctx,
    'SELECT id, billing_account_id a, invoice_number, total_cents, lines_cents, line_count, duplicate_reason, duplicate_of FROM bills WHERE month = ? AND retired_at IS NULL ORDER BY created_at',
  ).all(month) as { id: string; a: string; invoice_number: string | null; total_cents: number; lines_cents: number | null; line_count: number; duplicate_reason: string | null; duplicate_of: string | null }[];
  const billed = new Set<string>([...actual.keys()]);
  for (const b of bills) {
    if (!wanted.has(b.a)) continue;
    billed.add(b.a);
    if (b.duplicate_of && s['audit.duplicate.enabled']) add(b.a, { rule: 'duplicate', explanation: b.duplicate_reason ?? 'Duplicate invoice: not counted in the actual.' });
    if (b.lines_cents !== null && Math.abs(b.lines_cents - b.total_cents) > s['bills.lines_tolerance_cents']) {
      add(b.a, {
        rule: 'lines_mismatch',
        explanation: `Lines do not add up: the ${b.line_count} lines of invoice ${b.invoice_number ?? '(no number)'} come to ${centsToDecimalString(b.lines_cents)}, the invoice total is ${centsToDecimalString(b.total_cents)}.`,
      });
    }
  }

  for (const a of s['audit.not_in_inventory.enabled'] ? accounts : []) {
    if (!billed.has(a.id) || (a.in_book && a.customer_id && !a.retired_at)) continue;
    const why = a.retired_at
      ? `it was retired on ${a.retired_at.slice(0, 10)}`
      : 'it is not in the book of business (it was first seen on a bill); add it to a customer or check the bill';
    add(a.id, { rule: 'not_in_inventory', explanation: `Not in inventory: account ${a.account_number} of ${a.carrier} has a bill for ${month}, but ${why}.` });
  }

  if (s['audit.trend.enabled']) {
    const n = s['audit.trend.months'];
    const from = addMonthsToMonth(month, -s['audit.trend.lookback_months']);
    // The previous N months that have a bill (see trendSeries in core/audit-rules.ts for why), oldest first:
    // per billed account, the Nth bill back is found through the (account, month) index and everything from
    // it up to the month is read; an account with fewer than N bills yields nothing (no trend yet). CROSS JOIN
    // keeps SQLite's join order (accounts, then index seeks), instead of a scan of the whole history.
    const rows = stmt(
      ctx,
      `SELECT h.billing_account_id id, h.amount_cents c
         FROM billing_accounts ba
         CROSS JOIN actuals a ON a.billing_account_id = ba.id AND a.month = ? AND a.amount_cents IS NOT NULL
         CROSS JOIN actuals h ON h.billing_account_id = a.billing_account_id AND h.month < a.month AND h.amount_cents IS NOT NULL
          AND h.month >= (SELECT x.month FROM actuals x WHERE x.billing_account_id = a.billing_account_id AND x.month < a.month
                             AND x.month >= ? AND x.amount_cents IS NOT NULL ORDER BY x.month DESC LIMIT 1 OFFSET ?)
        ORDER BY h.billing_account_id, h.month`,
    ).all(month, from, n - 1) as { id: string; c: number }[];
    const history = new Map<string, number[]>();
    for (const r of rows) {
      if (!actual.has(r.id)) continue;
      const h = history.get(r.id) ?? [];
      h.push(r.c);
      history.set(r.id, h);
    }
    for (const [id, h] of history) {
      const f = trendFlag(h, actual.get(id)!, { months: n, pct: s['audit.trend.pct_bp'] / 100 });
      if (f) add(id, { rule: 'trend', explanation: f.explanation });
    }
  }

  if (s['audit.after_end.enabled']) {
    const grace = s['audit.after_end.grace_months'];
    const charged = new Set([...actual].filter(([, c]) => c !== 0).map(([id]) => id));
    // An account's contracts end when the last of them ends; one without an end date never ends.
    const ends = new Map<string, string | null>();
    for (const c of stmt(ctx, 'SELECT billing_account_id id, end_date FROM contracts WHERE retired_at IS NULL').all() as { id: string; end_date: string | null }[]) {
      if (!charged.has(c.id)) continue;
      const prev = ends.get(c.id);
      ends.set(c.id, prev === null || c.end_date === null ? null : prev === undefined || c.end_date > prev ? c.end_date : prev);
    }
    const services = new Map<string, { id: string; name: string; status: string; disconnect_date: string | null }[]>();
    for (const sv of stmt(
      ctx,
      "SELECT id, billing_account_id a, COALESCE(circuit_id, description) name, status, disconnect_date FROM services WHERE retired_at IS NULL",
    ).all() as { id: string; a: string; name: string; status: string; disconnect_date: string | null }[]) {
      if (!charged.has(sv.a)) continue;
      const list = services.get(sv.a) ?? [];
      list.push(sv);
      services.set(sv.a, list);
    }
    const billedServices = new Map<string, Set<string>>();
    for (const l of stmt(
      ctx,
      'SELECT b.billing_account_id a, l.service_id s FROM bill_lines l JOIN bills b ON b.id = l.bill_id WHERE b.month = ? AND b.retired_at IS NULL AND b.duplicate_of IS NULL AND l.service_id IS NOT NULL AND l.amount_cents <> 0',
    ).all(month) as { a: string; s: string }[]) {
      const set = billedServices.get(l.a) ?? new Set<string>();
      set.add(l.s);
      billedServices.set(l.a, set);
    }
    const withLines = new Set(bills.filter((b) => b.line_count > 0 && !b.duplicate_of).map((b) => b.a));
    for (const id of charged) {
      const list = services.get(id) ?? [];
      const gone = list.filter((x) => x.status === 'disconnected' && x.disconnect_date);
      // With lines, the disconnected services that are billed; without, only when every service is disconnected.
      let disconnected: DisconnectedService[] = [];
      if (withLines.has(id)) {
        const onBill = billedServices.get(id) ?? new Set();
        disconnected = gone.filter((x) => onBill.has(x.id)).map((x) => ({ service: x.name, disconnected_on: x.disconnect_date! }));
      } else if (list.length > 0 && gone.length === list.length) {
        disconnected = gone.map((x) => ({ service: x.name, disconnected_on: x.disconnect_date! }));
      }
      const f = chargesAfterEnd(ends.get(id) ?? null, disconnected, month, { graceMonths: grace });
      if (f) add(id, { rule: 'after_end', explanation: f.explanation });
    }
  }

  if (s['audit.missing.enabled']) {
    // Expected to bill: a contract in force or an active service with a charge, or a bill last month.
    const expected = new Set(
      (
        stmt(
          ctx,
          `SELECT billing_account_id id FROM contracts WHERE retired_at IS NULL AND (start_date IS NULL OR start_date <= ?) AND (end_date IS NULL OR end_date >= ?)
           UNION SELECT billing_account_id FROM services WHERE retired_at IS NULL AND status = 'active' AND monthly_cents <> 0`,
        ).all(`${month}-31`, monthStart(month)) as { id: string }[]
      ).map((r) => r.id),
    );
    for (const a of accounts) if (a.previous !== null) expected.add(a.id);
    for (const a of accounts) {
      if (billed.has(a.id) || !expected.has(a.id) || !a.in_book || !a.customer_id || a.retired_at) continue;
      if (a.start_month && compareMonths(month, a.start_month) < 0) continue;
      if (a.end_month && compareMonths(month, a.end_month) > 0) continue;
      const f = missingBill(month, a.bill_day ?? s['bills.default_bill_day'], s['bills.grace_days'], asOf, a.bill_day !== null);
      if (f) add(a.id, { rule: 'missing', explanation: f.explanation });
    }
  }

  const order: Flag['rule'][] = ['duplicate', 'missing', 'trend', 'after_end', 'not_in_inventory', 'lines_mismatch'];
  const out = accounts
    .filter((a) => flags.has(a.id))
    .map((a) => ({ account_id: a.id, flags: flags.get(a.id)!.sort((x, y) => order.indexOf(x.rule) - order.indexOf(y.rule)) }));
  return { month, as_of: asOf, accounts: out };
}

// Audit entries name records by table and id; people need words. This names the records of the bill workflow
// and the book ("Ticket 3", "Acme Telecom account 007321, 2026-03", "Customer Springfield Schools") in a few
// grouped queries per page of entries. Tables it does not know stay unnamed (null).
import type { Ctx } from '../context.ts';

const ACCOUNT = `c.name || ' account ' || ba.account_number`;
const LABELS: Record<string, string> = {
  tickets: `SELECT t.id, 'Ticket ' || t.number FROM tickets t WHERE t.id IN (SELECT value FROM json_each(?))`,
  ticket_bills: `SELECT x.id, 'Ticket ' || t.number || ': ' || ${ACCOUNT} || ', ' || x.month FROM ticket_bills x JOIN tickets t ON t.id = x.ticket_id
    JOIN billing_accounts ba ON ba.id = x.billing_account_id JOIN carriers c ON c.id = ba.carrier_id WHERE x.id IN (SELECT value FROM json_each(?))`,
  ticket_notes: `SELECT x.id, 'Ticket ' || t.number || ' note' FROM ticket_notes x JOIN tickets t ON t.id = x.ticket_id WHERE x.id IN (SELECT value FROM json_each(?))`,
  ticket_credits: `SELECT x.id, 'Ticket ' || t.number || ' credit ' || x.month FROM ticket_credits x JOIN tickets t ON t.id = x.ticket_id WHERE x.id IN (SELECT value FROM json_each(?))`,
  ticket_attachments: `SELECT x.id, 'Ticket ' || t.number || ' file ' || x.file_name FROM ticket_attachments x JOIN tickets t ON t.id = x.ticket_id WHERE x.id IN (SELECT value FROM json_each(?))`,
  actuals: `SELECT x.id, ${ACCOUNT} || ', ' || x.month FROM actuals x JOIN billing_accounts ba ON ba.id = x.billing_account_id JOIN carriers c ON c.id = ba.carrier_id WHERE x.id IN (SELECT value FROM json_each(?))`,
  approvals: `SELECT x.id, 'OK to Pay ' || ${ACCOUNT} || ', ' || x.month FROM approvals x JOIN billing_accounts ba ON ba.id = x.billing_account_id JOIN carriers c ON c.id = ba.carrier_id WHERE x.id IN (SELECT value FROM json_each(?))`,
  expected_overrides: `SELECT x.id, 'One-off expectation ' || ${ACCOUNT} || ', ' || x.month FROM expected_overrides x JOIN billing_accounts ba ON ba.id = x.billing_account_id JOIN carriers c ON c.id = ba.carrier_id WHERE x.id IN (SELECT value FROM json_each(?))`,
  billing_accounts: `SELECT ba.id, ${ACCOUNT} FROM billing_accounts ba JOIN carriers c ON c.id = ba.carrier_id WHERE ba.id IN (SELECT value FROM json_each(?))`,
  customers: `SELECT id, 'Customer ' || name FROM customers WHERE id IN (SELECT value FROM json_each(?))`,
  carriers: `SELECT id, 'Carrier ' || name FROM carriers WHERE id IN (SELECT value FROM json_each(?))`,
  locations: `SELECT id, 'Location ' || name FROM locations WHERE id IN (SELECT value FROM json_each(?))`,
};

/** `${table}|${record_id}` → words, for the entries given. */
export function labelRecords(ctx: Ctx, entries: readonly { table_name: string; record_id: string }[]): Map<string, string> {
  const byTable = new Map<string, Set<string>>();
  for (const e of entries) {
    if (!LABELS[e.table_name]) continue;
    let s = byTable.get(e.table_name);
    if (!s) byTable.set(e.table_name, (s = new Set()));
    s.add(e.record_id);
  }
  const out = new Map<string, string>();
  for (const [table, ids] of byTable) {
    const rows = ctx.db.sqlite.prepare(LABELS[table]!).raw().all(JSON.stringify([...ids])) as [string, string][];
    for (const [id, label] of rows) out.set(`${table}|${id}`, label);
  }
  return out;
}

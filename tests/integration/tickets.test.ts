// Billing tickets through the API: opened from flagged bills only, researched, disputed, credited on a later
// bill, resolved (with a reason when a difference is still owed), listed and filtered, and audited throughout.
import { describe, it, expect } from 'vitest';
import { testApi, seedAccount, type TestApi } from '../support/api.ts';
import { ApiError } from '../../api/index.ts';

/** Staff users a ticket may be assigned to (an assignee is an active staff user's name). */
async function staff(t: TestApi, ...names: string[]) {
  for (const name of names) await t.api('users.create', { name, password: `${name}-password-1` });
}

const fail = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a refusal'); }, (e: unknown) => e as ApiError);

/** Alpha's account A1 is over in 2026-03 (1,150.00 against 1,000.00 at 5%), Bravo's B1 is ok, Charlie's C1 is missing. */
async function flaggedBook(t: TestApi) {
  const a = await seedAccount(t, { account: 'A1', customer: 'Alpha', expected: 100_000, pctBp: 500 });
  const b = await seedAccount(t, { account: 'B1', customer: 'Bravo', expected: 50_000, pctBp: 500 });
  const c = await seedAccount(t, { account: 'C1', customer: 'Charlie', expected: 20_000, pctBp: 500, carrier: 'Zeta Cloud' });
  await t.api('carriers.update', { id: a.carrier.id, patch: { dispute_window_days: 30 } });
  const over = await t.api('actuals.set', { account_id: a.account.id, month: '2026-03', amount: '1,150.00', bill_date: '2026-03-05', invoice_number: 'INV-301' });
  expect(over.row).toMatchObject({ status: 'over', variance_cents: 15_000 });
  expect((await t.api('actuals.set', { account_id: b.account.id, month: '2026-03', amount: 50_100 })).row.status).toBe('ok');
  return { a, b, c };
}

describe('opening a ticket', () => {
  it('takes flagged bills only and names every bill it refuses', async () => {
    const t = testApi();
    const { a, b, c } = await flaggedBook(t);
    const err = await fail(t.api('tickets.open', { bills: [{ account_id: b.account.id, month: '2026-03' }, { account_id: a.account.id, month: '2026-03' }] }));
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe('conflict');
    expect(err.message).toBe(
      'A ticket covers flagged bills only, and this bill cannot be on a new one: Bravo, Acme Telecom account B1, 2026-03 is within tolerance, so there is nothing to ticket',
    );
    expect(await t.api('tickets.list', {})).toEqual([]);
    const unknown = await fail(t.api('tickets.open', { bills: [{ account_id: 'nope', month: '2026-03' }] }));
    expect(unknown.code).toBe('not_found');
    // a missing bill (no actual) is flagged too, and the due date counts from the opening day when no bill date is known
    const missing = await t.api('tickets.open', { bills: [{ account_id: c.account.id, month: '2026-03' }], opened_on: '2026-04-02' });
    expect(missing.ticket).toMatchObject({ number: 1, status: 'open', due_date: null, title: 'Zeta Cloud C1 2026-03: missing (expected, not entered)' });
    await t.api('carriers.update', { id: c.carrier.id, patch: { dispute_window_days: 10 } });
    await t.api('actuals.set', { account_id: c.account.id, month: '2026-04', amount: 0 });
    const two = await t.api('tickets.open', { bills: [{ account_id: c.account.id, month: '2026-04' }], opened_on: '2026-04-20' });
    expect(two.ticket.due_date).toBe('2026-04-30');
  });

  it('records the bills, the due date from the dispute window, the first note, and refuses a bill already on an active ticket', async () => {
    const t = testApi();
    const { a } = await flaggedBook(t);
    await staff(t, 'ana');
    const { ticket, batch_id } = await t.api('tickets.open', {
      bills: [{ account_id: a.account.id, month: '2026-03' }],
      assignee: 'ana',
      expected_credit_cents: 15_000,
      opened_on: '2026-03-10',
      note: 'Carrier billed the old rate',
    });
    expect(ticket).toMatchObject({
      number: 1,
      title: 'Acme Telecom A1 2026-03: over by 150.00',
      status: 'open',
      assignee: 'ana',
      opened_on: '2026-03-10',
      // bill date 2026-03-05 + 30 days
      due_date: '2026-04-04',
      expected_credit_cents: 15_000,
      received_cents: 0,
      owed_cents: 15_000,
      at_stake_cents: 15_000,
    });
    expect(ticket.bills).toEqual([
      expect.objectContaining({ account: 'A1', customer: 'Alpha', month: '2026-03', status_at_open: 'over', variance_at_open_cents: 15_000, expected_cents: 100_000, actual_cents: 115_000, status: 'over' }),
    ]);
    expect(ticket.notes).toEqual([expect.objectContaining({ author: 'tester', text: 'Carrier billed the old rate' })]);
    const again = await fail(t.api('tickets.open', { bills: [{ account_id: a.account.id, month: '2026-03' }] }));
    expect(again.message).toContain('Alpha, Acme Telecom account A1, 2026-03 is already on ticket 1 (open)');
    // one user action, one audit batch: the ticket, its bill and its note
    const batch = await t.api('audit.list', { batch_id });
    expect(batch.map((e) => e.table_name).sort()).toEqual(['ticket_bills', 'ticket_notes', 'tickets']);
  });
});

describe('the ticket workflow', () => {
  it('disputes, receives a credit on a later bill, resolves with a reason for what is still owed, and audits every step', async () => {
    const t = testApi();
    const { a, b } = await flaggedBook(t);
    const { ticket } = await t.api('tickets.open', { bills: [{ account_id: a.account.id, month: '2026-03' }], opened_on: '2026-03-10' });
    const id = ticket.id;

    await t.api('tickets.update', { id, patch: { status: 'researching', assignee: 'tester' } });
    const disputed = await t.api('tickets.update', { id, patch: { status: 'disputed', claim_number: 'CLM-7731', expected_credit_cents: 15_000 } });
    expect(disputed.ticket).toMatchObject({ status: 'disputed', claim_number: 'CLM-7731', owed_cents: 15_000, closed_at: null });
    await t.api('tickets.addNote', { ticket_id: id, text: 'Carrier agreed to credit 100.00 now' });

    // a credit is matched to a later bill of the ticket's own accounts, and that bill must be entered
    expect((await fail(t.api('tickets.addCredit', { ticket_id: id, amount_cents: 10_000, matched: { account_id: a.account.id, month: '2026-03' } }))).message).toBe(
      'A credit shows up on a later bill than the one disputed: 2026-03 is not after 2026-03',
    );
    expect((await fail(t.api('tickets.addCredit', { ticket_id: id, amount_cents: 10_000, matched: { account_id: a.account.id, month: '2026-05' } }))).message).toBe(
      'No actual is entered for Alpha, Acme Telecom account A1, 2026-05 yet, so the credit cannot be matched to it',
    );
    expect((await fail(t.api('tickets.addCredit', { ticket_id: id, amount_cents: 10_000, matched: { account_id: b.account.id, month: '2026-05' } }))).message).toContain(
      `can only be matched to a bill of one of its accounts, and ${b.account.id} is not one of them`,
    );
    expect((await fail(t.api('tickets.addCredit', { ticket_id: id, amount_cents: 0, month: '2026-05' }))).code).toBe('invalid_input');
    expect((await fail(t.api('tickets.addCredit', { ticket_id: id, amount_cents: 100 }))).message).toContain('the month the credit was received is needed');

    await t.api('actuals.set', { account_id: a.account.id, month: '2026-05', amount: 90_000 });
    const credited = await t.api('tickets.addCredit', { ticket_id: id, amount_cents: 10_000, matched: { account_id: a.account.id, month: '2026-05' }, note: 'on the May bill' });
    expect(credited.ticket).toMatchObject({ received_cents: 10_000, owed_cents: 5_000, expected_credit_cents: 15_000 });
    expect(credited.ticket.credits).toEqual([
      expect.objectContaining({ month: '2026-05', amount_cents: 10_000, matched_account_id: a.account.id, matched_month: '2026-05', note: 'on the May bill' }),
    ]);
    await t.api('tickets.update', { id, patch: { status: 'credit_pending' } });

    // 50.00 is still owed: resolving needs a reason, and nothing is written without one
    const noReason = await fail(t.api('tickets.update', { id, patch: { status: 'resolved' } }));
    expect(noReason.code).toBe('invalid_input');
    expect(noReason.message).toBe('Ticket 1 still has 50.00 owed (credit expected 150.00, received 100.00): marking it resolved needs a resolution reason');
    expect((await t.api('tickets.get', { id })).status).toBe('credit_pending');
    const blank = await fail(t.api('tickets.update', { id, patch: { status: 'resolved', resolution_reason: '' } }));
    expect(blank.message).toContain('needs a resolution reason');

    const resolved = await t.api('tickets.update', { id, patch: { status: 'resolved', resolution_reason: 'Carrier rounds the rest into next year' } });
    expect(resolved.ticket).toMatchObject({ status: 'resolved', resolution_reason: 'Carrier rounds the rest into next year', owed_cents: 5_000 });
    expect(resolved.ticket.closed_at).not.toBeNull();
    // reopening clears the closing stamp
    const reopened = await t.api('tickets.update', { id, patch: { status: 'disputed' } });
    expect(reopened.ticket.closed_at).toBeNull();

    const detail = await t.api('tickets.get', { id });
    expect(detail.notes.map((n) => [n.author, n.text])).toEqual([['tester', 'Carrier agreed to credit 100.00 now']]);

    // the audit trail has every write: each field of each update, the note, the credit and the bill link
    const trail = await t.api('audit.list', { record_id: id });
    const changes = trail.filter((e) => e.action === 'update').map((e) => [e.field, e.old_value, e.new_value]).reverse();
    expect(trail.at(-1)).toMatchObject({ action: 'insert', table_name: 'tickets', actor: 'tester', door: 'test' });
    expect(changes).toEqual([
      ['status', '"open"', '"researching"'],
      ['assignee', null, '"tester"'],
      ['status', '"researching"', '"disputed"'],
      ['claim_number', null, '"CLM-7731"'],
      ['expected_credit_cents', null, '15000'],
      ['status', '"disputed"', '"credit_pending"'],
      ['status', '"credit_pending"', '"resolved"'],
      ['resolution_reason', null, '"Carrier rounds the rest into next year"'],
      ['closed_at', null, JSON.stringify(resolved.ticket.closed_at)],
      ['status', '"resolved"', '"disputed"'],
      ['closed_at', JSON.stringify(resolved.ticket.closed_at), null],
    ]);
    for (const rec of [detail.notes[0]!.id, detail.credits[0]!.id]) {
      expect(await t.api('audit.list', { record_id: rec })).toEqual([expect.objectContaining({ action: 'insert', actor: 'tester' })]);
    }
    expect((await t.api('audit.list', { table_name: 'ticket_bills' })).length).toBe(1);
  });

  it('closes without a reason when nothing is owed: no credit expected, or all of it received', async () => {
    const t = testApi();
    const { a, c } = await flaggedBook(t);
    const one = await t.api('tickets.open', { bills: [{ account_id: c.account.id, month: '2026-03' }] });
    expect((await t.api('tickets.update', { id: one.ticket.id, patch: { status: 'closed_no_credit' } })).ticket.status).toBe('closed_no_credit');
    const two = await t.api('tickets.open', { bills: [{ account_id: a.account.id, month: '2026-03' }], expected_credit_cents: 15_000 });
    await t.api('tickets.addCredit', { ticket_id: two.ticket.id, amount_cents: 15_000, month: '2026-04' });
    const done = await t.api('tickets.update', { id: two.ticket.id, patch: { status: 'resolved' } });
    expect(done.ticket).toMatchObject({ status: 'resolved', owed_cents: 0, received_cents: 15_000 });
    // raising the expected credit of a resolved ticket re-opens the question of the reason
    const raised = await fail(t.api('tickets.update', { id: two.ticket.id, patch: { expected_credit_cents: 20_000 } }));
    expect(raised.message).toContain('still has 50.00 owed');
    const negative = await fail(t.api('tickets.update', { id: two.ticket.id, patch: { expected_credit_cents: -1 } }));
    expect(negative.message).toContain('an expected credit is zero or more cents');
  });
});

describe('ticket list', () => {
  it('filters by status, carrier, customer, assignee, mine and overdue, and sorts by due date or amount at stake', async () => {
    const t = testApi();
    const { a, c } = await flaggedBook(t);
    const d = await seedAccount(t, { account: 'D1', customer: 'Delta', expected: 10_000, pctBp: 500 });
    await t.api('actuals.set', { account_id: d.account.id, month: '2026-03', amount: 40_000, bill_date: '2026-03-20' });
    await staff(t, 'ana', 'tester');
    const t1 = (await t.api('tickets.open', { bills: [{ account_id: a.account.id, month: '2026-03' }], assignee: 'ana', opened_on: '2026-03-10' })).ticket;
    const t2 = (await t.api('tickets.open', { bills: [{ account_id: c.account.id, month: '2026-03' }], assignee: 'tester', opened_on: '2026-03-12', due_date: '2026-05-01' })).ticket;
    const t3 = (await t.api('tickets.open', { bills: [{ account_id: d.account.id, month: '2026-03' }], assignee: 'ana', opened_on: '2026-03-25' })).ticket;
    expect([t1.due_date, t2.due_date, t3.due_date]).toEqual(['2026-04-04', '2026-05-01', '2026-04-19']);
    expect([t1.at_stake_cents, t2.at_stake_cents, t3.at_stake_cents]).toEqual([15_000, 0, 30_000]);

    const numbers = async (input: Parameters<TestApi['api']>[1] & object) => (await t.api('tickets.list', input as never)).map((x) => x.number);
    expect(await numbers({})).toEqual([1, 3, 2]);
    expect(await numbers({ sort: 'at_stake' })).toEqual([3, 1, 2]);
    expect(await numbers({ assignee: 'ana' })).toEqual([1, 3]);
    expect(await numbers({ mine: true })).toEqual([2]);
    expect(await numbers({ carrier_id: c.carrier.id })).toEqual([2]);
    expect(await numbers({ customer_id: d.customer.id })).toEqual([3]);
    expect(await numbers({ overdue_on: '2026-04-10' })).toEqual([1]);
    expect(await numbers({ overdue_on: '2026-04-20' })).toEqual([1, 3]);
    await t.api('tickets.update', { id: t1.id, patch: { status: 'disputed' } });
    await t.api('tickets.update', { id: t3.id, patch: { status: 'closed_no_credit' } });
    expect(await numbers({ overdue_on: '2026-04-20' })).toEqual([1]);
    expect(await numbers({ status: ['disputed', 'open'] })).toEqual([1, 2]);
    expect(await numbers({ active: true })).toEqual([1, 2]);
    const [first] = await t.api('tickets.list', { overdue_on: '2026-04-20' });
    expect(first).toMatchObject({ overdue: true, bills: [{ account: 'A1', month: '2026-03', carrier: 'Acme Telecom', customer: 'Alpha' }] });

    // the grid's view of a month: each bill's tickets
    const grid = await t.api('tickets.forMonth', { month: '2026-03' });
    expect(grid.find((g) => g.account_id === a.account.id)).toEqual({ account_id: a.account.id, tickets: [{ id: t1.id, number: 1, status: 'disputed' }], approval: null });
    expect(grid).toHaveLength(3);
  });

  it('covers several bills in one ticket: the earliest deadline wins and the amount at stake adds up', async () => {
    const t = testApi();
    const { a } = await flaggedBook(t);
    await t.api('actuals.set', { account_id: a.account.id, month: '2026-02', amount: 80_000, bill_date: '2026-02-03' });
    const { ticket } = await t.api('tickets.open', {
      bills: [{ account_id: a.account.id, month: '2026-03' }, { account_id: a.account.id, month: '2026-02' }, { account_id: a.account.id, month: '2026-03' }],
      opened_on: '2026-03-10',
    });
    expect(ticket.title).toBe('Acme Telecom: 2 bills (2026-02, 2026-03)');
    expect(ticket.bills.map((b) => [b.month, b.status, b.variance_cents])).toEqual([
      ['2026-02', 'under', -20_000],
      ['2026-03', 'over', 15_000],
    ]);
    expect(ticket.due_date).toBe('2026-03-05');
    expect(ticket.at_stake_cents).toBe(35_000);
  });
});

describe('the assignee', () => {
  it('is an active staff user: another name is refused naming the field, and the list offers the staff users', async () => {
    const t = testApi();
    const { a, c } = await flaggedBook(t);
    await t.api('users.create', { name: 'ana', password: 'ana-password-1', full_name: 'Ana Lima' });
    await t.api('users.create', { name: 'ben', password: 'ben-password-1' });
    const gone = await t.api('users.create', { name: 'gus', password: 'gus-password-1' });
    await t.api('users.create', { name: 'alpha-client', password: 'client-password-1', kind: 'client', customer_ids: [a.customer.id] });
    await t.api('users.update', { id: gone.id, patch: { active: false } });
    // the list the screens offer: active staff, by name (no client login, no deactivated user)
    expect(await t.api('tickets.assignees', {})).toEqual([
      { name: 'ana', full_name: 'Ana Lima' },
      { name: 'ben', full_name: null },
    ]);

    const bill = { account_id: a.account.id, month: '2026-03' };
    for (const name of ['nobody-such', 'gus', 'alpha-client']) {
      const e = await fail(t.api('tickets.open', { bills: [bill], assignee: name }));
      expect(e.code).toBe('invalid_input');
      expect(e.message).toBe(`Assign to: no active user named "${name}"`);
    }
    // nothing was saved by the refused opens
    expect(await t.api('tickets.list', {})).toEqual([]);

    // typed in another case, the user's own spelling is kept
    const { ticket } = await t.api('tickets.open', { bills: [bill], assignee: 'ANA' });
    expect(ticket.assignee).toBe('ana');
    const refused = await fail(t.api('tickets.update', { id: ticket.id, patch: { assignee: 'nobody-such' } }));
    expect(refused.message).toBe('Assign to: no active user named "nobody-such"');
    expect((await t.api('tickets.get', { id: ticket.id })).assignee).toBe('ana');
    expect((await t.api('tickets.update', { id: ticket.id, patch: { assignee: 'ben' } })).ticket.assignee).toBe('ben');
    expect((await t.api('tickets.update', { id: ticket.id, patch: { assignee: null } })).ticket.assignee).toBe(null);

    // a ticket whose assignee has left keeps them when saved unchanged; giving it to them anew is refused
    const other = (await t.api('tickets.open', { bills: [{ account_id: c.account.id, month: '2026-03' }], assignee: 'ben' })).ticket;
    const benId = (await t.api('users.list', {})).find((u) => u.name === 'ben')!.id;
    await t.api('users.update', { id: benId, patch: { active: false } });
    expect((await t.api('tickets.update', { id: other.id, patch: { assignee: 'ben', status: 'researching' } })).ticket).toMatchObject({ assignee: 'ben', status: 'researching' });
    expect((await fail(t.api('tickets.update', { id: ticket.id, patch: { assignee: 'ben' } }))).message).toBe('Assign to: no active user named "ben"');
    expect((await t.api('tickets.get', { id: ticket.id })).assignee).toBe(null);
  });

  it('on an install with no users yet is the one person there, the caller', async () => {
    const t = testApi();
    const { a } = await flaggedBook(t);
    expect((await fail(t.api('tickets.open', { bills: [{ account_id: a.account.id, month: '2026-03' }], assignee: 'nobody-such' }))).message).toBe(
      'Assign to: no active user named "nobody-such"',
    );
    expect((await t.api('tickets.open', { bills: [{ account_id: a.account.id, month: '2026-03' }], assignee: 'tester' })).ticket.assignee).toBe('tester');
  });
});

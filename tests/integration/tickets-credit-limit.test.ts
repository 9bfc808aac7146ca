// A credit matched to a later bill lowers that bill's expectation (it shows up on that bill), so it may be at
// most what is left of the expectation after the credits already matched to it: the expected bill never goes
// below zero. The tester's case on the E-Rate book: Verizon Online LLC, FRN 2769876 (Abington School District),
// expected 104.99 a month; August's bill 54.99 carries the credits. An unmatched credit may exceed the ticket's
// expected credit (carriers over-credit) and the ticket shows it; owed never goes below zero.
import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERATE, testApi, type TestApi } from '../support/api.ts';
import { addCredit } from '../../api/workflow/tickets.ts';
import type { ApiError } from '../../api/errors.ts';

const BOOK_MAP = { customer: 'applicant_name', customer_code: 'applicant_ben', location: 'applicant_postal_cd', carrier: 'service_provider_name', account: 'frn', service: 'connect_type', expected: 'rec_elig_cost' };
const BILL = 'ABINGTON SCHOOL DISTRICT, Verizon Online LLC account 2769876, 2015-08';

let t: TestApi;
let accountId: string;
let customerId: string;
let ticketId: string;
const refusal = (p: Promise<unknown>) => p.then(() => null, (e: ApiError) => e);
const bill = async (month: string) => (await t.api('month.check', { month, customer_id: customerId })).rows.find((r) => r.account_id === accountId)!;
const aug = () => bill('2015-08');
const ticket = () => t.api('tickets.get', { id: ticketId });

beforeAll(async () => {
  t = testApi();
  await t.api('import.book', { file_name: 'orig_broadband_line_items.csv', data: readFileSync(join(ERATE, 'orig_broadband_line_items.csv')), map: BOOK_MAP, skip_invalid: true, tolerance_pct: '5' });
  const acct = (await t.api('accounts.list', { search: '2769876' })).find((a) => a.account_number === '2769876')!;
  accountId = acct.id;
  customerId = acct.customer_id!;
  // July billed twice (209.98): over by 104.99, ticketed with that credit expected
  await t.api('actuals.set', { account_id: accountId, month: '2015-07', amount: '209.98' });
  const july = await bill('2015-07');
  expect(july).toMatchObject({ customer: 'ABINGTON SCHOOL DISTRICT', carrier: 'Verizon Online LLC', expected_cents: 10_499, actual_cents: 20_998, status: 'over' });
  ticketId = (await t.api('tickets.open', { bills: [{ account_id: accountId, month: '2015-07' }], expected_credit_cents: 10_499 })).ticket.id;
  await t.api('actuals.set', { account_id: accountId, month: '2015-08', amount: '54.99' });
}, 120_000);

describe('a credit matched to a bill is at most what is left of its expectation', () => {
  it('refuses the tester\'s 9,000,000.00 credit on a 104.99 bill, storing nothing', async () => {
    const number = (await ticket()).number;
    const e = await refusal(t.api('tickets.addCredit', { ticket_id: ticketId, amount_cents: 900_000_000, matched: { account_id: accountId, month: '2015-08' } }));
    expect(e?.code).toBe('invalid_input');
    expect(e?.message).toBe(
      `Ticket ${number}: a credit of 9,000,000.00 cannot be matched to ${BILL}: that would take its expected bill below zero; ` +
        `at most its expected 104.99 can be matched to 2769876's 2015-08 bill`,
    );
    expect(e?.details).toMatchObject({ field: 'amount_cents', amount_cents: 900_000_000, available_cents: 10_499 });
    expect(await ticket()).toMatchObject({ credits: [], received_cents: 0, owed_cents: 10_499, over_received_cents: 0 });
    expect(await aug()).toMatchObject({ expected_cents: 10_499, actual_cents: 5_499, variance_cents: -5_000, status: 'under' });
    expect((await t.api('expected.list', { account_id: accountId })).once).toEqual([]);
    // the customer's month: at stake is the 50.00 the bill is under, not ~9 million
    expect((await t.api('month.check', { month: '2015-08', customer_id: customerId })).totals).toMatchObject({ at_stake_cents: 5_000 });
  });

  it('takes 50.00 + 50.00, refuses 5.00 naming the 4.99 left, takes 4.99: expected 0, and 54.99 billed is over', async () => {
    for (const cents of [5_000, 5_000]) await t.api('tickets.addCredit', { ticket_id: ticketId, amount_cents: cents, matched: { account_id: accountId, month: '2015-08' } });
    expect(await aug()).toMatchObject({ expected_cents: 499, actual_cents: 5_499, variance_cents: 5_000, status: 'over' });

    const number = (await ticket()).number;
    const e = await refusal(t.api('tickets.addCredit', { ticket_id: ticketId, amount_cents: 500, matched: { account_id: accountId, month: '2015-08' } }));
    expect(e?.message).toBe(
      `Ticket ${number}: a credit of 5.00 cannot be matched to ${BILL}: that would take its expected bill below zero; ` +
        `at most 104.99 − 100.00 = 4.99 can still be matched to 2769876's 2015-08 bill`,
    );
    expect(e?.details).toMatchObject({ available_cents: 499 });
    expect((await ticket()).received_cents).toBe(10_000);
    expect((await aug()).expected_cents).toBe(499);

    const done = await t.api('tickets.addCredit', { ticket_id: ticketId, amount_cents: 499, matched: { account_id: accountId, month: '2015-08' } });
    expect(done.ticket).toMatchObject({ received_cents: 10_499, owed_cents: 0, over_received_cents: 0 });
    expect(done.ticket.credits.map((c) => [c.month, c.amount_cents, c.matched_month])).toEqual([
      ['2015-08', 5_000, '2015-08'],
      ['2015-08', 5_000, '2015-08'],
      ['2015-08', 499, '2015-08'],
    ]);
    // expected 0: the percent limit does not apply and no other limit is set, so the 54.99 billed is flagged
    expect(await aug()).toMatchObject({ expected_cents: 0, actual_cents: 5_499, variance_cents: 5_499, variance_pct: null, status: 'over' });

    const more = await refusal(t.api('tickets.addCredit', { ticket_id: ticketId, amount_cents: 1, matched: { account_id: accountId, month: '2015-08' } }));
    expect(more?.message).toBe(
      `Ticket ${number}: a credit of 0.01 cannot be matched to ${BILL}: that would take its expected bill below zero; ` +
        `the credits already matched to it (104.99) use up its expected 104.99: nothing more can be matched to 2769876's 2015-08 bill`,
    );
  });

  it('counts the credits another ticket matched to the same bill', async () => {
    await t.api('tickets.update', { id: ticketId, patch: { status: 'resolved' } });
    const second = (await t.api('tickets.open', { bills: [{ account_id: accountId, month: '2015-07' }] })).ticket;
    const e = await refusal(t.api('tickets.addCredit', { ticket_id: second.id, amount_cents: 1, matched: { account_id: accountId, month: '2015-08' } }));
    expect(e?.message).toMatch(new RegExp(`^Ticket ${second.number}: a credit of 0\\.01 cannot be matched to .*nothing more can be matched to 2769876's 2015-08 bill$`));
    expect((await t.api('tickets.get', { id: second.id })).credits).toEqual([]);
    expect((await aug()).expected_cents).toBe(0);
  });

  it('allows an unmatched credit above the ticket\'s expected credit, and the ticket shows it received more', async () => {
    const r = await t.api('tickets.addCredit', { ticket_id: ticketId, amount_cents: 2_000, month: '2015-09', note: 'goodwill credit' });
    expect(r.ticket).toMatchObject({ expected_credit_cents: 10_499, received_cents: 12_499, owed_cents: 0, over_received_cents: 2_000 });
    const listed = (await t.api('tickets.list', { account_id: accountId })).find((x) => x.id === ticketId)!;
    expect(listed).toMatchObject({ received_cents: 12_499, owed_cents: 0, over_received_cents: 2_000 });
    // an unmatched credit touches no bill's expectation
    expect((await aug()).expected_cents).toBe(0);
  });

  it('refuses a zero or negative credit, whichever way it arrives, storing nothing', async () => {
    const before = (await ticket()).credits.length;
    for (const cents of [0, -500]) {
      const e = await refusal(t.api('tickets.addCredit', { ticket_id: ticketId, amount_cents: cents, month: '2015-09' }));
      expect(e?.message).toBe(`tickets.addCredit: amount_cents: a credit is a positive amount of cents, not ${cents}`);
      // past the contract (an in-process caller): the API refuses it the same
      const number = (await ticket()).number;
      expect(() => addCredit(t.ctx, { ticket_id: ticketId, amount_cents: cents, month: '2015-09' })).toThrow(
        `Ticket ${number}: amount_cents: a credit is a positive amount of cents, not ${cents}`,
      );
    }
    expect((await ticket()).credits.length).toBe(before);
  });

  it('refuses to match a credit to a bill with no expectation (unexpected): there is nothing to lower', async () => {
    // the service is disconnected in August: September's bill has no expectation and arrives unexpected
    const svc = (await t.api('services.list', { billing_account_id: accountId }))[0]!;
    await t.api('services.update', { id: svc.id, patch: { disconnect_date: '2015-08-31' } });
    await t.api('actuals.set', { account_id: accountId, month: '2015-09', amount: '10.00' });
    const sept = await bill('2015-09');
    expect(sept).toMatchObject({ expected_cents: null, actual_cents: 1_000, status: 'unexpected' });
    const number = (await ticket()).number;
    const e = await refusal(t.api('tickets.addCredit', { ticket_id: ticketId, amount_cents: 100, matched: { account_id: accountId, month: '2015-09' } }));
    expect(e?.message).toBe(
      `Ticket ${number}: a credit of 1.00 cannot be matched to ABINGTON SCHOOL DISTRICT, Verizon Online LLC account 2769876, 2015-09: ` +
        'that bill has no expectation (it is unexpected), so there is nothing for a credit to lower; record the credit without matching it to a bill',
    );
    expect(await bill('2015-09')).toMatchObject({ expected_cents: null, status: 'unexpected' });
    expect((await ticket()).received_cents).toBe(12_499);
  });
});

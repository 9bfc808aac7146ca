// Alerts (issue 5, item 7): a flagged bill with no ticket whose dispute window (bill date + the carrier's window)
// closes within the closing days. The edge: with 7 days, a window closing on day 7 is shown and one closing on
// day 8 is not yet; today is day 0 and a window closed yesterday is no longer "closing". The 7 days are the
// setting alerts.closing_days, which moves the edge for these alerts and for tickets coming due alike.
import { describe, it, expect } from 'vitest';
import { testApi, seedAccount, type TestApi } from '../support/api.ts';

/** The "window closing" alerts of bills without a ticket, as [title, due date, at stake]. */
const windows = async (t: TestApi, asOf: string) =>
  (await t.api('alerts.list', { as_of: asOf })).alerts.filter((a) => a.kind === 'window_closing' && a.ticket_id === null).map((a) => [a.title, a.due_date, a.at_stake_cents]);

async function world() {
  const t = testApi();
  // 1,000.00 expected at 5 %: 1,150.00 is over by 150.00 (flagged), 1,020.00 is within tolerance
  const a = await seedAccount(t, { expected: 100_000, pctBp: 500 });
  await t.api('carriers.update', { id: a.carrier.id, patch: { dispute_window_days: 30 } });
  // billed 2026-03-05 + 30 days: the window closes 2026-04-04
  await t.api('actuals.set', { account_id: a.account.id, month: '2026-03', amount: 115_000, bill_date: '2026-03-05' });
  return { t, a };
}

const CLOSES = '2026-04-04';
const title = (when: string) => `Acme Telecom 007321 2026-03: the dispute window closes ${when} (${CLOSES})`;

describe('dispute windows closing on bills without a ticket', () => {
  it('shows a window closing on day 7 and not one closing on day 8, from today until the day it closes', async () => {
    const { t } = await world();
    expect(await windows(t, '2026-03-27')).toEqual([]); // day 8
    expect(await windows(t, '2026-03-28')).toEqual([[title('in 7 days'), CLOSES, 15_000]]); // day 7
    expect(await windows(t, '2026-04-03')).toEqual([[title('in 1 day'), CLOSES, 15_000]]);
    expect(await windows(t, '2026-04-04')).toEqual([[title('today'), CLOSES, 15_000]]);
    expect(await windows(t, '2026-04-05')).toEqual([]); // closed yesterday
    const alert = (await t.api('alerts.list', { as_of: '2026-03-28' })).alerts.find((a) => a.kind === 'window_closing')!;
    expect(alert).toMatchObject({ severity: 'warning', month: '2026-03', detail: 'Springfield Schools, Acme Telecom account 007321, 2026-03 is over by 150.00 and has no ticket' });
  });

  it('leaves out bills that are within tolerance, ticketed, approved, without a bill date, or of a carrier with no window', async () => {
    const { t, a } = await world();
    const asOf = '2026-03-30';
    expect(await windows(t, asOf)).toHaveLength(1);
    // within tolerance: nothing to dispute
    await t.api('actuals.set', { account_id: a.account.id, month: '2026-03', amount: 102_000 });
    expect(await windows(t, asOf)).toEqual([]);
    await t.api('actuals.set', { account_id: a.account.id, month: '2026-03', amount: 115_000 });
    expect(await windows(t, asOf)).toHaveLength(1);
    // a ticket takes it over (and then alerts by its own due date)
    const { ticket } = await t.api('tickets.open', { bills: [{ account_id: a.account.id, month: '2026-03' }] });
    expect(await windows(t, asOf)).toEqual([]);
    // no bill date: the window cannot be counted
    const other = await seedAccount(t, { account: '8400123', expected: 100_000, pctBp: 500, customer: 'Shelbyville Schools' });
    await t.api('actuals.set', { account_id: other.account.id, month: '2026-03', amount: 130_000 });
    expect((await windows(t, asOf)).filter((w) => String(w[0]).includes('8400123'))).toEqual([]);
    // a carrier with no dispute window
    const beta = await seedAccount(t, { account: 'B-1', expected: 100_000, pctBp: 500, carrier: 'Beta Mobile', customer: 'Ogdenville Schools' });
    await t.api('actuals.set', { account_id: beta.account.id, month: '2026-03', amount: 130_000, bill_date: '2026-03-05' });
    expect((await windows(t, asOf)).filter((w) => String(w[0]).includes('Beta Mobile'))).toEqual([]);
    // approved with an override: it will be paid, nothing to alert
    await t.api('carriers.update', { id: beta.carrier.id, patch: { dispute_window_days: 30 } });
    expect((await windows(t, asOf)).map((w) => w[0])).toEqual(['Beta Mobile B-1 2026-03: the dispute window closes in 5 days (2026-04-04)']);
    await t.api('approvals.approve', { bills: [{ account_id: beta.account.id, month: '2026-03' }], override_reason: 'agreed with the carrier' });
    expect(await windows(t, asOf)).toEqual([]);
  });

  it('takes the number of days from the setting alerts.closing_days, for bills and tickets alike', async () => {
    const { t, a } = await world();
    expect((await t.api('settings.get', { keys: ['alerts.closing_days'] })).settings[0]).toMatchObject({ value: 7, default: 7, is_default: true, min: 1, max: 90 });
    await expect(t.api('settings.set', { values: { 'alerts.closing_days': 0 } })).rejects.toThrow('alerts.closing_days must be between 1 and 90, not 0');
    await t.api('settings.set', { values: { 'alerts.closing_days': 10 } });
    expect(await windows(t, '2026-03-24')).toEqual([]); // day 11
    expect(await windows(t, '2026-03-25')).toEqual([[title('in 10 days'), CLOSES, 15_000]]); // day 10
    await t.api('settings.set', { values: { 'alerts.closing_days': 3 } });
    expect(await windows(t, '2026-03-31')).toEqual([]); // day 4
    expect(await windows(t, '2026-04-01')).toEqual([[title('in 3 days'), CLOSES, 15_000]]); // day 3
    // a ticket due on 2026-04-04 (30 days from the bill date) comes due within the same days
    const { ticket } = await t.api('tickets.open', { bills: [{ account_id: a.account.id, month: '2026-03' }] });
    expect(ticket.due_date).toBe(CLOSES);
    const due = async (asOf: string) => (await t.api('alerts.list', { as_of: asOf })).alerts.filter((x) => x.ticket_id === ticket.id).map((x) => x.title);
    expect(await due('2026-03-31')).toEqual([]);
    expect(await due('2026-04-01')).toEqual([`Ticket 1: the dispute window closes in 3 days (${CLOSES})`]);
    // back to the default
    await t.api('settings.set', { values: { 'alerts.closing_days': null } });
    expect(await due('2026-03-28')).toEqual([`Ticket 1: the dispute window closes in 7 days (${CLOSES})`]);
    expect(await due('2026-03-27')).toEqual([]);
  });
});

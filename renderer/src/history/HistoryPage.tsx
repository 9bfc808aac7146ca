// Billing history: pick an account (search), then 24 months of expected, actual, variance, status, tickets and
// OK to Pay as a table and a chart; below, roll-ups per customer or per carrier over a span of months.
import { useState } from 'react';
import { api } from '../api/index.ts';
import type { PageProps } from '../shell/routes.ts';
import { href, navigate } from '../shell/router.ts';
import { addMonthsToMonth } from '../../../core/months.ts';
import { BILL_STATUS_LABEL, TICKET_STATUS_LABEL, useData, useMoney, type TicketStatus } from '../tickets/common.ts';
import { MoneyChart } from './MoneyChart.tsx';
import { TextField } from '../tickets/controls.tsx';
import { Rollups } from './Rollups.tsx';
import '../tickets/workflow.css';
import { useSettled } from '../hooks/useSettled.ts';

export function HistoryPage({ params, query }: PageProps) {
  const accountId = params[0];
  return (
    <main className="wf-page">
      <h1>Billing history</h1>
      <AccountPicker />
      {accountId ? <AccountHistory key={accountId} accountId={accountId} to={query.get('to')} /> : null}
      <Rollups />
    </main>
  );
}

function AccountPicker() {
  const [text, setText] = useState('');
  const wanted = useSettled(text);
  const found = useData(() => (wanted ? api.call('history.findAccounts', { search: wanted, limit: 30 }) : Promise.resolve([])), [wanted]);
  return (
    <section className="wf-card" aria-label="Find an account">
      <TextField wide type="search" label="Find an account (number, customer, location or carrier)" value={text} onChange={setText} />
      {wanted && found.data ? (
        <ul aria-label="Accounts found">
          {found.data.map((a) => (
            <li key={a.account_id}>
              <a href={href('history', [a.account_id])} onClick={() => setText('')}>
                {a.customer ?? '(not in book)'} · {a.location ?? ''} · {a.carrier} · {a.account}
              </a>{' '}
              <span className="wf-meta">{a.bills ? `${a.bills} bills, ${a.first_bill_month} to ${a.last_bill_month}` : 'no bills yet'}</span>
            </li>
          ))}
          {found.data.length === 0 ? <li className="wf-meta">No account matches “{wanted}”.</li> : null}
        </ul>
      ) : null}
    </section>
  );
}

function AccountHistory({ accountId, to }: { accountId: string; to: string | null }) {
  const money = useMoney();
  const h = useData(() => api.call('history.account', { account_id: accountId, ...(to ? { to } : {}), months: 24 }), [accountId, to]);
  if (h.error) return <p role="alert">The history cannot be loaded: {h.error}</p>;
  const d = h.data;
  if (!d) return <p>Loading…</p>;
  const last = d.rows[d.rows.length - 1]!.month;
  const page = (n: number) => navigate('history', [accountId], { to: addMonthsToMonth(last, n) });
  const billed = d.rows.filter((r) => r.actual_cents !== null);
  return (
    <section className="wf-card" aria-label="Account history">
      <h2>
        {d.customer ?? '(not in book)'} · {d.location ?? ''} · {d.carrier} account {d.account}
      </h2>
      <div className="wf-bar">
        <button type="button" onClick={() => page(-12)} disabled={!d.first_bill_month || d.rows[0]!.month <= d.first_bill_month}>
          ‹ 12 months earlier
        </button>
        <span>
          {d.rows[0]!.month} to {last}
        </span>
        <button type="button" onClick={() => page(12)} disabled={!d.last_bill_month || last >= d.last_bill_month}>
          12 months later ›
        </button>
        <span className="wf-meta">
          {d.first_bill_month ? `Bills from ${d.first_bill_month} to ${d.last_bill_month}` : 'No bills yet'} · {billed.length} in these 24 months
        </span>
        <a href={href('audit', [], { account: accountId })}>Changes to this account (audit trail)</a>
      </div>
      <MoneyChart
        label={`Expected and actual, ${d.carrier} ${d.account}`}
        rows={d.rows.map((r) => ({ month: r.month, expected: r.expected_cents, actual: r.actual_cents }))}
      />
      <table className="wf-table" aria-label="History by month">
        <thead>
          <tr>
            <th scope="col">Month</th>
            <th scope="col" className="wf-num">Expected</th>
            <th scope="col" className="wf-num">Actual</th>
            <th scope="col" className="wf-num">Variance</th>
            <th scope="col" className="wf-num">Variance %</th>
            <th scope="col">Status</th>
            <th scope="col">Tickets</th>
            <th scope="col">OK to Pay</th>
          </tr>
        </thead>
        <tbody>
          {[...d.rows].reverse().map((r) => (
            <tr key={r.month}>
              <td>{r.month}</td>
              <td className="wf-num">{money(r.expected_cents)}</td>
              <td className="wf-num">{money(r.actual_cents)}</td>
              <td className="wf-num">{money(r.variance_cents)}</td>
              <td className="wf-num">{r.variance_pct === null ? '-' : `${r.variance_pct.toFixed(2)}%`}</td>
              <td>{BILL_STATUS_LABEL[r.status]}</td>
              <td>
                {r.tickets.map((t) => (
                  <a key={t.id} href={href('tickets', [t.id])} style={{ marginRight: 6 }}>
                    #{t.number} {TICKET_STATUS_LABEL[t.status as TicketStatus] ?? t.status}
                  </a>
                ))}
              </td>
              <td>{!r.approved_by ? '' : r.changed_since_approval ? `Changed since approval (approved by ${r.approved_by}): approve again` : `OK by ${r.approved_by}`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

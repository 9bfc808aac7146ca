// Billing tickets: the list (filters: status, carrier, customer, assignee, overdue, mine, a manager's team, a
// ticket field; sorted by due date or amount at stake; ticket fields as optional columns), and one ticket's page at
// #/tickets/<id>.
import { useState } from 'react';
import { api } from '../api/index.ts';
import type { PageProps } from '../shell/routes.ts';
import { href } from '../shell/router.ts';
import { TICKET_STATUSES, TICKET_STATUS_LABEL, isDoneStatus, useData, useMoney, type TicketStatus } from './common.ts';
import { TicketDetail } from './TicketDetail.tsx';
import { CheckFilter, NamedSelect } from './controls.tsx';
import { TicketColumnsChooser, TicketFieldFilter, shownDefs, useFieldText, useTicketFieldValues, useTicketFields } from './ticketFields.tsx';
import { useSession } from '../auth/session.ts';
import './workflow.css';

type StatusChoice = 'active' | 'all' | TicketStatus;

export function TicketsPage({ params, query }: PageProps) {
  if (params[0]) return <TicketDetail id={params[0]} />;
  return <TicketList initial={query} />;
}

function TicketList({ initial }: { initial: URLSearchParams }) {
  const money = useMoney();
  const [status, setStatus] = useState<StatusChoice>((initial.get('status') as StatusChoice) || 'active');
  const [carrier, setCarrier] = useState(initial.get('carrier') ?? '');
  const [customer, setCustomer] = useState(initial.get('customer') ?? '');
  const [assignee, setAssignee] = useState(initial.get('assignee') ?? '');
  const [overdue, setOverdue] = useState(initial.get('overdue') === '1');
  const [mine, setMine] = useState(initial.get('mine') === '1');
  const [team, setTeam] = useState(initial.get('team') === '1');
  const [sort, setSort] = useState<'due_date' | 'at_stake'>(initial.get('sort') === 'at_stake' ? 'at_stake' : 'due_date');
  const [descending, setDescending] = useState(false);
  const carriers = useData(() => api.call('carriers.list', { limit: 100_000 }), []);
  const customers = useData(() => api.call('customers.list', { limit: 100_000 }), []);
  const fields = useTicketFields();
  const fieldText = useFieldText();
  // "My team" is the manager's reports as Administration → Users records them ("reports to"), worked out by the
  // API from the signed-in user; only a manager has a team to pick.
  const manager = useSession()?.me.manager ?? false;
  const list = useData(
    () =>
      api.call('tickets.list', {
        ...(status === 'active' ? { active: true } : status === 'all' ? {} : { status: [status] }),
        ...(carrier ? { carrier_id: carrier } : {}),
        ...(customer ? { customer_id: customer } : {}),
        ...(assignee.trim() ? { assignee: assignee.trim() } : {}),
        ...(overdue ? { overdue: true } : {}),
        ...(mine ? { mine: true } : {}),
        ...(team ? { team: true } : {}),
        ...(fields.filter ? { udf: fields.filter } : {}),
        sort,
        descending,
      }),
    [status, carrier, customer, assignee, overdue, mine, team, sort, descending, fields.filter?.key, fields.filter?.contains],
  );
  const rows = list.data ?? [];
  const columns = shownDefs(fields);
  const values = useTicketFieldValues(rows.map((t) => t.id), fields);
  return (
    <main className="wf-page">
      <h1>Billing tickets</h1>
      <search className="wf-bar" aria-label="Filter tickets">
        <label className="tem-field">
          <span>Status</span>
          <select value={status} onChange={(e) => setStatus(e.target.value as StatusChoice)}>
            <option value="active">Not yet resolved</option>
            <option value="all">All</option>
            {TICKET_STATUSES.map((s) => (
              <option key={s} value={s}>
                {TICKET_STATUS_LABEL[s]}
              </option>
            ))}
          </select>
        </label>
        <NamedSelect label="Carrier" all="All carriers" value={carrier} onChange={setCarrier} options={carriers.data} />
        <NamedSelect label="Customer" all="All customers" value={customer} onChange={setCustomer} options={customers.data} />
        <label className="tem-field">
          <span>Assignee</span>
          <input value={assignee} onChange={(e) => setAssignee(e.target.value)} placeholder="Anyone" />
        </label>
        <CheckFilter label="Overdue" checked={overdue} onChange={setOverdue} />
        <CheckFilter label="Mine" checked={mine} onChange={setMine} />
        {manager || team ? <CheckFilter label="My team" checked={team} onChange={setTeam} /> : null}
        <TicketFieldFilter f={fields} />
        <label className="tem-field">
          <span>Sort by</span>
          <select value={sort} onChange={(e) => setSort(e.target.value as 'due_date' | 'at_stake')}>
            <option value="due_date">Due date (soonest first)</option>
            <option value="at_stake">Amount at stake (largest first)</option>
          </select>
        </label>
        <CheckFilter label="Reverse" checked={descending} onChange={setDescending} />
      </search>
      <TicketColumnsChooser f={fields} />
      <p className="wf-message" role="status" aria-live="polite">
        {list.error ? <span className="wf-error">Tickets cannot be loaded: {list.error}</span> : list.loading && !list.data ? 'Loading…' : `${rows.length} ticket${rows.length === 1 ? '' : 's'}`}
      </p>
      <table className="wf-table" aria-label="Tickets">
        <thead>
          <tr>
            <th scope="col">No.</th>
            <th scope="col">Title</th>
            <th scope="col">Status</th>
            <th scope="col">Assignee</th>
            <th scope="col">Due</th>
            <th scope="col" className="wf-num">At stake</th>
            <th scope="col" className="wf-num">Expected credit</th>
            <th scope="col" className="wf-num">Received</th>
            <th scope="col" className="wf-num">Still owed</th>
            <th scope="col">Bills</th>
            {columns.map((d) => (
              <th key={d.key} scope="col" className={d.type === 'money' || d.type === 'number' ? 'wf-num' : undefined}>
                Ticket: {d.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((t) => (
            <tr key={t.id}>
              <td>
                <a href={href('tickets', [t.id])}>Ticket {t.number}</a>
              </td>
              <td>{t.title}</td>
              <td>
                <span className={`wf-pill ${isDoneStatus(t.status) ? 'wf-pill-done' : ''}`}>{TICKET_STATUS_LABEL[t.status]}</span>
              </td>
              <td>{t.assignee ?? ''}</td>
              <td className={t.overdue ? 'wf-overdue' : undefined}>
                {t.due_date ?? ''}
                {t.overdue ? ' (overdue)' : ''}
              </td>
              <td className="wf-num">{money(t.at_stake_cents)}</td>
              <td className="wf-num">{money(t.expected_credit_cents)}</td>
              <td className="wf-num">{money(t.received_cents)}</td>
              <td className="wf-num">{money(t.owed_cents)}</td>
              <td>
                {t.bills.slice(0, 3).map((b) => `${b.customer ?? b.carrier} ${b.account} ${b.month}`).join('; ')}
                {t.bills.length > 3 ? ` and ${t.bills.length - 3} more` : ''}
              </td>
              {columns.map((d) => (
                <td key={d.key} className={d.type === 'money' || d.type === 'number' ? 'wf-num' : undefined}>
                  {fieldText(d, values.get(t.id)?.[d.key])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}

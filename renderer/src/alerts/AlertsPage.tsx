// What needs attention today: tickets past due, bills missing after the carrier's bill day plus the grace period,
// dispute windows closing within 7 days, and newly flagged bills without a ticket. Each alert links to its work.
import { api, type ApiOutput } from '../api/index.ts';
import type { PageProps } from '../shell/routes.ts';
import { href } from '../shell/router.ts';
import { useStore } from '../store.ts';
import { useData, useMoney } from '../tickets/common.ts';
import '../tickets/workflow.css';

type Alert = ApiOutput<'alerts.list'>['alerts'][number];

const KIND_LABEL: Record<Alert['kind'], string> = {
  ticket_overdue: 'Ticket past due',
  bill_missing: 'Bill missing',
  window_closing: 'Dispute window closing',
  newly_flagged: 'Newly flagged',
};

function AlertLink({ a }: { a: Alert }) {
  const setMonth = useStore((s) => s.setMonth);
  if (a.ticket_id) return <a href={href('tickets', [a.ticket_id])}>Open the ticket</a>;
  if (a.month) {
    return (
      <>
        <a href={href('month')} onClick={() => setMonth(a.month!)}>
          Open {a.month} in the grid
        </a>
        {a.account_id ? (
          <>
            {' · '}
            <a href={href('history', [a.account_id], { to: a.month })}>History of the account</a>
          </>
        ) : null}
      </>
    );
  }
  return null;
}

export function AlertsPage(_: PageProps) {
  const money = useMoney();
  const data = useData(() => api.call('alerts.list', {}), []);
  const alerts = data.data?.alerts ?? [];
  return (
    <main className="wf-page">
      <h1>Alerts</h1>
      <p className="wf-message" role="status" aria-live="polite">
        {data.error
          ? `Alerts cannot be loaded: ${data.error}`
          : data.data
            ? `${alerts.length} alert${alerts.length === 1 ? '' : 's'} on ${data.data.as_of} (a bill counts as missing ${data.data.grace_days} days after its carrier's bill day)`
            : 'Loading…'}
      </p>
      <ul className="wf-notes" aria-label="Alerts">
        {alerts.map((a, i) => (
          <li key={i} className={`wf-card wf-alert-${a.severity}`}>
            <div className="wf-meta">
              {KIND_LABEL[a.kind]}
              {a.at_stake_cents ? ` · ${money(a.at_stake_cents)} at stake` : ''}
            </div>
            <strong>{a.title}</strong>
            <div>{a.detail}</div>
            <div>
              <AlertLink a={a} />
            </div>
          </li>
        ))}
      </ul>
    </main>
  );
}

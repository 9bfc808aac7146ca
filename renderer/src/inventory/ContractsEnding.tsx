// "Contracts ending within 60 days": a small list for the home screen (and anywhere else), soonest first.
// Usage: <ContractsEnding /> or <ContractsEnding days={90} limit={10} />.
import { api } from '../api/index.ts';
import { href } from '../shell/router.ts';
import { useLoad } from '../hooks/useLoad.ts';
import './inventory.css';

export function ContractsEnding({ days = 60, limit = 20, title }: { days?: number; limit?: number; title?: string }) {
  const list = useLoad(() => api.call('contracts.ending', { days, limit: limit + 1 }), [days, limit]);
  const heading = title ?? `Contracts ending within ${days} days`;
  const rows = list.data ?? [];
  return (
    <section className="inv-ending" aria-label={heading}>
      <h2>{heading}</h2>
      {list.error ? <p role="alert">Contracts cannot be loaded: {list.error}</p> : null}
      {list.data === null && !list.error ? <p>Loading…</p> : null}
      {list.data && rows.length === 0 ? <p>No contract ends within {days} days.</p> : null}
      {rows.length ? (
        <table className="inv-table">
          <thead>
            <tr>
              <th scope="col">Ends</th>
              <th scope="col">Customer</th>
              <th scope="col">Carrier</th>
              <th scope="col">Account</th>
              <th scope="col">Renews</th>
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, limit).map((c) => (
              <tr key={c.id}>
                <td>
                  {c.end_date} <span className="inv-days">({c.days_left === 0 ? 'today' : c.days_left === 1 ? 'in 1 day' : `in ${c.days_left} days`})</span>
                </td>
                <td>{c.customer_id ? <a href={href('customer', [c.customer_id])}>{c.customer ?? ''}</a> : (c.customer ?? '')}</td>
                <td>{c.carrier}</td>
                <td>{c.account}</td>
                <td>{c.auto_renew ? 'Yes' : 'No'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {rows.length > limit ? <p>More contracts end within {days} days than are shown here.</p> : null}
    </section>
  );
}

// Roll-ups: per customer or per carrier over a span of months. Without a choice, each group's totals over the span
// (largest amount at stake first); with one customer or carrier chosen, its months as a table and a chart.
import { useMemo, useState } from 'react';
import { api, type ApiOutput } from '../api/index.ts';
import { addMonthsToMonth } from '../../../core/months.ts';
import { useStore } from '../store.ts';
import { useData, useMoney } from '../tickets/common.ts';
import { MoneyChart } from './MoneyChart.tsx';
import { TextField } from '../tickets/controls.tsx';
import { addCents } from '../../../core/money.ts';

type Row = ApiOutput<'history.rollup'>[number];
type Totals = Pick<Row, 'accounts' | 'flagged' | 'expected_cents' | 'actual_cents' | 'variance_cents' | 'at_stake_cents'>;

/** The figures both roll-up tables show: headers from Flagged on (the accounts column is named apart), cells from the accounts count on. */
const FigureHeaders = () => (
  <>
    <th scope="col" className="wf-num">Flagged</th>
    <th scope="col" className="wf-num">Expected</th>
    <th scope="col" className="wf-num">Actual</th>
    <th scope="col" className="wf-num">Variance</th>
    <th scope="col" className="wf-num">At stake</th>
  </>
);

function Figures({ f, money }: { f: Totals | null; money(cents: number): string }) {
  // null: the months' figures add up past what can be counted exactly (core/money.ts addCents); said, not guessed.
  if (!f) return <td className="wf-num" colSpan={6} title="These months add up to more than can be counted exactly">cannot be totalled</td>;
  return (
    <>
      <td className="wf-num">{f.accounts}</td>
      <td className="wf-num">{f.flagged}</td>
      <td className="wf-num">{money(f.expected_cents)}</td>
      <td className="wf-num">{money(f.actual_cents)}</td>
      <td className="wf-num">{money(f.variance_cents)}</td>
      <td className="wf-num">{money(f.at_stake_cents)}</td>
    </>
  );
}

function sumRows(rows: Row[]): Totals | null {
  try {
    return rows.reduce(
      (s, r) => ({
        accounts: s.accounts + r.accounts,
        flagged: s.flagged + r.flagged,
        expected_cents: addCents(s.expected_cents, r.expected_cents),
        actual_cents: addCents(s.actual_cents, r.actual_cents),
        variance_cents: addCents(s.variance_cents, r.variance_cents),
        at_stake_cents: addCents(s.at_stake_cents, r.at_stake_cents),
      }),
      { accounts: 0, flagged: 0, expected_cents: 0, actual_cents: 0, variance_cents: 0, at_stake_cents: 0 },
    );
  } catch {
    return null;
  }
}

export function Rollups() {
  const money = useMoney();
  const month = useStore((s) => s.month);
  const [by, setBy] = useState<'customer' | 'carrier'>('carrier');
  const [to, setTo] = useState(month);
  const [from, setFrom] = useState(addMonthsToMonth(month, -11));
  const [key, setKey] = useState<string | null>(null);
  const data = useData(() => api.call('history.rollup', { by, from, to, ...(key ? { [by === 'customer' ? 'customer_id' : 'carrier_id']: key } : {}) }), [by, from, to, key]);
  const rows = data.data ?? [];
  const groups = useMemo(() => {
    const m = new Map<string, { key_id: string | null; name: string | null; rows: Row[] }>();
    for (const r of rows) {
      const k = r.key_id ?? '';
      const g = m.get(k) ?? { key_id: r.key_id, name: r.name, rows: [] };
      g.rows.push(r);
      m.set(k, g);
    }
    return [...m.values()].map((g) => ({ ...g, total: sumRows(g.rows) })).sort((a, b) => (b.total?.at_stake_cents ?? Infinity) - (a.total?.at_stake_cents ?? Infinity) || 0);
  }, [rows]);
  const chosen = key ? groups[0] : null;
  return (
    <section className="wf-card" aria-label="Roll-ups">
      <h2>Roll-ups</h2>
      <div className="wf-bar">
        <label className="tem-field">
          <span>Per</span>
          <select value={by} onChange={(e) => (setBy(e.target.value as 'customer' | 'carrier'), setKey(null))}>
            <option value="carrier">Carrier</option>
            <option value="customer">Customer</option>
          </select>
        </label>
        <TextField type="month" label="From" value={from} onChange={(m) => /^\d{4}-\d{2}$/.test(m) && setFrom(m)} />
        <TextField type="month" label="To" value={to} onChange={(m) => /^\d{4}-\d{2}$/.test(m) && setTo(m)} />
        {key ? (
          <button type="button" onClick={() => setKey(null)}>
            Every {by}
          </button>
        ) : null}
      </div>
      <p className="wf-message" role="status" aria-live="polite">
        {data.error ? <span className="wf-error">{data.error}</span> : data.loading && !data.data ? 'Loading…' : ''}
      </p>
      {chosen ? (
        <>
          <h3>{chosen.name ?? '(not in book)'}</h3>
          <MoneyChart label={`Expected and actual, ${chosen.name ?? ''}`} rows={chosen.rows.map((r) => ({ month: r.month, expected: r.expected_cents, actual: r.actual_cents }))} />
          <table className="wf-table" aria-label="Roll-up by month">
            <thead>
              <tr>
                <th scope="col">Month</th>
                <th scope="col" className="wf-num">Accounts</th>
                <FigureHeaders />
              </tr>
            </thead>
            <tbody>
              {chosen.rows.map((r) => (
                <tr key={r.month}>
                  <td>{r.month}</td>
                  <Figures f={r} money={money} />
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : (
        <table className="wf-table" aria-label={`Roll-up per ${by}`}>
          <thead>
            <tr>
              <th scope="col">{by === 'customer' ? 'Customer' : 'Carrier'}</th>
              <th scope="col" className="wf-num">Account-months</th>
              <FigureHeaders />
            </tr>
          </thead>
          <tbody>
            {groups.slice(0, 200).map((g) => (
              <tr key={g.key_id ?? ''}>
                <td>
                  {g.key_id ? (
                    <button type="button" className="wf-link-button" onClick={() => setKey(g.key_id)}>
                      {g.name}
                    </button>
                  ) : (
                    '(not in book)'
                  )}
                </td>
                <Figures f={g.total} money={money} />
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

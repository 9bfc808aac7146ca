// The dashboard's two charts (Recharts, SVG): expected vs actual over 24 months and the month's largest
// variances. Each has a table of the same figures for screen readers (and for tests to read exactly).
import { Bar, BarChart, CartesianGrid, Cell, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCents, type AmountLocale } from '../../../core/money.ts';
import type { ApiOutput } from '../api/index.ts';

type Dash = ApiOutput<'reports.dashboard'>;

const compact = (cents: number) => {
  const v = cents / 100;
  const a = Math.abs(v);
  return a >= 1e6 ? `${(v / 1e6).toFixed(1)}M` : a >= 1e3 ? `${(v / 1e3).toFixed(0)}k` : v.toFixed(0);
};

export function ExpectedVsActual({ series, locale, onMonth }: { series: NonNullable<Dash['series']>; locale: AmountLocale; onMonth(month: string): void }) {
  const data = series.map((s) => ({ month: s.month, expected: s.expected_cents / 100, actual: s.actual_cents / 100, s }));
  return (
    <figure className="home-chart" aria-label="Expected and actual per month">
      <ResponsiveContainer width="100%" height={240} minWidth={300}>
      <LineChart
        data={data}
        margin={{ top: 8, right: 16, bottom: 4, left: 8 }}
        onClick={(e) => {
          const m = (e as { activeLabel?: string | number } | null)?.activeLabel;
          if (typeof m === 'string') onMonth(m);
        }}
      >
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="month" tick={{ fontSize: 10 }} interval={2} />
        <YAxis tickFormatter={(v: number) => compact(Math.round(v * 100))} tick={{ fontSize: 10 }} width={52} />
        <Tooltip formatter={(v) => formatCents(Math.round(Number(v) * 100), locale)} />
        <Legend />
        <Line type="linear" dataKey="expected" name="Expected" stroke="#2f6fd6" dot={{ r: 2 }} isAnimationActive={false} />
        <Line type="linear" dataKey="actual" name="Actual" stroke="#d2691e" dot={{ r: 2 }} isAnimationActive={false} connectNulls />
      </LineChart>
      </ResponsiveContainer>
      <table className="sr-only" aria-label="Expected and actual per month, figures">
        <thead>
          <tr>
            <th scope="col">Month</th>
            <th scope="col">Expected</th>
            <th scope="col">Actual</th>
          </tr>
        </thead>
        <tbody>
          {series.map((s) => (
            <tr key={s.month}>
              <th scope="row">{s.month}</th>
              <td>{formatCents(s.expected_cents, locale)}</td>
              <td>{formatCents(s.actual_cents, locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

export function LargestVariances({ rows, locale, onPick }: { rows: NonNullable<Dash['largest_variances']>; locale: AmountLocale; onPick(): void }) {
  const data = rows.map((r) => ({ name: `${r.carrier} ${r.account}`, variance: r.variance_cents / 100, label: formatCents(r.variance_cents, locale), r }));
  if (!rows.length) return <p>No bill is over or under this month.</p>;
  return (
    <figure className="home-chart" aria-label="Largest variances">
      <ResponsiveContainer width="100%" height={Math.max(120, 26 * rows.length + 30)} minWidth={300}>
      <BarChart data={data} layout="vertical" margin={{ top: 4, right: 70, bottom: 4, left: 8 }} onClick={onPick}>
        <CartesianGrid strokeDasharray="3 3" />
        {/* Room past the longest bars for their labels. */}
        <XAxis
          type="number"
          domain={[(min: number) => Math.min(0, min * 1.3), (max: number) => Math.max(0, max * 1.3)]}
          tickFormatter={(v: number) => compact(Math.round(v * 100))}
          tick={{ fontSize: 10 }}
        />
        <YAxis type="category" dataKey="name" width={210} tick={{ fontSize: 10 }} interval={0} />
        <Tooltip formatter={(v) => formatCents(Math.round(Number(v) * 100), locale)} />
        <Bar dataKey="variance" name="Variance" isAnimationActive={false} label={{ position: 'right', fontSize: 10, formatter: (v: unknown) => formatCents(Math.round(Number(v) * 100), locale) }}>
          {data.map((d) => (
            <Cell key={d.r.account_id} fill={d.r.variance_cents > 0 ? '#c0392b' : '#2e86c1'} />
          ))}
        </Bar>
      </BarChart>
      </ResponsiveContainer>
      <table className="sr-only" aria-label="Largest variances, figures">
        <tbody>
          {rows.map((r) => (
            <tr key={r.account_id}>
              <th scope="row">
                {r.carrier} {r.account}
              </th>
              <td>{r.customer ?? ''}</td>
              <td>{formatCents(r.variance_cents, locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

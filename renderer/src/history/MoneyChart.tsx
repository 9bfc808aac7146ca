// Expected against actual per month as an SVG chart (Recharts): bars for the actual bill, a line for the
// expectation. Amounts are plotted in currency units and labelled in the user's locale.
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useMoney } from '../tickets/common.ts';

export interface ChartRow {
  month: string;
  expected: number | null;
  actual: number | null;
}

export function MoneyChart({ rows, label }: { rows: ChartRow[]; label: string }) {
  const money = useMoney();
  const data = rows.map((r) => ({ month: r.month, Expected: r.expected === null ? null : r.expected / 100, Actual: r.actual === null ? null : r.actual / 100 }));
  const fmt = (v: unknown) => (typeof v === 'number' ? money(Math.round(v * 100)) : '');
  return (
    <figure className="wf-chart" aria-label={label} style={{ margin: 0 }}>
      <ResponsiveContainer width="100%" height={280}>
        <ComposedChart data={data} margin={{ top: 10, right: 20, bottom: 0, left: 10 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="month" />
          <YAxis tickFormatter={fmt} width={90} />
          <Tooltip formatter={fmt} />
          <Legend />
          <Bar dataKey="Actual" fill="#5b8def" isAnimationActive={false} />
          <Line dataKey="Expected" stroke="#b42318" strokeWidth={2} dot={false} connectNulls isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
}

// The bills on file for a month, and one bill's lines compared with the account's services in the inventory.
import { useEffect, useState } from 'react';
import { formatCents } from '../../../core/money.ts';
import { api, type ApiOutput } from '../api/index.ts';
import { failureText } from '../inventory/call.ts';
import { useStore } from '../store.ts';

type Bill = ApiOutput<'bills.list'>[number];
type Compare = ApiOutput<'bills.compare'>;

const OUTCOME: Record<Compare['rows'][number]['outcome'], string> = {
  match: 'Matches',
  differs: 'Differs',
  not_in_inventory: 'Not in inventory',
  not_billed: 'Not billed',
};

export function MonthBills() {
  const locale = useStore((s) => s.locale);
  const storeMonth = useStore((s) => s.month);
  const [month, setMonth] = useState(storeMonth);
  const [bills, setBills] = useState<Bill[]>([]);
  const [compare, setCompare] = useState<Compare | null>(null);
  const [error, setError] = useState<string | null>(null);
  const money = (c: number | null) => (c === null ? '' : formatCents(c, locale));

  useEffect(() => {
    setCompare(null);
    const load = () => void api.call('bills.list', { month }).then(setBills, (e) => setError(failureText(e)));
    load();
    // An import (here or from another window) adds bills.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = api.onChange(() => {
      clearTimeout(timer);
      timer = setTimeout(load, 300);
    });
    return () => (off(), clearTimeout(timer));
  }, [month]);

  return (
    <section aria-labelledby="bills-month-h">
      <h2 id="bills-month-h">Bills on file</h2>
      <div className="bills-field">
        <label htmlFor="bm-month">Month</label>
        <input id="bm-month" type="month" value={month} onChange={(e) => e.target.value && setMonth(e.target.value)} />
      </div>
      {error && (
        <p role="alert" className="bills-error">
          {error}
        </p>
      )}
      <table aria-label="Bills on file">
        <thead>
          <tr>
            {['Carrier', 'Account', 'Invoice', 'Bill date', 'Total', 'Lines', 'Counted', 'File', ''].map((h, i) => (
              <th key={i} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {bills.map((b) => (
            <tr key={b.id}>
              <td>{b.carrier}</td>
              <td>{b.account_number}</td>
              <td>{b.invoice_number ?? ''}</td>
              <td>{b.bill_date ?? ''}</td>
              <td className="num">{money(b.total_cents)}</td>
              <td className="num">{b.line_count || ''}</td>
              <td title={b.duplicate_reason ?? undefined}>{b.duplicate_of ? 'No: duplicate' : 'Yes'}</td>
              <td>{b.file_name ?? ''}</td>
              <td>
                {b.line_count > 0 && (
                  <button type="button" onClick={() => api.call('bills.compare', { bill_id: b.id }).then(setCompare, (e) => setError(failureText(e)))}>
                    Compare with inventory
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {compare && (
        <table aria-label={`Invoice ${compare.bill.invoice_number ?? ''} against the inventory`}>
          <caption>
            {compare.bill.carrier} {compare.bill.account_number}: billed {money(compare.billed_cents)}, inventory {money(compare.expected_cents)}
          </caption>
          <thead>
            <tr>
              {['Line', 'Description', 'Billed', 'Service', 'Expected', 'Difference', ''].map((h, i) => (
                <th key={i} scope="col">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {compare.rows.map((r, i) => (
              <tr key={i}>
                <td>{r.line_key}</td>
                <td>{r.description ?? ''}</td>
                <td className="num">{money(r.billed_cents)}</td>
                <td>{r.service ?? ''}</td>
                <td className="num">{money(r.expected_cents)}</td>
                <td className="num">{money(r.difference_cents)}</td>
                <td>{OUTCOME[r.outcome]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

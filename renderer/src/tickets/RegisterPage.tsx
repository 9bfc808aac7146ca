// The ready-to-pay register of a month: every bill marked OK to Pay with its figures and who approved it, its
// total, and the files for accounts payable (CSV, XLSX). Below it, apart and not in the total, the approved bills
// that changed since approval: not ready to pay until approved again.
import { useState } from 'react';
import { api } from '../api/index.ts';
import type { PageProps } from '../shell/routes.ts';
import { href } from '../shell/router.ts';
import { useStore } from '../store.ts';
import { BILL_STATUS_LABEL, useData, useMoney, whenText } from './common.ts';
import { ExportButtons, TextField } from './controls.tsx';
import './workflow.css';

export function RegisterPage({ query }: PageProps) {
  const storeMonth = useStore((s) => s.month);
  const [month, setMonth] = useState(query.get('month') ?? storeMonth);
  const [message, setMessage] = useState<string | null>(null);
  const money = useMoney();
  const reg = useData(() => api.call('approvals.register', { month }), [month]);
  const rows = reg.data?.rows ?? [];
  const changed = reg.data?.changed_since_approval ?? [];
  return (
    <main className="wf-page">
      <h1>Ready-to-pay register</h1>
      <div className="wf-bar">
        <TextField type="month" label="Month" value={month} onChange={(m) => /^\d{4}-\d{2}$/.test(m) && setMonth(m)} />
        <ExportButtons make={(format) => api.call('approvals.export', { month, format })} onMessage={setMessage} />
        <a href={href('approvals', [], { month })}>Approve bills</a>
      </div>
      <p className="wf-message" role="status" aria-live="polite">
        {message ?? (reg.error ? `The register cannot be loaded: ${reg.error}` : `${rows.length} bill${rows.length === 1 ? '' : 's'} OK to Pay, ${money(reg.data?.total_actual_cents ?? 0)} in total`)}
      </p>
      <table className="wf-table" aria-label="Ready-to-pay register">
        <thead>
          <tr>
            <th scope="col">Customer</th>
            <th scope="col">Location</th>
            <th scope="col">Carrier</th>
            <th scope="col">Account</th>
            <th scope="col">Invoice</th>
            <th scope="col">Bill date</th>
            <th scope="col" className="wf-num">Expected</th>
            <th scope="col" className="wf-num">Actual</th>
            <th scope="col" className="wf-num">Variance</th>
            <th scope="col">Status</th>
            <th scope="col">Approved by</th>
            <th scope="col">Approved at</th>
            <th scope="col">Override reason</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.account_id}>
              <td>{r.customer ?? '(not in book)'}</td>
              <td>{r.location ?? ''}</td>
              <td>{r.carrier}</td>
              <td>{r.account}</td>
              <td>{r.invoice_number ?? ''}</td>
              <td>{r.bill_date ?? ''}</td>
              <td className="wf-num">{money(r.expected_cents)}</td>
              <td className="wf-num">{money(r.actual_cents)}</td>
              <td className="wf-num">{money(r.variance_cents)}</td>
              <td>{BILL_STATUS_LABEL[r.status]}</td>
              <td>{r.approved_by}</td>
              <td>{whenText(r.approved_at)}</td>
              <td>{r.override_reason ?? ''}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td colSpan={7}>Total</td>
            <td className="wf-num" aria-label="Register total">
              {money(reg.data?.total_actual_cents ?? 0)}
            </td>
            <td colSpan={5} />
          </tr>
        </tfoot>
      </table>
      {changed.length ? (
        <section aria-labelledby="register-changed">
          <h2 id="register-changed">Changed since approval — not ready to pay</h2>
          <p>
            {changed.length} approved bill{changed.length === 1 ? '' : 's'} changed after approval: not in the register or its total until approved again on
            the <a href={href('approvals', [], { month })}>OK to Pay</a> page.
          </p>
          <table className="wf-table" aria-label="Changed since approval, not ready to pay">
            <thead>
              <tr>
                <th scope="col">Customer</th>
                <th scope="col">Carrier</th>
                <th scope="col">Account</th>
                <th scope="col">Approved invoice</th>
                <th scope="col" className="wf-num">Approved amount</th>
                <th scope="col">Invoice now</th>
                <th scope="col" className="wf-num">Actual now</th>
                <th scope="col">Status</th>
                <th scope="col">Approved by</th>
                <th scope="col">Approved at</th>
              </tr>
            </thead>
            <tbody>
              {changed.map((r) => (
                <tr key={r.account_id}>
                  <td>{r.customer ?? '(not in book)'}</td>
                  <td>{r.carrier}</td>
                  <td>
                    <a href={href('history', [r.account_id], { to: month })}>{r.account}</a>
                  </td>
                  <td>{r.approved_invoice_number ?? ''}</td>
                  <td className="wf-num">{money(r.approved_actual_cents)}</td>
                  <td>{r.invoice_number ?? ''}</td>
                  <td className="wf-num">{r.actual_cents === null ? 'no bill' : money(r.actual_cents)}</td>
                  <td>{BILL_STATUS_LABEL[r.status]}</td>
                  <td>{r.approved_by}</td>
                  <td>{whenText(r.approved_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </main>
  );
}

// OK to Pay for a month: every bill with its status, tickets and approval; approve the selected bills in bulk (an
// override reason for flagged bills whose tickets are not resolved, where the user may override), or withdraw an
// approval with a reason. A bill whose actual or invoice changed since its approval is not OK to Pay (the API says
// so: changed_since_approval) and shows as needing approval again. The ready-to-pay register is its own page.
import { useMemo, useState, type FormEvent } from 'react';
import { api } from '../api/index.ts';
import type { PageProps } from '../shell/routes.ts';
import { href } from '../shell/router.ts';
import { useStore } from '../store.ts';
import { BILL_STATUS_LABEL, TICKET_STATUS_LABEL, failureText, useData, useMoney } from './common.ts';
import './workflow.css';
import { TextField } from './controls.tsx';

type Show = 'all' | 'waiting' | 'approved' | 'flagged';

export function ApprovalsPage({ query }: PageProps) {
  const storeMonth = useStore((s) => s.month);
  const [month, setMonth] = useState(query.get('month') ?? storeMonth);
  const [show, setShow] = useState<Show>('waiting');
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const money = useMoney();
  const check = useData(() => api.call('month.check', { month }), [month]);
  const workflow = useData(() => api.call('tickets.forMonth', { month }), [month]);
  const byAccount = useMemo(() => new Map((workflow.data ?? []).map((w) => [w.account_id, w])), [workflow.data]);
  // OK to Pay: approved, and the bill is still the one approved.
  const okToPay = (id: string) => {
    const a = byAccount.get(id)?.approval;
    return !!a && !a.changed_since_approval;
  };
  const rows = (check.data?.rows ?? []).filter((r) => {
    const approved = okToPay(r.account_id);
    if (show === 'waiting') return !approved;
    if (show === 'approved') return approved;
    if (show === 'flagged') return r.status !== 'ok';
    return true;
  });
  const toggle = (id: string, on: boolean) => setPicked((p) => (on ? new Set(p).add(id) : (p.delete(id), new Set(p))));
  const bills = [...picked].map((account_id) => ({ account_id, month }));

  const approve = async (e: FormEvent) => {
    e.preventDefault();
    if (!bills.length) return setMessage({ error: true, text: 'Tick the bills to mark OK to Pay first.' });
    try {
      const r = await api.call('approvals.approve', { bills, ...(reason.trim() ? { override_reason: reason.trim() } : {}) });
      setMessage({ error: false, text: `${r.approved.length} bill${r.approved.length === 1 ? '' : 's'} marked OK to Pay${r.already_approved.length ? ` (${r.already_approved.length} already were)` : ''}.` });
      setPicked(new Set());
      setReason('');
    } catch (err) {
      setMessage({ error: true, text: failureText(err) });
    }
  };
  const withdraw = async () => {
    const approved = bills.filter((b) => byAccount.get(b.account_id)?.approval);
    if (!approved.length) return setMessage({ error: true, text: 'Tick bills that are OK to Pay to withdraw their approval.' });
    if (!reason.trim()) return setMessage({ error: true, text: 'Withdrawing OK to Pay needs a reason: write it in the reason field.' });
    try {
      for (const b of approved) await api.call('approvals.withdraw', { ...b, reason: reason.trim() });
      setMessage({ error: false, text: `OK to Pay withdrawn from ${approved.length} bill${approved.length === 1 ? '' : 's'}.` });
      setPicked(new Set());
      setReason('');
    } catch (err) {
      setMessage({ error: true, text: failureText(err) });
    }
  };

  return (
    <main className="wf-page">
      <h1>OK to Pay</h1>
      <form className="wf-bar" aria-label="Approve bills" onSubmit={approve}>
        <TextField type="month" label="Month" value={month} onChange={(m) => /^\d{4}-\d{2}$/.test(m) && (setMonth(m), setPicked(new Set()))} />
        <label className="tem-field">
          <span>Show</span>
          <select value={show} onChange={(e) => setShow(e.target.value as Show)}>
            <option value="waiting">Not yet OK to Pay</option>
            <option value="approved">OK to Pay</option>
            <option value="flagged">Flagged</option>
            <option value="all">All bills</option>
          </select>
        </label>
        <button type="button" onClick={() => setPicked(new Set(rows.filter((r) => r.status === 'ok' && !okToPay(r.account_id)).map((r) => r.account_id)))}>
          Select all bills within tolerance
        </button>
        <button type="button" onClick={() => setPicked(new Set())}>
          Clear selection
        </button>
        <TextField wide label="Reason (override or withdrawal)" value={reason} onChange={setReason} />
        <button type="submit">Mark selected OK to Pay</button>
        <button type="button" onClick={() => void withdraw()}>
          Withdraw selected
        </button>
        <a href={href('register', [], { month })}>Ready-to-pay register</a>
      </form>
      <p className={`wf-message ${message?.error ? 'wf-error' : ''}`} role="status" aria-live="polite">
        {message?.text ?? (check.loading && !check.data ? 'Loading…' : `${picked.size} selected · ${rows.length} bills shown`)}
      </p>
      {check.error ? <p role="alert">The month cannot be loaded: {check.error}</p> : null}
      <table className="wf-table" aria-label="Bills of the month">
        <thead>
          <tr>
            <th scope="col">Select</th>
            <th scope="col">Customer</th>
            <th scope="col">Carrier</th>
            <th scope="col">Account</th>
            <th scope="col" className="wf-num">Expected</th>
            <th scope="col" className="wf-num">Actual</th>
            <th scope="col" className="wf-num">Variance</th>
            <th scope="col">Status</th>
            <th scope="col">Tickets</th>
            <th scope="col">OK to Pay</th>
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, 5000).map((r) => {
            const w = byAccount.get(r.account_id);
            return (
              <tr key={r.account_id}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Select ${r.carrier} account ${r.account}`}
                    checked={picked.has(r.account_id)}
                    onChange={(e) => toggle(r.account_id, e.target.checked)}
                  />
                </td>
                <td>{r.customer ?? '(not in book)'}</td>
                <td>{r.carrier}</td>
                <td>
                  <a href={href('history', [r.account_id], { to: month })}>{r.account}</a>
                </td>
                <td className="wf-num">{money(r.expected_cents)}</td>
                <td className="wf-num">{money(r.actual_cents)}</td>
                <td className="wf-num">{money(r.variance_cents)}</td>
                <td>{BILL_STATUS_LABEL[r.status]}</td>
                <td>
                  {(w?.tickets ?? []).map((t) => (
                    <a key={t.id} href={href('tickets', [t.id])} style={{ marginRight: 6 }}>
                      #{t.number} {TICKET_STATUS_LABEL[t.status]}
                    </a>
                  ))}
                </td>
                <td>
                  {!w?.approval
                    ? ''
                    : w.approval.changed_since_approval
                      ? `Changed since approval (${money(w.approval.approved_actual_cents) || 'no amount'} approved by ${w.approval.approved_by}): approve again`
                      : `${w.approval.override ? 'Override' : 'OK'} by ${w.approval.approved_by}`}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {rows.length > 5000 ? <p>The first 5,000 of {rows.length} bills are shown; narrow them with “Show”, or approve from the month grid.</p> : null}
    </main>
  );
}

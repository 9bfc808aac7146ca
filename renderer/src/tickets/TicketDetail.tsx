// One billing ticket: its figures (expected credit, received, still owed), status and fields, the bills it covers,
// credits received (matched to a later bill), the notes thread, attached files, and its audit trail.
import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../api/index.ts';
import { href } from '../shell/router.ts';
import { isMonth } from '../../../core/months.ts';
import {
  BILL_STATUS_LABEL,
  TICKET_STATUSES,
  TICKET_STATUS_LABEL,
  failureText,
  fileBytes,
  isDoneStatus,
  parseTyped,
  saveFile,
  sizeText,
  useData,
  useMoney,
  whenText,
  type TicketStatus,
} from './common.ts';
import type { ApiOutput } from '../api/index.ts';
import { UdfFields } from '../admin/UdfFields.tsx';
import { AssigneeField } from './controls.tsx';
import { LookupSelect } from '../admin/LookupSelect.tsx';

type Ticket = ApiOutput<'tickets.get'>;

export function TicketDetail({ id }: { id: string }) {
  const ticket = useData(() => api.call('tickets.get', { id }), [id]);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const t = ticket.data;
  const run = async (what: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
      setMessage({ error: false, text: what });
      ticket.reload();
      return true;
    } catch (e) {
      setMessage({ error: true, text: failureText(e) });
      return false;
    }
  };
  if (ticket.error && !t) return <main className="wf-page"><p role="alert">This ticket cannot be shown: {ticket.error}</p></main>;
  if (!t) return <main className="wf-page"><p>Loading…</p></main>;
  return (
    <main className="wf-page">
      <p>
        <a href={href('tickets')}>← All tickets</a>
      </p>
      <h1>
        Ticket {t.number}: {t.title}
      </h1>
      <p className={`wf-message ${message?.error ? 'wf-error' : ''}`} role="status" aria-live="polite">
        {message?.text ?? '\u00a0'}
      </p>
      <Figures t={t} />
      <div className="wf-grid2">
        <TicketFields key={t.updated_at} t={t} run={run} />
        <Credits t={t} run={run} />
      </div>
      <Bills t={t} />
      <div className="wf-grid2">
        <Notes t={t} run={run} />
        <Attachments t={t} run={run} />
      </div>
      <p>
        <a href={href('audit', [], { ticket: t.id })}>Every change to this ticket (audit trail)</a>
      </p>
    </main>
  );
}

type Run = (what: string, fn: () => Promise<unknown>) => Promise<boolean>;

function Figures({ t }: { t: Ticket }) {
  const money = useMoney();
  return (
    <section className="wf-figures" aria-label="Credit">
      <div>
        <span>Status</span>
        <span>{TICKET_STATUS_LABEL[t.status]}</span>
      </div>
      <div>
        <span>At stake</span>
        <span>{money(t.at_stake_cents)}</span>
      </div>
      <div>
        <span>Expected credit</span>
        <span>{t.expected_credit_cents === null ? 'none' : money(t.expected_credit_cents)}</span>
      </div>
      <div>
        <span>Received</span>
        <span>{money(t.received_cents)}</span>
      </div>
      <div>
        <span>Still owed</span>
        <span aria-label="Still owed">{t.owed_cents === null ? '—' : money(t.owed_cents)}</span>
      </div>
      {(t.over_received_cents ?? 0) > 0 ? (
        <div>
          <span>Received more than expected</span>
          <span aria-label="Received more than expected">{money(t.over_received_cents)}</span>
        </div>
      ) : null}
      <div>
        <span>Due</span>
        <span>{t.due_date ?? 'no due date'}</span>
      </div>
    </section>
  );
}

function TicketFields({ t, run }: { t: Ticket; run: Run }) {
  const money = useMoney();
  const [status, setStatus] = useState<TicketStatus>(t.status);
  const [assignee, setAssignee] = useState(t.assignee ?? '');
  const [claim, setClaim] = useState(t.claim_number ?? '');
  const [due, setDue] = useState(t.due_date ?? '');
  const [credit, setCredit] = useState(t.expected_credit_cents === null ? '' : money(t.expected_credit_cents));
  const [reason, setReason] = useState(t.resolution_reason ?? '');
  const [category, setCategory] = useState(t.category ?? '');
  const [disputeReason, setDisputeReason] = useState(t.dispute_reason ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const closing = isDoneStatus(status);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    const c = parseTyped(credit);
    if ('error' in c) return setProblem(`Expected credit: ${c.error}`);
    setProblem(null);
    await run('Saved.', () =>
      api.call('tickets.update', {
        id: t.id,
        patch: {
          status,
          assignee: assignee.trim() || null,
          claim_number: claim.trim() || null,
          due_date: due || null,
          expected_credit_cents: c.cents,
          ...(closing || reason !== (t.resolution_reason ?? '') ? { resolution_reason: reason.trim() || null } : {}),
          category: category || null,
          dispute_reason: disputeReason || null,
        },
      }),
    );
  };
  return (
    <section className="wf-card" aria-label="Status and fields">
      <form aria-label="Ticket fields" onSubmit={save} style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
        <h2>Status and fields</h2>
        <div className="wf-form">
          <label className="tem-field">
            <span>Status</span>
            <select value={status} onChange={(e) => setStatus(e.target.value as TicketStatus)}>
              {TICKET_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {TICKET_STATUS_LABEL[s]}
                </option>
              ))}
            </select>
          </label>
          <AssigneeField label="Assignee" value={assignee} onChange={setAssignee} />
          <label className="tem-field">
            <span>Carrier claim number</span>
            <input value={claim} onChange={(e) => setClaim(e.target.value)} />
          </label>
          <label className="tem-field">
            <span>Due date</span>
            <input type="date" value={due} onChange={(e) => setDue(e.target.value)} />
          </label>
          <label className="tem-field">
            <span>Expected credit</span>
            <input value={credit} onChange={(e) => setCredit(e.target.value)} inputMode="decimal" />
          </label>
          <LookupSelect list="ticket_category" label="Category" value={category} onChange={setCategory} />
          <LookupSelect list="dispute_reason" label="Dispute reason" value={disputeReason} onChange={setDisputeReason} />
        </div>
        {closing || t.resolution_reason ? (
          <label className="tem-field">
            <span>Resolution reason{closing && (t.owed_cents ?? 0) > 0 ? ` (needed: ${money(t.owed_cents)} still owed)` : ''}</span>
            <textarea value={reason} onChange={(e) => setReason(e.target.value)} />
          </label>
        ) : null}
        {problem ? <p className="wf-error" role="alert">{problem}</p> : null}
        <div>
          <button type="submit">Save ticket</button>
        </div>
      </form>
      {/* The ticket's user-defined fields (defined in Administration), saved on their own. */}
      <UdfFields entity="tickets" recordId={t.id} />
    </section>
  );
}

function Credits({ t, run }: { t: Ticket; run: Run }) {
  const money = useMoney();
  const accounts = [...new Map(t.bills.map((b) => [b.account_id, b])).values()];
  const [amount, setAmount] = useState('');
  const [month, setMonth] = useState('');
  const [matchAccount, setMatchAccount] = useState(accounts.length === 1 ? accounts[0]!.account_id : '');
  const [matchToBill, setMatchToBill] = useState(true);
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const add = async (e: FormEvent) => {
    e.preventDefault();
    const c = parseTyped(amount);
    if ('error' in c) return setProblem(`Credit amount: ${c.error}`);
    if (c.cents === null || c.cents <= 0) return setProblem('Credit amount: enter the credit received, more than zero');
    if (!isMonth(month)) return setProblem('Month: choose the month the credit arrived (the later bill it shows up on)');
    setProblem(null);
    const ok = await run('Credit recorded.', () =>
      api.call('tickets.addCredit', {
        ticket_id: t.id,
        amount_cents: c.cents!,
        month,
        ...(matchToBill && matchAccount ? { matched: { account_id: matchAccount, month } } : {}),
        note: note.trim() || null,
      }),
    );
    if (ok) (setAmount(''), setNote(''));
  };
  return (
    <section className="wf-card" aria-label="Credits">
      <h2>Credits received</h2>
      <table className="wf-table" aria-label="Credits received">
        <thead>
          <tr>
            <th scope="col">Month</th>
            <th scope="col" className="wf-num">Amount</th>
            <th scope="col">On the bill of</th>
            <th scope="col">Note</th>
          </tr>
        </thead>
        <tbody>
          {t.credits.map((c) => (
            <tr key={c.id}>
              <td>{c.month}</td>
              <td className="wf-num">{money(c.amount_cents)}</td>
              <td>{c.matched_account_id ? `${accounts.find((a) => a.account_id === c.matched_account_id)?.account ?? ''} ${c.matched_month}` : 'not matched'}</td>
              <td>{c.note ?? ''}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td>Received</td>
            <td className="wf-num">{money(t.received_cents)}</td>
            <td colSpan={2}>{t.expected_credit_cents === null ? 'No credit expected' : `of ${money(t.expected_credit_cents)} expected; ${(t.over_received_cents ?? 0) > 0 ? `${money(t.over_received_cents)} more than expected` : `${money(t.owed_cents)} still owed`}`}</td>
          </tr>
        </tfoot>
      </table>
      <form className="wf-form" aria-label="Record a credit" onSubmit={add}>
        <label className="tem-field">
          <span>Credit amount</span>
          <input value={amount} onChange={(e) => setAmount(e.target.value)} inputMode="decimal" />
        </label>
        <label className="tem-field">
          <span>Credit month</span>
          <input type="month" value={month} onChange={(e) => setMonth(e.target.value)} />
        </label>
        <label className="tem-field">
          <span>Account</span>
          <select value={matchAccount} onChange={(e) => setMatchAccount(e.target.value)}>
            {accounts.map((a) => (
              <option key={a.account_id} value={a.account_id}>
                {a.carrier} {a.account}
              </option>
            ))}
          </select>
        </label>
        <label>
          <input type="checkbox" checked={matchToBill} onChange={(e) => setMatchToBill(e.target.checked)} /> Shows up on that month's bill
        </label>
        <label className="tem-field">
          <span>Credit note</span>
          <input value={note} onChange={(e) => setNote(e.target.value)} />
        </label>
        <button type="submit">Record credit</button>
      </form>
      {problem ? <p className="wf-error" role="alert">{problem}</p> : null}
    </section>
  );
}

function Bills({ t }: { t: Ticket }) {
  const money = useMoney();
  return (
    <section className="wf-card" aria-label="Bills">
      <h2>Bills on this ticket</h2>
      <table className="wf-table" aria-label="Bills on this ticket">
        <thead>
          <tr>
            <th scope="col">Month</th>
            <th scope="col">Customer</th>
            <th scope="col">Location</th>
            <th scope="col">Carrier</th>
            <th scope="col">Account</th>
            <th scope="col" className="wf-num">Expected</th>
            <th scope="col" className="wf-num">Actual</th>
            <th scope="col" className="wf-num">Variance</th>
            <th scope="col">Status now</th>
            <th scope="col">When opened</th>
          </tr>
        </thead>
        <tbody>
          {t.bills.map((b) => (
            <tr key={`${b.account_id}|${b.month}`}>
              <td>{b.month}</td>
              <td>{b.customer ?? '(not in book)'}</td>
              <td>{b.location ?? ''}</td>
              <td>{b.carrier}</td>
              <td>
                <a href={href('history', [b.account_id], { to: b.month })}>{b.account}</a>
              </td>
              <td className="wf-num">{money(b.expected_cents)}</td>
              <td className="wf-num">{money(b.actual_cents)}</td>
              <td className="wf-num">{money(b.variance_cents)}</td>
              <td>{BILL_STATUS_LABEL[b.status]}</td>
              <td>
                {BILL_STATUS_LABEL[b.status_at_open]} {b.variance_at_open_cents !== null ? money(b.variance_at_open_cents) : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Notes({ t, run }: { t: Ticket; run: Run }) {
  const [text, setText] = useState('');
  const add = async (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return;
    if (await run('Note added.', () => api.call('tickets.addNote', { ticket_id: t.id, text }))) setText('');
  };
  return (
    <section className="wf-card" aria-label="Notes">
      <h2>Notes</h2>
      <ol className="wf-notes" aria-label="Notes thread">
        {t.notes.map((n) => (
          <li key={n.id}>
            <div className="wf-meta">
              {n.author} · <time dateTime={n.at}>{whenText(n.at)}</time>
            </div>
            <div style={{ whiteSpace: 'pre-wrap' }}>{n.text}</div>
          </li>
        ))}
        {t.notes.length === 0 ? <li className="wf-meta">No notes yet.</li> : null}
      </ol>
      <form className="wf-form" onSubmit={add}>
        <label className="tem-field">
          <span>New note</span>
          <textarea value={text} onChange={(e) => setText(e.target.value)} />
        </label>
        <button type="submit" disabled={!text.trim()}>
          Add note
        </button>
      </form>
    </section>
  );
}

function Attachments({ t, run }: { t: Ticket; run: Run }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setError(null), [t.id]);
  const upload = async (files: FileList | null) => {
    if (!files?.length) return;
    setBusy(true);
    for (const f of Array.from(files)) {
      await run(`Attached ${f.name}.`, async () => api.call('attachments.add', { ticket_id: t.id, file_name: f.name, mime_type: f.type || undefined, data: await fileBytes(f) }));
    }
    setBusy(false);
  };
  const download = async (id: string) => {
    try {
      saveFile(await api.call('attachments.download', { id }));
    } catch (e) {
      setError(failureText(e));
    }
  };
  return (
    <section className="wf-card" aria-label="Attachments">
      <h2>Attached files</h2>
      <ul aria-label="Attached files">
        {t.attachments.map((a) => (
          <li key={a.id}>
            <button type="button" className="wf-link-button" onClick={() => void download(a.id)} aria-label={`Download ${a.file_name}`}>
              {a.file_name}
            </button>{' '}
            <span className="wf-meta">
              {sizeText(a.size_bytes)} · {a.added_by} · {whenText(a.created_at)}
            </span>{' '}
            <button type="button" aria-label={`Remove ${a.file_name}`} onClick={() => void run(`Removed ${a.file_name}.`, () => api.call('attachments.remove', { id: a.id }))}>
              Remove
            </button>
          </li>
        ))}
        {t.attachments.length === 0 ? <li className="wf-meta">No files attached.</li> : null}
      </ul>
      <label className="tem-field">
        <span>Attach files (a PDF of the bill, an email)</span>
        <input type="file" multiple disabled={busy} onChange={(e) => void upload(e.target.files).then(() => (e.target.value = ''))} />
      </label>
      {error ? <p className="wf-error" role="alert">{error}</p> : null}
    </section>
  );
}

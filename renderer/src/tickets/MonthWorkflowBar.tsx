// The month grid's workflow actions, on the grid's selection (a range of rows or the focused row): open one ticket
// for the selected flagged bills, mark the selected bills OK to Pay (with an override reason where allowed), or
// withdraw their OK to Pay with a reason. Also keeps the grid's Ticket and OK to Pay columns loaded.
import { useEffect, useState, type FormEvent } from 'react';
import { api, type CheckRow } from '../api/index.ts';
import type { MonthModel } from '../month/model.ts';
import type { GridCommands } from '../month/grid/commands.ts';
import { useStore } from '../store.ts';
import { href } from '../shell/router.ts';
import { failureText, parseTyped } from './common.ts';
import { monthWorkflow } from './monthWorkflow.ts';
import { AssigneeField, TextField } from './controls.tsx';
import './workflow.css';
import { useCan } from '../auth/useCan.ts';

type Panel = { kind: 'ticket'; rows: CheckRow[]; skipped: number } | { kind: 'approve'; rows: CheckRow[] } | null;
type Result = { error: boolean; text: string; ticket?: { id: string; number: number } } | null;

const label = (r: CheckRow) => `${r.customer ?? '(not in book)'} ${r.carrier} ${r.account}`;

export function MonthWorkflowBar({ model, commands }: { model: MonthModel; commands: GridCommands | null }) {
  const month = useStore((s) => s.month);
  const [panel, setPanel] = useState<Panel>(null);
  const [result, setResult] = useState<Result>(null);

  useEffect(() => {
    monthWorkflow.grid = () => model.grid;
    const load = () => void monthWorkflow.load(month).catch(() => undefined);
    load();
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Tickets and approvals change these columns, and so does any change to a bill (keying, pasting, importing
    // actuals or bills, undo, sync): an approved bill whose actual or invoice changes needs approving again.
    const off = api.onChange(() => {
      clearTimeout(timer);
      timer = setTimeout(load, 150);
    });
    return () => (off(), clearTimeout(timer));
  }, [model, month]);

  useEffect(() => setPanel(null), [month]);

  const mayOpen = useCan('tickets.open');
  const mayApprove = useCan('approvals.approve');
  const selected = () => commands?.selectedRows() ?? [];
  const openTicket = () => {
    const all = selected();
    const rows = all.filter((r) => r.status !== 'ok');
    if (!rows.length) return setResult({ error: true, text: 'Select one or more flagged bills in the grid first (over, under, missing or unexpected).' });
    setResult(null);
    setPanel({ kind: 'ticket', rows, skipped: all.length - rows.length });
  };
  const approve = () => {
    const rows = selected();
    if (!rows.length) return setResult({ error: true, text: 'Select the bills to mark OK to Pay in the grid first.' });
    setResult(null);
    setPanel({ kind: 'approve', rows });
  };

  return (
    <div className="wf-month-workflow">
      {/* Only the actions the signed-in user may take (a client login is read-only). */}
      {mayOpen || mayApprove ? (
        <div role="toolbar" aria-label="Tickets and OK to Pay" className="tem-toolbar">
          {mayOpen ? (
            <button type="button" onClick={openTicket} title="Open one ticket for the selected flagged bills">
              Open ticket…
            </button>
          ) : null}
          {mayApprove ? (
            <button type="button" onClick={approve} title="Mark the selected bills OK to Pay, or withdraw it">
              OK to Pay…
            </button>
          ) : null}
        </div>
      ) : null}
      {panel?.kind === 'ticket' ? <OpenTicketPanel rows={panel.rows} skipped={panel.skipped} month={month} onDone={(r) => (setResult(r), r.error || setPanel(null))} onCancel={() => setPanel(null)} /> : null}
      {panel?.kind === 'approve' ? <ApprovePanel rows={panel.rows} month={month} onDone={(r) => (setResult(r), r.error || setPanel(null))} onCancel={() => setPanel(null)} /> : null}
      {/* Not role=status: the month page's own message line is the page's status. */}
      <p className={`wf-message ${result?.error ? 'wf-error' : ''}`} aria-live="polite" aria-label="Tickets and OK to Pay messages">
        {result?.text ?? ''}
        {result?.ticket ? (
          <>
            {' '}
            <a href={href('tickets', [result.ticket.id])}>Open ticket {result.ticket.number}</a>
          </>
        ) : null}
      </p>
    </div>
  );
}

/** Why a dialog's action was refused, on a line of its own. */
function DialogError({ error }: { error: string | null }) {
  return error ? (
    <p className="wf-error" role="alert" style={{ flexBasis: '100%', margin: 0 }}>
      {error}
    </p>
  ) : null;
}

function OpenTicketPanel({ rows, skipped, month, onDone, onCancel }: { rows: CheckRow[]; skipped: number; month: string; onDone(r: Result & object): void; onCancel(): void }) {
  const [title, setTitle] = useState('');
  const [assignee, setAssignee] = useState('');
  const [credit, setCredit] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const c = parseTyped(credit);
    if ('error' in c) return setError(`Expected credit: ${c.error}`);
    try {
      const r = await api.call('tickets.open', {
        bills: rows.map((x) => ({ account_id: x.account_id, month })),
        ...(title.trim() ? { title: title.trim() } : {}),
        ...(assignee.trim() ? { assignee: assignee.trim() } : {}),
        ...(c.cents !== null ? { expected_credit_cents: c.cents } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      onDone({ error: false, text: `Ticket ${r.ticket.number} opened for ${rows.length} bill${rows.length === 1 ? '' : 's'}${r.ticket.due_date ? `, due ${r.ticket.due_date}` : ''}.`, ticket: { id: r.ticket.id, number: r.ticket.number } });
    } catch (err) {
      setError(failureText(err));
    }
  };
  return (
    <form className="wf-dialog" aria-label="Open a ticket" onSubmit={submit}>
      <p style={{ margin: 0, flexBasis: '100%' }}>
        New ticket for {rows.length} flagged bill{rows.length === 1 ? '' : 's'} of {month}: {rows.slice(0, 4).map(label).join('; ')}
        {rows.length > 4 ? ` and ${rows.length - 4} more` : ''}
        {skipped ? ` (${skipped} selected bill${skipped === 1 ? '' : 's'} within tolerance left out)` : ''}
      </p>
      <TextField wide label="Ticket title" value={title} onChange={setTitle} placeholder="Made from the bills if empty" />
      <AssigneeField label="Assign to" value={assignee} onChange={setAssignee} />
      <TextField label="Expected credit" value={credit} onChange={setCredit} inputMode="decimal" />
      <TextField wide label="First note" value={note} onChange={setNote} />
      <button type="submit">Open ticket</button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
      <DialogError error={error} />
    </form>
  );
}

function ApprovePanel({ rows, month, onDone, onCancel }: { rows: CheckRow[]; month: string; onDone(r: Result & object): void; onCancel(): void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const flagged = rows.filter((r) => r.status !== 'ok').length;
  const bills = rows.map((x) => ({ account_id: x.account_id, month }));
  const approve = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const r = await api.call('approvals.approve', { bills, ...(reason.trim() ? { override_reason: reason.trim() } : {}) });
      const n = r.approved.length;
      onDone({
        error: false,
        text: `${n} bill${n === 1 ? '' : 's'} marked OK to Pay${r.already_approved.length ? ` (${r.already_approved.length} already ${r.already_approved.length === 1 ? 'was' : 'were'})` : ''}.`,
      });
    } catch (err) {
      setError(failureText(err));
    }
  };
  const withdraw = async () => {
    if (!reason.trim()) return setError('Withdrawing OK to Pay needs a reason: write it in the reason field.');
    const approved = rows.filter((r) => monthWorkflow.of(r.account_id)?.approval);
    if (!approved.length) return setError('None of the selected bills is OK to Pay.');
    try {
      for (const r of approved) await api.call('approvals.withdraw', { account_id: r.account_id, month, reason: reason.trim() });
      onDone({ error: false, text: `OK to Pay withdrawn from ${approved.length} bill${approved.length === 1 ? '' : 's'}.` });
    } catch (err) {
      setError(failureText(err));
    }
  };
  return (
    <form className="wf-dialog" aria-label="OK to Pay" onSubmit={approve}>
      <p style={{ margin: 0, flexBasis: '100%' }}>
        {rows.length} bill{rows.length === 1 ? '' : 's'} of {month} selected
        {flagged ? `, ${flagged} flagged: a flagged bill is approved once its tickets are resolved, or with an override reason (needs the override permission)` : ', all within tolerance'}.
      </p>
      <TextField wide label="Reason (override or withdrawal)" value={reason} onChange={setReason} />
      <button type="submit">Mark OK to Pay</button>
      <button type="button" onClick={() => void withdraw()}>
        Withdraw OK to Pay
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
      <DialogError error={error} />
    </form>
  );
}

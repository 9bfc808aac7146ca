// Import a carrier bill file through a saved profile: preview every parsed value, bill and problem (nothing is
// written), then import with a progress bar (bills.importStart, then bills.importStep until done).
import { useRef, useState } from 'react';
import { formatCents } from '../../../core/money.ts';
import { api, type ApiOutput } from '../api/index.ts';
import { failureText } from '../inventory/call.ts';
import { useStore } from '../store.ts';
import { FIELD_LABELS, type Profile } from './ProfileEditor.tsx';

type Preview = ApiOutput<'bills.preview'>;
type Run = ApiOutput<'bills.importRun'>;

const OUTCOME: Record<string, string> = { new: 'New', on_file: 'Already on file', corrected: 'Correction (replaces the earlier import)', duplicate: 'Duplicate (not counted)' };
// Values an EDI 811 file adds to the rows as read: its N1 parties per invoice and account.
const READ_LABELS: Record<string, string> = { ...FIELD_LABELS, bill_to: 'Bill-to (N1 BT)', remit_to: 'Remit-to (N1 RE)', parties: 'Parties (N1)' };

export function ImportBills({ profiles }: { profiles: Profile[] }) {
  const locale = useStore((s) => s.locale);
  const [profileId, setProfileId] = useState('');
  const [file, setFile] = useState<{ name: string; data: Uint8Array<ArrayBuffer> } | null>(null);
  const [month, setMonth] = useState('');
  const [total, setTotal] = useState('');
  const [skip, setSkip] = useState(false);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [run, setRun] = useState<Run | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [problems, setProblems] = useState<Preview['problems']>([]);
  const [taken, setTaken] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const money = (c: number | null) => (c === null ? '' : formatCents(c, locale));
  const profile = profiles.find((p) => p.id === profileId) ?? profiles[0];

  const request = () => ({
    profile: profile!.id,
    file_name: file!.name,
    data: file!.data,
    ...(month ? { month } : {}),
    ...(total.trim() ? { invoice_total: total.trim() } : {}),
    skip_invalid: skip,
  });

  async function doPreview() {
    if (!profile || !file) return setError('Choose a profile and a file first.');
    setBusy(true);
    setError(null);
    setRun(null);
    try {
      const p = await api.call('bills.preview', request());
      setPreview(p);
      setProblems(p.problems);
    } catch (e) {
      setPreview(null);
      setError(failureText(e));
    } finally {
      setBusy(false);
    }
  }

  async function doImport() {
    if (!profile || !file) return;
    setBusy(true);
    setError(null);
    try {
      let r: Run = await api.call('bills.importStart', request());
      setRun(r);
      while (r.status !== 'done') {
        r = await api.call('bills.importStep', { run_id: r.run_id, chunk: 200 });
        setRun(r);
      }
      setPreview(null);
    } catch (e) {
      setError(failureText(e));
    } finally {
      setBusy(false);
    }
  }

  const fields = preview ? Object.keys(preview.columns) : [];
  return (
    <section aria-labelledby="bills-import-h" className="bills-import">
      <h2 id="bills-import-h">Import a bill file</h2>
      <div className="bills-grid">
        <div className="bills-field">
          <label htmlFor="bi-profile">Profile</label>
          <select id="bi-profile" value={profile?.id ?? ''} onChange={(e) => (setProfileId(e.target.value), setPreview(null))}>
            {profiles.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} ({p.format.toUpperCase()})
              </option>
            ))}
          </select>
        </div>
        <div className="bills-field">
          <label htmlFor="bi-file">Bill file</label>
          <input
            id="bi-file"
            ref={input}
            type="file"
            accept=".csv,.txt,.xlsx,.811,.edi,.x12"
            onChange={async (e) => {
              const f = e.target.files?.[0];
              setPreview(null);
              setRun(null);
              setFile(f ? { name: f.name, data: new Uint8Array(await f.arrayBuffer()) } : null);
            }}
          />
        </div>
        <div className="bills-field">
          <label htmlFor="bi-month">Billing month (optional)</label>
          <input id="bi-month" type="month" value={month} onChange={(e) => (setMonth(e.target.value), setPreview(null))} />
        </div>
        <div className="bills-field">
          <label htmlFor="bi-total">Invoice total to check (optional)</label>
          <input id="bi-total" value={total} onChange={(e) => (setTotal(e.target.value), setPreview(null))} placeholder="e.g. 6593.04" />
        </div>
        <div className="bills-field bills-check">
          <input id="bi-skip" type="checkbox" checked={skip} onChange={(e) => setSkip(e.target.checked)} />
          <label htmlFor="bi-skip">Skip rows with problems</label>
        </div>
      </div>
      <div className="bills-actions">
        <button type="button" onClick={doPreview} disabled={busy || !file || !profile}>
          Preview
        </button>
        <button type="button" onClick={doImport} disabled={busy || !preview || (problems.length > 0 && !skip)}>
          Import
        </button>
      </div>
      <div aria-live="polite" className="bills-status">
        {error && (
          <p role="alert" className="bills-error">
            {error}
          </p>
        )}
        {taken && !run && <p>{taken}</p>}
        {run && (
          <div>
            <label htmlFor="bi-progress">Import progress</label>{' '}
            <progress id="bi-progress" max={Math.max(run.bills_total, 1)} value={run.bills_done} /> {run.bills_done} of {run.bills_total} bills
            {run.status === 'done' && (
              <p role="status">
                Imported {run.file_name}: {run.created} new, {run.on_file} already on file, {run.corrected} corrected, {run.duplicates} duplicate(s) flagged and not
                counted; {run.accounts_created} new account(s), {run.actuals_changed} actual(s) changed.
              </p>
            )}
            {run.status === 'done' && run.created + run.corrected + run.duplicates > 0 && (
              <button
                type="button"
                onClick={async () => {
                  try {
                    const r = await api.call('bills.retire', { run_id: run.run_id });
                    setRun(null);
                    setError(null);
                    setTaken(`Took back ${r.changed} bill(s) of ${run.file_name}; ${r.actuals_changed} actual(s) summed again.`);
                  } catch (e) {
                    setError(failureText(e));
                  }
                }}
              >
                Take this import back
              </button>
            )}
          </div>
        )}
      </div>
      {preview && (
        <div className="bills-preview">
          <p role="status">
            Preview of {preview.file_name}: {preview.totals.bills} bill(s) from {preview.totals.rows} row(s), {preview.totals.new} new, {preview.totals.on_file} already on
            file, {preview.totals.corrected} corrected, {preview.totals.duplicate} duplicate(s), {preview.problems.length} problem(s). Nothing has been written.
          </p>
          {preview.problems.length > 0 && (
            <table aria-label="Problems">
              <thead>
                <tr>
                  <th scope="col">Row</th>
                  <th scope="col">Column</th>
                  <th scope="col">Value</th>
                  <th scope="col">Problem</th>
                </tr>
              </thead>
              <tbody>
                {preview.problems.map((p, i) => (
                  <tr key={i}>
                    <td>{p.row || ''}</td>
                    <td>{p.column}</td>
                    <td>{p.value}</td>
                    <td>{p.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <table aria-label="Bills">
            <thead>
              <tr>
                {['Month', 'Carrier', 'Account', 'Invoice', 'Bill date', 'Period', 'Total', 'Lines', 'Outcome'].map((h) => (
                  <th key={h} scope="col">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {preview.bills.map((b, i) => (
                <tr key={i}>
                  <td>{b.month}</td>
                  <td title={b.carrier_as_written ? `written "${b.carrier_as_written}"` : undefined}>{b.carrier}</td>
                  <td>{b.account}</td>
                  <td>{b.invoice_number ?? ''}</td>
                  <td>{b.bill_date ?? ''}</td>
                  <td>{b.period_start || b.period_end ? `${b.period_start ?? ''} – ${b.period_end ?? ''}` : ''}</td>
                  <td className="num">{money(b.total_cents)}</td>
                  <td className="num">{b.line_count || ''}</td>
                  <td title={b.explanation ?? undefined}>{OUTCOME[b.outcome]}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table aria-label="Rows as read">
            <thead>
              <tr>
                <th scope="col">Row</th>
                {fields.map((f) => (
                  <th key={f} scope="col">
                    {READ_LABELS[f] ?? f}
                  </th>
                ))}
                <th scope="col">Bill</th>
              </tr>
            </thead>
            <tbody>
              {preview.rows.map((r) => (
                <tr key={r.row} className={r.bill === null ? 'bills-bad-row' : undefined}>
                  <td>{r.row}</td>
                  {fields.map((f) => (
                    <td key={f}>{r.values[f] ?? ''}</td>
                  ))}
                  <td>{r.bill === null ? 'not imported' : `bill ${r.bill + 1}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

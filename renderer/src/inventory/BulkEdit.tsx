// Bulk edit of the selected services: move them to another carrier's account, set their status, set their
// monthly charge. One call, one transaction, one undo step. Typed text stays until it is applied.
import { useState, type FormEvent } from 'react';
import { api } from '../api/index.ts';
import { useStore } from '../store.ts';
import { failureText } from './call.ts';
import { useLoad } from '../hooks/useLoad.ts';
import { readField, type FieldSpec } from './fields.ts';
import { SERVICE_STATUSES } from './specs.ts';
import type { Carrier } from './types.ts';
import { useDraft } from './useDraft.ts';
import { useSettled } from '../hooks/useSettled.ts';

interface Draft {
  carrier_id: string;
  account: string;
  status: string;
  disconnect_date: string;
  monthly: string;
}
const EMPTY: Draft = { carrier_id: '', account: '', status: '', disconnect_date: '', monthly: '' };
const MONTHLY: FieldSpec = { name: 'monthly', label: 'New monthly charge', kind: 'money' };

/** ids: the services to change (the selected rows, or every service matching the filters). */
export function BulkEdit({ ids, carriers }: { ids: string[]; carriers: Carrier[] }) {
  const locale = useStore((s) => s.locale);
  const [d, setD, clear] = useDraft<Draft>('bulk-edit', () => EMPTY);
  const [errors, setErrors] = useState<Partial<Record<keyof Draft | 'form', string>>>({});
  const [done, setDone] = useState<{ text: string; batch: string | null } | null>(null);
  const [busy, setBusy] = useState(false);
  const accountText = useSettled(d.account);
  const accounts = useLoad(
    () => (d.carrier_id ? api.call('accounts.list', { carrier_id: d.carrier_id, search: accountText || undefined, limit: 30 }) : Promise.resolve([])),
    [d.carrier_id, accountText],
  );
  const set = (patch: Partial<Draft>) => setD((x) => ({ ...x, ...patch }));
  const n = ids.length;

  const apply = async (e: FormEvent) => {
    e.preventDefault();
    const errs: typeof errors = {};
    const patch: { billing_account_id?: string; status?: 'ordered' | 'active' | 'disconnected'; disconnect_date?: string | null; monthly?: number } = {};
    if (d.carrier_id || d.account.trim()) {
      if (!d.carrier_id) errs.carrier_id = 'Move to carrier: choose the carrier of the new account';
      else if (!d.account.trim()) errs.account = 'Account number: name the account at that carrier to move the services to';
      else {
        const found = await api.call('accounts.list', { carrier_id: d.carrier_id, search: d.account.trim(), limit: 100 });
        const exact = found.find((a) => a.account_number === d.account.trim());
        const carrierName = carriers.find((c) => c.id === d.carrier_id)?.name ?? 'that carrier';
        if (!exact) errs.account = `Account number: ${carrierName} has no account "${d.account.trim()}" (add it on the customer page first)`;
        else patch.billing_account_id = exact.id;
      }
    }
    if (d.status) {
      patch.status = d.status as (typeof SERVICE_STATUSES)[number];
      if (d.disconnect_date) patch.disconnect_date = d.disconnect_date;
    }
    const m = readField(MONTHLY, d.monthly, locale);
    if (!m.ok) errs.monthly = m.error;
    else if (m.value !== null) patch.monthly = m.value as number;
    if (!Object.keys(errs).length && !Object.keys(patch).length) errs.form = 'Nothing to change: choose a carrier account, a status or a monthly charge';
    setErrors(errs);
    setDone(null);
    if (Object.keys(errs).length) return;
    setBusy(true);
    try {
      const r = await api.call('services.bulkUpdate', { ids, patch, locale });
      clear(EMPTY);
      setDone({ text: `Changed ${r.changed} of ${n} selected services.`, batch: r.batch_id });
    } catch (err) {
      setErrors({ form: `Nothing was changed: ${failureText(err)}` });
    } finally {
      setBusy(false);
    }
  };

  const undo = async (batch: string) => {
    try {
      const r = await api.call('audit.undo', { batch_id: batch });
      setDone({ text: `Undone: ${r.changed} values put back.`, batch: null });
    } catch (err) {
      setErrors({ form: `Not undone: ${failureText(err)}` });
    }
  };

  const messages = Object.values(errors).filter(Boolean);
  return (
    <form className="inv-bulk" aria-label="Bulk edit selected services" onSubmit={apply} noValidate>
      <div className="inv-bulk-fields">
        <label className="tem-field">
          <span>Move to carrier</span>
          <select aria-label="Move to carrier" value={d.carrier_id} onChange={(e) => set({ carrier_id: e.target.value })} aria-invalid={errors.carrier_id ? true : undefined}>
            <option value="">Keep carrier</option>
            {carriers.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label className="tem-field">
          <span>Account number</span>
          <input aria-label="Account number" list="inv-bulk-accounts" value={d.account} onChange={(e) => set({ account: e.target.value })} disabled={!d.carrier_id} aria-invalid={errors.account ? true : undefined} />
          <datalist id="inv-bulk-accounts">
            {(accounts.data ?? []).map((a) => (
              <option key={a.id} value={a.account_number} />
            ))}
          </datalist>
        </label>
        <label className="tem-field">
          <span>New status</span>
          <select aria-label="New status" value={d.status} onChange={(e) => set({ status: e.target.value })}>
            <option value="">Keep status</option>
            {SERVICE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s[0]!.toUpperCase() + s.slice(1)}
              </option>
            ))}
          </select>
        </label>
        {d.status === 'disconnected' ? (
          <label className="tem-field">
            <span>Disconnect date</span>
            <input type="date" value={d.disconnect_date} onChange={(e) => set({ disconnect_date: e.target.value })} />
          </label>
        ) : null}
        <label className="tem-field">
          <span>New monthly charge</span>
          <input inputMode="decimal" value={d.monthly} onChange={(e) => set({ monthly: e.target.value })} placeholder="Keep" aria-invalid={errors.monthly ? true : undefined} />
        </label>
        <button type="submit" disabled={busy || n === 0}>
          {n === 0 ? 'Select services to edit' : `Apply to ${n} selected service${n === 1 ? '' : 's'}`}
        </button>
      </div>
      <div role="alert" className="inv-form-alert">
        {messages.length ? (
          <ul>
            {messages.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        ) : null}
      </div>
      {done ? (
        <p role="status" className="inv-done">
          {done.text}{' '}
          {done.batch ? (
            <button type="button" onClick={() => void undo(done.batch!)}>
              Undo bulk edit
            </button>
          ) : null}
        </p>
      ) : null}
    </form>
  );
}

// Carriers: who bills, whom to call (account rep, disputes), when their bills come and how long a dispute may wait.
import { useState } from 'react';
import { api } from '../api/index.ts';
import type { PageProps } from '../shell/routes.ts';
import { useStore } from '../store.ts';
import { InventoryLinks } from './CustomersPage.tsx';
import { useLoad } from '../hooks/useLoad.ts';
import { fieldText } from './fields.ts';
import { Form } from './Form.tsx';
import { EditRetire } from './Retire.tsx';
import { carrierSpecs } from './specs.ts';
import { IfCan } from '../auth/IfCan.tsx';
import './inventory.css';
import { useSettled } from '../hooks/useSettled.ts';

const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
const carrierValues = (v: Record<string, unknown>) => ({
  name: String(v.name),
  account_rep_contact: str(v.account_rep_contact),
  dispute_contact: str(v.dispute_contact),
  bill_day: v.bill_day as number | null,
  dispute_window_days: v.dispute_window_days as number | null,
  notes: str(v.notes),
});

export function CarriersPage(_: PageProps) {
  const locale = useStore((s) => s.locale);
  const [search, setSearch] = useState('');
  const wanted = useSettled(search);
  const [retired, setRetired] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const list = useLoad(() => api.call('carriers.search', { text: wanted || undefined, include_retired: retired || undefined, limit: 1000 }), [wanted, retired]);
  const rows = list.data?.rows ?? [];
  const close = () => setOpen(null);
  return (
    <main className="inv-page">
      <header className="inv-header">
        <h1>Carriers</h1>
        <nav className="inv-subnav" aria-label="Inventory">
          <InventoryLinks current="carriers" />
        </nav>
      </header>
      <search className="inv-toolbar" aria-label="Find carriers">
        <label className="tem-field tem-field-wide">
          <span>Search carriers</span>
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Name" />
        </label>
        <label className="inv-check">
          <input type="checkbox" checked={retired} onChange={(e) => setRetired(e.target.checked)} /> Show retired
        </label>
        <span className="tem-toolbar-gap" />
        <IfCan method="carriers.create"><button type="button" onClick={() => setOpen('new')} disabled={open === 'new'}>
          New carrier
        </button></IfCan>
      </search>
      {open === 'new' ? (
        <Form
          title="New carrier"
          specs={carrierSpecs}
          initial={{ name: '', account_rep_contact: '', dispute_contact: '', bill_day: '', dispute_window_days: '', notes: '' }}
          draftKey="carrier.new"
          submitLabel="Create carrier"
          onSubmit={(v) => api.call('carriers.create', carrierValues(v))}
          onDone={close}
          onCancel={close}
        />
      ) : null}
      {list.error ? <p role="alert">Carriers cannot be loaded: {list.error}</p> : null}
      <table className="inv-table" aria-label="Carriers">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Account rep</th>
            <th scope="col">Dispute contact</th>
            <th scope="col">Bill day</th>
            <th scope="col">Dispute window</th>
            <th scope="col">Accounts</th>
            <th scope="col">Services</th>
            <th scope="col">
              <span className="inv-sr">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((c) => (
            <tr key={c.id} className={c.retired_at ? 'inv-retired' : undefined}>
              <td>
                {c.name}
                {c.retired_at ? <span className="inv-tag"> retired</span> : null}
                {open === c.id ? (
                  <Form
                    title={`Edit carrier ${c.name}`}
                    specs={carrierSpecs}
                    initial={Object.fromEntries(carrierSpecs.map((s) => [s.name, fieldText(s, (c as Record<string, unknown>)[s.name], locale)]))}
                    draftKey={`carrier.${c.id}`}
                    submitLabel="Save carrier"
                    onSubmit={(v) => api.call('carriers.update', { id: c.id, patch: carrierValues(v) })}
                    onDone={close}
                    onCancel={close}
                  />
                ) : null}
              </td>
              <td>{c.account_rep_contact ?? ''}</td>
              <td>{c.dispute_contact ?? ''}</td>
              <td className="inv-num">{c.bill_day ?? ''}</td>
              <td className="inv-num">{c.dispute_window_days === null ? '' : `${c.dispute_window_days} days`}</td>
              <td className="inv-num">{c.accounts}</td>
              <td className="inv-num">{c.services}</td>
              <td>
                {!c.retired_at ? (
                  <span className="inv-actions">
                    <EditRetire kind="carriers" id={c.id} what={`carrier ${c.name}`} onEdit={() => setOpen(c.id)} />
                  </span>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="inv-count" aria-live="polite">
        {list.data === null ? 'Loading…' : list.data.total === 0 ? 'No carrier matches.' : `${rows.length} of ${list.data.total} carriers shown.`}
      </p>
    </main>
  );
}

// Customers: search by name or code, open one, or add a new one.
import { useState } from 'react';
import { api } from '../api/index.ts';
import { href, navigate } from '../shell/router.ts';
import type { PageProps } from '../shell/routes.ts';
import { ContractsEnding } from './ContractsEnding.tsx';
import { useStages } from './data.ts';
import { useLoad } from '../hooks/useLoad.ts';
import { Form } from './Form.tsx';
import { customerSpecs } from './specs.ts';
import { WithUdf } from './udfForm.tsx';
import type { Customer } from './types.ts';
import { IfCan } from '../auth/IfCan.tsx';
import { lookupLabel, pickerOptions, useLookupValues } from '../admin/lookupValues.ts';
import './inventory.css';
import { useSettled } from '../hooks/useSettled.ts';

// customers.search pages at most 1,000 rows: a search narrows further.
const PAGE = 100;

export function CustomersPage({ query }: PageProps) {
  const [search, setSearch] = useState(query.get('q') ?? '');
  // Typing waits a moment before asking, so a long book is not searched on every key.
  const wanted = useSettled(search);
  const [limit, setLimit] = useState(PAGE);
  const [retired, setRetired] = useState(false);
  const [adding, setAdding] = useState(query.get('new') === '1');
  const stages = useStages().data ?? [];
  const stageValues = useLookupValues('customer_stage');
  const list = useLoad(() => api.call('customers.search', { text: wanted || undefined, include_retired: retired || undefined, limit }), [wanted, limit, retired]);
  const rows = list.data?.rows ?? [];
  const total = list.data?.total ?? 0;
  return (
    <main className="inv-page">
      <header className="inv-header">
        <h1>Customers</h1>
        <nav className="inv-subnav" aria-label="Inventory">
          <InventoryLinks current="customers" />
        </nav>
      </header>
      <search className="inv-toolbar" aria-label="Find customers">
        <label className="tem-field tem-field-wide">
          <span>Search customers</span>
          <input type="search" value={search} onChange={(e) => (setSearch(e.target.value), setLimit(PAGE))} placeholder="Name or code" />
        </label>
        <label className="inv-check">
          <input type="checkbox" checked={retired} onChange={(e) => setRetired(e.target.checked)} /> Show retired
        </label>
        <span className="tem-toolbar-gap" />
        <IfCan method="customers.create"><button type="button" onClick={() => setAdding(true)} disabled={adding}>
          New customer
        </button></IfCan>
      </search>
      {adding ? (
        <WithUdf entity="customers" recordId={null}>
          {(udf) => (
            <Form
              title="New customer"
              specs={[...customerSpecs(stages).map((s) => (s.name === 'stage' ? { ...s, options: pickerOptions(stageValues, stages, null) } : s)), ...udf.specs]}
              initial={{ name: '', code: '', stage: stages.includes('active') ? 'active' : (stages[0] ?? ''), notes: '', ...udf.initial }}
              draftKey="customer.new"
              submitLabel="Create customer"
              onSubmit={(v) =>
                udf.save(`The customer ${String(v.name)}`, v, (id) => {
                  const values = { name: String(v.name), code: v.code as string | null, stage: (v.stage as string | null) ?? undefined, notes: v.notes as string | null };
                  return id ? api.call('customers.update', { id, patch: values }) : api.call('customers.create', values);
                })
              }
              onDone={(c) => navigate('customer', [(c as Customer).id])}
              onCancel={() => setAdding(false)}
            />
          )}
        </WithUdf>
      ) : null}
      {list.error ? <p role="alert">Customers cannot be loaded: {list.error}</p> : null}
      <table className="inv-table" aria-label="Customers">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Code</th>
            <th scope="col">Stage</th>
            <th scope="col">Locations</th>
            <th scope="col">Accounts</th>
            <th scope="col">Services</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((c) => (
            <tr key={c.id} className={c.retired_at ? 'inv-retired' : undefined}>
              <td>
                <a href={href('customer', [c.id])}>{c.name}</a>
                {c.retired_at ? <span className="inv-tag"> retired</span> : null}
              </td>
              <td>{c.code ?? ''}</td>
              <td>{lookupLabel(stageValues, c.stage)}</td>
              <td className="inv-num">{c.locations}</td>
              <td className="inv-num">{c.accounts}</td>
              <td className="inv-num">{c.services}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="inv-count" aria-live="polite">
        {list.data === null ? 'Loading…' : total === 0 ? 'No customer matches.' : `${rows.length} of ${total} customers shown.`}
      </p>
      {total > rows.length ? (
        <button type="button" onClick={() => setLimit((l) => Math.min(1000, l + PAGE * 4))} disabled={limit >= 1000}>
          Show more customers
        </button>
      ) : null}
      <div className="inv-card">
        <ContractsEnding limit={10} />
      </div>
    </main>
  );
}

const LINKS = [
  ['customers', 'Customers'],
  ['carriers', 'Carriers'],
  ['groups', 'Service groups'],
  ['inventory', 'Inventory'],
  ['book', 'Import and export'],
] as const;

/** The inventory area's own links, on each of its pages. */
export function InventoryLinks({ current }: { current: string }) {
  return (
    <>
      {LINKS.map(([path, title]) => (
        <a key={path} href={href(path)} aria-current={path === current ? 'page' : undefined}>
          {title}
        </a>
      ))}
    </>
  );
}

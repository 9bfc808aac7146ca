// One customer as a tree: its locations, each location's billing accounts, each account's services and contracts,
// with the account's last months of expected and actual. Every record is edited or retired in place.
import { useState } from 'react';
import { api } from '../api/index.ts';
import { href } from '../shell/router.ts';
import type { PageProps } from '../shell/routes.ts';
import { useStore } from '../store.ts';
import { InventoryLinks } from './CustomersPage.tsx';
import { useCarriers, useGroups, useStages } from './data.ts';
import { useLoad } from '../hooks/useLoad.ts';
import { Expectations } from './Expectations.tsx';
import { moneyText } from './fields.ts';
import { AccountForm, ContractForm, CustomerForm, LocationForm, ServiceForm } from './RecordForms.tsx';
import { EditRetire, RetireButton } from './Retire.tsx';
import type { Carrier, ServiceGroup, Tree, TreeAccount, TreeLocation } from './types.ts';
import { IfCan } from '../auth/IfCan.tsx';
import './inventory.css';
import { bpToPercentString } from '../../../core/tolerance.ts';

const MONTHS = 6;
const FOLD_OVER = 12;
const STATUS_WORD: Record<string, string> = { ok: 'OK', over: 'Over', under: 'Under', missing: 'Missing', unexpected: 'Unexpected' };

interface Ctx {
  tree: Tree;
  carriers: Carrier[];
  groups: ServiceGroup[];
  open: string | null;
  setOpen(key: string | null): void;
}

export function CustomerPage({ params }: PageProps) {
  const id = params[0] ?? '';
  const month = useStore((s) => s.month);
  const [retired, setRetired] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const tree = useLoad(() => api.call('customers.tree', { customer_id: id, months: MONTHS, through_month: month, include_retired: retired || undefined }), [id, month, retired]);
  const carriers = useCarriers().data ?? [];
  const groups = useGroups().data ?? [];
  const stages = useStages().data ?? [];
  const t = tree.data;
  if (tree.error) return <p role="alert" className="inv-page">This customer cannot be shown: {tree.error}</p>;
  if (!t) return <p className="tem-loading">Loading…</p>;
  const ctx: Ctx = { tree: t, carriers, groups, open, setOpen };
  const c = t.customer;
  const close = () => setOpen(null);
  return (
    <main className="inv-page">
      <header className="inv-header">
        <h1>
          {c.name}
          {c.retired_at ? <span className="inv-tag"> retired</span> : null}
        </h1>
        <nav className="inv-subnav" aria-label="Inventory">
          <InventoryLinks current="" />
        </nav>
      </header>
      <section className="inv-card" aria-label="Customer details">
        <dl className="inv-facts">
          <dt>Code</dt>
          <dd>{c.code ?? '—'}</dd>
          <dt>Stage</dt>
          <dd>{c.stage}</dd>
          <dt>Notes</dt>
          <dd>{c.notes ?? '—'}</dd>
        </dl>
        <div className="inv-actions">
          {!c.retired_at ? (
            <>
              <IfCan method="customers.update"><button type="button" onClick={() => setOpen('customer')}>
                Edit customer
              </button></IfCan>
              <RetireButton what={`customer ${c.name}`} method="customers.retire" onRetire={() => api.call('customers.retire', { id: c.id })} />
              <IfCan method="locations.create"><button type="button" onClick={() => setOpen('location:new')}>
                Add location
              </button></IfCan>
            </>
          ) : null}
          <a href={href('inventory', [], { customer: c.id })}>Services in the inventory list</a>
          <a href={href('month')} onClick={() => useStore.getState().setFilter('customer', c.name)}>
            {c.name} in the month grid
          </a>
          <label className="inv-check">
            <input type="checkbox" checked={retired} onChange={(e) => setRetired(e.target.checked)} /> Show retired records
          </label>
        </div>
        {open === 'customer' ? <CustomerForm tree={t} stages={stages} onDone={close} /> : null}
        {open === 'location:new' ? <LocationForm customerId={c.id} first={t.locations.length === 0} onDone={close} /> : null}
      </section>
      {t.locations.length === 0 && t.other_accounts.length === 0 ? <p>No location yet: add the customer’s first location.</p> : null}
      <ul className="inv-tree" aria-label={`Locations of ${c.name}`}>
        {t.locations.map((l) => (
          <LocationNode key={l.id} ctx={ctx} location={l} />
        ))}
        {t.other_accounts.length ? (
          <li className="inv-node">
            <h2>Accounts without a location</h2>
            <ul>
              {t.other_accounts.map((a) => (
                <AccountNode key={a.id} ctx={ctx} account={a} />
              ))}
            </ul>
          </li>
        ) : null}
      </ul>
    </main>
  );
}

function LocationNode({ ctx, location: l }: { ctx: Ctx; location: TreeLocation }) {
  const { tree, carriers, open, setOpen } = ctx;
  const close = () => setOpen(null);
  return (
    <li className={`inv-node${l.retired_at ? ' inv-retired' : ''}`}>
      <section aria-label={`Location ${l.name}`}>
        <h2>
          {l.name}
          {l.is_main ? <span className="inv-tag"> main</span> : null}
          {l.retired_at ? <span className="inv-tag"> retired</span> : null}
        </h2>
        {l.address ? <p className="inv-address">{l.address}</p> : null}
        {!l.retired_at ? (
          <div className="inv-actions">
            <EditRetire kind="locations" id={l.id} what={`location ${l.name}`} onEdit={() => setOpen(`location:${l.id}`)} />
            <IfCan method="accounts.create"><button type="button" aria-label={`Add billing account at ${l.name}`} onClick={() => setOpen(`account:new:${l.id}`)}>
              Add billing account
            </button></IfCan>
          </div>
        ) : null}
        {open === `location:${l.id}` ? <LocationForm customerId={tree.customer.id} location={l} first={false} onDone={close} /> : null}
        {open === `account:new:${l.id}` ? <AccountForm customerId={tree.customer.id} locationId={l.id} carriers={carriers} locations={tree.locations} onDone={close} /> : null}
        {/* A location with many accounts opens folded, so a large customer's page stays quick to read. */}
        <details className="inv-accounts" open={l.accounts.length <= FOLD_OVER}>
          <summary>
            {l.accounts.length === 1 ? '1 billing account' : `${l.accounts.length} billing accounts`} at {l.name}
          </summary>
          <ul>
            {l.accounts.map((a) => (
              <AccountNode key={a.id} ctx={ctx} account={a} />
            ))}
          </ul>
        </details>
      </section>
    </li>
  );
}

function AccountNode({ ctx, account: a }: { ctx: Ctx; account: TreeAccount }) {
  const { tree, carriers, groups, open, setOpen } = ctx;
  const locale = useStore((s) => s.locale);
  const close = () => setOpen(null);
  const groupName = new Map(groups.map((g) => [g.id, g.name]));
  const name = `account ${a.account_number}`;
  // The customer's other live accounts with this carrier: the ones a contract of this account may also cover.
  const siblings = [...tree.locations.flatMap((l) => l.accounts), ...tree.other_accounts].filter((x) => x.id !== a.id && x.carrier_id === a.carrier_id && !x.retired_at);
  return (
    <li className={`inv-node${a.retired_at ? ' inv-retired' : ''}`}>
      <section aria-label={`Account ${a.account_number}, ${a.carrier}`}>
        <h3>
          Account {a.account_number} · {a.carrier}
          {a.carrier_retired ? <span className="inv-tag"> carrier retired</span> : null}
          {a.retired_at ? <span className="inv-tag"> retired</span> : null}
          <span className="inv-months-range">
            {a.start_month || a.end_month ? ` ${a.start_month ?? '…'} – ${a.end_month ?? '…'}` : ''}
          </span>
        </h3>
        {!a.retired_at ? (
          <div className="inv-actions">
            <EditRetire kind="accounts" id={a.id} what={name} onEdit={() => setOpen(`account:${a.id}`)} />
            <IfCan method="services.create"><button type="button" aria-label={`Add service to ${name}`} onClick={() => setOpen(`service:new:${a.id}`)}>
              Add service
            </button></IfCan>
            <IfCan method="contracts.create"><button type="button" aria-label={`Add contract to ${name}`} onClick={() => setOpen(`contract:new:${a.id}`)}>
              Add contract
            </button></IfCan>
            <button type="button" aria-label={`One-offs and price steps of ${name}`} aria-expanded={open === `expect:${a.id}`} onClick={() => setOpen(open === `expect:${a.id}` ? null : `expect:${a.id}`)}>
              One-offs and price steps
            </button>
          </div>
        ) : null}
        {open === `account:${a.id}` ? <AccountForm customerId={tree.customer.id} locationId={a.location_id} account={a} carriers={carriers} locations={tree.locations} onDone={close} /> : null}
        {open === `service:new:${a.id}` ? <ServiceForm account={a} groups={groups} locations={tree.locations} onDone={close} /> : null}
        {open === `contract:new:${a.id}` ? <ContractForm account={a} groups={groups} siblings={siblings} onDone={close} /> : null}
        {open === `expect:${a.id}` ? <Expectations account={a} /> : null}
        <MonthsTable account={a} months={tree.months} />
        <table className="inv-table" aria-label={`Services of ${name}`}>
          <thead>
            <tr>
              <th scope="col">Service</th>
              <th scope="col">Group</th>
              <th scope="col">Circuit or line id</th>
              <th scope="col">Status</th>
              <th scope="col">Installed</th>
              <th scope="col">Monthly</th>
              <th scope="col">
                <span className="inv-sr">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {a.services.length === 0 ? (
              <tr>
                <td colSpan={7}>No service yet.</td>
              </tr>
            ) : null}
            {a.services.map((s) => (
              <tr key={s.id} className={s.retired_at ? 'inv-retired' : undefined}>
                <td>{s.description}</td>
                <td>{s.group_id ? (groupName.get(s.group_id) ?? s.group ?? '') : ''}</td>
                <td>{s.circuit_id ?? ''}</td>
                <td>
                  {s.status}
                  {s.status === 'disconnected' && s.disconnect_date ? ` ${s.disconnect_date}` : ''}
                  {s.retired_at ? ' (retired)' : ''}
                </td>
                <td>{s.install_date ?? ''}</td>
                <td className="inv-num">{moneyText(s.monthly_cents, locale)}</td>
                <td>
                  {!s.retired_at ? (
                    <span className="inv-actions">
                      <EditRetire kind="services" id={s.id} what={`service ${s.description}`} onEdit={() => setOpen(`service:${s.id}`)} />
                    </span>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {a.services.map((s) => (open === `service:${s.id}` ? <ServiceForm key={s.id} account={a} service={s} groups={groups} locations={tree.locations} onDone={close} /> : null))}
        {a.contracts.length ? (
          <table className="inv-table" aria-label={`Contracts of ${name}`}>
            <thead>
              <tr>
                <th scope="col">Start</th>
                <th scope="col">End</th>
                <th scope="col">Renews</th>
                <th scope="col">Expected monthly</th>
                <th scope="col">Tolerance</th>
                <th scope="col">
                  <span className="inv-sr">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {a.contracts.map((k) => (
                <tr key={k.id} className={k.retired_at ? 'inv-retired' : undefined}>
                  <td>{k.start_date ?? '—'}</td>
                  <td>{k.end_date ?? '—'}</td>
                  <td>{k.auto_renew ? 'Yes' : 'No'}</td>
                  <td>{k.expected_source === 'entered' ? `${moneyText(k.expected_cents, locale)} entered` : 'Sum of active services'}</td>
                  <td>{toleranceText(k.tolerance_pct_bp, k.tolerance_amount_cents, k.tolerance_mode, locale)}</td>
                  <td>
                    {!k.retired_at ? (
                      <span className="inv-actions">
                        <EditRetire kind="contracts" id={k.id} what={`contract ${k.start_date ?? ''}–${k.end_date ?? ''} of ${name}`} onEdit={() => setOpen(`contract:${k.id}`)} />
                      </span>
                    ) : (
                      'retired'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        {a.contracts.map((k) => (open === `contract:${k.id}` ? <ContractForm key={k.id} account={a} contract={k} groups={groups} siblings={siblings} onDone={close} /> : null))}
      </section>
    </li>
  );
}

function toleranceText(bp: number | null, cents: number | null, mode: string, locale: Parameters<typeof moneyText>[1]): string {
  const parts = [bp !== null ? `${bpToPercentString(bp)} %` : null, cents !== null ? moneyText(cents, locale) : null].filter(Boolean);
  if (!parts.length) return 'None (any difference is flagged)';
  return parts.length === 2 ? `${parts.join(mode === 'both' ? ' and ' : ' or ')}` : parts[0]!;
}

/** Expected and actual per month, oldest first, as the month check works them out. */
function MonthsTable({ account: a, months }: { account: TreeAccount; months: string[] }) {
  const locale = useStore((s) => s.locale);
  const byMonth = new Map(a.months.map((m) => [m.month, m]));
  return (
    <table className="inv-table inv-months" aria-label={`Last months of account ${a.account_number}`}>
      <thead>
        <tr>
          <th scope="col">Month</th>
          {months.map((m) => (
            <th key={m} scope="col">
              <a href={href('month')} onClick={() => useStore.getState().setMonth(m)}>
                {m}
              </a>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        <tr>
          <th scope="row">Expected</th>
          {months.map((m) => (
            <td key={m} className="inv-num">
              {moneyText(byMonth.get(m)?.expected_cents ?? null, locale)}
            </td>
          ))}
        </tr>
        <tr>
          <th scope="row">Actual</th>
          {months.map((m) => (
            <td key={m} className="inv-num">
              {moneyText(byMonth.get(m)?.actual_cents ?? null, locale)}
            </td>
          ))}
        </tr>
        <tr>
          <th scope="row">Status</th>
          {months.map((m) => {
            const s = byMonth.get(m)?.status;
            return (
              <td key={m} className={s ? `tem-status-${s}` : undefined}>
                {s ? STATUS_WORD[s] : ''}
              </td>
            );
          })}
        </tr>
      </tbody>
    </table>
  );
}


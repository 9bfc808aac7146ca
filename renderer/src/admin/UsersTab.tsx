// Users: staff and client logins, their groups, manager, customers and module seats. Assigning a module is a
// paid seat: the API asks for confirmation, and this screen asks the administrator first.
import { useState, type FormEvent } from 'react';
import { api, ApiFailure, type ApiOutput } from '../api/index.ts';
import { NoticeLine, useLoad, MODULE_TITLES, type Notice } from './common.tsx';
import { CustomerPicker } from './CustomerPicker.tsx';

type User = ApiOutput<'users.get'>;
type Module = 'tem' | 'inventory' | 'crm';
const PRODUCT: Module[] = ['tem', 'inventory', 'crm'];

interface Draft {
  id: string | null;
  name: string;
  password: string;
  kind: 'staff' | 'client';
  full_name: string;
  email: string;
  active: boolean;
  admin: boolean;
  manager: boolean;
  reports_to: string;
  modules: Module[];
  group_ids: string[];
  widget_group_ids: string[];
  customer_ids: string[];
}

const empty = (): Draft => ({
  id: null,
  name: '',
  password: '',
  kind: 'staff',
  full_name: '',
  email: '',
  active: true,
  admin: false,
  manager: false,
  reports_to: '',
  modules: [],
  group_ids: [],
  widget_group_ids: [],
  customer_ids: [],
});

const fromUser = (u: User): Draft => ({
  id: u.id,
  name: u.name,
  password: '',
  kind: u.kind,
  full_name: u.full_name ?? '',
  email: u.email ?? '',
  active: u.active,
  admin: u.admin,
  manager: u.manager,
  reports_to: u.reports_to ?? '',
  modules: u.modules as Module[],
  group_ids: u.group_ids,
  widget_group_ids: u.widget_group_ids,
  customer_ids: u.customer_ids,
});

const toggle = (list: string[], id: string, on: boolean) => (on ? [...new Set([...list, id])] : list.filter((x) => x !== id));

export function UsersTab() {
  const users = useLoad(() => api.call('users.list', { include_inactive: true }), []);
  const refs = useLoad(
    async () => ({
      groups: await api.call('securityGroups.list', {}),
      widgetGroups: await api.call('widgetGroups.list', {}),
    }),
    [],
  );
  const [draft, setDraft] = useState<Draft | null>(null);
  const [seats, setSeats] = useState<string[] | null>(null);
  const [notice, setNotice] = useState<Notice>(null);

  // A refused or failed load says why instead of leaving the tab on "Loading…".
  const loadError = users.error ?? refs.error;
  if (loadError) return <NoticeLine notice={{ kind: 'error', text: loadError }} />;
  if (!users.data || !refs.data) return <p className="tem-loading">Loading…</p>;
  const byId = new Map(users.data.map((u) => [u.id, u]));

  async function save(confirm: boolean) {
    if (!draft) return;
    const d = draft;
    const fields = {
      full_name: d.full_name || null,
      email: d.email || null,
      admin: d.kind === 'staff' ? d.admin : undefined,
      manager: d.kind === 'staff' ? d.manager : undefined,
      reports_to: d.reports_to || null,
      group_ids: d.group_ids,
      widget_group_ids: d.widget_group_ids,
      customer_ids: d.kind === 'client' ? d.customer_ids : undefined,
    };
    try {
      if (d.id === null) {
        await api.call('users.create', { name: d.name, password: d.password, kind: d.kind, modules: d.modules, confirm, ...fields });
      } else {
        await api.call('users.update', { id: d.id, patch: { ...fields, active: d.active } });
        await api.call('users.setModules', { id: d.id, modules: d.modules, confirm });
        if (d.password) await api.call('users.resetPassword', { id: d.id, password: d.password });
      }
      setSeats(null);
      setNotice({ kind: 'ok', text: `${d.name} is saved.` });
      setDraft(null);
      users.reload();
    } catch (e) {
      const need = e instanceof ApiFailure ? (e.details as { needs_confirm?: string[] } | undefined)?.needs_confirm : undefined;
      if (need && !confirm) setSeats(need);
      else setNotice({ kind: 'error', text: (e as Error).message });
    }
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    void save(false);
  }

  return (
    <section aria-label="Users">
      <NoticeLine notice={notice} />
      <table className="tem-admin-table" aria-label="Users">
        <thead>
          <tr>
            <th>User name</th>
            <th>Full name</th>
            <th>Kind</th>
            <th>Role</th>
            <th>Reports to</th>
            <th>Modules</th>
            <th>Status</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {users.data.map((u) => (
            <tr key={u.id}>
              <td>{u.name}</td>
              <td>{u.full_name}</td>
              <td>{u.kind === 'client' ? 'Client access' : 'Staff'}</td>
              <td>{[u.owner && 'Owner', u.admin && 'Administrator', u.manager && 'Manager'].filter(Boolean).join(', ')}</td>
              <td>{u.reports_to ? byId.get(u.reports_to)?.name : ''}</td>
              <td>{u.modules.map((m) => MODULE_TITLES[m]).join(', ')}</td>
              <td>{!u.active ? 'Inactive' : u.locked_until ? `Locked until ${u.locked_until.slice(11, 16)} UTC` : 'Active'}</td>
              <td>
                <button type="button" onClick={() => (setDraft(fromUser(u)), setNotice(null))} aria-label={`Edit ${u.name}`}>
                  Edit
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {draft ? null : (
        <button type="button" onClick={() => (setDraft(empty()), setNotice(null))}>
          Add user
        </button>
      )}
      {draft ? (
        <form className="tem-admin-form" onSubmit={submit} aria-label={draft.id ? `Edit ${draft.name}` : 'New user'}>
          <h2>{draft.id ? `Edit ${draft.name}` : 'New user'}</h2>
          {draft.id ? null : (
            <>
              <label>
                User name
                <input value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} required />
              </label>
              <fieldset>
                <legend>Kind of user</legend>
                <label className="tem-admin-check">
                  <input type="radio" name="kind" checked={draft.kind === 'staff'} onChange={() => setDraft({ ...draft, kind: 'staff' })} />
                  Staff
                </label>
                <label className="tem-admin-check">
                  <input type="radio" name="kind" checked={draft.kind === 'client'} onChange={() => setDraft({ ...draft, kind: 'client', admin: false, manager: false })} />
                  Client access (sees only its customers, read-only, may comment on its tickets)
                </label>
              </fieldset>
            </>
          )}
          <label>
            {draft.id ? 'New password (leave empty to keep)' : 'Password'}
            <input type="password" autoComplete="new-password" value={draft.password} onChange={(e) => setDraft({ ...draft, password: e.target.value })} required={!draft.id} />
          </label>
          <label>
            Full name
            <input value={draft.full_name} onChange={(e) => setDraft({ ...draft, full_name: e.target.value })} />
          </label>
          <label>
            E-mail
            <input type="email" value={draft.email} onChange={(e) => setDraft({ ...draft, email: e.target.value })} />
          </label>
          {draft.id ? (
            <label className="tem-admin-check">
              <input type="checkbox" checked={draft.active} onChange={(e) => setDraft({ ...draft, active: e.target.checked })} />
              Active (may sign in)
            </label>
          ) : null}
          {draft.kind === 'staff' ? (
            <>
              <label className="tem-admin-check">
                <input type="checkbox" checked={draft.admin} onChange={(e) => setDraft({ ...draft, admin: e.target.checked })} />
                Administrator (every permission)
              </label>
              <label className="tem-admin-check">
                <input type="checkbox" checked={draft.manager} onChange={(e) => setDraft({ ...draft, manager: e.target.checked })} />
                Manager (sees the tickets and work of the people who report to them)
              </label>
            </>
          ) : null}
          <label>
            Reports to
            <select value={draft.reports_to} onChange={(e) => setDraft({ ...draft, reports_to: e.target.value })}>
              <option value="">Nobody</option>
              {users.data
                .filter((u) => u.kind === 'staff' && u.id !== draft.id)
                .map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name}
                  </option>
                ))}
            </select>
          </label>
          <fieldset>
            <legend>Modules (each is a paid seat)</legend>
            {PRODUCT.map((m) => (
              <label key={m} className="tem-admin-check">
                <input type="checkbox" checked={draft.modules.includes(m)} onChange={(e) => setDraft({ ...draft, modules: toggle(draft.modules, m, e.target.checked) as Module[] })} />
                {MODULE_TITLES[m]}
              </label>
            ))}
          </fieldset>
          {draft.kind === 'client' ? <CustomerPicker value={draft.customer_ids} onChange={(ids) => setDraft({ ...draft, customer_ids: ids })} /> : null}
          <fieldset>
            <legend>Security groups</legend>
            {refs.data.groups.map((g) => (
              <label key={g.id} className="tem-admin-check">
                <input type="checkbox" checked={draft.group_ids.includes(g.id)} onChange={(e) => setDraft({ ...draft, group_ids: toggle(draft.group_ids, g.id, e.target.checked) })} />
                {g.name} ({MODULE_TITLES[g.module]})
              </label>
            ))}
          </fieldset>
          <fieldset>
            <legend>Widget groups</legend>
            {refs.data.widgetGroups.length === 0 ? <p>No widget groups yet: the user sees every widget of their modules.</p> : null}
            {refs.data.widgetGroups.map((g) => (
              <label key={g.id} className="tem-admin-check">
                <input
                  type="checkbox"
                  checked={draft.widget_group_ids.includes(g.id)}
                  onChange={(e) => setDraft({ ...draft, widget_group_ids: toggle(draft.widget_group_ids, g.id, e.target.checked) })}
                />
                {g.name}
              </label>
            ))}
          </fieldset>
          {seats ? (
            <div role="alertdialog" aria-label="Confirm paid seats" className="tem-admin-confirm">
              <p>
                Assigning {seats.map((m) => MODULE_TITLES[m]).join(', ')} to {draft.name} uses a paid seat for each module.
              </p>
              <button type="button" onClick={() => void save(true)}>
                Assign seats
              </button>
              <button type="button" onClick={() => setSeats(null)}>
                Cancel
              </button>
            </div>
          ) : null}
          <div className="tem-admin-actions">
            <button type="submit">Save user</button>
            <button type="button" onClick={() => (setDraft(null), setSeats(null))}>
              Cancel
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
}


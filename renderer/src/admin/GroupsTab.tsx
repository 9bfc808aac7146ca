// Security groups: per module, a set of permissions. Users get their groups' permissions in the modules
// assigned to them.
import { useState, type FormEvent } from 'react';
import { api } from '../api/index.ts';
import { attempt, NoticeLine, useLoad, MODULE_TITLES, PERMISSION_TITLES, type Notice } from './common.tsx';

type Module = 'tem' | 'inventory' | 'crm' | 'admin';
type Permission = 'view' | 'edit' | 'import' | 'approve' | 'override' | 'export' | 'administer' | 'comment';
const MODULES: Module[] = ['tem', 'inventory', 'crm'];
const PERMISSIONS: Permission[] = ['view', 'edit', 'import', 'approve', 'override', 'export', 'comment'];

interface Draft {
  id?: string;
  module: Module;
  name: string;
  permissions: Permission[];
}

export function GroupsTab() {
  const groups = useLoad(() => api.call('securityGroups.list', {}), []);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  if (groups.error) return <NoticeLine notice={{ kind: 'error', text: groups.error }} />;
  if (!groups.data) return <p className="tem-loading">Loading…</p>;

  async function save(e: FormEvent) {
    e.preventDefault();
    if (!draft) return;
    if (await attempt(setNotice, `The group ${draft.name} is saved.`, () => api.call('securityGroups.save', draft))) {
      setDraft(null);
      groups.reload();
    }
  }

  return (
    <section aria-label="Security groups">
      <NoticeLine notice={notice} />
      <table className="tem-admin-table" aria-label="Security groups">
        <thead>
          <tr>
            <th>Group</th>
            <th>Module</th>
            <th>Permissions</th>
            <th>Members</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {groups.data.map((g) => (
            <tr key={g.id}>
              <td>{g.name}</td>
              <td>{MODULE_TITLES[g.module]}</td>
              <td>{g.permissions.map((p) => PERMISSION_TITLES[p]).join(', ')}</td>
              <td>{g.member_ids.length}</td>
              <td>
                <button type="button" aria-label={`Edit ${g.name}`} onClick={() => setDraft({ id: g.id, module: g.module, name: g.name, permissions: g.permissions })}>
                  Edit
                </button>
                <button
                  type="button"
                  aria-label={`Retire ${g.name}`}
                  onClick={() => void attempt(setNotice, `The group ${g.name} is retired.`, () => api.call('securityGroups.retire', { id: g.id })).then(groups.reload)}
                >
                  Retire
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {draft ? (
        <form className="tem-admin-form" onSubmit={save} aria-label={draft.id ? `Edit group ${draft.name}` : 'New security group'}>
          <label>
            Group name
            <input value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} required />
          </label>
          <label>
            Module
            <select value={draft.module} onChange={(e) => setDraft({ ...draft, module: e.target.value as Module })} disabled={Boolean(draft.id)}>
              {MODULES.map((m) => (
                <option key={m} value={m}>
                  {MODULE_TITLES[m]}
                </option>
              ))}
            </select>
          </label>
          <fieldset>
            <legend>Permissions</legend>
            {PERMISSIONS.map((p) => (
              <label key={p} className="tem-admin-check">
                <input
                  type="checkbox"
                  checked={draft.permissions.includes(p)}
                  onChange={(e) => setDraft({ ...draft, permissions: e.target.checked ? [...draft.permissions, p] : draft.permissions.filter((x) => x !== p) })}
                />
                {PERMISSION_TITLES[p]}
              </label>
            ))}
          </fieldset>
          <div className="tem-admin-actions">
            <button type="submit">Save group</button>
            <button type="button" onClick={() => setDraft(null)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <button type="button" onClick={() => setDraft({ module: 'tem', name: '', permissions: ['view'] })}>
          Add group
        </button>
      )}
    </section>
  );
}

// Widget groups: which home-screen widgets their members see.
import { useState, type FormEvent } from 'react';
import { api } from '../api/index.ts';
import { WIDGETS } from '../../../core/widgets.ts';
import { attempt, NoticeLine, useLoad, type Notice } from './common.tsx';

interface Draft {
  id?: string;
  name: string;
  widget_ids: string[];
}

export function WidgetGroupsTab() {
  const groups = useLoad(() => api.call('widgetGroups.list', {}), []);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  if (groups.error) return <NoticeLine notice={{ kind: 'error', text: groups.error }} />;
  if (!groups.data) return <p className="tem-loading">Loading…</p>;
  const title = (id: string) => WIDGETS.find((w) => w.id === id)?.title ?? id;

  async function save(e: FormEvent) {
    e.preventDefault();
    if (!draft) return;
    if (await attempt(setNotice, `The widget group ${draft.name} is saved.`, () => api.call('widgetGroups.save', draft))) {
      setDraft(null);
      groups.reload();
    }
  }

  return (
    <section aria-label="Widget groups">
      <p>Users see the widgets of their widget groups (a user in none sees every widget of their modules). Assign groups on the Users tab.</p>
      <NoticeLine notice={notice} />
      <table className="tem-admin-table" aria-label="Widget groups">
        <thead>
          <tr>
            <th>Widget group</th>
            <th>Widgets</th>
            <th>Members</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {groups.data.map((g) => (
            <tr key={g.id}>
              <td>{g.name}</td>
              <td>{g.widget_ids.map(title).join(', ')}</td>
              <td>{g.member_ids.length}</td>
              <td>
                <button type="button" aria-label={`Edit ${g.name}`} onClick={() => setDraft({ id: g.id, name: g.name, widget_ids: g.widget_ids })}>
                  Edit
                </button>
                <button type="button" aria-label={`Retire ${g.name}`} onClick={() => void attempt(setNotice, `${g.name} is retired.`, () => api.call('widgetGroups.retire', { id: g.id })).then(groups.reload)}>
                  Retire
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {draft ? (
        <form className="tem-admin-form" onSubmit={save} aria-label={draft.id ? `Edit widget group ${draft.name}` : 'New widget group'}>
          <label>
            Widget group name
            <input value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} required />
          </label>
          <fieldset>
            <legend>Widgets</legend>
            {WIDGETS.map((w) => (
              <label key={w.id} className="tem-admin-check">
                <input
                  type="checkbox"
                  checked={draft.widget_ids.includes(w.id)}
                  onChange={(e) => setDraft({ ...draft, widget_ids: e.target.checked ? [...draft.widget_ids, w.id] : draft.widget_ids.filter((x) => x !== w.id) })}
                />
                {w.title}
              </label>
            ))}
          </fieldset>
          <div className="tem-admin-actions">
            <button type="submit">Save widget group</button>
            <button type="button" onClick={() => setDraft(null)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <button type="button" onClick={() => setDraft({ name: '', widget_ids: [] })}>
          Add widget group
        </button>
      )}
    </section>
  );
}

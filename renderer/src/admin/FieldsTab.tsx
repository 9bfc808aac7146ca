// User-defined fields for customers, locations, services, contracts and tickets: text, number, money, date or a
// list of choices. They show in those records' forms and as optional columns in lists and exports.
import { useState, type FormEvent } from 'react';
import { api } from '../api/index.ts';
import { attempt, NoticeLine, useLoad, type Notice } from './common.tsx';

type Entity = 'customers' | 'locations' | 'services' | 'contracts' | 'tickets';
type FieldType = 'text' | 'number' | 'money' | 'date' | 'list';
const ENTITIES: { id: Entity; title: string }[] = [
  { id: 'customers', title: 'Customers' },
  { id: 'locations', title: 'Locations' },
  { id: 'services', title: 'Services' },
  { id: 'contracts', title: 'Contracts' },
  { id: 'tickets', title: 'Tickets' },
];
const TYPES: { id: FieldType; title: string }[] = [
  { id: 'text', title: 'Text' },
  { id: 'number', title: 'Number' },
  { id: 'money', title: 'Money' },
  { id: 'date', title: 'Date' },
  { id: 'list', title: 'List of choices' },
];

interface Draft {
  id?: string;
  entity: Entity;
  label: string;
  type: FieldType;
  options: string;
  active: boolean;
}

export function FieldsTab() {
  const [entity, setEntity] = useState<Entity>('customers');
  const defs = useLoad(() => api.call('udf.defs', { entity, include_inactive: true }), [entity]);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [notice, setNotice] = useState<Notice>(null);

  async function save(e: FormEvent) {
    e.preventDefault();
    if (!draft) return;
    const options = draft.options
      .split('\n')
      .map((o) => o.trim())
      .filter(Boolean);
    const ok = await attempt(setNotice, `The field ${draft.label} is saved.`, () =>
      api.call('udf.saveDef', { id: draft.id, entity: draft.entity, label: draft.label, type: draft.type, options, active: draft.active }),
    );
    if (ok) {
      setDraft(null);
      defs.reload();
    }
  }

  return (
    <section aria-label="User-defined fields">
      <label htmlFor="tem-udf-entity">Fields of</label>
      <select id="tem-udf-entity" value={entity} onChange={(e) => setEntity(e.target.value as Entity)}>
        {ENTITIES.map((x) => (
          <option key={x.id} value={x.id}>
            {x.title}
          </option>
        ))}
      </select>
      <NoticeLine notice={notice} />
      {defs.error ? <NoticeLine notice={{ kind: 'error', text: defs.error }} /> : null}
      <table className="tem-admin-table" aria-label="Fields">
        <thead>
          <tr>
            <th>Label</th>
            <th>Key (export column)</th>
            <th>Kind</th>
            <th>Choices</th>
            <th>Active</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(defs.data ?? []).map((d) => (
            <tr key={d.id} className={d.active ? undefined : 'tem-admin-retired'}>
              <td>{d.label}</td>
              <td>{d.key}</td>
              <td>{TYPES.find((t) => t.id === d.type)?.title}</td>
              <td>{d.options.join(', ')}</td>
              <td>{d.active ? 'Yes' : 'No'}</td>
              <td>
                <button type="button" aria-label={`Edit ${d.label}`} onClick={() => setDraft({ id: d.id, entity: d.entity, label: d.label, type: d.type, options: d.options.join('\n'), active: d.active })}>
                  Edit
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {draft ? (
        <form className="tem-admin-form" onSubmit={save} aria-label={draft.id ? `Edit field ${draft.label}` : 'New field'}>
          <label>
            Field label
            <input value={draft.label} onChange={(e) => setDraft({ ...draft, label: e.target.value })} required />
          </label>
          <label>
            Kind
            <select value={draft.type} onChange={(e) => setDraft({ ...draft, type: e.target.value as FieldType })} disabled={Boolean(draft.id)}>
              {TYPES.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.title}
                </option>
              ))}
            </select>
          </label>
          {draft.type === 'list' ? (
            <label>
              Choices, one per line
              <textarea rows={5} value={draft.options} onChange={(e) => setDraft({ ...draft, options: e.target.value })} />
            </label>
          ) : null}
          <label className="tem-admin-check">
            <input type="checkbox" checked={draft.active} onChange={(e) => setDraft({ ...draft, active: e.target.checked })} />
            Active (shown in forms and lists)
          </label>
          <div className="tem-admin-actions">
            <button type="submit">Save field</button>
            <button type="button" onClick={() => setDraft(null)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <button type="button" onClick={() => setDraft({ entity, label: '', type: 'text', options: '', active: true })}>
          Add field
        </button>
      )}
    </section>
  );
}

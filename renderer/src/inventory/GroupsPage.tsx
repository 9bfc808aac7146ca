// Service groups (templates): the kinds of inventory item a broker keeps ("Circuit", "Wireless line"), each with
// its own fields and whether its items carry an expected monthly charge.
import { useState, type FormEvent } from 'react';
import { api } from '../api/index.ts';
import type { PageProps } from '../shell/routes.ts';
import { failureText } from './call.ts';
import { InventoryLinks } from './CustomersPage.tsx';
import { useGroups } from './data.ts';
import { EditRetire } from './Retire.tsx';
import { keyOf } from './groupKeys.ts';
import { FIELD_TYPES } from './specs.ts';
import type { GroupField, ServiceGroup } from './types.ts';
import { useDraft } from './useDraft.ts';
import './inventory.css';

const TYPE_LABEL: Record<GroupField['type'], string> = { text: 'Text', number: 'Number', money: 'Money', date: 'Date', list: 'List of choices' };

export function GroupsPage(_: PageProps) {
  const groups = useGroups();
  const [retired, setRetired] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const close = () => setOpen(null);
  const rows = (groups.data ?? []).filter((g) => retired || !g.retired_at);
  return (
    <main className="inv-page">
      <header className="inv-header">
        <h1>Service groups</h1>
        <nav className="inv-subnav" aria-label="Inventory">
          <InventoryLinks current="groups" />
        </nav>
      </header>
      <div className="inv-toolbar">
        <label className="inv-check">
          <input type="checkbox" checked={retired} onChange={(e) => setRetired(e.target.checked)} /> Show retired
        </label>
        <span className="tem-toolbar-gap" />
        <button type="button" onClick={() => setOpen('new')} disabled={open === 'new'}>
          New service group
        </button>
      </div>
      {open === 'new' ? <GroupForm onDone={close} /> : null}
      {groups.error ? <p role="alert">Service groups cannot be loaded: {groups.error}</p> : null}
      <table className="inv-table" aria-label="Service groups">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Fields</th>
            <th scope="col">Expected monthly charge</th>
            <th scope="col">
              <span className="inv-sr">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((g) => (
            <tr key={g.id} className={g.retired_at ? 'inv-retired' : undefined}>
              <td>
                {g.name}
                {g.retired_at ? <span className="inv-tag"> retired</span> : null}
                {open === g.id ? <GroupForm group={g} onDone={close} /> : null}
              </td>
              <td>{g.fields.map((f) => `${f.name} (${TYPE_LABEL[f.type].toLowerCase()}${f.type === 'list' ? `: ${(f.options ?? []).join(', ')}` : ''})`).join('; ') || '—'}</td>
              <td>{g.carries_expected ? 'Yes' : 'No'}</td>
              <td>
                {!g.retired_at ? (
                  <span className="inv-actions">
                    <EditRetire kind="groups" id={g.id} what={`service group ${g.name}`} onEdit={() => setOpen(g.id)} />
                  </span>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {groups.data && rows.length === 0 ? <p>No service group yet.</p> : null}
    </main>
  );
}

interface DraftField {
  key: string | null;
  name: string;
  type: GroupField['type'];
  options: string;
  required: boolean;
}
interface Draft {
  name: string;
  carries_expected: boolean;
  fields: DraftField[];
}

function GroupForm({ group, onDone }: { group?: ServiceGroup; onDone(): void }) {
  const [draft, setDraft, clearDraft] = useDraft<Draft>(group ? `group.${group.id}` : 'group.new', () =>
    group
      ? { name: group.name, carries_expected: group.carries_expected, fields: group.fields.map((f) => ({ key: f.key, name: f.name, type: f.type, options: (f.options ?? []).join(', '), required: Boolean(f.required) })) }
      : { name: '', carries_expected: true, fields: [] },
  );
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const title = group ? `Edit service group ${group.name}` : 'New service group';
  const setField = (i: number, patch: Partial<DraftField>) => setDraft((d) => ({ ...d, fields: d.fields.map((f, j) => (j === i ? { ...f, ...patch } : f)) }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const problems: string[] = [];
    if (!draft.name.trim()) problems.push('Group name is required');
    const seen = new Set<string>();
    draft.fields.forEach((f, i) => {
      const n = f.name.trim();
      if (!n) problems.push(`Field ${i + 1} name is required`);
      else if (seen.has(n.toLowerCase())) problems.push(`Field ${i + 1} name "${n}" is used twice`);
      seen.add(n.toLowerCase());
      if (f.type === 'list' && !f.options.split(',').some((o) => o.trim())) problems.push(`Field ${i + 1} choices: a list needs at least one choice (separate them with commas)`);
    });
    setErrors(problems);
    if (problems.length) return;
    const taken = new Set(draft.fields.map((f) => f.key).filter((k): k is string => !!k));
    const fields = draft.fields.map((f) => ({
      key: f.key ?? keyOf(f.name, taken),
      name: f.name.trim(),
      type: f.type,
      ...(f.type === 'list' ? { options: f.options.split(',').map((o) => o.trim()).filter(Boolean) } : {}),
      required: f.required,
    }));
    setBusy(true);
    try {
      const values = { name: draft.name.trim(), carries_expected: draft.carries_expected, fields };
      if (group) await api.call('groups.update', { id: group.id, patch: values });
      else await api.call('groups.create', values);
      clearDraft();
      onDone();
    } catch (err) {
      setErrors([`Not saved: ${failureText(err)}`]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="inv-form" aria-label={title} onSubmit={submit} noValidate>
      <h3>{title}</h3>
      <div role="alert" className="inv-form-alert">
        {errors.length ? (
          <ul>
            {errors.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        ) : null}
      </div>
      <div className="inv-form-fields">
        <div className="inv-field">
          <label htmlFor="group-name">Group name</label>
          <input id="group-name" value={draft.name} onChange={(e) => setDraft((d) => ({ ...d, name: e.target.value }))} aria-required />
        </div>
        <div className="inv-field inv-field-checkbox">
          <label htmlFor="group-expected">Items carry an expected monthly charge</label>
          <input id="group-expected" type="checkbox" checked={draft.carries_expected} onChange={(e) => setDraft((d) => ({ ...d, carries_expected: e.target.checked }))} />
        </div>
      </div>
      <fieldset className="inv-fieldset">
        <legend>Fields of this group</legend>
        {draft.fields.length === 0 ? <p>No field yet: services of this group have only the usual ones.</p> : null}
        {draft.fields.map((f, i) => (
          <div className="inv-form-fields" key={i} role="group" aria-label={`Field ${i + 1}`}>
            <div className="inv-field">
              <label htmlFor={`gf-${i}-name`}>Field {i + 1} name</label>
              <input id={`gf-${i}-name`} value={f.name} onChange={(e) => setField(i, { name: e.target.value })} />
            </div>
            <div className="inv-field">
              <label htmlFor={`gf-${i}-type`}>Field {i + 1} type</label>
              <select id={`gf-${i}-type`} value={f.type} onChange={(e) => setField(i, { type: e.target.value as GroupField['type'] })}>
                {FIELD_TYPES.map((t) => (
                  <option key={t} value={t}>
                    {TYPE_LABEL[t]}
                  </option>
                ))}
              </select>
            </div>
            {f.type === 'list' ? (
              <div className="inv-field">
                <label htmlFor={`gf-${i}-options`}>Field {i + 1} choices</label>
                <input id={`gf-${i}-options`} value={f.options} placeholder="separated by commas" onChange={(e) => setField(i, { options: e.target.value })} />
              </div>
            ) : null}
            <div className="inv-field inv-field-checkbox">
              <label htmlFor={`gf-${i}-required`}>Field {i + 1} required</label>
              <input id={`gf-${i}-required`} type="checkbox" checked={f.required} onChange={(e) => setField(i, { required: e.target.checked })} />
            </div>
            <button type="button" aria-label={`Remove field ${i + 1}`} onClick={() => setDraft((d) => ({ ...d, fields: d.fields.filter((_, j) => j !== i) }))}>
              Remove
            </button>
          </div>
        ))}
        <button type="button" onClick={() => setDraft((d) => ({ ...d, fields: [...d.fields, { key: null, name: '', type: 'text', options: '', required: false }] }))}>
          Add field
        </button>
      </fieldset>
      <div className="inv-form-buttons">
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : group ? 'Save service group' : 'Create service group'}
        </button>
        <button
          type="button"
          onClick={() => {
            clearDraft();
            onDone();
          }}
        >
          Cancel
        </button>
      </div>
    </form>
  );
}

// Carrier bills: the saved import profiles (list and editor) and importing a file through one of them.
import { useEffect, useState } from 'react';
import { api } from '../api/index.ts';
import { failureText } from '../inventory/call.ts';
import { ProfileEditor, type Profile } from './ProfileEditor.tsx';
import { ImportBills } from './ImportBills.tsx';
import { AuditSettings } from './AuditSettings.tsx';
import { MonthBills } from './MonthBills.tsx';
import './bills.css';

export function BillsPage() {
  const [profiles, setProfiles] = useState<Profile[]>([]);
  const [editing, setEditing] = useState<Profile | 'new' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () => api.call('billProfiles.list', {}).then(setProfiles, (e) => setError(failureText(e)));
  useEffect(() => void load(), []);

  async function retire(p: Profile) {
    if (!window.confirm(`Retire the profile "${p.name}"? Bills it imported stay.`)) return;
    try {
      await api.call('billProfiles.retire', { id: p.id });
      await load();
    } catch (e) {
      setError(failureText(e));
    }
  }

  return (
    <main className="bills-page" aria-labelledby="bills-h">
      <h1 id="bills-h">Carrier bills</h1>
      {error && (
        <p role="alert" className="bills-error">
          {error}
        </p>
      )}
      {profiles.length > 0 ? <ImportBills profiles={profiles} /> : <p>Save a profile for a carrier's bill files first.</p>}
      <section aria-labelledby="bills-profiles-h">
        <h2 id="bills-profiles-h">Import profiles</h2>
        <table aria-label="Import profiles">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">File type</th>
              <th scope="col">Carrier</th>
              <th scope="col">Amounts</th>
              <th scope="col">Dates</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {profiles.map((p) => (
              <tr key={p.id}>
                <td>{p.name}</td>
                <td>{p.format.toUpperCase()}</td>
                <td>{p.carrier_name ?? (p.config.columns.carrier ? `column "${p.config.columns.carrier}"` : '')}</td>
                <td>{p.locale}</td>
                <td>{p.date_format}</td>
                <td>
                  <button type="button" onClick={() => setEditing(p)} aria-label={`Edit profile ${p.name}`}>
                    Edit
                  </button>{' '}
                  <button type="button" onClick={() => retire(p)} aria-label={`Retire profile ${p.name}`}>
                    Retire
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {!editing && (
          <button type="button" onClick={() => setEditing('new')}>
            New profile
          </button>
        )}
        {editing && (
          <ProfileEditor
            key={editing === 'new' ? 'new' : editing.id}
            profile={editing === 'new' ? null : editing}
            onCancel={() => setEditing(null)}
            onSaved={async () => {
              setEditing(null);
              await load();
            }}
          />
        )}
      </section>
      <MonthBills />
      <AuditSettings />
    </main>
  );
}

// The settings of the audit rules and bill imports (settings.get / settings.set): every key with its summary,
// checked by the API, all saved or none.
import { useEffect, useState, type FormEvent } from 'react';
import { api, type ApiOutput } from '../api/index.ts';
import { failureText } from '../inventory/call.ts';

type Setting = ApiOutput<'settings.get'>['settings'][number];
const OURS = /^(audit\.|bills\.)/;

export function AuditSettings() {
  const [settings, setSettings] = useState<Setting[]>([]);
  const [draft, setDraft] = useState<Record<string, string | boolean>>({});
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const load = () =>
    api.call('settings.get', {}).then((r) => {
      const mine = r.settings.filter((s) => OURS.test(s.key));
      setSettings(mine);
      setDraft(Object.fromEntries(mine.map((s) => [s.key, typeof s.value === 'boolean' ? s.value : String(s.value)])));
    });
  useEffect(() => void load().catch((e) => setMessage({ error: true, text: failureText(e) })), []);

  async function save(e: FormEvent) {
    e.preventDefault();
    const values: Record<string, number | boolean | string> = {};
    for (const s of settings) {
      const v = draft[s.key];
      if (v === undefined) continue;
      values[s.key] = s.kind === 'int' ? (/^-?\d+$/.test(String(v).trim()) ? Number(v) : String(v)) : v;
    }
    try {
      const r = await api.call('settings.set', { values });
      setMessage({ error: false, text: r.changed ? `Saved ${r.changed} setting(s).` : 'No change.' });
      await load();
    } catch (err) {
      setMessage({ error: true, text: failureText(err) });
    }
  }

  return (
    <form aria-label="Audit rule settings" onSubmit={save} className="bills-settings">
      <h2>Audit rules</h2>
      <div className="bills-grid">
        {settings.map((s) => {
          const id = `st-${s.key.replace(/\W/g, '-')}`;
          return s.kind === 'bool' ? (
            <div key={s.key} className="bills-field bills-check">
              <input id={id} type="checkbox" checked={draft[s.key] === true} onChange={(e) => setDraft({ ...draft, [s.key]: e.target.checked })} />
              <label htmlFor={id}>{s.summary}</label>
            </div>
          ) : (
            <div key={s.key} className="bills-field">
              <label htmlFor={id}>
                {s.summary}
                {s.unit ? ` (${s.unit})` : ''}
              </label>
              <input id={id} inputMode="numeric" value={String(draft[s.key] ?? '')} onChange={(e) => setDraft({ ...draft, [s.key]: e.target.value })} />
            </div>
          );
        })}
      </div>
      <button type="submit">Save settings</button>
      <p aria-live="polite" className={message?.error ? 'bills-error' : undefined}>
        {message?.text}
      </p>
    </form>
  );
}

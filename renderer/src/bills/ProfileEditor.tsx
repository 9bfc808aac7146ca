// A carrier bill import profile: how one carrier's files are read (format, delimiter, locale, dates, header row,
// sheet) and which column holds each field, or which lines are summed. Saved through billProfiles.create/update;
// the API checks it and says what is missing.
import { useState, type FormEvent } from 'react';
import { LOCALES } from '../../../core/money.ts';
import { api, type ApiOutput, type ApiInput } from '../api/index.ts';
import { failureText } from '../inventory/call.ts';

export type Profile = ApiOutput<'billProfiles.list'>[number];
type ProfileInput = ApiInput<'billProfiles.create'>;

export const FIELD_LABELS: Record<string, string> = {
  carrier: 'Carrier',
  account: 'Account',
  invoice: 'Invoice number',
  bill_date: 'Bill date',
  period_start: 'Period start',
  period_end: 'Period end',
  month: 'Billing month',
  total: 'Invoice total',
  line: 'Line or service',
  line_description: 'Line description',
  line_amount: 'Line amount (lines are summed)',
  customer: 'Customer',
  location: 'Location',
};
const CONSTANTS = ['account', 'invoice', 'customer', 'location'] as const;

interface Draft {
  name: string;
  format: 'csv' | 'xlsx' | 'edi811';
  carrier_name: string;
  delimiter: string;
  locale: string;
  date_format: 'YMD' | 'MDY' | 'DMY';
  header_row: string;
  sheet: string;
  currency: string;
  columns: Record<string, string>;
  constants: Record<string, string>;
  aliases: string;
}

const draftOf = (p: Profile | null): Draft => ({
  name: p?.name ?? '',
  format: p?.format ?? 'csv',
  carrier_name: p?.carrier_name ?? '',
  delimiter: p?.delimiter ?? '',
  locale: p?.locale ?? 'en-US',
  date_format: p?.date_format ?? 'YMD',
  header_row: String(p?.header_row ?? 1),
  sheet: p?.sheet ?? '',
  currency: p?.currency ?? '',
  columns: { ...(p?.config.columns ?? {}) } as Record<string, string>,
  constants: { ...(p?.config.constants ?? {}) } as Record<string, string>,
  aliases: Object.entries(p?.config.carrier_aliases ?? {})
    .map(([from, to]) => `${from} = ${to}`)
    .join('\n'),
});

/** "written = carrier" lines; a line without "=" is an error the form shows, not a guess. */
function parseAliases(text: string): { aliases: Record<string, string> } | { error: string } {
  const aliases: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    const at = line.lastIndexOf('=');
    if (at <= 0 || at === line.length - 1) return { error: `Carrier aliases line ${i + 1}: write "name in the file = carrier"` };
    aliases[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return { aliases };
}

export function ProfileEditor({ profile, onSaved, onCancel }: { profile: Profile | null; onSaved: (p: Profile) => void; onCancel: () => void }) {
  const [d, setD] = useState<Draft>(() => draftOf(profile));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setD((x) => ({ ...x, [k]: v }));
  const tabular = d.format !== 'edi811';

  async function save(e: FormEvent) {
    e.preventDefault();
    const a = parseAliases(d.aliases);
    if ('error' in a) return setError(a.error);
    const clean = (r: Record<string, string>) => Object.fromEntries(Object.entries(r).filter(([, v]) => v.trim() !== '').map(([k, v]) => [k, v.trim()]));
    const input: ProfileInput = {
      name: d.name,
      format: d.format,
      carrier_name: d.carrier_name.trim() || null,
      delimiter: d.delimiter === '\\t' ? '\t' : d.delimiter || null,
      locale: d.locale as ProfileInput['locale'],
      date_format: d.date_format,
      header_row: Number(d.header_row) || 1,
      sheet: d.sheet.trim() || null,
      currency: d.currency.trim().toUpperCase() || null,
      config: { columns: tabular ? clean(d.columns) : {}, constants: clean(d.constants), carrier_aliases: a.aliases },
    };
    setBusy(true);
    setError(null);
    try {
      onSaved(profile ? await api.call('billProfiles.update', { id: profile.id, patch: input }) : await api.call('billProfiles.create', input));
    } catch (err) {
      setError(failureText(err));
    } finally {
      setBusy(false);
    }
  }

  const text = (label: string, value: string, on: (v: string) => void, props: Record<string, unknown> = {}) => {
    const id = `bp-${label.replace(/\W+/g, '-').toLowerCase()}`;
    return (
      <div className="bills-field">
        <label htmlFor={id}>{label}</label>
        <input id={id} value={value} onChange={(e) => on(e.target.value)} {...props} />
      </div>
    );
  };

  return (
    <form className="bills-editor" aria-label={profile ? `Edit profile ${profile.name}` : 'New profile'} onSubmit={save}>
      <h2>{profile ? `Profile ${profile.name}` : 'New profile'}</h2>
      <div className="bills-grid">
        {text('Profile name', d.name, (v) => set('name', v), { required: true })}
        <div className="bills-field">
          <label htmlFor="bp-format">File type</label>
          <select id="bp-format" value={d.format} onChange={(e) => set('format', e.target.value as Draft['format'])}>
            <option value="csv">CSV</option>
            <option value="xlsx">XLSX</option>
            <option value="edi811">EDI 811</option>
          </select>
        </div>
        {text('Carrier (fixed)', d.carrier_name, (v) => set('carrier_name', v), { placeholder: 'or map a carrier column' })}
        {tabular && d.format === 'csv' && text('Delimiter', d.delimiter, (v) => set('delimiter', v), { placeholder: 'guessed; \\t for tab', maxLength: 2 })}
        {tabular && (
          <div className="bills-field">
            <label htmlFor="bp-locale">Amount format</label>
            <select id="bp-locale" value={d.locale} onChange={(e) => set('locale', e.target.value)}>
              {LOCALES.map((l) => (
                <option key={l} value={l}>
                  {l}
                </option>
              ))}
            </select>
          </div>
        )}
        {tabular && (
          <div className="bills-field">
            <label htmlFor="bp-dates">Date format</label>
            <select id="bp-dates" value={d.date_format} onChange={(e) => set('date_format', e.target.value as Draft['date_format'])}>
              <option value="YMD">YYYY-MM-DD</option>
              <option value="MDY">M/D/YYYY</option>
              <option value="DMY">D/M/YYYY or D.M.YYYY</option>
            </select>
          </div>
        )}
        {tabular && text('Header row', d.header_row, (v) => set('header_row', v), { inputMode: 'numeric' })}
        {d.format === 'xlsx' && text('Sheet', d.sheet, (v) => set('sheet', v), { placeholder: 'first sheet' })}
        {text('Currency', d.currency, (v) => set('currency', v), { placeholder: 'e.g. USD', maxLength: 3 })}
      </div>
      {tabular && (
        <fieldset>
          <legend>Columns (the header in the file, or a column letter)</legend>
          <div className="bills-grid">
            {Object.entries(FIELD_LABELS).map(([f, label]) => text(`Column for ${label}`, d.columns[f] ?? '', (v) => set('columns', { ...d.columns, [f]: v })))}
          </div>
        </fieldset>
      )}
      <fieldset>
        <legend>Fixed values (when the file has no such column)</legend>
        <div className="bills-grid">
          {CONSTANTS.map((f) => text(`Fixed ${FIELD_LABELS[f]}`, d.constants[f] ?? '', (v) => set('constants', { ...d.constants, [f]: v })))}
        </div>
      </fieldset>
      <div className="bills-field">
        <label htmlFor="bp-aliases">Carrier aliases (one per line: name in the file = carrier)</label>
        <textarea id="bp-aliases" rows={3} value={d.aliases} onChange={(e) => set('aliases', e.target.value)} />
      </div>
      {error && (
        <p role="alert" className="bills-error">
          {error}
        </p>
      )}
      <div className="bills-actions">
        <button type="submit" disabled={busy}>
          Save profile
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

// The company profile: name, address, billing contact, currency and locale, logo, and the modules used.
import { useEffect, useState, type FormEvent } from 'react';
import { api, type ApiOutput } from '../api/index.ts';
import { bytesToBase64 } from '../../../api/wire.ts';
import { attempt, NoticeLine, useLoad, MODULE_TITLES, type Notice } from './common.tsx';

type Company = ApiOutput<'company.get'>;
const LOCALES = ['en-US', 'en-GB', 'de-DE', 'fr-FR', 'de-CH', 'pt-BR'] as const;
const PRODUCT = ['tem', 'inventory', 'crm'] as const;

export function CompanyTab() {
  const { data, error, reload } = useLoad(() => api.call('company.get', {}), []);
  const [f, setF] = useState<Company | null>(null);
  const [logo, setLogo] = useState<{ bytes: Uint8Array; type: string } | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  useEffect(() => setF(data), [data]);
  if (error) return <NoticeLine notice={{ kind: 'error', text: error }} />;
  if (!f) return <p className="tem-loading">Loading…</p>;
  const set = (k: keyof Company) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });

  async function save(e: FormEvent) {
    e.preventDefault();
    if (!f) return;
    const ok = await attempt(setNotice, 'The company profile is saved.', () =>
      api.call('company.save', {
        name: f.name,
        address: f.address || null,
        billing_contact: f.billing_contact || null,
        billing_email: f.billing_email || null,
        currency: f.currency.toUpperCase(),
        locale: f.locale,
        modules: f.modules,
        ...(logo ? { logo: logo.bytes, logo_type: logo.type as 'image/png' } : {}),
      }),
    );
    if (ok) reload();
  }

  const logoUrl = f.logo && f.logo_type ? `data:${f.logo_type};base64,${bytesToBase64(f.logo)}` : null;
  return (
    <>
      <form className="tem-admin-form" onSubmit={save} aria-label="Company profile">
        <label>
          Company name
          <input value={f.name} onChange={set('name')} required />
        </label>
        <label>
          Address
          <textarea value={f.address ?? ''} onChange={set('address')} rows={3} />
        </label>
        <label>
          Billing contact
          <input value={f.billing_contact ?? ''} onChange={set('billing_contact')} />
        </label>
        <label>
          Billing e-mail
          <input type="email" value={f.billing_email ?? ''} onChange={set('billing_email')} />
        </label>
        <label>
          Default currency
          <input value={f.currency} onChange={set('currency')} maxLength={3} />
        </label>
        <label>
          Default locale for amounts
          <select value={f.locale} onChange={set('locale')}>
            {LOCALES.map((l) => (
              <option key={l}>{l}</option>
            ))}
          </select>
        </label>
        <fieldset>
          <legend>Modules the company uses</legend>
          {PRODUCT.map((m) => (
            <label key={m} className="tem-admin-check">
              <input
                type="checkbox"
                checked={f.modules.includes(m)}
                onChange={(e) => setF({ ...f, modules: e.target.checked ? [...f.modules, m] : f.modules.filter((x) => x !== m) })}
              />
              {MODULE_TITLES[m]}
            </label>
          ))}
        </fieldset>
        <label>
          Logo (PNG, JPEG, SVG, GIF or WebP, at most 1 MB)
          <input
            type="file"
            accept="image/png,image/jpeg,image/svg+xml,image/gif,image/webp"
            onChange={async (e) => {
              const file = e.target.files?.[0];
              if (file) setLogo({ bytes: new Uint8Array(await file.arrayBuffer()), type: file.type });
            }}
          />
        </label>
        {logoUrl ? <img className="tem-admin-logo" src={logoUrl} alt="Company logo" /> : null}
        <button type="submit">Save profile</button>
        <NoticeLine notice={notice} />
      </form>
      <IdleSetting />
    </>
  );
}

/** How long a session may sit unused before it ends (the setting auth.idle_minutes, which administration owns). */
function IdleSetting() {
  const { data, error } = useLoad(() => api.call('admin.settings', {}), []);
  const [minutes, setMinutes] = useState('');
  const [notice, setNotice] = useState<Notice>(null);
  useEffect(() => {
    if (data) setMinutes(String(data.settings.find((x) => x.key === 'auth.idle_minutes')?.value ?? ''));
  }, [data]);
  if (error) return <NoticeLine notice={{ kind: 'error', text: error }} />;
  return (
    <form
      className="tem-admin-form"
      aria-label="Sign-in"
      onSubmit={(e) => {
        e.preventDefault();
        const n = Number(minutes);
        void attempt(setNotice, `Sessions now end after ${n} idle minutes.`, () => api.call('admin.saveSettings', { values: { 'auth.idle_minutes': Number.isInteger(n) ? n : (minutes as unknown as number) } }));
      }}
    >
      <h2>Sign-in</h2>
      <label>
        Sign out after this many idle minutes
        <input inputMode="numeric" value={minutes} onChange={(e) => setMinutes(e.target.value)} required />
      </label>
      <button type="submit">Save sign-in setting</button>
      <NoticeLine notice={notice} />
    </form>
  );
}

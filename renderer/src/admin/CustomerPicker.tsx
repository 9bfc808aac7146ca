// The customers a client login sees: a searchable picker for a book of thousands. The server pages and filters
// (admin.customerChoices, the administrator's own access): type part of a name or a code, tick the ones
// wanted; the chosen ones stay listed above, with their codes, so two customers of one name can be told apart.
import { useEffect, useState } from 'react';
import { api, type ApiOutput } from '../api/index.ts';
import { NoticeLine } from './common.tsx';

type Choice = ApiOutput<'admin.customerChoices'>['rows'][number];
const PAGE = 25;

export const choiceLabel = (c: Choice) => `${c.name}${c.code ? ` (${c.code})` : ''}${c.retired ? ' (retired)' : ''}`;

export function CustomerPicker({ value, onChange }: { value: string[]; onChange(ids: string[]): void }) {
  const [search, setSearch] = useState('');
  const [limit, setLimit] = useState(PAGE);
  const [found, setFound] = useState<{ rows: Choice[]; total: number } | null>(null);
  const [known, setKnown] = useState<Map<string, Choice>>(new Map());
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    // A short pause while typing, so a fast typist does not send one search per key.
    const timer = setTimeout(() => {
      const missing = value.filter((id) => !known.has(id));
      api.call('admin.customerChoices', { search: search.trim() || undefined, limit, ids: missing.length ? missing : undefined }).then(
        (r) => {
          if (!live) return;
          setFound({ rows: r.rows, total: r.total });
          setError(null);
          if (r.rows.length || r.chosen.length) setKnown((k) => new Map([...k, ...[...r.rows, ...r.chosen].map((c) => [c.id, c] as const)]));
        },
        (e: Error) => live && setError(e.message),
      );
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [search, limit]); // eslint-disable-line react-hooks/exhaustive-deps

  const toggle = (c: Choice, on: boolean) => {
    setKnown((k) => new Map(k).set(c.id, c));
    onChange(on ? [...new Set([...value, c.id])] : value.filter((x) => x !== c.id));
  };

  return (
    <fieldset className="tem-customer-picker">
      <legend>Customers this login sees</legend>
      {value.length === 0 ? (
        <p>No customer chosen yet: a client login sees at least one.</p>
      ) : (
        <ul aria-label="Chosen customers" className="tem-customer-chosen">
          {value.map((id) => {
            const c = known.get(id);
            const label = c ? choiceLabel(c) : id;
            return (
              <li key={id}>
                {label}{' '}
                <button type="button" aria-label={`Remove ${label}`} onClick={() => onChange(value.filter((x) => x !== id))}>
                  Remove
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <label>
        Find a customer (name or code)
        <input
          type="search"
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            setLimit(PAGE);
          }}
        />
      </label>
      {error ? <NoticeLine notice={{ kind: 'error', text: error }} /> : null}
      {!found && !error ? <p className="tem-loading">Loading…</p> : null}
      {found ? (
        <>
          <p aria-live="polite" className="tem-customer-count">
            {found.total === 0
              ? `No customer's name or code contains “${search.trim()}”.`
              : `Showing ${found.rows.length.toLocaleString('en-US')} of ${found.total.toLocaleString('en-US')} customers${found.rows.length < found.total ? ': type more of a name or code to narrow' : ''}.`}
          </p>
          <div role="group" aria-label="Customers found" className="tem-customer-results">
            {found.rows.map((c) => (
              <label key={c.id} className="tem-admin-check">
                <input type="checkbox" checked={value.includes(c.id)} onChange={(e) => toggle(c, e.target.checked)} />
                {c.name}
                {c.code ? <span className="tem-customer-code"> ({c.code})</span> : null}
              </label>
            ))}
          </div>
          {found.rows.length < found.total && limit < 200 ? (
            <button type="button" onClick={() => setLimit((n) => Math.min(200, n + PAGE))}>
              Show more customers
            </button>
          ) : null}
        </>
      ) : null}
    </fieldset>
  );
}

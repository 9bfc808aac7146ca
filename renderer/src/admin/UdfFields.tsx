// The user-defined fields of one record, for any area's form: <UdfFields entity="customers" recordId={id} />.
// Each field has a label; Save checks every value through the API (amounts with the company locale, dates,
// list choices) and, if one is bad, saves none and names the field. What was typed stays on screen.
import { useEffect, useState } from 'react';
import { api, type ApiOutput } from '../api/index.ts';
import { NoticeLine, type Notice } from './common.tsx';

type Entity = 'customers' | 'locations' | 'services' | 'contracts' | 'tickets';
type Def = ApiOutput<'udf.defs'>[number];

export function UdfFields({ entity, recordId, readOnly = false }: { entity: Entity; recordId: string; readOnly?: boolean }) {
  const [defs, setDefs] = useState<Def[] | null>(null);
  const [values, setValues] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<Notice>(null);

  useEffect(() => {
    let live = true;
    Promise.all([api.call('udf.defs', { entity }), api.call('udf.get', { entity, record_id: recordId })]).then(
      ([d, v]) => {
        if (!live) return;
        setDefs(d);
        setValues(Object.fromEntries(d.map((x) => [x.key, shown(x, v.values[x.key] ?? null)])));
      },
      (e: Error) => live && setNotice({ kind: 'error', text: e.message }),
    );
    return () => {
      live = false;
    };
  }, [entity, recordId]);

  if (!defs) return <NoticeLine notice={notice} />;
  if (defs.length === 0) return null;

  async function save() {
    try {
      const r = await api.call('udf.set', { entity, record_id: recordId, values });
      setValues(Object.fromEntries((defs ?? []).map((x) => [x.key, shown(x, r.values[x.key] ?? null)])));
      setNotice({ kind: 'ok', text: r.changed ? 'The fields are saved.' : 'Nothing changed.' });
    } catch (e) {
      setNotice({ kind: 'error', text: (e as Error).message });
    }
  }

  return (
    <fieldset className="tem-udf" aria-label="More fields">
      <legend>More fields</legend>
      {defs.map((d) => (
        <label key={d.id}>
          {d.label}
          {d.type === 'list' ? (
            <select value={values[d.key] ?? ''} disabled={readOnly} onChange={(e) => setValues({ ...values, [d.key]: e.target.value })}>
              <option value="">—</option>
              {[...new Set([...d.options, ...(values[d.key] ? [values[d.key]!] : [])])].map((o) => (
                <option key={o}>{o}</option>
              ))}
            </select>
          ) : (
            <input
              type={d.type === 'date' ? 'date' : 'text'}
              inputMode={d.type === 'number' || d.type === 'money' ? 'decimal' : undefined}
              value={values[d.key] ?? ''}
              readOnly={readOnly}
              onChange={(e) => setValues({ ...values, [d.key]: e.target.value })}
            />
          )}
        </label>
      ))}
      {readOnly ? null : (
        <button type="button" onClick={() => void save()}>
          Save fields
        </button>
      )}
      <NoticeLine notice={notice} />
    </fieldset>
  );
}

/** A stored value as the input shows it: money as a plain decimal, others as they are. */
function shown(d: Def, v: string | number | null): string {
  if (v === null) return '';
  if (d.type === 'money' && typeof v === 'number') {
    const neg = v < 0;
    const a = Math.abs(v);
    return `${neg ? '-' : ''}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
  }
  return String(v);
}

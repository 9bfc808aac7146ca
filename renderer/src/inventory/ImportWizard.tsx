// The book import in four steps: pick a CSV or XLSX file, map its columns (remembered per file layout), preview
// every row with every problem by row and column, then import with a progress bar. The API does the reading and
// checking (book.preview) and the import (import.book), the same code as `tem import book`.
import { useEffect, useRef, useState } from 'react';
import { LOCALES, type AmountLocale } from '../../../core/money.ts';
import { api, type ApiOutput } from '../api/index.ts';
import { useStore } from '../store.ts';
import { failureText } from './call.ts';
import { CSV_TYPE, saveFile } from '../api/download.ts';
import { PreviewTables } from './PreviewTables.tsx';

type Scan = ApiOutput<'book.preview'>;
type Result = ApiOutput<'import.book'>;
type Progress = NonNullable<ApiOutput<'import.progress'>>;
type Profile = ApiOutput<'book.profiles'>[number];

const STEPS = ['File', 'Columns', 'Preview', 'Import'] as const;
const PHASE: Record<Progress['phase'], string> = { reading: 'Reading the file', checking: 'Checking rows', writing: 'Writing the book', done: 'Done', failed: 'Failed' };
const norm = (s: string) => s.trim().toLowerCase();
const n = (x: number) => x.toLocaleString('en-US');

/** randomUUID needs a secure context; the desktop window's own scheme may not count as one. */
const newJobId = () =>
  typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');

/** The mapping the scan found: the remembered or given one, else each field's column matched by name. */
function mappingOf(scan: Scan): Record<string, string> {
  if (Object.keys(scan.map).length) return { ...scan.map };
  const out: Record<string, string> = {};
  for (const [field, i] of Object.entries(scan.columns)) if (scan.headers[i] !== undefined) out[field] = scan.headers[i]!;
  return out;
}

export function ImportWizard() {
  const storeLocale = useStore((s) => s.locale);
  const [file, setFile] = useState<{ name: string; data: Uint8Array<ArrayBuffer> } | null>(null);
  const [locale, setLocale] = useState<AmountLocale>(storeLocale);
  const [tolPct, setTolPct] = useState('');
  const [tolAmount, setTolAmount] = useState('');
  const [scan, setScan] = useState<Scan | null>(null);
  const [map, setMap] = useState<Record<string, string>>({});
  const [constants, setConstants] = useState<Record<string, string>>({});
  const [profiles, setProfiles] = useState<Profile[]>([]);
  const [preview, setPreview] = useState<Scan | null>(null);
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [importing, setImporting] = useState(false);
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    api.call('book.profiles', {}).then(setProfiles, () => setProfiles([]));
  }, []);

  const step = result || importing ? 3 : preview ? 2 : scan ? 1 : 0;
  const common = () => ({
    file_name: file!.name,
    data: file!.data,
    locale,
    tolerance_pct: tolPct.trim() || undefined,
    tolerance_amount: tolAmount.trim() || undefined,
  });

  const pick = async (f: File | undefined) => {
    setScan(null);
    setPreview(null);
    setResult(null);
    setError(null);
    setConstants({});
    if (!f) return setFile(null);
    const data = new Uint8Array(await f.arrayBuffer());
    setFile({ name: f.name, data });
    setBusy(true);
    try {
      const s = await api.call('book.preview', { file_name: f.name, data, locale, limit: 0 });
      setScan(s);
      setMap(mappingOf(s));
    } catch (e) {
      setError(`${f.name} cannot be read: ${failureText(e)}`);
    } finally {
      setBusy(false);
    }
  };

  const runPreview = async () => {
    setBusy(true);
    setError(null);
    try {
      const p = await api.call('book.preview', { ...common(), map, limit: 200, constants: Object.keys(constants).length ? constants : undefined });
      setPreview(p);
      setSkipInvalid(false);
    } catch (e) {
      setError(`The preview failed: ${failureText(e)}`);
    } finally {
      setBusy(false);
    }
  };

  const runImport = async () => {
    const jobId = newJobId();
    setImporting(true);
    setError(null);
    setProgress({ job_id: jobId, phase: 'reading', done: 0, total: preview?.rows_total ?? 0, message: null });
    let finished = false;
    const poll = async () => {
      while (!finished) {
        await new Promise((r) => setTimeout(r, 250));
        if (finished) break;
        try {
          const p = await api.call('import.progress', { job_id: jobId });
          if (p && !finished) setProgress(p);
        } catch {
          /* progress is a courtesy: the import's own answer is what counts */
        }
      }
    };
    void poll();
    try {
      const r = await api.call('import.book', {
        ...common(),
        map,
        constants: Object.keys(constants).length ? constants : undefined,
        skip_invalid: skipInvalid || undefined,
        job_id: jobId,
        remember_map: true,
      });
      finished = true;
      setProgress({ job_id: jobId, phase: 'done', done: r.rows_total, total: r.rows_total, message: null });
      setResult(r);
    } catch (e) {
      finished = true;
      setProgress((p) => (p ? { ...p, phase: 'failed' } : p));
      setError(`Nothing was imported: ${failureText(e)}`);
    } finally {
      setImporting(false);
    }
  };

  const startOver = () => {
    setFile(null);
    setScan(null);
    setPreview(null);
    setResult(null);
    setProgress(null);
    setError(null);
    if (fileInput.current) fileInput.current.value = '';
  };

  const matching = scan ? profiles.filter((p) => p.headers.length === scan.headers.length && p.headers.every((h, i) => norm(h) === norm(scan.headers[i] ?? ''))) : [];
  const missing = scan ? scan.fields.filter((f) => f.required && !map[f.name] && constants[f.name] === undefined).map((f) => f.label) : [];
  const invalid = preview?.rows_invalid ?? 0;
  const importable = preview ? (skipInvalid ? preview.rows_valid : invalid ? 0 : preview.rows_valid) : 0;

  return (
    <section className="inv-card inv-wizard" aria-labelledby="inv-import-title">
      <h2 id="inv-import-title">Import a book</h2>
      <ol className="inv-steps" aria-label="Import steps">
        {STEPS.map((s, i) => (
          <li key={s} aria-current={i === step ? 'step' : undefined} className={i < step ? 'inv-step-done' : undefined}>
            {i + 1}. {s}
          </li>
        ))}
      </ol>
      <div className="inv-toolbar">
        <label className="tem-field">
          <span>Book file (CSV or XLSX)</span>
          <input
            ref={fileInput}
            type="file"
            accept=".csv,.txt,.tsv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => void pick(e.target.files?.[0])}
            disabled={importing}
          />
        </label>
        <label className="tem-field">
          <span>Amounts written as</span>
          <select value={locale} onChange={(e) => (setLocale(e.target.value as AmountLocale), setPreview(null))} disabled={importing}>
            {LOCALES.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <label className="tem-field">
          <span>Default tolerance percent</span>
          <input value={tolPct} onChange={(e) => (setTolPct(e.target.value), setPreview(null))} inputMode="decimal" placeholder="none" disabled={importing} />
        </label>
        <label className="tem-field">
          <span>Default tolerance amount</span>
          <input value={tolAmount} onChange={(e) => (setTolAmount(e.target.value), setPreview(null))} inputMode="decimal" placeholder="none" disabled={importing} />
        </label>
      </div>
      {busy ? <p className="inv-count">Reading {file?.name}…</p> : null}
      <div role="alert" className="inv-error">
        {error ?? ''}
      </div>

      {scan && !result ? (
        <fieldset className="inv-fieldset" disabled={importing}>
          <legend>Columns of {file?.name}</legend>
          <p role="status">
            {n(scan.rows_total)} rows, {scan.headers.length} columns.{' '}
            {scan.remembered ? 'Using the mapping remembered for this file layout.' : 'Choose the column of each field; the mapping is remembered for files with the same columns.'}
          </p>
          {matching.map((p) => (
            <p key={p.id}>
              This looks like {p.label}.{' '}
              <button
                type="button"
                onClick={() => {
                  setMap({ ...p.map });
                  setConstants({ ...p.constants });
                  setPreview(null);
                }}
              >
                Use the {p.label} mapping
              </button>
            </p>
          ))}
          <div className="inv-mapping">
            {scan.fields.map((f) => (
              <label key={f.name} className={`tem-field${f.required && !map[f.name] && constants[f.name] === undefined ? ' inv-field-invalid' : ''}`}>
                <span>
                  Column for {f.label}
                  {f.required ? ' *' : ''}
                </span>
                <select
                  aria-label={`Column for ${f.label}`}
                  value={map[f.name] ?? ''}
                  aria-invalid={f.required && !map[f.name] && constants[f.name] === undefined ? true : undefined}
                  onChange={(e) => {
                    const v = e.target.value;
                    setMap((m) => {
                      const next = { ...m };
                      if (v) next[f.name] = v;
                      else delete next[f.name];
                      return next;
                    });
                    setPreview(null);
                  }}
                >
                  <option value="">{constants[f.name] !== undefined ? `(every row: ${constants[f.name]})` : '(not in this file)'}</option>
                  {scan.headers.map((h, i) => (
                    <option key={`${i}:${h}`} value={h}>
                      {h}
                    </option>
                  ))}
                </select>
              </label>
            ))}
          </div>
          <Constants
            fields={scan.fields.filter((f) => !map[f.name])}
            constants={constants}
            onChange={(c) => {
              setConstants(c);
              setPreview(null);
            }}
          />
          {missing.length ? <p className="inv-error">Still to choose: {missing.join(', ')}.</p> : null}
          <button type="button" onClick={() => void runPreview()} disabled={busy || missing.length > 0}>
            Preview rows
          </button>
        </fieldset>
      ) : null}

      {preview && !result ? (
        <div className="inv-preview">
          <p role="status" aria-label="Preview summary">
            {n(preview.rows_total)} rows: {n(preview.rows_valid)} valid, {n(preview.rows_invalid)} with problems ({n(preview.problems.length)} problems).
            {preview.rows.length < preview.rows_total ? ` The first ${n(preview.rows.length)} rows are shown; every problem is listed.` : ''}
          </p>
          <PreviewTables preview={preview} map={map} />
          <fieldset className="inv-fieldset" disabled={importing}>
            <legend>Import</legend>
            {invalid ? (
              <label className="inv-check">
                <input type="checkbox" checked={skipInvalid} onChange={(e) => setSkipInvalid(e.target.checked)} /> Skip the {n(invalid)} rows with problems and import the rest
              </label>
            ) : null}
            <button type="button" onClick={() => void runImport()} disabled={importing || importable === 0}>
              Import {n(importable)} rows
            </button>
          </fieldset>
        </div>
      ) : null}

      {progress ? (
        <div className="inv-progress">
          <progress aria-label="Import progress" max={Math.max(progress.total, 1)} value={progress.phase === 'done' ? Math.max(progress.total, 1) : progress.done} />
          <span aria-live="polite">
            {PHASE[progress.phase]}
            {progress.total && progress.phase !== 'done' ? `: ${n(progress.done)} of ${n(progress.total)}` : ''}
            {progress.message ? ` — ${progress.message}` : ''}
          </span>
        </div>
      ) : null}

      {result ? <ImportSummary result={result} fileName={file?.name ?? 'book'} onAgain={startOver} /> : null}
    </section>
  );
}

/** Fields the file has no column for can take one value for every row (a carrier the file does not name). */
function Constants({ fields, constants, onChange }: { fields: Scan['fields']; constants: Record<string, string>; onChange(c: Record<string, string>): void }) {
  const [field, setField] = useState('');
  const [value, setValue] = useState('');
  const label = (name: string) => fields.find((f) => f.name === name)?.label ?? name;
  const free = fields.filter((f) => constants[f.name] === undefined);
  return (
    <div className="inv-constants" role="group" aria-label="Same value for every row">
      {Object.entries(constants).map(([name, v]) => (
        <span key={name} className="inv-field">
          <label htmlFor={`const-${name}`}>Every row's {label(name)}</label>
          <span className="inv-actions">
            <input id={`const-${name}`} value={v} onChange={(e) => onChange({ ...constants, [name]: e.target.value })} />
            <button
              type="button"
              aria-label={`Remove the value for every row's ${label(name)}`}
              onClick={() => {
                const next = { ...constants };
                delete next[name];
                onChange(next);
              }}
            >
              Remove
            </button>
          </span>
        </span>
      ))}
      {free.length ? (
        <span className="inv-actions">
          <select aria-label="Field for a value on every row" value={field} onChange={(e) => setField(e.target.value)}>
            <option value="">Same value for every row…</option>
            {free.map((f) => (
              <option key={f.name} value={f.name}>
                {f.label}
              </option>
            ))}
          </select>
          <input aria-label="Value for every row" value={value} onChange={(e) => setValue(e.target.value)} disabled={!field} />
          <button
            type="button"
            disabled={!field}
            onClick={() => {
              onChange({ ...constants, [field]: value });
              setField('');
              setValue('');
            }}
          >
            Use for every row
          </button>
        </span>
      ) : null}
    </div>
  );
}

const KINDS: [string, string][] = [
  ['customers', 'Customers'],
  ['locations', 'Locations'],
  ['carriers', 'Carriers'],
  ['accounts', 'Billing accounts'],
  ['services', 'Services'],
  ['contracts', 'Contracts'],
  ['groups', 'Service groups'],
];

function ImportSummary({ result: r, fileName, onAgain }: { result: Result; fileName: string; onAgain(): void }) {
  return (
    <div className="inv-result">
      <p role="status" aria-label="Import result">
        Imported {n(r.rows_imported)} of {n(r.rows_total)} rows
        {r.rejected.length ? `; ${n(new Set(r.rejected.map((p) => p.row)).size)} rows were skipped` : ''}.{' '}
        {r.changed ? '' : 'Nothing changed: the book already held every row of this file.'}
      </p>
      <table className="inv-table" aria-label="What the import did">
        <thead>
          <tr>
            <th scope="col">Records</th>
            <th scope="col">Created</th>
            <th scope="col">Updated</th>
            <th scope="col">Unchanged</th>
          </tr>
        </thead>
        <tbody>
          {KINDS.filter(([k]) => r.counts[k]).map(([k, label]) => (
            <tr key={k}>
              <th scope="row">{label}</th>
              <td className="inv-num">{n(r.counts[k]!.created)}</td>
              <td className="inv-num">{n(r.counts[k]!.updated)}</td>
              <td className="inv-num">{n(r.counts[k]!.unchanged)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="inv-actions">
        {r.rejects_csv ? (
          <button type="button" onClick={() => saveFile(fileName.replace(/\.[^.]+$/, '') + '.rejects.csv', r.rejects_csv!, CSV_TYPE)}>
            Download the skipped rows
          </button>
        ) : null}
        <a href="#/month">See the month grid</a>
        <button type="button" onClick={onAgain}>
          Import another file
        </button>
      </div>
    </div>
  );
}

// Reports: pick a report, set its inputs (kept in the address: #/reports/<id>?month=…), read it on screen and
// download it as CSV, XLSX or PDF. The discrepancy report can also be shared with carriers: one file per
// carrier, written into a folder the user chooses in the desktop window's folder dialog, or downloaded as one
// zip in a browser (a page cannot choose a folder on the machine that serves it).
import { useState } from 'react';
import { formatCents } from '../../../core/money.ts';
import { api, type ApiInput } from '../api/index.ts';
import { useStore } from '../store.ts';
import { href, navigate } from '../shell/router.ts';
import type { PageProps } from '../shell/routes.ts';
import { REPORTS, reportById, type Field, type ReportSpec } from './specs.ts';
import { ReportTable } from './ReportTable.tsx';
import { saveFile } from '../api/download.ts';
import { errorText, useLoad } from '../hooks/useLoad.ts';
import { folderPicker } from './folder.ts';
import './reports.css';

type Format = 'csv' | 'xlsx' | 'pdf';
const STATUSES = ['over', 'under', 'missing', 'unexpected', 'ok'] as const;

/** The report method's input from the address's query (defaults filled in). */
export function reportInput(spec: ReportSpec, q: URLSearchParams, month: string): Record<string, unknown> {
  const get = (k: Field) => q.get(k)?.trim() || undefined;
  const m = get('month') ?? month;
  switch (spec.id) {
    case 'discrepancies': {
      const status = get('status')?.split(',').filter((s) => (STATUSES as readonly string[]).includes(s));
      return { month: m, carrier: get('carrier'), customer: get('customer'), location: get('location'), status: status?.length ? status : undefined };
    }
    case 'ticketAgeing':
      return { as_of: get('as_of') };
    case 'credits':
      // The customer by name, looked up by the API as in the discrepancy report (a typo is refused with the close names).
      return { from: get('from') ?? `${m.slice(0, 4)}-01`, to: get('to') ?? m, customer: get('customer') };
    case 'contractsEnding':
      return { days: get('days') ? Number(get('days')) : 90 };
    default:
      return { month: m };
  }
}

const FIELD_LABEL: Record<Field, string> = {
  month: 'Month',
  carrier: 'Carrier',
  customer: 'Customer',
  location: 'Location',
  status: 'Status',
  from: 'From month',
  to: 'To month',
  as_of: 'As of',
  days: 'Days ahead',
};

/** Names to choose from for the carrier and customer filters (typed names match ignoring case). */
function NameList({ id, method }: { id: string; method: 'carriers.list' | 'customers.list' }) {
  const names = useLoad(async () => [...new Set((await api.call(method, { limit: 100_000 })).map((r) => r.name))].sort(), [method]);
  return (
    <datalist id={id}>
      {(names.data ?? []).map((n) => (
        <option key={n} value={n} />
      ))}
    </datalist>
  );
}

function Inputs({ spec, query, input }: { spec: ReportSpec; query: URLSearchParams; input: Record<string, unknown> }) {
  const set = (k: Field, v: string) => {
    const next = Object.fromEntries(query.entries());
    if (v) next[k] = v;
    else delete next[k];
    navigate('reports', [spec.id], next);
  };
  return (
    <form className="rep-inputs" aria-label="Report inputs" onSubmit={(e) => e.preventDefault()}>
      {spec.fields.map((f) => {
        const id = `rep-${f}`;
        const value = f === 'status' ? (query.get('status') ?? '') : String(input[f] ?? '');
        if (f === 'status') {
          return (
            <label key={f} htmlFor={id}>
              {FIELD_LABEL[f]}
              <select id={id} value={value} onChange={(e) => set(f, e.target.value)}>
                <option value="">Flagged (over, under, missing, unexpected)</option>
                {STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            </label>
          );
        }
        const type = f === 'month' || f === 'from' || f === 'to' ? 'month' : f === 'as_of' ? 'date' : f === 'days' ? 'number' : 'text';
        return (
          <label key={f} htmlFor={id}>
            {FIELD_LABEL[f]}
            <input
              id={id}
              type={type}
              defaultValue={value}
              key={`${spec.id}-${f}-${value}`}
              placeholder={type === 'text' ? 'all' : undefined}
              list={f === 'carrier' ? 'rep-carrier-names' : f === 'customer' ? 'rep-customer-names' : undefined}
              onBlur={(e) => e.target.value !== value && set(f, e.target.value)}
              onKeyDown={(e) => e.key === 'Enter' && set(f, (e.target as HTMLInputElement).value)}
              onChange={(e) => (type === 'month' || type === 'date') && e.target.value && set(f, e.target.value)}
            />
          </label>
        );
      })}
      {spec.fields.includes('carrier') ? <NameList id="rep-carrier-names" method="carriers.list" /> : null}
      {spec.fields.includes('customer') ? <NameList id="rep-customer-names" method="customers.list" /> : null}
    </form>
  );
}

function Downloads({ spec, input }: { spec: ReportSpec; input: Record<string, unknown> }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState('');
  const run = async (label: string, work: () => Promise<string>) => {
    setBusy(label);
    setMessage(`${label}…`);
    try {
      setMessage(await work());
    } catch (e) {
      setMessage(`${label} failed: ${errorText(e)}`);
    } finally {
      setBusy(null);
    }
  };
  const download = (format: Format) =>
    run(`Preparing ${format.toUpperCase()}`, async () => {
      const f = await api.call('reports.export', { report: spec.id, format, input });
      saveFile(f.file_name, f.bytes, f.content_type);
      return `Downloaded ${f.file_name}`;
    });
  const [shareFormat, setShareFormat] = useState<Format>('pdf');
  const pick = folderPicker();
  const share = () =>
    run('Preparing one file per carrier', async () => {
      const filter = input as ApiInput<'reports.discrepancies'>;
      if (pick) {
        const folder = await pick('Choose the folder for the carriers\' files');
        if (!folder) return 'Nothing shared: no folder was chosen';
        const r = await api.call('reports.shareWithCarriers', { ...filter, format: shareFormat, folder: folder.token });
        return `Wrote ${r.files.length} files, one per carrier, into ${folder.path}`;
      }
      const r = await api.call('reports.shareWithCarriers', { ...filter, format: shareFormat });
      if (!r.zip) return `Wrote ${r.files.length} files`;
      saveFile(r.zip.file_name, r.zip.bytes, r.zip.content_type);
      return `Downloaded ${r.zip.file_name}: ${r.files.length} files, one per carrier`;
    });
  return (
    <div className="rep-downloads" role="group" aria-label="Downloads">
      {(['csv', 'xlsx', 'pdf'] as const).map((f) => (
        <button key={f} type="button" disabled={busy !== null} onClick={() => void download(f)}>
          Download {f.toUpperCase()}
        </button>
      ))}
      {spec.id === 'discrepancies' ? (
        <span className="rep-share">
          <label htmlFor="rep-share-format">Share with carriers as</label>
          <select id="rep-share-format" value={shareFormat} onChange={(e) => setShareFormat(e.target.value as Format)}>
            <option value="pdf">PDF</option>
            <option value="xlsx">XLSX</option>
            <option value="csv">CSV</option>
          </select>
          <button type="button" disabled={busy !== null} onClick={() => void share()}>
            {pick ? 'Share with carriers (one file per carrier into a folder…)' : 'Share with carriers (zip, one file per carrier)'}
          </button>
        </span>
      ) : null}
      <span role="status" aria-live="polite" className="rep-message">
        {message}
      </span>
    </div>
  );
}

export function ReportsPage({ params, query }: PageProps) {
  const spec = reportById(params[0]);
  const storeMonth = useStore((s) => s.month);
  const input = reportInput(spec, query, storeMonth);
  return (
    <main className="rep-page" aria-labelledby="rep-title">
      <nav className="rep-list" aria-label="Reports">
        <ul>
          {REPORTS.map((r) => (
            <li key={r.id}>
              <a href={href('reports', [r.id], r.fields.includes('month') ? { month: String(input.month ?? storeMonth) } : {})} aria-current={r.id === spec.id ? 'page' : undefined}>
                {r.title}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {/* Keyed by report: a report's figures never meet another report's columns while loading. */}
      <ReportBody key={spec.id} spec={spec} query={query} input={input} />
    </main>
  );
}

function ReportBody({ spec, query, input }: { spec: ReportSpec; query: URLSearchParams; input: Record<string, unknown> }) {
  const locale = useStore((s) => s.locale);
  const key = JSON.stringify(input);
  const out = useLoad(() => api.call(spec.method, input as never) as Promise<unknown>, [key]);
  const data = out.data as never;
  return (
    <section className="rep-body">
      <h1 id="rep-title">{spec.title}</h1>
      <p className="rep-summary">{spec.summary}</p>
      <Inputs spec={spec} query={query} input={input} />
      <Downloads spec={spec} input={input} />
      {out.error ? <p role="alert">The report cannot be made: {out.error}</p> : null}
      {data === null && !out.error ? <p className="tem-loading">Loading…</p> : null}
      {data !== null ? (
        <>
          <dl className="rep-totals" aria-label="Report totals">
            {spec.totals(data).map((t) => (
              <div key={t.label}>
                <dt>{t.label}</dt>
                <dd>{t.cents !== undefined ? formatCents(t.cents, locale) : t.count}</dd>
              </div>
            ))}
          </dl>
          <ReportTable
            caption={`${spec.title}${input.month ? ` ${String(input.month)}` : ''}`}
            columns={spec.groupBy?.column ? spec.columns.filter((c) => c.key !== spec.groupBy!.column) : spec.columns}
            rows={spec.rows(data)}
            footer={spec.footer(data)}
            locale={locale}
            groupKey={spec.groupBy?.key}
            groups={spec.groupBy?.groups(data)}
          />
        </>
      ) : null}
    </section>
  );
}

// The accountability trail: every change with who, when, through which door, which record and field, old and new
// value. Filters: record (a ticket, an account, or one record), user, the month a change was made, the billing
// month it concerns, door. Pages back in time; exports the filtered trail as CSV or XLSX.
import { useState } from 'react';
import { api, type ApiInput, type ApiOutput } from '../api/index.ts';
import type { PageProps } from '../shell/routes.ts';
import { href } from '../shell/router.ts';
import { failureText, useData, whenText } from '../tickets/common.ts';
import { ExportButtons, TextField } from '../tickets/controls.tsx';
import '../tickets/workflow.css';

type Entry = ApiOutput<'audit.list'>[number];
type Filter = Omit<ApiInput<'audit.list'>, 'limit'>;

const PAGE = 200;
// The doors the trail records (api/context.ts trailDoorOf and api/contract/doors.ts), in words. 'ipc' and 'http'
// are only in trails written before the trail named doors as users mean them; 'test' only in test databases.
const DOOR_WORDS: Record<string, string> = {
  ui: 'App screens',
  import: 'Import',
  cli: 'Command line',
  sync: 'Sync',
  ipc: 'Desktop app (older entries)',
  http: 'Web (older entries)',
  test: 'Test',
};
const DOORS = ['ui', 'import', 'cli', 'sync'];
const doorText = (d: string) => DOOR_WORDS[d] ?? d;

/** Audit values are JSON: show text without its quotes, and long rows (a whole inserted record) shortened. */
function valueText(v: string | null): string {
  if (v === null) return '';
  try {
    const parsed: unknown = JSON.parse(v);
    if (typeof parsed === 'string') {
      try {
        const inner: unknown = JSON.parse(parsed);
        if (inner && typeof inner === 'object') return Object.entries(inner).map(([k, x]) => `${k}: ${x === null ? '—' : String(x)}`).join(', ');
      } catch {
        /* plain text */
      }
      return parsed;
    }
    return String(parsed);
  } catch {
    return v;
  }
}

export function AuditPage({ query }: PageProps) {
  const [actor, setActor] = useState(query.get('actor') ?? '');
  const [changedIn, setChangedIn] = useState(query.get('changed_in') ?? '');
  const [billMonth, setBillMonth] = useState(query.get('bill_month') ?? '');
  const [door, setDoor] = useState('');
  const [table, setTable] = useState(query.get('table') ?? '');
  const ticket = query.get('ticket') ?? '';
  const account = query.get('account') ?? '';
  const record = query.get('record') ?? '';
  const [older, setOlder] = useState<Entry[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const filter: Filter = {
    ...(actor ? { actor } : {}),
    ...(changedIn ? { changed_in: changedIn } : {}),
    ...(billMonth ? { bill_month: billMonth } : {}),
    ...(door ? { door } : {}),
    ...(table ? { table_name: table } : {}),
    ...(ticket ? { ticket_id: ticket } : {}),
    ...(account ? { account_id: account } : {}),
    ...(record ? { record_id: record } : {}),
  };
  const key = JSON.stringify(filter);
  const actors = useData(() => api.call('audit.actors', {}), []);
  const first = useData(() => (setOlder([]), api.call('audit.list', { ...filter, limit: PAGE })), [key]);
  const entries = [...(first.data ?? []), ...older];
  const loadOlder = async () => {
    const last = entries[entries.length - 1];
    if (!last) return;
    try {
      const more = await api.call('audit.list', { ...filter, before_seq: last.seq, limit: PAGE });
      setOlder((o) => [...o, ...more]);
      if (!more.length) setMessage('There are no older changes.');
    } catch (e) {
      setMessage(failureText(e));
    }
  };
  return (
    <main className="wf-page">
      <h1>Audit trail</h1>
      {ticket || account || record ? (
        <p>
          Showing the changes to one {ticket ? 'ticket' : account ? 'billing account and its bills' : 'record'}. <a href={href('audit')}>Show all changes</a>
        </p>
      ) : null}
      <search className="wf-bar" aria-label="Filter the audit trail">
        <label className="tem-field">
          <span>User</span>
          <select value={actor} onChange={(e) => setActor(e.target.value)}>
            <option value="">Everyone</option>
            {(actors.data ?? []).map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <TextField type="month" label="Changed in month" value={changedIn} onChange={setChangedIn} />
        <TextField type="month" label="Billing month" value={billMonth} onChange={setBillMonth} />
        <label className="tem-field">
          <span>Door</span>
          <select value={door} onChange={(e) => setDoor(e.target.value)}>
            <option value="">Any</option>
            {DOORS.map((d) => (
              <option key={d} value={d}>
                {doorText(d)}
              </option>
            ))}
          </select>
        </label>
        <TextField label="Record type" value={table} onChange={(t) => setTable(t.trim())} placeholder="e.g. tickets, actuals" />
        <ExportButtons make={(format) => api.call('audit.export', { ...filter, format })} onMessage={setMessage} />
      </search>
      <p className="wf-message" role="status" aria-live="polite">
        {message ?? (first.error ? `The trail cannot be loaded: ${first.error}` : first.loading && !first.data ? 'Loading…' : `${entries.length} change${entries.length === 1 ? '' : 's'} shown, newest first`)}
      </p>
      <table className="wf-table" aria-label="Changes">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">Door</th>
            <th scope="col">Record</th>
            <th scope="col">Action</th>
            <th scope="col">Field</th>
            <th scope="col">Old value</th>
            <th scope="col">New value</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.seq}>
              <td>
                <time dateTime={e.at}>{whenText(e.at)}</time>
              </td>
              <td>{e.actor}</td>
              <td title={e.door}>{doorText(e.door)}</td>
              <td>
                <a href={href('audit', [], { record: e.record_id })} title={`${e.table_name} ${e.record_id}`}>
                  {e.record_label ?? `${e.table_name} ${e.record_id.slice(0, 8)}…`}
                </a>
              </td>
              <td>{e.action}</td>
              <td>{e.field ?? ''}</td>
              <td>{valueText(e.old_value)}</td>
              <td>{valueText(e.new_value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {entries.length && entries.length % PAGE === 0 ? (
        <button type="button" onClick={() => void loadOlder()}>
          Older changes
        </button>
      ) : null}
    </main>
  );
}

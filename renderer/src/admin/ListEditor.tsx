// The list-and-edit scaffolding the administration tabs share: a table of rows, each with Edit and a retire
// button, and under it the form for the row being edited (or a new one) or the Add button. Each tab says only
// what its rows show and what its form asks.
import { useState, type FormEvent, type ReactNode } from 'react';
import { attempt, NoticeLine, useLoad, type Notice } from './common.tsx';

export interface ListEditorProps<R extends { id: string }, D extends { id?: string }> {
  /** The section's accessible name, and the table's. */
  label: string;
  tableLabel: string;
  intro?: ReactNode;
  load(): Promise<R[]>;
  columns: { header: string; cell(row: R): ReactNode }[];
  /** How a row is named in its buttons' labels ("Edit Dispute desk"). */
  nameOf(row: R): string;
  toDraft(row: R): D;
  retire: { button: string; done(row: R): string; run(row: R): Promise<unknown> };
  formLabel(draft: D): string;
  fields(draft: D, setDraft: (d: D) => void): ReactNode;
  saveButton: string;
  saved(draft: D): string;
  save(draft: D): Promise<unknown>;
  addButton: string;
  blank(): D;
}

export function ListEditor<R extends { id: string }, D extends { id?: string }>(p: ListEditorProps<R, D>) {
  const rows = useLoad(p.load, []);
  const [draft, setDraft] = useState<D | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  if (rows.error) return <NoticeLine notice={{ kind: 'error', text: rows.error }} />;
  if (!rows.data) return <p className="tem-loading">Loading…</p>;

  async function save(e: FormEvent) {
    e.preventDefault();
    if (!draft) return;
    if (await attempt(setNotice, p.saved(draft), () => p.save(draft))) {
      setDraft(null);
      rows.reload();
    }
  }

  return (
    <section aria-label={p.label}>
      {p.intro}
      <NoticeLine notice={notice} />
      <table className="tem-admin-table" aria-label={p.tableLabel}>
        <thead>
          <tr>
            {p.columns.map((c) => (
              <th key={c.header}>{c.header}</th>
            ))}
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.data.map((r) => (
            <tr key={r.id}>
              {p.columns.map((c) => (
                <td key={c.header}>{c.cell(r)}</td>
              ))}
              <td>
                <button type="button" aria-label={`Edit ${p.nameOf(r)}`} onClick={() => setDraft(p.toDraft(r))}>
                  Edit
                </button>
                <button
                  type="button"
                  aria-label={`${p.retire.button} ${p.nameOf(r)}`}
                  onClick={() => void attempt(setNotice, p.retire.done(r), () => p.retire.run(r)).then(rows.reload)}
                >
                  {p.retire.button}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {draft ? (
        <form className="tem-admin-form" onSubmit={save} aria-label={p.formLabel(draft)}>
          {p.fields(draft, setDraft)}
          <div className="tem-admin-actions">
            <button type="submit">{p.saveButton}</button>
            <button type="button" onClick={() => setDraft(null)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <button type="button" onClick={() => setDraft(p.blank())}>
          {p.addButton}
        </button>
      )}
    </section>
  );
}

/** A checkbox's change to a draft's list: the value added when checked, removed when not. */
export function toggle<T>(list: T[], value: T, on: boolean): T[] {
  return on ? [...list, value] : list.filter((x) => x !== value);
}

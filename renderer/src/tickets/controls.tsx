// Controls the workflow screens' bars share: a filter picking one named record (or all), a checkbox filter,
// and the CSV/XLSX export buttons that save the API's file and say what was saved or why not.
import { useEffect, useId, useState } from 'react';
import { api } from '../api/index.ts';
import { failureText, saveFile } from './common.ts';

/** A select of named records with an "all" choice (value ''). */
export function NamedSelect(p: { label: string; all: string; value: string; onChange(id: string): void; options: { id: string; name: string }[] | null }) {
  return (
    <label className="tem-field">
      <span>{p.label}</span>
      <select value={p.value} onChange={(e) => p.onChange(e.target.value)}>
        <option value="">{p.all}</option>
        {(p.options ?? []).map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </select>
    </label>
  );
}

export function CheckFilter(p: { label: string; checked: boolean; onChange(on: boolean): void }) {
  return (
    <label>
      <input type="checkbox" checked={p.checked} onChange={(e) => p.onChange(e.target.checked)} /> {p.label}
    </label>
  );
}

type ExportFile = { file_name: string; mime_type: string; data: Uint8Array };

export function ExportButtons({ make, onMessage }: { make(format: 'csv' | 'xlsx'): Promise<ExportFile>; onMessage(text: string): void }) {
  const exportAs = async (format: 'csv' | 'xlsx') => {
    try {
      const file = await make(format);
      saveFile(file);
      onMessage(`Saved ${file.file_name}.`);
    } catch (e) {
      onMessage(failureText(e));
    }
  };
  return (
    <>
      <button type="button" onClick={() => void exportAs('csv')}>
        Export CSV
      </button>
      <button type="button" onClick={() => void exportAs('xlsx')}>
        Export XLSX
      </button>
    </>
  );
}

/** A labelled input of a workflow bar or form (text unless `type` says month or search); `wide` takes a whole line. */
export function TextField(p: {
  label: string;
  value: string;
  onChange(text: string): void;
  type?: 'month' | 'search';
  wide?: boolean;
  placeholder?: string;
  inputMode?: 'decimal';
}) {
  return (
    <label className={p.wide ? 'tem-field tem-field-wide' : 'tem-field'}>
      <span>{p.label}</span>
      <input type={p.type} value={p.value} onChange={(e) => p.onChange(e.target.value)} placeholder={p.placeholder} inputMode={p.inputMode} />
    </label>
  );
}

/** Who a ticket is assigned to: a user name, with the active staff users offered as a list (tickets.assignees);
 *  the API refuses a name that is not one of them, naming the field. */
export function AssigneeField(p: { label: string; value: string; onChange(name: string): void }) {
  const listId = useId();
  const [users, setUsers] = useState<{ name: string; full_name: string | null }[]>([]);
  useEffect(() => {
    let live = true;
    api.call('tickets.assignees', {}).then(
      (u) => live && setUsers(u),
      () => undefined, // without the right to assign, the API refuses the save anyway and says why
    );
    return () => {
      live = false;
    };
  }, []);
  return (
    <label className="tem-field">
      <span>{p.label}</span>
      <input value={p.value} onChange={(e) => p.onChange(e.target.value)} list={listId} autoComplete="off" placeholder="Nobody" />
      <datalist id={listId}>
        {users.map((u) => (
          <option key={u.name} value={u.name}>
            {u.full_name ?? u.name}
          </option>
        ))}
      </datalist>
    </label>
  );
}

// Drop-down tables: the values offered across the product, in order, with an active flag. A retired value is no
// longer offered but stays on the records that hold it.
import { useState } from 'react';
import { api, type ApiOutput } from '../api/index.ts';
import { attempt, NoticeLine, useLoad, type Notice } from './common.tsx';

type Lookup = ApiOutput<'lookups.list'>[number];

export function LookupsTab() {
  const lists = useLoad(() => api.call('lookups.lists', {}), []);
  const [list, setList] = useState('customer_stage');
  const values = useLoad(() => api.call('lookups.list', { list, include_inactive: true }), [list]);
  const [label, setLabel] = useState('');
  const [notice, setNotice] = useState<Notice>(null);
  if (lists.error) return <NoticeLine notice={{ kind: 'error', text: lists.error }} />;
  if (!lists.data) return <p className="tem-loading">Loading…</p>;
  const current = lists.data.find((l) => l.list === list);

  const change = (v: Lookup, patch: Partial<Lookup>, ok: string) =>
    void attempt(setNotice, ok, () => api.call('lookups.save', { id: v.id, list: v.list, label: patch.label ?? v.label, sort_order: patch.sort_order ?? v.sort_order, active: patch.active ?? v.active })).then(values.reload);

  /** Moves a value up or down by swapping its order with its neighbour's. */
  function move(i: number, by: -1 | 1) {
    const rows = values.data ?? [];
    const a = rows[i];
    const b = rows[i + by];
    if (!a || !b) return;
    void (async () => {
      await attempt(setNotice, `${a.label} moved.`, async () => {
        await api.call('lookups.save', { id: a.id, list: a.list, label: a.label, sort_order: b.sort_order === a.sort_order ? a.sort_order + by : b.sort_order });
        await api.call('lookups.save', { id: b.id, list: b.list, label: b.label, sort_order: a.sort_order });
      });
      values.reload();
    })();
  }

  return (
    <section aria-label="Drop-down tables">
      <label htmlFor="tem-lookup-list">Drop-down table</label>
      <select id="tem-lookup-list" value={list} onChange={(e) => setList(e.target.value)}>
        {lists.data.map((l) => (
          <option key={l.list} value={l.list}>
            {l.title}
          </option>
        ))}
      </select>
      {current ? <p>{current.used_for}</p> : null}
      <NoticeLine notice={notice} />
      {values.error ? <NoticeLine notice={{ kind: 'error', text: values.error }} /> : null}
      <table className="tem-admin-table" aria-label={current?.title ?? 'Values'}>
        <thead>
          <tr>
            <th>Order</th>
            <th>Label</th>
            <th>Code</th>
            <th>Active</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(values.data ?? []).map((v, i) => (
            <tr key={v.id} className={v.active ? undefined : 'tem-admin-retired'}>
              <td>{i + 1}</td>
              <td>
                <input aria-label={`Label of ${v.code}`} defaultValue={v.label} onBlur={(e) => e.target.value !== v.label && change(v, { label: e.target.value }, `${e.target.value} is saved.`)} />
              </td>
              <td>{v.code}</td>
              <td>
                <label className="tem-admin-check">
                  <input type="checkbox" checked={v.active} onChange={(e) => change(v, { active: e.target.checked }, e.target.checked ? `${v.label} is offered again.` : `${v.label} is retired; records that hold it keep it.`)} />
                  <span className="tem-visually-hidden">{v.label} active</span>
                </label>
              </td>
              <td>
                <button type="button" aria-label={`Move ${v.label} up`} onClick={() => move(i, -1)} disabled={i === 0}>
                  ↑
                </button>
                <button type="button" aria-label={`Move ${v.label} down`} onClick={() => move(i, 1)} disabled={i === (values.data?.length ?? 0) - 1}>
                  ↓
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form
        className="tem-admin-inline"
        aria-label="Add a drop-down value"
        onSubmit={(e) => {
          e.preventDefault();
          void attempt(setNotice, `${label} is added.`, () => api.call('lookups.save', { list, label })).then((ok) => {
            if (ok) setLabel('');
            values.reload();
          });
        }}
      >
        <label>
          New value
          <input value={label} onChange={(e) => setLabel(e.target.value)} required />
        </label>
        <button type="submit">Add value</button>
      </form>
    </section>
  );
}

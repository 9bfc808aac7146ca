// Company news: announcements shown on everyone's home screen between two dates (either may be open).
import { useState, type FormEvent } from 'react';
import { api } from '../api/index.ts';
import { attempt, NoticeLine, useLoad, type Notice } from './common.tsx';

interface Draft {
  id?: string;
  title: string;
  body: string;
  starts_on: string;
  ends_on: string;
}

export function NewsTab() {
  const news = useLoad(() => api.call('news.list', {}), []);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  if (news.error) return <NoticeLine notice={{ kind: 'error', text: news.error }} />;
  if (!news.data) return <p className="tem-loading">Loading…</p>;

  async function save(e: FormEvent) {
    e.preventDefault();
    if (!draft) return;
    const ok = await attempt(setNotice, `${draft.title} is saved.`, () =>
      api.call('news.save', { id: draft.id, title: draft.title, body: draft.body, starts_on: draft.starts_on || null, ends_on: draft.ends_on || null }),
    );
    if (ok) {
      setDraft(null);
      news.reload();
    }
  }

  return (
    <section aria-label="Company news">
      <NoticeLine notice={notice} />
      <table className="tem-admin-table" aria-label="News">
        <thead>
          <tr>
            <th>Title</th>
            <th>From</th>
            <th>Until</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {news.data.map((n) => (
            <tr key={n.id}>
              <td>{n.title}</td>
              <td>{n.starts_on ?? 'now'}</td>
              <td>{n.ends_on ?? 'open'}</td>
              <td>
                <button type="button" aria-label={`Edit ${n.title}`} onClick={() => setDraft({ id: n.id, title: n.title, body: n.body, starts_on: n.starts_on ?? '', ends_on: n.ends_on ?? '' })}>
                  Edit
                </button>
                <button type="button" aria-label={`Take down ${n.title}`} onClick={() => void attempt(setNotice, `${n.title} is taken down.`, () => api.call('news.retire', { id: n.id })).then(news.reload)}>
                  Take down
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {draft ? (
        <form className="tem-admin-form" onSubmit={save} aria-label={draft.id ? `Edit news ${draft.title}` : 'New news item'}>
          <label>
            Title
            <input value={draft.title} onChange={(e) => setDraft({ ...draft, title: e.target.value })} required />
          </label>
          <label>
            Text
            <textarea rows={4} value={draft.body} onChange={(e) => setDraft({ ...draft, body: e.target.value })} />
          </label>
          <label>
            Show from
            <input type="date" value={draft.starts_on} onChange={(e) => setDraft({ ...draft, starts_on: e.target.value })} />
          </label>
          <label>
            Show until
            <input type="date" value={draft.ends_on} onChange={(e) => setDraft({ ...draft, ends_on: e.target.value })} />
          </label>
          <div className="tem-admin-actions">
            <button type="submit">Save news</button>
            <button type="button" onClick={() => setDraft(null)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <button type="button" onClick={() => setDraft({ title: '', body: '', starts_on: '', ends_on: '' })}>
          Add news
        </button>
      )}
    </section>
  );
}

// Company news: announcements shown on everyone's home screen between two dates (either may be open).
import { api, type ApiOutput } from '../api/index.ts';
import { ListEditor } from './ListEditor.tsx';

type NewsItem = ApiOutput<'news.list'>[number];
interface Draft {
  id?: string;
  title: string;
  body: string;
  starts_on: string;
  ends_on: string;
}

export function NewsTab() {
  return (
    <ListEditor<NewsItem, Draft>
      label="Company news"
      tableLabel="News"
      load={() => api.call('news.list', {})}
      columns={[
        { header: 'Title', cell: (n) => n.title },
        { header: 'From', cell: (n) => n.starts_on ?? 'now' },
        { header: 'Until', cell: (n) => n.ends_on ?? 'open' },
      ]}
      nameOf={(n) => n.title}
      toDraft={(n) => ({ id: n.id, title: n.title, body: n.body, starts_on: n.starts_on ?? '', ends_on: n.ends_on ?? '' })}
      retire={{ button: 'Take down', done: (n) => `${n.title} is taken down.`, run: (n) => api.call('news.retire', { id: n.id }) }}
      formLabel={(d) => (d.id ? `Edit news ${d.title}` : 'New news item')}
      fields={(draft, setDraft) => (
        <>
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
        </>
      )}
      saveButton="Save news"
      saved={(d) => `${d.title} is saved.`}
      save={(d) => api.call('news.save', { id: d.id, title: d.title, body: d.body, starts_on: d.starts_on || null, ends_on: d.ends_on || null })}
      addButton="Add news"
      blank={() => ({ title: '', body: '', starts_on: '', ends_on: '' })}
    />
  );
}

// Widget groups: which home-screen widgets their members see.
import { api, type ApiOutput } from '../api/index.ts';
import { WIDGETS } from '../../../core/widgets.ts';
import { ListEditor, toggle } from './ListEditor.tsx';

type WidgetGroup = ApiOutput<'widgetGroups.list'>[number];
interface Draft {
  id?: string;
  name: string;
  widget_ids: string[];
}

const title = (id: string) => WIDGETS.find((w) => w.id === id)?.title ?? id;

export function WidgetGroupsTab() {
  return (
    <ListEditor<WidgetGroup, Draft>
      label="Widget groups"
      tableLabel="Widget groups"
      intro={<p>Users see the widgets of their widget groups (a user in none sees every widget of their modules). Assign groups on the Users tab.</p>}
      load={() => api.call('widgetGroups.list', {})}
      columns={[
        { header: 'Widget group', cell: (g) => g.name },
        { header: 'Widgets', cell: (g) => g.widget_ids.map(title).join(', ') },
        { header: 'Members', cell: (g) => g.member_ids.length },
      ]}
      nameOf={(g) => g.name}
      toDraft={(g) => ({ id: g.id, name: g.name, widget_ids: g.widget_ids })}
      retire={{ button: 'Retire', done: (g) => `${g.name} is retired.`, run: (g) => api.call('widgetGroups.retire', { id: g.id }) }}
      formLabel={(d) => (d.id ? `Edit widget group ${d.name}` : 'New widget group')}
      fields={(draft, setDraft) => (
        <>
          <label>
            Widget group name
            <input value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} required />
          </label>
          <fieldset>
            <legend>Widgets</legend>
            {WIDGETS.map((w) => (
              <label key={w.id} className="tem-admin-check">
                <input
                  type="checkbox"
                  checked={draft.widget_ids.includes(w.id)}
                  onChange={(e) => setDraft({ ...draft, widget_ids: toggle(draft.widget_ids, w.id, e.target.checked) })}
                />
                {w.title}
              </label>
            ))}
          </fieldset>
        </>
      )}
      saveButton="Save widget group"
      saved={(d) => `The widget group ${d.name} is saved.`}
      save={(d) => api.call('widgetGroups.save', d)}
      addButton="Add widget group"
      blank={() => ({ name: '', widget_ids: [] })}
    />
  );
}

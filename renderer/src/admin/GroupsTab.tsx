// Security groups: per module, a set of permissions. Users get their groups' permissions in the modules
// assigned to them; a group in Administration (permission Administer) needs no module seat.
import { api, type ApiOutput } from '../api/index.ts';
import { MODULE_TITLES, PERMISSION_TITLES } from './common.tsx';
import { ListEditor, toggle } from './ListEditor.tsx';

type Module = 'tem' | 'inventory' | 'crm' | 'admin';
type Permission = 'view' | 'edit' | 'import' | 'approve' | 'override' | 'export' | 'administer' | 'comment';
const MODULES: Module[] = ['tem', 'inventory', 'crm', 'admin'];
// A group in Administration gives the right to administer (users, groups, drop-downs, fields, news) without
// making its members full administrators; the product modules take the working permissions.
const permissionsOf = (m: Module): Permission[] => (m === 'admin' ? ['administer'] : ['view', 'edit', 'import', 'approve', 'override', 'export', 'comment']);

type Group = ApiOutput<'securityGroups.list'>[number];
interface Draft {
  id?: string;
  module: Module;
  name: string;
  permissions: Permission[];
}

export function GroupsTab() {
  return (
    <ListEditor<Group, Draft>
      label="Security groups"
      tableLabel="Security groups"
      load={() => api.call('securityGroups.list', {})}
      columns={[
        { header: 'Group', cell: (g) => g.name },
        { header: 'Module', cell: (g) => MODULE_TITLES[g.module] },
        { header: 'Permissions', cell: (g) => g.permissions.map((p) => PERMISSION_TITLES[p]).join(', ') },
        { header: 'Members', cell: (g) => g.member_ids.length },
      ]}
      nameOf={(g) => g.name}
      toDraft={(g) => ({ id: g.id, module: g.module, name: g.name, permissions: g.permissions })}
      retire={{ button: 'Retire', done: (g) => `The group ${g.name} is retired.`, run: (g) => api.call('securityGroups.retire', { id: g.id }) }}
      formLabel={(d) => (d.id ? `Edit group ${d.name}` : 'New security group')}
      fields={(draft, setDraft) => (
        <>
          <label>
            Group name
            <input value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} required />
          </label>
          <label>
            Module
            <select
              value={draft.module}
              onChange={(e) => {
                const module = e.target.value as Module;
                const offered = permissionsOf(module);
                const kept = draft.permissions.filter((p) => offered.includes(p));
                setDraft({ ...draft, module, permissions: kept.length ? kept : [offered[0]!] });
              }}
              disabled={Boolean(draft.id)}
            >
              {MODULES.map((m) => (
                <option key={m} value={m}>
                  {MODULE_TITLES[m]}
                </option>
              ))}
            </select>
          </label>
          <fieldset>
            <legend>Permissions</legend>
            {permissionsOf(draft.module).map((p) => (
              <label key={p} className="tem-admin-check">
                <input
                  type="checkbox"
                  checked={draft.permissions.includes(p)}
                  onChange={(e) => setDraft({ ...draft, permissions: toggle(draft.permissions, p, e.target.checked) })}
                />
                {PERMISSION_TITLES[p]}
              </label>
            ))}
          </fieldset>
        </>
      )}
      saveButton="Save group"
      saved={(d) => `The group ${d.name} is saved.`}
      save={(d) => api.call('securityGroups.save', d)}
      addButton="Add group"
      blank={() => ({ module: 'tem', name: '', permissions: ['view'] })}
    />
  );
}

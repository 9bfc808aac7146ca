// Administration: the first day's set-up of a company, one tab each. Only administrators get past the first
// call; anyone else sees the API's refusal in words.
import type { PageProps } from '../shell/routes.ts';
import { href } from '../shell/router.ts';
import { CompanyTab } from './CompanyTab.tsx';
import { UsersTab } from './UsersTab.tsx';
import { GroupsTab } from './GroupsTab.tsx';
import { WidgetGroupsTab } from './WidgetGroupsTab.tsx';
import { LookupsTab } from './LookupsTab.tsx';
import { FieldsTab } from './FieldsTab.tsx';
import { NewsTab } from './NewsTab.tsx';
import { PasswordTab } from './PasswordTab.tsx';
import { useSession } from '../auth/session.ts';
import './admin.css';

const TABS = [
  { id: 'company', title: 'Company', page: CompanyTab },
  { id: 'users', title: 'Users', page: UsersTab },
  { id: 'groups', title: 'Security groups', page: GroupsTab },
  { id: 'widgets', title: 'Widget groups', page: WidgetGroupsTab },
  { id: 'dropdowns', title: 'Drop-down tables', page: LookupsTab },
  { id: 'fields', title: 'User-defined fields', page: FieldsTab },
  { id: 'news', title: 'Company news', page: NewsTab },
] as const;

export function AdminPage({ params }: PageProps) {
  const session = useSession();
  const id = params[0] ?? 'company';
  if (id === 'password') return <PasswordTab />;
  const tab = TABS.find((t) => t.id === id) ?? TABS[0];
  const Tab = tab.page;
  return (
    <div className="tem-admin">
      <h1>Administration</h1>
      <nav className="tem-admin-tabs" aria-label="Administration">
        {TABS.map((t) => (
          <a key={t.id} href={href('admin', [t.id])} aria-current={t.id === tab.id ? 'page' : undefined}>
            {t.title}
          </a>
        ))}
      </nav>
      {/* Not hidden from other users: the API refuses them, and the tab shows its refusal in words. */}
      <Tab key={`${tab.id}-${session?.me.id ?? ''}`} />
    </div>
  );
}

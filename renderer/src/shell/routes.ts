// The app's pages. Each area registers its pages here, one entry each. All but the month grid load lazily, so
// the month-end job opens without waiting for screens nobody asked for. A route is the hash path's first part:
// `#/tickets/0193…` opens the "tickets" page with params ['0193…'].
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import { MonthPage } from '../month/MonthPage.tsx';
import type { MethodName } from '../../../api/contract/index.ts';

export interface PageProps {
  /** The hash path after the page's own name, split on '/', URI-decoded. */
  params: string[];
  /** The hash's query (`#/tickets?status=open`). */
  query: URLSearchParams;
}

export interface Route {
  path: string;
  title: string;
  /** Shown in the navigation; pages reached only by links (a ticket's detail) leave it out. */
  nav: boolean;
  page: LazyExoticComponent<ComponentType<PageProps>> | ComponentType<PageProps>;
  /** The API method the page cannot be used without: users who may not call it neither see the page in the
   *  navigation nor get it by URL. */
  needs: MethodName;
  /** When the navigation link asks for more than the page itself (default: needs). */
  navNeeds?: MethodName;
}

export const page = <T extends Record<string, unknown>>(load: () => Promise<T>, name: keyof T) =>
  lazy(async () => ({ default: (await load())[name] as ComponentType<PageProps> }));

export const ROUTES: Route[] = [
  // home dashboard (issue 7)
  { path: 'home', title: 'Home', nav: true, needs: 'reports.dashboard', page: page(() => import('../home/HomePage.tsx'), 'HomePage') },
  { path: 'month', title: 'Month-end entry', nav: true, needs: 'month.check', page: MonthPage },
  // inventory (issue 4)
  { path: 'customers', title: 'Customers', nav: true, needs: 'customers.search', page: page(() => import('../inventory/CustomersPage.tsx'), 'CustomersPage') },
  { path: 'customer', title: 'Customer', nav: false, needs: 'customers.get', page: page(() => import('../inventory/CustomerPage.tsx'), 'CustomerPage') },
  { path: 'carriers', title: 'Carriers', nav: true, needs: 'carriers.list', page: page(() => import('../inventory/CarriersPage.tsx'), 'CarriersPage') },
  { path: 'groups', title: 'Service groups', nav: false, needs: 'groups.list', page: page(() => import('../inventory/GroupsPage.tsx'), 'GroupsPage') },
  { path: 'inventory', title: 'Inventory', nav: true, needs: 'services.search', page: page(() => import('../inventory/InventoryPage.tsx'), 'InventoryPage') },
  { path: 'book', title: 'Import and export', nav: true, needs: 'import.book', page: page(() => import('../inventory/BookPage.tsx'), 'BookPage') },
  // reports and exports (issue 7)
  { path: 'reports', title: 'Reports', nav: true, needs: 'reports.discrepancies', page: page(() => import('../reports/ReportsPage.tsx'), 'ReportsPage') },
  // billing tickets, OK to Pay, history, audit trail, alerts (issue 5)
  { path: 'tickets', title: 'Tickets', nav: true, needs: 'tickets.list', page: page(() => import('../tickets/TicketsPage.tsx'), 'TicketsPage') },
  { path: 'approvals', title: 'OK to Pay', nav: true, needs: 'approvals.approve', page: page(() => import('../tickets/ApprovalsPage.tsx'), 'ApprovalsPage') },
  { path: 'register', title: 'Ready to pay', nav: true, needs: 'approvals.register', page: page(() => import('../tickets/RegisterPage.tsx'), 'RegisterPage') },
  { path: 'history', title: 'History', nav: true, needs: 'history.account', page: page(() => import('../history/HistoryPage.tsx'), 'HistoryPage') },
  { path: 'audit', title: 'Audit trail', nav: true, needs: 'audit.list', page: page(() => import('../audit/AuditPage.tsx'), 'AuditPage') },
  // carrier bill import profiles and imports (issue 8)
  { path: 'bills', title: 'Carrier bills', nav: true, needs: 'bills.import', page: page(() => import('../bills/BillsPage.tsx'), 'BillsPage') },
  { path: 'alerts', title: 'Alerts', nav: false, needs: 'alerts.list', page: page(() => import('../alerts/AlertsPage.tsx'), 'AlertsPage') },
  // administration (issue 6)
  // Everyone may change their own password here (#/admin/password); the other tabs say their refusal in words.
  // The link is shown to whoever may administer: a full administrator or a member of an Administration group.
  { path: 'admin', title: 'Administration', nav: true, navNeeds: 'users.list', needs: 'auth.changePassword', page: page(() => import('../admin/AdminPage.tsx'), 'AdminPage') },
];

// The app's pages. Each area registers its pages here, one entry each. All but the month grid load lazily, so
// the month-end job opens without waiting for screens nobody asked for. A route is the hash path's first part:
// `#/tickets/0193…` opens the "tickets" page with params ['0193…'].
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import { MonthPage } from '../month/MonthPage.tsx';

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
}

export const page = <T extends Record<string, unknown>>(load: () => Promise<T>, name: keyof T) =>
  lazy(async () => ({ default: (await load())[name] as ComponentType<PageProps> }));

export const ROUTES: Route[] = [
  { path: 'month', title: 'Month-end entry', nav: true, page: MonthPage },
];

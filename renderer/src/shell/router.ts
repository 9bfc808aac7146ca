// The hash router: the location's hash is the one source of truth for which page is open, so links, the back
// button and a reload all agree. No library: four functions cover what the app needs.
import { useSyncExternalStore } from 'react';

/** The page opened when the hash names none. */
export const DEFAULT_ROUTE = 'home';

export interface Location {
  path: string;
  params: string[];
  query: URLSearchParams;
}

export function parseHash(hash: string): Location {
  const raw = hash.replace(/^#\/?/, '');
  const [pathPart = '', queryPart = ''] = raw.split('?', 2);
  const parts = pathPart.split('/').filter(Boolean).map(decodeURIComponent);
  return { path: parts[0] ?? DEFAULT_ROUTE, params: parts.slice(1), query: new URLSearchParams(queryPart) };
}

/** `href('tickets', [id], { status: 'open' })` → `#/tickets/<id>?status=open`. */
export function href(path: string, params: string[] = [], query: Record<string, string> = {}): string {
  const q = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== '')).toString();
  return `#/${[path, ...params].map(encodeURIComponent).join('/')}${q ? `?${q}` : ''}`;
}

export function navigate(path: string, params: string[] = [], query: Record<string, string> = {}) {
  window.location.hash = href(path, params, query);
}

const subscribe = (onChange: () => void) => {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
};

export function useLocation(): Location {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseHash(hash);
}

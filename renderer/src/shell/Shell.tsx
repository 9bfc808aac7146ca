// The window's frame: navigation on top, the open page below.
import { Suspense, useMemo } from 'react';
import { ROUTES } from './routes.ts';
import { href, useLocation } from './router.ts';
import { AlertsBadge } from '../alerts/AlertsBadge.tsx';
import { mayCall, needed } from '../auth/useCan.ts';
import { useSession } from '../auth/session.ts';

export function Shell() {
  const loc = useLocation();
  const route = ROUTES.find((r) => r.path === loc.path);
  const query = useMemo(() => loc.query, [loc.query.toString()]); // eslint-disable-line react-hooks/exhaustive-deps
  const me = useSession()?.me;
  const Page = route?.page;
  return (
    <div className="tem-shell">
      <nav className="tem-nav" aria-label="Main">
        <span className="tem-brand">TEM desk</span>
        {ROUTES.filter((r) => r.nav && mayCall(me, r.navNeeds ?? r.needs)).map((r) => (
          <a key={r.path} href={href(r.path)} aria-current={r.path === loc.path ? 'page' : undefined}>
            {r.title}
          </a>
        ))}
        {/* The count only for those who may read alerts: anyone else would get a refusal every few minutes. */}
        {mayCall(me, 'alerts.list') ? <AlertsBadge current={loc.path === 'alerts'} /> : null}
      </nav>
      <div className="tem-page">
        {route && !mayCall(me, route.needs) ? (
          <p role="alert" className="tem-no-access">
            {route.title} is not available to you: it needs {needed(route.needs)}.
          </p>
        ) : Page ? (
          <Suspense fallback={<p className="tem-loading">Loading…</p>}>
            <Page params={loc.params} query={query} />
          </Suspense>
        ) : (
          <p role="alert">There is no page called “{loc.path}”.</p>
        )}
      </div>
    </div>
  );
}

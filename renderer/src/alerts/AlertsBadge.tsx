// The alerts count in the navigation: a link to the alerts page, refreshed after changes and every few minutes
// (due dates pass without anyone writing anything).
import { useEffect, useState } from 'react';
import { api } from '../api/index.ts';
import { href } from '../shell/router.ts';
import '../tickets/workflow.css';

const EVERY_MS = 5 * 60_000;
const AFTER_CHANGE_MS = 60_000;
const FIRST_MS = 1500;

export function AlertsBadge({ current }: { current: boolean }) {
  const [counts, setCounts] = useState<{ all: number; urgent: number } | null>(null);
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = () =>
      api.call('alerts.list', {}).then(
        (r) => !stopped && setCounts({ all: r.alerts.length, urgent: r.alerts.filter((a) => a.severity === 'urgent').length }),
        () => undefined,
      );
    // The first count waits a moment: opening the month comes first.
    const first = setTimeout(() => void load(), FIRST_MS);
    const every = setInterval(() => void load(), EVERY_MS);
    // At most one reload a minute after changes: alerts read whole months, and keying a month-end must stay quick.
    let last = Date.now();
    const off = api.onChange(() => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        last = Date.now();
        void load();
      }, Math.max(1000, AFTER_CHANGE_MS - (Date.now() - last)));
    });
    return () => {
      stopped = true;
      off();
      clearInterval(every);
      clearTimeout(first);
      clearTimeout(timer);
    };
  }, []);
  const label = counts ? `Alerts: ${counts.all}${counts.urgent ? `, ${counts.urgent} urgent` : ''}` : 'Alerts';
  return (
    <a href={href('alerts')} aria-current={current ? 'page' : undefined} aria-label={label}>
      Alerts
      {counts && counts.all > 0 ? (
        <span className="wf-badge" aria-hidden="true">
          {counts.all}
        </span>
      ) : null}
    </a>
  );
}

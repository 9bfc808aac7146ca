// Small pieces the administration screens share: loading a list, showing what a save did or why it was refused.
import { useCallback, useEffect, useState } from 'react';

export type Notice = { kind: 'ok' | 'error'; text: string } | null;

/** Loads data and reloads on demand; a refused or failed load keeps the API's message. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): { data: T | null; error: string | null; reload(): void } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [n, setN] = useState(0);
  const reload = useCallback(() => setN((x) => x + 1), []);
  useEffect(() => {
    let live = true;
    load().then(
      (d) => live && (setData(d), setError(null)),
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [n, ...deps]); // eslint-disable-line react-hooks/exhaustive-deps
  return { data, error, reload };
}

/** A save's outcome, read out by screen readers. */
export function NoticeLine({ notice }: { notice: Notice }) {
  if (!notice) return null;
  return notice.kind === 'error' ? (
    <p role="alert" className="tem-admin-error">
      {notice.text}
    </p>
  ) : (
    <p role="status" className="tem-admin-ok">
      {notice.text}
    </p>
  );
}

/** Runs a save and turns its outcome into a notice. */
export async function attempt(setNotice: (n: Notice) => void, ok: string, run: () => Promise<unknown>): Promise<boolean> {
  try {
    await run();
    setNotice({ kind: 'ok', text: ok });
    return true;
  } catch (e) {
    setNotice({ kind: 'error', text: (e as Error).message });
    return false;
  }
}

export const MODULE_TITLES: Record<string, string> = {
  tem: 'Telecom Expense Management',
  inventory: 'Service Inventory',
  crm: 'CRM',
  admin: 'Administration',
};
export const PERMISSION_TITLES: Record<string, string> = {
  view: 'View',
  edit: 'Edit',
  import: 'Import',
  approve: 'Approve OK to Pay',
  override: 'Override',
  export: 'Export',
  administer: 'Administer',
  comment: 'Comment on tickets',
};

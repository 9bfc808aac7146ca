// Small pieces the administration screens share: loading a list, showing what a save did or why it was refused.
import { useLoad as useSharedLoad, type Loaded } from '../hooks/useLoad.ts';

export type Notice = { kind: 'ok' | 'error'; text: string } | null;

/** Administration loads reload on demand (after a save), not on others' writes: see hooks/useLoad.ts. */
export const useLoad = <T,>(load: () => Promise<T>, deps: unknown[]): Loaded<T> => useSharedLoad(load, deps, { live: false });

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

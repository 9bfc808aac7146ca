// Folders the page may write into. The renderer is untrusted, so it never names a path on this machine: it asks
// main to show the folder dialog (window.tem.pickFolder), gets back a token for the folder the user chose, and
// passes that token where a method takes a folder. The IPC entry swaps the token for the path; any other value
// (an absolute path, a token from another run) is refused. Tokens last until sign-out or the app quits.
import { randomUUID } from 'node:crypto';
import type { OpenDialogOptions, OpenDialogReturnValue } from 'electron';
import type { PickedFolder } from '../preload/channels.ts';

/** The inputs that name a folder on this machine, per method (the command line passes a real path instead). */
export const FOLDER_INPUTS: Readonly<Record<string, string>> = { 'reports.shareWithCarriers': 'folder' };

export interface FolderGrants {
  /** A new token standing for a folder the user chose in the dialog. */
  grant(path: string): string;
  /** The folder a token stands for, if this run issued it. */
  resolve(token: unknown): string | undefined;
  /** Forgets every token (sign-out). */
  clear(): void;
}

export function createFolderGrants(): FolderGrants {
  const granted = new Map<string, string>();
  return {
    grant(path) {
      const token = `folder:${randomUUID()}`;
      granted.set(token, path);
      return token;
    },
    resolve: (token) => (typeof token === 'string' ? granted.get(token) : undefined),
    clear: () => granted.clear(),
  };
}

export type FolderInput = { ok: true; input: unknown } | { ok: false; message: string };

/** The method's input with a folder token replaced by its folder; refused when the value is not such a token. */
export function resolveFolderInput(method: string, input: unknown, grants: FolderGrants | undefined): FolderInput {
  const field = FOLDER_INPUTS[method];
  if (!field || !input || typeof input !== 'object' || !(field in input)) return { ok: true, input };
  const value = (input as Record<string, unknown>)[field];
  if (value === undefined) return { ok: true, input };
  const path = grants?.resolve(value);
  if (!path) return { ok: false, message: `${method}: ${field} must be a folder chosen in the folder dialog (window.tem.pickFolder); the page cannot name a folder itself` };
  return { ok: true, input: { ...(input as Record<string, unknown>), [field]: path } };
}

export interface PickFolderOptions {
  grants: FolderGrants;
  showOpenDialog(options: OpenDialogOptions): Promise<OpenDialogReturnValue>;
  /** The IPC entry's sender check (main/ipc.ts isTrustedSender), passed in so this file stays free of it. */
  trusted(event: unknown): boolean;
}

/** The 'tem:pickFolder' handler: only our page may ask; the dialog (not the page) decides the folder. */
export function createPickFolderHandler(o: PickFolderOptions) {
  return async (event: unknown, title?: unknown): Promise<PickedFolder> => {
    if (!o.trusted(event)) return null;
    const r = await o.showOpenDialog({
      title: typeof title === 'string' && title.trim() ? title.slice(0, 200) : 'Choose a folder',
      properties: ['openDirectory', 'createDirectory'],
    });
    const path = r.filePaths[0];
    if (r.canceled || !path) return null;
    return { token: o.grants.grant(path), path };
  };
}

// The one trusted IPC entry: ipcMain.handle('tem:invoke'). It answers only our own page (the top frame of a
// window showing app://tem/), only methods of the API contract, and hands each call to api/ call(), which
// parses the input with the method's schema. Failures come back as data, never as thrown errors. Beside it,
// 'tem:pickFolder' shows the folder dialog for the same page (main/folders.ts).
import { call, isMethod, ApiError, ACCESS, type Ctx } from '../api/index.ts';
import { anonymousCtx, resolveSession, SESSION_MESSAGES } from '../api/auth/sessions.ts';
import { userCount } from '../api/auth/users.ts';
import { APP_HOST, APP_SCHEME } from './protocol.ts';
import { INVOKE_CHANNEL, PICK_FOLDER_CHANNEL, type InvokeResult } from '../preload/channels.ts';
import type { ErrorCode } from '../api/errors.ts';
import { resolveFolderInput, type FolderGrants } from './folders.ts';

/** The parts of Electron's IpcMainInvokeEvent the check looks at. */
export interface InvokeEventLike {
  senderFrame?: { url: string; parent?: unknown } | null;
  sender?: { id: number } | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

/** True if a URL is a page of ours: app://tem/... */
export function isAppUrl(url: string | undefined | null): boolean {
  if (!url) return false;
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && !u.username && !u.password && !u.port;
  } catch {
    return false;
  }
}

/**
 * The sender check: the message comes from the main frame of one of our windows, and that frame shows our page.
 * A frame inside the page (an iframe, even one of ours), a page that navigated elsewhere, or a window we did not
 * open is refused.
 */
export function isTrustedSender(event: InvokeEventLike, ourWebContents?: (id: number) => boolean): boolean {
  const frame = event.senderFrame;
  if (!frame || !isAppUrl(frame.url)) return false;
  if (frame.parent) return false;
  if (ourWebContents && !(event.sender && ourWebContents(event.sender.id))) return false;
  return true;
}

/** Details must survive IPC's structured clone; anything that would not is sent as JSON or left out. */
function cloneable(details: unknown): unknown {
  try {
    return structuredClone(details);
  } catch {
    try {
      return JSON.parse(JSON.stringify(details));
    } catch {
      return undefined;
    }
  }
}

const fail = (code: ErrorCode, message: string, details?: unknown): InvokeResult => {
  const d = details === undefined ? undefined : cloneable(details);
  return { ok: false, error: d === undefined ? { code, message } : { code, message, details: d } };
};

export interface InvokeHandlerOptions {
  /** The ctx of the current database (it changes after a restore). */
  ctx(): Ctx;
  /** Is this webContents id one of our windows? */
  ourWebContents?: (id: number) => boolean;
  /** Where unexpected errors are written (they are not shown to the page). */
  log?: (message: string, error?: unknown) => void;
  /** Folders chosen in the folder dialog; without them no method input may name a folder. */
  folders?: FolderGrants;
}

/**
 * The main process holds the window's session (the page never sees its token). Once the company is set up
 * (it has users), every call runs as the signed-in user and only sign-in answers without one; before the first
 * sign-up, the desktop is a single-user install run by its owner, as the CLI is.
 */
function sessionDoor() {
  let token: string | null = null;
  return {
    ctxFor(base: Ctx, method: string): Ctx | ApiError {
      if (userCount(base.db) === 0) return base;
      const s = resolveSession(base.db, token, 'ipc');
      if (s.ok) return s.ctx;
      if (ACCESS[method as keyof typeof ACCESS]?.open === 'public') return anonymousCtx(base.db, 'ipc');
      return new ApiError('unauthenticated', SESSION_MESSAGES[s.reason]);
    },
    /** Sign-in and first run hand over a session: kept here, taken out of the answer. */
    keep(method: string, value: unknown): unknown {
      if (method === 'auth.signOut') token = null;
      if ((method === 'auth.signIn' || method === 'auth.setup') && value && typeof value === 'object' && 'session' in value) {
        const { session, ...rest } = value as { session?: string };
        token = session ?? null;
        return rest;
      }
      return value;
    },
  };
}

export function createInvokeHandler(opts: InvokeHandlerOptions) {
  const door = sessionDoor();
  return async (event: InvokeEventLike, method: unknown, input: unknown): Promise<InvokeResult> => {
    if (!isTrustedSender(event, opts.ourWebContents)) {
      opts.log?.(`Refused an API call from ${event.senderFrame?.url ?? 'an unknown frame'}`);
      return fail('forbidden', 'This page may not call TEM desk');
    }
    if (typeof method !== 'string') return fail('invalid_input', 'The method name must be text');
    if (!isMethod(method)) return fail('not_found', `There is no method "${method.slice(0, 100)}"`);
    // A folder comes only from the dialog: the page passes its token, never a path (main/folders.ts).
    const prepared = resolveFolderInput(method, input, opts.folders);
    if (!prepared.ok) return fail('forbidden', prepared.message);
    if (method === 'auth.signOut') opts.folders?.clear();
    try {
      const ctx = door.ctxFor(opts.ctx(), method);
      if (ctx instanceof ApiError) return fail(ctx.code, ctx.message);
      return { ok: true, value: door.keep(method, await call(ctx, method, prepared.input)) };
    } catch (e) {
      if (e instanceof ApiError) return fail(e.code, e.message, e.details);
      opts.log?.(`${method} failed`, e);
      return fail('internal', `${method} failed inside TEM desk; the details are in the log`);
    }
  };
}

/** Installs the folder dialog's entry (replacing any earlier one). */
export function registerPickFolder(ipcMain: IpcMainLike, handler: (event: InvokeEventLike, title?: unknown) => Promise<unknown>): void {
  ipcMain.removeHandler(PICK_FOLDER_CHANNEL);
  ipcMain.handle(PICK_FOLDER_CHANNEL, (event, title) => handler(event, title));
}

/** Installs the entry (replacing any earlier one). */
export function registerInvoke(ipcMain: IpcMainLike, handler: ReturnType<typeof createInvokeHandler>): void {
  ipcMain.removeHandler(INVOKE_CHANNEL);
  ipcMain.handle(INVOKE_CHANNEL, (event, method, input) => handler(event, method, input));
}

// Sync methods: the hosted instance's (info, push, pull) and the desk's (link, now, status, unlink, notApplied).
import type { Ctx } from '../context.ts';
import type { Input, Output } from './index.ts';
import { ApiError } from '../errors.ts';
import { hubFor, refuseDeskSync } from '../sync/hub.ts';
import { link, linkState, syncNow, unlink, storedCookie } from '../sync/client.ts';
import { baseUrl, httpCall, httpTransport } from '../sync/transport.ts';
import { readState } from '../sync/clock.ts';
import { recordInScope } from '../scope.ts';
import { emitSyncProgress } from '../sync/progress.ts';

// The hosted instance's side goes to the hub this server started with (api/sync/hub.ts): SQLite or PostgreSQL.
export const syncInfo = (ctx: Ctx): Promise<Output<'sync.info'>> => hubFor(ctx).info(ctx);
export const syncPush = (ctx: Ctx, input: Input<'sync.push'>): Promise<Output<'sync.push'>> => hubFor(ctx).push(ctx, input);
export const syncPull = (ctx: Ctx, input: Input<'sync.pull'>): Promise<Output<'sync.pull'>> => hubFor(ctx).pull(ctx, input);
export const syncStatus = (ctx: Ctx): Output<'sync.status'> => linkState(ctx);

/** Signs in at the hosted instance and keeps its session cookie (never the password). */
async function signIn(base: string, name: string, password: string): Promise<string> {
  const r = await httpCall(base, 'auth.signIn', { name, password }, null);
  // The HTTP door keeps the session in a cookie; a door that answers with the token itself is read the same way.
  const session = (r.value as { session?: unknown }).session;
  const cookie =
    r.setCookie.map((c) => c.split(';')[0]!).find((c) => c.startsWith('tem_session=')) ??
    (typeof session === 'string' ? `tem_session=${session}` : undefined);
  if (!cookie) throw new ApiError('internal', `The hosted instance at ${base} signed ${name} in but sent no session`);
  return cookie;
}

export async function syncLink(ctx: Ctx, input: Input<'sync.link'>): Promise<Output<'sync.link'>> {
  refuseDeskSync(ctx, 'sync.link');
  const base = baseUrl(input.url);
  if ((input.name === undefined) !== (input.password === undefined)) throw new ApiError('invalid_input', 'sync.link: give both a user name and a password, or neither');
  const cookie = input.name ? await signIn(base, input.name, input.password!) : null;
  return link(ctx, base, httpTransport(base, cookie), { cookie, as: input.name ?? null });
}

export const syncUnlink = (ctx: Ctx): Output<'sync.unlink'> => (refuseDeskSync(ctx, 'sync.unlink'), unlink(ctx));

export async function syncRun(ctx: Ctx): Promise<Output<'sync.now'>> {
  refuseDeskSync(ctx, 'sync.now');
  const url = readState(ctx.db.sqlite, 'remote_url');
  if (!url) throw new ApiError('invalid_input', 'This desk is not linked to a hosted instance: link it first (tem sync link URL)');
  try {
    return await syncNow(ctx, httpTransport(url, storedCookie(ctx)), { onProgress: (p) => emitSyncProgress(ctx, p) });
  } catch (e) {
    if (e instanceof ApiError && e.code === 'unauthenticated')
      throw new ApiError('unauthenticated', `The sign-in at ${url} has ended: link again (tem sync link ${url} --user NAME) to sign in`);
    throw e;
  }
}

export function syncNotApplied(ctx: Ctx, input: Input<'sync.notApplied'>): Output<'sync.notApplied'> {
  const rows = ctx.db.sqlite
    .prepare(
      `SELECT a.table_name AS "table", a.record_id AS record, a.field, a.new_value AS value, a.old_value AS standing, a.actor, a.at,
              s.hlc, s.outcome, s.detail
       FROM sync_changes s JOIN audit_log a ON a.seq = s.audit_seq
       WHERE s.outcome IS NOT NULL ORDER BY s.audit_seq DESC LIMIT ?`,
    )
    .all(input.limit) as Output<'sync.notApplied'>['items'];
  return { items: rows.filter((r) => recordInScope(ctx, r.table, r.record)) };
}

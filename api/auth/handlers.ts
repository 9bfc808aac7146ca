// auth.* methods: first run, sign-in and sign-out, the caller's own profile and password.
import { ApiError } from '../errors.ts';
import type { Ctx } from '../context.ts';
import { makeCtx } from '../context.ts';
import { inTransaction, stmt } from '../write.ts';
import { hashPassword, verifyPassword, passwordProblem, MAX_FAILED_ATTEMPTS, LOCK_MINUTES } from '../../core/auth.ts';
import { isAmountLocale } from '../../core/money.ts';
import { PRODUCT_MODULES } from '../../core/permissions.ts';
import type { Input, Output } from '../handlers/index.ts';
import { meOf, userById, userByName, userCount, type UserRow } from './users.ts';
import { endSession, endUserSessions, idleMinutes, startSession } from './sessions.ts';
import { seedDefaults } from '../admin/defaults.ts';

// One answer for an unknown name, a wrong password and a locked account, so sign-in cannot be used to learn
// which user names exist; it says what a locked-out user needs to know.
const WRONG = `The user name or password is not right, or the account is locked for ${LOCK_MINUTES} minutes after ${MAX_FAILED_ATTEMPTS} failed sign-ins in a row (an administrator can reset the password).`;

export function checkPassword(password: string): void {
  const p = passwordProblem(password);
  if (p) throw new ApiError('invalid_input', `password: ${p}`);
}

/** Stores a password hash outside the audit trail; the audit records only that it changed. */
export function storePassword(ctx: Ctx, user: UserRow, password: string): void {
  inTransaction(ctx, (w) => {
    stmt(ctx, 'UPDATE users SET password_hash = ?, failed_attempts = 0, locked_until = NULL WHERE id = ?').run(hashPassword(password), user.id);
    w.update('users', user, { password_changed_at: w.at });
  });
}

export function authStatus(ctx: Ctx): Output<'auth.status'> {
  const company = stmt(ctx, 'SELECT name, locale FROM company LIMIT 1').get() as { name: string; locale: string | null } | undefined;
  const u = ctx.user_id ? userById(ctx.db, ctx.user_id) : undefined;
  return {
    setup_needed: userCount(ctx.db) === 0,
    company_name: company?.name ?? null,
    company_locale: isAmountLocale(company?.locale) ? company.locale : 'en-US',
    me: u ? meOf(ctx.db, u) : null,
    idle_minutes: idleMinutes(ctx.db),
  };
}

export function setup(ctx: Ctx, input: Input<'auth.setup'>): Output<'auth.setup'> {
  checkPassword(input.password);
  const owner = makeCtx(ctx.db, input.name, ctx.door);
  const user = ctx.db.sqlite.transaction(() => {
    if (userCount(ctx.db) > 0) throw new ApiError('conflict', 'TEM desk is already set up: sign in instead.');
    inTransaction(owner, (w) => {
      const company = stmt(ctx, 'SELECT * FROM company LIMIT 1').get() as ({ id: string } & Record<string, unknown>) | undefined;
      const profile = { name: input.company_name, ...(input.currency ? { currency: input.currency } : {}), ...(input.locale ? { locale: input.locale } : {}) };
      if (company) w.update('company', company, profile);
      else w.insert('company', profile);
      w.insert('users', {
        name: input.name,
        full_name: input.full_name || null,
        email: input.email || null,
        kind: 'staff',
        active: true,
        owner: true,
        admin: true,
        modules_json: JSON.stringify(PRODUCT_MODULES),
      });
      seedDefaults(owner, w);
    });
    const u = userByName(ctx.db, input.name)!;
    storePassword(owner, u, input.password);
    return userByName(ctx.db, input.name)!;
  })();
  return { me: meOf(ctx.db, user), session: startSession(ctx.db, user, ctx.door, new Date(ctx.now())) };
}

export function signIn(ctx: Ctx, input: Input<'auth.signIn'>): Output<'auth.signIn'> {
  const now = new Date(ctx.now());
  const u = userByName(ctx.db, input.name);
  if (!u) {
    // The same work and the same answer as a wrong password, so names cannot be probed.
    verifyPassword(input.password, 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=');
    throw new ApiError('unauthenticated', WRONG);
  }
  if (u.locked_until && Date.parse(u.locked_until) > now.getTime()) {
    throw new ApiError('unauthenticated', WRONG);
  }
  if (!verifyPassword(input.password, u.password_hash)) {
    const failed = u.failed_attempts + 1;
    if (failed >= MAX_FAILED_ATTEMPTS) {
      const until = new Date(now.getTime() + LOCK_MINUTES * 60_000).toISOString();
      stmt(ctx, 'UPDATE users SET failed_attempts = 0, locked_until = ? WHERE id = ?').run(until, u.id);
      throw new ApiError('unauthenticated', WRONG);
    }
    stmt(ctx, 'UPDATE users SET failed_attempts = ? WHERE id = ?').run(failed, u.id);
    throw new ApiError('unauthenticated', WRONG);
  }
  if (!u.active) throw new ApiError('unauthenticated', 'This user is no longer active; ask an administrator.');
  stmt(ctx, 'UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = ?').run(u.id);
  return { me: meOf(ctx.db, u), session: startSession(ctx.db, u, ctx.door, now) };
}

export function signOut(ctx: Ctx): Output<'auth.signOut'> {
  if (!ctx.session_token) return { signed_out: false };
  endSession(ctx.db, ctx.session_token, 'signed out', new Date(ctx.now()));
  return { signed_out: true };
}

function self(ctx: Ctx): UserRow {
  const u = ctx.user_id ? userById(ctx.db, ctx.user_id) : undefined;
  if (!u) throw new ApiError('unauthenticated', 'No user is signed in here (this door acts as the owner of the install).');
  return u;
}

export const authMe = (ctx: Ctx): Output<'auth.me'> => meOf(ctx.db, self(ctx));

export function changePassword(ctx: Ctx, input: Input<'auth.changePassword'>): Output<'auth.changePassword'> {
  const u = self(ctx);
  if (!verifyPassword(input.current, u.password_hash)) throw new ApiError('invalid_input', 'current: the current password is not right');
  checkPassword(input.password);
  storePassword(ctx, u, input.password);
  return { changed: true };
}

export { endUserSessions };

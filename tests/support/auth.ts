// For tests and the bench that serve a database in-process: a signed-in owner session without a password
// round trip (they hold the database file anyway), as the value of the tem_session cookie.
import type { Db } from '../../db/open.ts';
import { call, makeCtx } from '../../api/index.ts';
import { ownerOf } from '../../api/auth/users.ts';
import { startSession } from '../../api/auth/sessions.ts';

export const OWNER_PASSWORD = 'owner-password-for-tests';

export async function ownerCookie(db: Db, owner = 'owner'): Promise<string> {
  let u = ownerOf(db);
  if (!u) {
    await call(makeCtx(db, owner, 'test', undefined, null, { anonymous: true }), 'auth.setup', { company_name: 'Test Co', name: owner, password: OWNER_PASSWORD });
    u = ownerOf(db)!;
  }
  return startSession(db, u, 'http');
}

export const cookieHeader = (token: string) => `tem_session=${token}`;

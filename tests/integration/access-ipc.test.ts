// The desktop door: Electron's main process holds the session. Before the first sign-up the desktop is a
// single-user install run by its owner; after it, every call needs a signed-in user, and the page never sees
// the session token.
import { describe, it, expect } from 'vitest';
import { createInvokeHandler } from '../../main/ipc.ts';
import { testApi } from '../support/api.ts';

const trusted = { senderFrame: { url: 'app://tem/index.html', parent: null }, sender: { id: 1 } };

describe('sign-in over IPC', () => {
  it('keeps the session in the main process and refuses calls without one', async () => {
    const t = testApi();
    const invoke = createInvokeHandler({ ctx: () => t.ctx, ourWebContents: (id) => id === 1 });
    const call = (m: string, input: unknown) => invoke(trusted, m, input);
    // A new install: the desktop shows sign-up; the owner's calls run as before.
    expect(await call('auth.status', {})).toMatchObject({ ok: true, value: { setup_needed: true, me: null } });
    expect(await call('customers.create', { name: 'Before sign-up' })).toMatchObject({ ok: true });
    const setup = await call('auth.setup', { company_name: 'Desk Co', name: 'olivia', password: 'owner-pass-1' });
    expect(setup).toMatchObject({ ok: true, value: { me: { name: 'olivia', admin: true } } });
    expect(JSON.stringify(setup)).not.toContain('session');
    expect(await call('auth.me', {})).toMatchObject({ ok: true, value: { name: 'olivia' } });
    const created = await call('customers.create', { name: 'Signed in' });
    expect(created).toMatchObject({ ok: true });
    // The write is recorded as the signed-in user's, through the app's screens (the trail's 'ui' door).
    const row = t.db.sqlite.prepare("SELECT actor, door FROM audit_log WHERE table_name = 'customers' ORDER BY seq DESC LIMIT 1").get();
    expect(row).toEqual({ actor: 'olivia', door: 'ui' });
    expect(await call('auth.signOut', {})).toEqual({ ok: true, value: { signed_out: true } });
    expect(await call('customers.list', {})).toEqual({ ok: false, error: { code: 'unauthenticated', message: 'Please sign in first.' } });
    expect(await call('auth.status', {})).toMatchObject({ ok: true, value: { setup_needed: false, me: null } });
    expect(await call('auth.signIn', { name: 'olivia', password: 'wrong-pass' })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(await call('auth.signIn', { name: 'olivia', password: 'owner-pass-1' })).toMatchObject({ ok: true, value: { me: { name: 'olivia' } } });
    expect(await call('customers.list', {})).toMatchObject({ ok: true, value: [{ name: 'Before sign-up' }, { name: 'Signed in' }] });
  });
});

// The pure rules under access: permission checks (with "edit" bringing "comment"), merged group grants, and
// password hashing with a per-user salt.
import { describe, it, expect } from 'vitest';
import { can, mergeGrants, FULL_ACCESS, NO_ACCESS, PUBLIC, SIGNED_IN, ADMINISTER } from '../../core/permissions.ts';
import { hashPassword, verifyPassword, passwordProblem, newSessionToken, sessionId } from '../../core/auth.ts';

describe('permissions', () => {
  it('checks a module permission, lets edit bring comment, and opens public and signed-in methods to all', () => {
    const clerk = mergeGrants(false, [
      { module: 'tem', permissions: ['view', 'edit'] },
      { module: 'tem', permissions: ['view', 'export'] },
      { module: 'crm', permissions: ['view'] },
    ]);
    expect(clerk).toEqual({ admin: false, modules: { tem: ['view', 'edit', 'export'], crm: ['view'] } });
    expect(can(clerk, { module: 'tem', permission: 'edit' })).toBe(true);
    expect(can(clerk, { module: 'tem', permission: 'comment' })).toBe(true);
    expect(can(clerk, { module: 'crm', permission: 'comment' })).toBe(false);
    expect(can(clerk, { module: 'tem', permission: 'approve' })).toBe(false);
    expect(can(clerk, { module: 'inventory', permission: 'view' })).toBe(false);
    expect(can(clerk, ADMINISTER)).toBe(false);
    expect(can(FULL_ACCESS, ADMINISTER)).toBe(true);
    expect(can(NO_ACCESS, PUBLIC)).toBe(true);
    expect(can(NO_ACCESS, SIGNED_IN)).toBe(true);
    expect(can(NO_ACCESS, { module: 'tem', permission: 'view' })).toBe(false);
  });
});

describe('passwords and session tokens', () => {
  it('hashes with scrypt and a fresh salt each time, and verifies only the same password', () => {
    const a = hashPassword('correct horse');
    const b = hashPassword('correct horse');
    expect(a).not.toBe(b);
    expect(a.split('$').slice(0, 4)).toEqual(['scrypt', '16384', '8', '1']);
    expect(verifyPassword('correct horse', a)).toBe(true);
    expect(verifyPassword('correct horse', b)).toBe(true);
    expect(verifyPassword('correct hors', a)).toBe(false);
    expect(verifyPassword('anything', null)).toBe(false);
    expect(verifyPassword('anything', 'md5$abc')).toBe(false);
    // The same letters typed in another Unicode form are the same password.
    expect(verifyPassword('caf\u00e9 au lait', hashPassword('cafe\u0301 au lait'))).toBe(true);
  });

  it('refuses short passwords by name', () => {
    expect(passwordProblem('1234567')).toBe('A password needs at least 8 characters');
    expect(passwordProblem('12345678')).toBe(null);
  });

  it('keeps only a hash of a session token', () => {
    const { token, id } = newSessionToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(id).toBe(sessionId(token));
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(newSessionToken().token).not.toBe(token);
  });
});

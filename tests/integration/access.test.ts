// Every method declares its access, and call() refuses a caller without it before the method runs.
import { describe, it, expect } from 'vitest';
import { openDb } from '../../db/open.ts';
import { makeCtx, call, ACCESS, METHOD_NAMES, ApiError } from '../../api/index.ts';

describe('access', () => {
  it('every method has an access entry and nothing else does', () => {
    expect(Object.keys(ACCESS).sort()).toEqual([...METHOD_NAMES].sort());
  });

  it('a viewer can read the month but not write it, with a clear message', async () => {
    const db = openDb(':memory:');
    const viewer = makeCtx(db, 'ana', 'test', { admin: false, modules: { tem: ['view'] } });
    await expect(call(viewer, 'month.check', { month: '2026-03' })).resolves.toMatchObject({ month: '2026-03' });
    const err = await call(viewer, 'actuals.set', { account_id: 'x', month: '2026-03', amount: 1 }).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe('forbidden');
    expect(err.message).toBe('ana may not call actuals.set: it needs the "edit" permission in Telecom Expense Management');
    await expect(call(viewer, 'customers.list', {})).rejects.toThrow('needs the "view" permission in CRM');
  });
});

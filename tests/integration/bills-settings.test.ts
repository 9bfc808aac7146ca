// Settings: typed keys with defaults, all-or-nothing validation, restoring a default, per-key access.
import { describe, it, expect } from 'vitest';
import { testApi } from '../support/api.ts';
import { makeCtx, call } from '../../api/index.ts';

describe('settings', () => {
  it('lists every key with its default', async () => {
    const t = testApi();
    const { settings } = await t.api('settings.get', {});
    const trend = settings.find((s) => s.key === 'audit.trend.months');
    expect(trend).toMatchObject({ value: 3, default: 3, is_default: true, kind: 'int', min: 1, max: 24, updated_at: null });
    expect(settings.find((s) => s.key === 'audit.trend.pct_bp')?.value).toBe(2000);
    expect(settings.find((s) => s.key === 'bills.grace_days')?.value).toBe(5);
  });

  it('saves valid values, rejects the whole change when one value is bad, and restores a default with null', async () => {
    const t = testApi();
    const r = await t.api('settings.set', { values: { 'audit.trend.months': 6, 'audit.trend.enabled': false } });
    expect(r.changed).toBe(2);
    await expect(t.api('settings.set', { values: { 'bills.grace_days': 7, 'audit.trend.months': 0 } })).rejects.toThrow(
      'nothing was saved: audit.trend.months must be between 1 and 24, not 0',
    );
    await expect(t.api('settings.set', { values: { 'audit.trend.pct_bp': '20%' } })).rejects.toThrow('audit.trend.pct_bp must be a whole number, not "20%"');
    await expect(t.api('settings.set', { values: { 'no.such.key': 1 } })).rejects.toThrow('there is no setting "no.such.key"');
    const { settings } = await t.api('settings.get', { keys: ['bills.grace_days', 'audit.trend.months', 'audit.trend.enabled'] });
    expect(settings.map((s) => [s.key, s.value, s.is_default])).toEqual([
      ['bills.grace_days', 5, true],
      ['audit.trend.months', 6, false],
      ['audit.trend.enabled', false, false],
    ]);
    await t.api('settings.set', { values: { 'audit.trend.months': null } });
    expect((await t.api('settings.get', { keys: ['audit.trend.months'] })).settings[0]).toMatchObject({ value: 3, is_default: true });
    // Every change is in the audit trail.
    const audit = t.db.sqlite.prepare("SELECT action, field, new_value FROM audit_log WHERE table_name = 'settings' ORDER BY seq").all();
    expect(audit).toEqual([
      { action: 'insert', field: null, new_value: JSON.stringify(JSON.stringify({ key: 'audit.trend.months', value_json: '6' })) },
      { action: 'insert', field: null, new_value: JSON.stringify(JSON.stringify({ key: 'audit.trend.enabled', value_json: 'false' })) },
      { action: 'update', field: 'value_json', new_value: JSON.stringify('3') },
    ]);
  });

  it('needs the edit permission in TEM to change a setting', async () => {
    const t = testApi();
    const viewer = makeCtx(t.db, 'viewer', 'test', { admin: false, modules: { tem: ['view'] } });
    expect((await call(viewer, 'settings.get', { keys: ['bills.grace_days'] })).settings[0]?.value).toBe(5);
    await expect(call(viewer, 'settings.set', { values: { 'bills.grace_days': 9 } })).rejects.toThrow(/may not call settings.set/);
  });
});

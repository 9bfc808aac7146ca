// Carrier bill import profiles: saved ways of reading one carrier's bill files. The row keeps the common
// settings as columns and the column mapping, constants and carrier aliases as config_json.
import { ApiError, notFound } from '../errors.ts';
import type { Ctx } from '../context.ts';
import { inTransaction, stmt } from '../write.ts';
import { ProfileConfig, type Profile } from '../contract/bills.ts';
import { nameKey } from '../import/run.ts';
import { refuseClient } from '../scope.ts';

interface ProfileRow {
  id: string;
  name: string;
  format: Profile['format'];
  carrier_name: string | null;
  delimiter: string | null;
  locale: Profile['locale'];
  date_format: Profile['date_format'];
  header_row: number;
  sheet: string | null;
  currency: string | null;
  config_json: string;
  retired_at: string | null;
  created_at: string;
  updated_at: string;
  [k: string]: unknown;
}

export function toProfile(r: ProfileRow): Profile {
  const { config_json, ...rest } = r;
  return { ...rest, config: ProfileConfig.parse(JSON.parse(config_json)) } as Profile;
}

export function listProfiles(ctx: Ctx, input: { include_retired?: boolean }): Profile[] {
  refuseClient(ctx, 'bill import profiles');
  const rows = stmt(ctx, `SELECT * FROM bill_profiles ${input.include_retired ? '' : 'WHERE retired_at IS NULL'} ORDER BY name COLLATE NOCASE`).all() as ProfileRow[];
  return rows.map(toProfile);
}

function rowById(ctx: Ctx, id: string): ProfileRow {
  const r = stmt(ctx, 'SELECT * FROM bill_profiles WHERE id = ?').get(id) as ProfileRow | undefined;
  if (!r) throw notFound('Bill import profile', id);
  return r;
}

export const getProfile = (ctx: Ctx, input: { id: string }) => (refuseClient(ctx, 'bill import profiles'), toProfile(rowById(ctx, input.id)));

/** A live profile by id or by name (case and spacing ignored), as the CLI's --profile NAME gives it. */
export function findProfile(ctx: Ctx, idOrName: string): Profile {
  const byId = stmt(ctx, 'SELECT * FROM bill_profiles WHERE id = ? AND retired_at IS NULL').get(idOrName) as ProfileRow | undefined;
  if (byId) return toProfile(byId);
  const all = stmt(ctx, 'SELECT * FROM bill_profiles WHERE retired_at IS NULL').all() as ProfileRow[];
  const hit = all.find((r) => nameKey(r.name) === nameKey(idOrName));
  if (!hit) {
    const names = all.map((r) => `"${r.name}"`).join(', ');
    throw new ApiError('not_found', `there is no bill import profile "${idOrName}"${names ? `; profiles are ${names}` : '; none is saved yet'}`);
  }
  return toProfile(hit);
}

type ProfileInput = Partial<Omit<Profile, 'id' | 'retired_at' | 'created_at' | 'updated_at'>>;

function checkProfile(ctx: Ctx, p: ProfileInput & { name: string; format: Profile['format'] }, selfId?: string) {
  const clash = (stmt(ctx, 'SELECT id, name FROM bill_profiles WHERE retired_at IS NULL').all() as { id: string; name: string }[]).find(
    (r) => r.id !== selfId && nameKey(r.name) === nameKey(p.name),
  );
  if (clash) throw new ApiError('conflict', `a bill import profile named "${clash.name}" already exists`);
  const cols = p.config?.columns ?? {};
  const consts = p.config?.constants ?? {};
  const missing: string[] = [];
  if (p.format === 'edi811') {
    if (!p.carrier_name) missing.push('the carrier (an EDI 811 file is read for one carrier)');
  } else {
    if (!p.carrier_name && !cols.carrier) missing.push('the carrier (a fixed carrier or a carrier column)');
    if (!cols.account && !consts.account) missing.push('the account column (or a fixed account)');
    if (!cols.total && !cols.line_amount) missing.push('the total column (or a line amount column to sum)');
  }
  if (missing.length) throw new ApiError('invalid_input', `profile "${p.name}" needs ${missing.join(', ')}`);
}

const toRow = (p: ProfileInput) => {
  const { config, ...rest } = p;
  return { ...rest, ...(config ? { config_json: JSON.stringify(config) } : {}) };
};

export function createProfile(ctx: Ctx, input: ProfileInput & { name: string; format: Profile['format'] }): Profile {
  const p = { ...input, config: ProfileConfig.parse(input.config ?? {}) };
  checkProfile(ctx, p);
  return inTransaction(ctx, (w) => {
    const row = w.insert('bill_profiles', {
      carrier_name: null,
      delimiter: null,
      locale: 'en-US',
      date_format: 'YMD',
      header_row: 1,
      sheet: null,
      currency: null,
      ...toRow(p),
    });
    return toProfile(rowById(ctx, row.id));
  });
}

export function updateProfile(ctx: Ctx, input: { id: string; patch: ProfileInput }): Profile {
  const before = rowById(ctx, input.id);
  const merged = { ...toProfile(before), ...input.patch };
  checkProfile(ctx, merged, before.id);
  return inTransaction(ctx, (w) => {
    w.update('bill_profiles', before, toRow(input.patch));
    return toProfile(rowById(ctx, input.id));
  });
}

export function retireProfile(ctx: Ctx, input: { id: string }): Profile {
  const before = rowById(ctx, input.id);
  return inTransaction(ctx, (w) => {
    w.retire('bill_profiles', before);
    return toProfile(rowById(ctx, input.id));
  });
}

// Service groups (templates): the fields their services carry and whether those services count in the
// expected bill. Field keys are unique in a group and list fields need options.
import { ApiError, notFound } from '../errors.ts';
import type { Ctx } from '../context.ts';
import { inTransaction, stmt } from '../write.ts';
import type { FieldDef } from '../../core/service-fields.ts';

type Rec = Record<string, unknown> & { id: string };

export function groupRow(r: Rec) {
  return {
    id: r.id,
    name: String(r.name),
    fields: JSON.parse(String(r.fields_json)) as FieldDef[],
    carries_expected: r.carries_expected === 1 || r.carries_expected === true,
    retired_at: (r.retired_at as string | null) ?? null,
    created_at: String(r.created_at),
    updated_at: String(r.updated_at),
  };
}

function checkFields(fields: FieldDef[]) {
  const seen = new Set<string>();
  for (const f of fields) {
    if (seen.has(f.key)) throw new ApiError('invalid_input', `fields: the key "${f.key}" is used twice`);
    seen.add(f.key);
    if (f.type === 'list' && !f.options?.length) throw new ApiError('invalid_input', `fields.${f.key}: a list field needs its options`);
    if (f.type !== 'list' && f.options?.length) throw new ApiError('invalid_input', `fields.${f.key}: only a list field has options`);
  }
}

const get = (ctx: Ctx, id: string) => {
  const r = stmt(ctx, 'SELECT * FROM service_groups WHERE id = ?').get(id) as Rec | undefined;
  if (!r) throw notFound('Service group', id);
  return r;
};

function nameTaken(ctx: Ctx, name: string, except?: string) {
  const r = stmt(ctx, 'SELECT id FROM service_groups WHERE lower(name) = lower(?)').get(name.trim()) as { id: string } | undefined;
  if (r && r.id !== except) throw new ApiError('conflict', `A service group named "${name}" exists already`);
}

export function listGroups(ctx: Ctx, input: { include_retired?: boolean }) {
  const rows = stmt(ctx, `SELECT * FROM service_groups ${input.include_retired ? '' : 'WHERE retired_at IS NULL'} ORDER BY name COLLATE NOCASE`).all() as Rec[];
  return rows.map(groupRow);
}

export const getGroup = (ctx: Ctx, input: { id: string }) => groupRow(get(ctx, input.id));

export function createGroup(ctx: Ctx, input: { name: string; fields?: FieldDef[]; carries_expected?: boolean }) {
  checkFields(input.fields ?? []);
  return inTransaction(ctx, (w) => {
    nameTaken(ctx, input.name);
    const r = w.insert('service_groups', { name: input.name, fields_json: JSON.stringify(input.fields ?? []), carries_expected: input.carries_expected ?? true });
    return groupRow(get(ctx, r.id));
  });
}

export function updateGroup(ctx: Ctx, input: { id: string; patch: { name?: string; fields?: FieldDef[]; carries_expected?: boolean } }) {
  if (input.patch.fields) checkFields(input.patch.fields);
  return inTransaction(ctx, (w) => {
    const before = get(ctx, input.id);
    if (before.retired_at) throw new ApiError('conflict', `Service group ${before.name} is retired; it can no longer be changed`);
    if (input.patch.name) nameTaken(ctx, input.patch.name, input.id);
    w.update('service_groups', before, {
      name: input.patch.name,
      fields_json: input.patch.fields ? JSON.stringify(input.patch.fields) : undefined,
      carries_expected: input.patch.carries_expected,
    });
    return groupRow(get(ctx, input.id));
  });
}

export function retireGroup(ctx: Ctx, input: { id: string }) {
  return inTransaction(ctx, (w) => {
    w.retire('service_groups', get(ctx, input.id));
    return groupRow(get(ctx, input.id));
  });
}

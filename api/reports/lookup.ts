// Names to ids for the report filters, as the command line and the forms take them ("--carrier 'AT&T'").
import { ApiError } from '../errors.ts';
import type { Ctx } from '../context.ts';
import { stmt } from '../write.ts';
import { scopeClause } from '../scope.ts';

type Table = 'carriers' | 'customers';
const WHAT: Record<Table, string> = { carriers: 'carrier', customers: 'customer' };

/** The id of the live row named `name` (ignoring case); a clear error naming close matches otherwise. A client
 *  login's customer names are looked up among its own customers only, so the "did you mean" hint never names
 *  another customer. */
export function idByName(ctx: Ctx, table: Table, name: string): string {
  const sc = table === 'customers' ? scopeClause(ctx, 'id') : { sql: '1', params: [] as unknown[] };
  const exact = stmt(ctx, `SELECT id FROM ${table} WHERE name = ? COLLATE NOCASE AND retired_at IS NULL AND ${sc.sql} ORDER BY name`).all(name.trim(), ...sc.params) as { id: string }[];
  if (exact.length === 1) return exact[0]!.id;
  if (exact.length > 1) throw new ApiError('invalid_input', `${exact.length} ${WHAT[table]}s are named "${name}"; choose one by id`);
  const like = stmt(ctx, `SELECT name FROM ${table} WHERE name LIKE ? AND retired_at IS NULL AND ${sc.sql} ORDER BY name LIMIT 5`).all(`%${name.trim()}%`, ...sc.params) as { name: string }[];
  const hint = like.length ? `; did you mean ${like.map((r) => `"${r.name}"`).join(', ')}?` : '';
  // For a client login "no such name" and "not yours" must read the same: not found, never a hint of the rest.
  throw new ApiError(sc.params.length ? 'not_found' : 'invalid_input', `There is no ${WHAT[table]} named "${name}"${hint}`);
}

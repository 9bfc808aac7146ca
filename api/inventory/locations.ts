// One main location per customer.
import type { Ctx } from '../context.ts';
import { stmt, type Writer } from '../write.ts';

type Rec = Record<string, unknown> & { id: string };

/** Setting a customer's main location clears the flag on its other live locations (each change audited), so a
 *  customer has one main location. Used by the location form (api/handlers/entities.ts) and the book import. */
export function keepOneMain(ctx: Ctx, w: Writer, locationId: string) {
  const loc = stmt(ctx, 'SELECT customer_id, is_main FROM locations WHERE id = ?').get(locationId) as { customer_id: string; is_main: number } | undefined;
  if (!loc?.is_main) return;
  const others = stmt(ctx, 'SELECT * FROM locations WHERE customer_id = ? AND id <> ? AND is_main = 1 AND retired_at IS NULL').all(loc.customer_id, locationId) as Rec[];
  for (const o of others) w.update('locations', o, { is_main: false });
}

// Column mappings remembered per file layout. A layout is its header row, normalised (case, spaces, order kept),
// so the next file of the same layout maps itself.
import type { Ctx } from '../context.ts';
import { inTransaction, stmt } from '../write.ts';

export const layoutKey = (headers: string[]) => headers.map((h) => h.trim().replace(/\s+/g, ' ').toLowerCase()).join('\u001f');

type Rec = Record<string, unknown> & { id: string };

const toMapping = (r: Rec) => ({
  layout_key: String(r.layout_key),
  kind: 'book' as const,
  map: JSON.parse(String(r.map_json)) as Record<string, string>,
  locale: (r.locale as never) ?? null,
  updated_at: String(r.updated_at),
});

export function findMapping(ctx: Ctx, headers: string[]) {
  const r = stmt(ctx, "SELECT * FROM import_mappings WHERE kind = 'book' AND layout_key = ?").get(layoutKey(headers)) as Rec | undefined;
  return r ? toMapping(r) : null;
}

export function rememberMapping(ctx: Ctx, headers: string[], map: Record<string, string>, locale: string | null) {
  return inTransaction(ctx, (w) => {
    const key = layoutKey(headers);
    const before = stmt(ctx, "SELECT * FROM import_mappings WHERE kind = 'book' AND layout_key = ?").get(key) as Rec | undefined;
    if (before) w.update('import_mappings', before, { map_json: JSON.stringify(map), locale });
    else w.insert('import_mappings', { kind: 'book', layout_key: key, map_json: JSON.stringify(map), locale });
    return toMapping(stmt(ctx, "SELECT * FROM import_mappings WHERE kind = 'book' AND layout_key = ?").get(key) as Rec);
  });
}

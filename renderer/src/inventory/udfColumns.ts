// User-defined fields as optional list and grid columns: which fields there are (one call per record type), and
// the values of one page of rows (one udf.list call per record type, never one per row).
import { api, type ApiOutput } from '../api/index.ts';
import { formatCents, type AmountLocale } from '../../../core/money.ts';

export type ColumnEntity = 'customers' | 'locations' | 'services' | 'contracts';
type Def = ApiOutput<'udf.defs'>[number];
export type UdfValue = string | number | null;

const LABEL: Record<ColumnEntity, string> = { customers: 'Customer', locations: 'Location', services: 'Service', contracts: 'Contract' };

export interface UdfColumn {
  /** column id: udf:<entity>:<key> */
  id: string;
  entity: ColumnEntity;
  key: string;
  type: Def['type'];
  /** "Customer: GL code", the header the book export writes too */
  header: string;
}

/** The active fields of these record types as optional columns, in the order the book export writes them. */
export async function loadUdfColumns(entities: readonly ColumnEntity[]): Promise<UdfColumn[]> {
  const lists = await Promise.all(entities.map((entity) => api.call('udf.defs', { entity })));
  return entities.flatMap((entity, i) => lists[i]!.map((d) => ({ id: `udf:${entity}:${d.key}`, entity, key: d.key, type: d.type, header: `${LABEL[entity]}: ${d.label}` })));
}

/** Values of the shown columns for a page of rows: idsOf gives each row's record id per record type. */
export async function loadUdfValues<R>(rows: readonly R[], shown: readonly UdfColumn[], idsOf: (row: R, entity: ColumnEntity) => string | null): Promise<Map<R, Record<string, UdfValue>>> {
  const out = new Map<R, Record<string, UdfValue>>(rows.map((r) => [r, {}]));
  const entities = [...new Set(shown.map((c) => c.entity))];
  await Promise.all(
    entities.map(async (entity) => {
      const ids = [...new Set(rows.map((r) => idsOf(r, entity)).filter((x): x is string => !!x))];
      if (!ids.length) return;
      const res = await api.call('udf.list', { entity, record_ids: ids });
      const byId = new Map(res.rows.map((x) => [x.record_id, x.values]));
      for (const r of rows) {
        const id = idsOf(r, entity);
        const values = id ? byId.get(id) : undefined;
        if (!values) continue;
        for (const c of shown) if (c.entity === entity) out.get(r)![c.id] = values[c.key] ?? null;
      }
    }),
  );
  return out;
}

/** A value as a cell shows it: amounts in the chosen locale, others as stored. */
export function udfCellText(c: Pick<UdfColumn, 'type'>, v: UdfValue | undefined, locale: AmountLocale): string {
  if (v === null || v === undefined) return '';
  return c.type === 'money' && typeof v === 'number' ? formatCents(v, locale) : String(v);
}

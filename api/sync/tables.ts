// Which tables sync. Every table written through the Writer syncs unless it is named here: a new table of any
// area syncs without extra work, and keeping one local is a deliberate line in this list.
import type Database from 'better-sqlite3';
import type { Access } from '../../core/permissions.ts';

export const LOCAL_TABLES: ReadonlySet<string> = new Set([
  // The trail and the sync bookkeeping themselves.
  'audit_log',
  'sync_changes',
  'sync_state',
  'sync_nodes',
  'sync_aliases',
  // Sign-in and permissions are per installation: each desk and the hosted instance keep their own users,
  // sessions and groups.
  'users',
  'sessions',
  'security_groups',
  'widget_groups',
  // Installation settings (window state, paths, idle time) describe this machine, not the book.
  'settings',
  // The company profile is one row per installation; each database makes its own.
  'company',
  // The record of import runs on this machine (the file's rejects stay with the desk that read the file); the
  // rows an import wrote sync like any other write.
  'imports',
  'bill_import_runs',
]);

export const isSynced = (table: string) => !LOCAL_TABLES.has(table);

// What a desk's user needs to change a table on the hosted instance, as the same change through its API would.
// A table not named here needs 'edit' in TEM.
const edit = (module: Access['module']): Access => ({ module, permission: 'edit' });
const PUSH_ACCESS: Record<string, Access> = {
  customers: edit('crm'),
  locations: edit('crm'),
  udf_values: edit('crm'),
  carriers: edit('inventory'),
  billing_accounts: edit('inventory'),
  services: edit('inventory'),
  contracts: edit('inventory'),
  service_groups: edit('inventory'),
  expected_steps: edit('inventory'),
  import_mappings: { module: 'inventory', permission: 'import' },
  approvals: { module: 'tem', permission: 'approve' },
  lookups: { module: 'admin', permission: 'administer' },
  udf_defs: { module: 'admin', permission: 'administer' },
  news: { module: 'admin', permission: 'administer' },
};

export const pushAccess = (table: string): Access => PUSH_ACCESS[table] ?? edit('tem');

export interface TableInfo {
  columns: Set<string>;
  /** columns holding bytes, which travel as {"type":"Buffer","data":[...]} in audit JSON */
  blobs: Set<string>;
}

const infoCache = new WeakMap<Database.Database, Map<string, TableInfo | null>>();

/** The columns of a table as the database has them, or null for a table this database does not have. */
export function tableInfo(sqlite: Database.Database, table: string): TableInfo | null {
  let m = infoCache.get(sqlite);
  if (!m) infoCache.set(sqlite, (m = new Map()));
  if (m.has(table)) return m.get(table)!;
  // Names come from other machines: only a real table name ever reaches SQL.
  const exists = sqlite.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(table);
  let info: TableInfo | null = null;
  if (exists) {
    const cols = sqlite.prepare('SELECT name, type FROM pragma_table_info(?)').all(table) as { name: string; type: string }[];
    info = { columns: new Set(cols.map((c) => c.name)), blobs: new Set(cols.filter((c) => /blob/i.test(c.type)).map((c) => c.name)) };
  }
  m.set(table, info);
  return info;
}

/** Every synced table of this database, for dumps and backfills. */
export function syncedTables(sqlite: Database.Database): string[] {
  const rows = sqlite
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' ORDER BY name")
    .all() as { name: string }[];
  return rows.map((r) => r.name).filter((t) => isSynced(t) && tableInfo(sqlite, t)?.columns.has('id'));
}

const fkCache = new WeakMap<Database.Database, Map<string, { parents: Map<string, string>; children: { table: string; column: string }[] }>>();

/** A table's foreign keys: which of its columns point at which table, and which columns of other tables point at it. */
export function foreignKeys(sqlite: Database.Database, table: string) {
  let m = fkCache.get(sqlite);
  if (!m) {
    m = new Map();
    const tables = sqlite.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
    for (const t of tables) m.set(t, { parents: new Map(), children: [] });
    for (const t of tables) {
      const fks = sqlite.prepare('SELECT "table" AS parent, "from" AS col FROM pragma_foreign_key_list(?)').all(t) as { parent: string; col: string }[];
      for (const fk of fks) {
        m.get(t)!.parents.set(fk.col, fk.parent);
        m.get(fk.parent)?.children.push({ table: t, column: fk.col });
      }
    }
    fkCache.set(sqlite, m);
  }
  return m.get(table) ?? { parents: new Map<string, string>(), children: [] };
}

// The tables a hosted instance keeps in PostgreSQL, made at start if missing (idempotent, under a lock so
// several processes starting at once do not race), with a schema version a newer TEM desk can move on from.
//
//   tem_changes  the change log: every change of a synced table from every desk and every server process, numbered
//                by seq in commit order; `refused` names why a change was kept but is passed to no one
//   tem_nodes    how far each pushing node's changes are acknowledged (the gap check of sync.push), and the
//                database it pushes from (install: '*' once two were seen, see api/sync/server.ts installCheck)
//   tem_rows     the installation's own rows (users, sessions, groups, settings, company): one latest copy each,
//                so every server process behind the load balancer signs in the same users
//   tem_meta     schema version and the hub's node id (the one the desks see whichever process they reach)
import { randomBytes } from 'node:crypto';
import { inTransaction, type Pool } from './pool.ts';

export const SCHEMA_VERSION = 1;
/** pg_advisory_xact_lock keys: schema creation, and appends (so seq order is commit order). */
export const LOCK_SCHEMA = 0x7e3d0001;
export const LOCK_APPEND = 0x7e3d0002;

const DDL = `
CREATE TABLE IF NOT EXISTS tem_meta (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE IF NOT EXISTS tem_changes (
  seq bigserial PRIMARY KEY,
  id text NOT NULL UNIQUE,
  node text NOT NULL,
  hlc text NOT NULL,
  table_name text NOT NULL,
  record text NOT NULL,
  action text NOT NULL,
  field text,
  value text,
  actor text NOT NULL,
  at text NOT NULL,
  batch text,
  refused text
);
CREATE INDEX IF NOT EXISTS tem_changes_node_seq ON tem_changes (node, seq);
CREATE TABLE IF NOT EXISTS tem_nodes (
  node text PRIMARY KEY,
  acked_through bigint NOT NULL,
  actor text,
  first_seen_at text,
  last_seen_at text
);
-- Added to schema 1 (nullable, read only by processes that know it).
ALTER TABLE tem_nodes ADD COLUMN IF NOT EXISTS install text;
CREATE SEQUENCE IF NOT EXISTS tem_rows_version;
CREATE TABLE IF NOT EXISTS tem_rows (
  table_name text NOT NULL,
  id text NOT NULL,
  row text,
  version bigint NOT NULL,
  origin text NOT NULL,
  PRIMARY KEY (table_name, id)
);
CREATE INDEX IF NOT EXISTS tem_rows_by_version ON tem_rows (version);
`;

/** Makes the tables if needed and answers the hub's node id. */
export async function ensureSchema(pool: Pool): Promise<string> {
  return inTransaction(
    pool,
    async (c) => {
      await c.query(DDL);
      await c.query("INSERT INTO tem_meta (key, value) VALUES ('schema_version', $1), ('hub_node', $2) ON CONFLICT (key) DO NOTHING", [
        String(SCHEMA_VERSION),
        randomBytes(8).toString('hex'),
      ]);
      const meta = new Map((await c.query<{ key: string; value: string }>('SELECT key, value FROM tem_meta')).rows.map((r) => [r.key, r.value]));
      const version = Number(meta.get('schema_version'));
      if (version > SCHEMA_VERSION)
        throw new Error(`The PostgreSQL database was set up by a newer TEM desk (schema ${version}; this one knows ${SCHEMA_VERSION}): update TEM desk`);
      return meta.get('hub_node')!;
    },
    { lock: LOCK_SCHEMA },
  );
}

// The audit trail is append-only in the database itself, not only by the API's good manners: these triggers
// refuse any UPDATE or DELETE on audit_log, whoever opens the file (a handler, a script, a future bug). They are
// created on every open (IF NOT EXISTS) rather than in a migration, because drizzle-kit does not generate
// triggers and migrations are never written by hand.
import type Database from 'better-sqlite3';

export const AUDIT_APPEND_ONLY_MESSAGE = 'the audit trail is append-only: its entries cannot be changed or deleted';

export function guardAuditLog(sqlite: Database.Database): void {
  sqlite.exec(`
    CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, '${AUDIT_APPEND_ONLY_MESSAGE}'); END;
    CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, '${AUDIT_APPEND_ONLY_MESSAGE}'); END;
  `);
}

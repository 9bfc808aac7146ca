// Which methods the audit trail records as an import, whatever door called them (the desktop's import wizard, the
// web UI, `tem import ...`). Users ask "did this come from a file or was it keyed?", so the trail names the
// import rather than the transport. Every method that writes rows read from a file is named here; the contract
// test in tests/integration/workflow-audit-doors.test.ts fails when a new file-taking mutation is not classified.
import type { MethodName } from './index.ts';

export const IMPORT_METHODS: ReadonlySet<MethodName> = new Set<MethodName>([
  'import.book',
  'import.actuals',
  'bills.import',
  'bills.importStart',
  // the queued chunks of a bill import write the bills read from the file at importStart
  'bills.importStep',
  'bills.loadOxford',
]);

/** Mutations that take a file but keep it whole rather than writing rows read from it. */
export const FILE_NOT_ROWS: ReadonlySet<MethodName> = new Set<MethodName>([
  // a ticket's attachment is stored as the file itself (by its digest), not read into rows
  'attachments.add',
]);

// Files attached to billing tickets: the row (name, type, size, hash, who) is written through the Writer and
// audited; the bytes are stored by content hash in the data folder (attachment-store.ts).
import { extname } from 'node:path';
import { ApiError, notFound } from '../errors.ts';
import type { Ctx } from '../context.ts';
import { inTransaction, stmt } from '../write.ts';
import { assertTicketInScope } from '../scope.ts';
import type { Input, Output } from '../handlers/index.ts';
import type { Attachment } from '../contract/attachments.ts';
import { readBytes, storeBytes } from './attachment-store.ts';

interface AttachmentRow extends Attachment {
  retired_at: string | null;
  updated_at: string;
  [k: string]: unknown;
}

const MIME_BY_EXT: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.eml': 'message/rfc822',
  '.msg': 'application/vnd.ms-outlook',
  '.txt': 'text/plain',
  '.csv': 'text/csv',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.xls': 'application/vnd.ms-excel',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.zip': 'application/zip',
};

export const mimeOf = (fileName: string, given?: string) =>
  given && /^[\w.+-]+\/[\w.+-]+$/.test(given) ? given : (MIME_BY_EXT[extname(fileName).toLowerCase()] ?? 'application/octet-stream');

const COLS = 'id, ticket_id, file_name, mime_type, size_bytes, sha256, added_by, created_at';

export function attachmentsOf(ctx: Ctx, ticketId: string): Attachment[] {
  return stmt(ctx, `SELECT ${COLS} FROM ticket_attachments WHERE ticket_id = ? AND retired_at IS NULL ORDER BY created_at, id`).all(ticketId) as Attachment[];
}

function ticketNumber(ctx: Ctx, ticketId: string): number {
  const t = stmt(ctx, 'SELECT number FROM tickets WHERE id = ?').get(ticketId) as { number: number } | undefined;
  if (!t) throw notFound('Ticket', ticketId);
  assertTicketInScope(ctx, ticketId);
  return t.number;
}

function loadAttachment(ctx: Ctx, id: string): AttachmentRow {
  const a = stmt(ctx, 'SELECT * FROM ticket_attachments WHERE id = ?').get(id) as AttachmentRow | undefined;
  if (!a) throw notFound('Attachment', id);
  assertTicketInScope(ctx, a.ticket_id);
  return a;
}

export function addAttachment(ctx: Ctx, input: Input<'attachments.add'>): Output<'attachments.add'> {
  ticketNumber(ctx, input.ticket_id);
  if (input.data.byteLength === 0) throw new ApiError('invalid_input', `attachments.add: data: ${input.file_name} is empty (0 bytes), so there is nothing to attach`);
  // Bytes first: a row never points at bytes that are not on disk. Bytes without a row (a failed transaction)
  // are harmless and are reused when the same file comes again.
  const hash = storeBytes(ctx, input.data);
  return inTransaction(ctx, (w) => {
    const row = w.insert('ticket_attachments', {
      ticket_id: input.ticket_id,
      file_name: input.file_name,
      mime_type: mimeOf(input.file_name, input.mime_type),
      size_bytes: input.data.byteLength,
      sha256: hash,
      added_by: ctx.actor,
      retired_at: null,
    });
    const { retired_at: _r, updated_at: _u, ...attachment } = row;
    return { batch_id: w.batchId, attachment };
  });
}

export function listAttachments(ctx: Ctx, input: Input<'attachments.list'>): Output<'attachments.list'> {
  ticketNumber(ctx, input.ticket_id);
  return attachmentsOf(ctx, input.ticket_id);
}

export function downloadAttachment(ctx: Ctx, input: Input<'attachments.download'>): Output<'attachments.download'> {
  const a = loadAttachment(ctx, input.id);
  const data = readBytes(ctx, a.sha256);
  if (!data) {
    throw new ApiError(
      'not_found',
      `The file ${a.file_name} of ticket ${ticketNumber(ctx, a.ticket_id)} is missing or damaged in the data folder (attachments/${a.sha256.slice(0, 2)}/${a.sha256}); restore it from a backup`,
    );
  }
  return { file_name: a.file_name, mime_type: a.mime_type, data };
}

export function removeAttachment(ctx: Ctx, input: Input<'attachments.remove'>): Output<'attachments.remove'> {
  const a = loadAttachment(ctx, input.id);
  return inTransaction(ctx, (w) => ({ batch_id: w.batchId, changed: w.retire('ticket_attachments', a) }));
}

import { z } from 'zod';
import { query, mutation } from '../define.ts';
import { Id, Stamp } from './common.ts';

/** A file handed back by a method (an attachment, an export): its name, type and bytes ($bytes on the wire). */
const Bytes = z.custom<Uint8Array>((v) => v instanceof Uint8Array, { message: 'must be the bytes of a file' });
export const FileOut = z.object({ file_name: z.string(), mime_type: z.string(), data: Bytes });
export type FileOut = z.infer<typeof FileOut>;

export const Attachment = z.object({
  id: Id,
  ticket_id: Id,
  file_name: z.string(),
  mime_type: z.string(),
  size_bytes: z.number().int(),
  sha256: z.string(),
  added_by: z.string(),
  created_at: Stamp,
});
export type Attachment = z.infer<typeof Attachment>;

/** 50 MB: a scanned bill or an email with its attachments; larger files belong in a document system. */
export const MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024;

const FileName = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .refine((s) => !/[/\\\u0000-\u001f]/.test(s), { message: 'a file name without folders or control characters' });

export const add = mutation(
  'attachments.add',
  'Attach a file (a PDF of the bill, an email) to a ticket; the bytes are kept in the data folder beside the database',
  z.object({
    ticket_id: Id,
    file_name: FileName,
    mime_type: z.string().trim().max(200).optional(),
    data: Bytes.refine((d) => d.byteLength <= MAX_ATTACHMENT_BYTES, { message: 'a file of at most 50 MB' }),
  }),
  z.object({ batch_id: z.string(), attachment: Attachment }),
);

export const list = query('attachments.list', "A ticket's attached files, oldest first", z.object({ ticket_id: Id }), z.array(Attachment));

export const download = query('attachments.download', 'The bytes of one attached file', z.object({ id: Id }), FileOut);

export const remove = mutation(
  'attachments.remove',
  'Take a file off a ticket (it is retired: the audit trail and its bytes keep it)',
  z.object({ id: Id }),
  z.object({ batch_id: z.string(), changed: z.boolean() }),
);

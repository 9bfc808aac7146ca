// The company profile as the report headers need it. The admin area owns the company row and may add columns
// (logo, address, phone); this reads whatever is there and falls back to plain text when it is not.
import { isAmountLocale } from '../../core/money.ts';
import type { Ctx } from '../context.ts';
import { stmt } from '../write.ts';
import type { PdfCompany } from './pdf.ts';

const CONTACT_COLUMNS = ['address', 'phone', 'email', 'website', 'billing_contact', 'billing_email'];

function logoDataUrl(v: unknown, mimeHint: unknown): string | null {
  if (typeof v === 'string') return /^data:image\/(png|jpe?g);base64,/i.test(v) ? v : null;
  // PDF takes PNG and JPEG; any other logo (SVG, GIF, WebP) is left out rather than failing the report.
  if (v instanceof Uint8Array && v.length > 8) {
    const png = v[0] === 0x89 && v[1] === 0x50 && v[2] === 0x4e && v[3] === 0x47;
    const jpg = v[0] === 0xff && v[1] === 0xd8;
    if (!png && !jpg) return null;
    const mime = typeof mimeHint === 'string' && /^image\/(png|jpeg)$/.test(mimeHint) ? mimeHint : png ? 'image/png' : 'image/jpeg';
    return `data:${mime};base64,${Buffer.from(v).toString('base64')}`;
  }
  return null;
}

export function reportCompany(ctx: Ctx): PdfCompany {
  const row = stmt(ctx, 'SELECT * FROM company LIMIT 1').get() as Record<string, unknown> | undefined;
  if (!row) return { name: null, lines: [], logo: null, locale: 'en-US', currency: 'USD' };
  const logoKey = Object.keys(row).find((k) => /^logo(_data|_png|_bytes|_image)?$/.test(k) && row[k] != null);
  const mimeKey = Object.keys(row).find((k) => /^logo_(mime|mime_type|type)$/.test(k));
  return {
    name: typeof row.name === 'string' ? row.name : null,
    lines: CONTACT_COLUMNS.map((k) => row[k])
      .filter((v): v is string => typeof v === 'string' && v.trim() !== '')
      .flatMap((v) => v.split(/\r?\n/).map((l) => l.trim()).filter(Boolean)),
    logo: logoKey ? logoDataUrl(row[logoKey], mimeKey ? row[mimeKey] : null) : null,
    locale: isAmountLocale(row.locale) ? row.locale : 'en-US',
    currency: typeof row.currency === 'string' ? row.currency : 'USD',
  };
}

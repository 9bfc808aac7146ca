// How a bill's figures read on screen and on the clipboard. Amounts are formatted in the user's locale without a
// currency symbol, so a copied block pastes back as it was.
import { formatCents, type AmountLocale } from '../../../core/money.ts';
import type { BillStatus } from '../../../core/tolerance.ts';
import type { CheckRow } from '../api/index.ts';

export const STATUS_LABEL: Record<BillStatus, string> = {
  ok: 'OK',
  over: 'Over',
  under: 'Under',
  missing: 'Missing',
  unexpected: 'Unexpected',
};

/** A glyph beside the word, so the status never depends on colour alone. */
export const STATUS_MARK: Record<BillStatus, string> = {
  ok: '✓',
  over: '▲',
  under: '▼',
  missing: '○',
  unexpected: '◆',
};

export const money = (cents: number | null, locale: AmountLocale) => (cents === null ? '' : formatCents(cents, locale));

const pctFormats = new Map<string, Intl.NumberFormat>();
export function percent(value: number | null, locale: AmountLocale): string {
  if (value === null) return '-';
  let f = pctFormats.get(locale);
  if (!f) pctFormats.set(locale, (f = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'exceptZero' })));
  return `${f.format(value)}%`;
}

/** The text of one cell as it is shown and copied. */
export function cellText(row: CheckRow, col: string, locale: AmountLocale): string {
  switch (col) {
    case 'customer':
      return row.customer ?? '';
    case 'location':
      return row.location ?? '';
    case 'carrier':
      return row.carrier;
    case 'account':
      return row.account;
    case 'expected':
      return money(row.expected_cents, locale);
    case 'actual':
      return money(row.actual_cents, locale);
    case 'variance':
      return money(row.variance_cents, locale);
    case 'variance_pct':
      return percent(row.variance_pct, locale);
    case 'status':
      return STATUS_LABEL[row.status];
    case 'invoice':
      return row.invoice_number ?? '';
    case 'note':
      return row.note ?? '';
    default:
      return '';
  }
}

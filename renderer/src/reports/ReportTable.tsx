// One report's rows as an accessible table with a totals footer. Amounts are shown in the user's locale; the
// cents are the report method's own.
import { formatCents, type AmountLocale } from '../../../core/money.ts';
import type { Col } from './specs.ts';

const SHOWN_LIMIT = 5000;

export function cellText(col: Col, v: unknown, locale: AmountLocale): string {
  if (v === null || v === undefined || v === '') return '';
  if (col.kind === 'cents') return formatCents(v as number, locale);
  if (col.kind === 'percent') return `${(v as number) > 0 ? '+' : ''}${(v as number).toFixed(2)}%`;
  return String(v);
}

const numeric = (c: Col) => c.kind === 'cents' || c.kind === 'percent' || c.kind === 'int';

export function ReportTable({ caption, columns, rows, footer, locale }: { caption: string; columns: Col[]; rows: Record<string, unknown>[]; footer: Record<string, number>; locale: AmountLocale }) {
  const shown = rows.slice(0, SHOWN_LIMIT);
  return (
    <div className="rep-table-wrap">
      <table className="rep-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col" className={numeric(c) ? 'num' : undefined}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shown.map((r, i) => (
            <tr key={i}>
              {columns.map((c) => (
                <td key={c.key} className={numeric(c) ? 'num' : undefined}>
                  {cellText(c, r[c.key], locale)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            {columns.map((c, i) => (
              <td key={c.key} className={numeric(c) ? 'num' : undefined} data-total={c.key in footer ? c.key : undefined}>
                {i === 0 ? 'Total' : c.kind === 'cents' && c.key in footer ? formatCents(footer[c.key]!, locale) : ''}
              </td>
            ))}
          </tr>
        </tfoot>
      </table>
      {rows.length > SHOWN_LIMIT ? <p role="status">Showing the first {SHOWN_LIMIT} of {rows.length} rows; the files hold them all.</p> : null}
    </div>
  );
}

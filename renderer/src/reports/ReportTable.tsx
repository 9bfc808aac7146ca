// One report's rows as an accessible table with a totals footer, and optionally in groups (the discrepancy
// report's carriers), each with a heading row and a subtotal row as in the XLSX and PDF. Amounts are shown in the
// user's locale; the cents (totals and subtotals included) are the report method's own, never summed here.
import type { ReactNode } from 'react';
import { formatCents, type AmountLocale } from '../../../core/money.ts';
import { variancePercentText } from '../../../core/tolerance.ts';
import type { Col, RowGroup } from './specs.ts';

const SHOWN_LIMIT = 5000;

export function cellText(col: Col, v: unknown, locale: AmountLocale): string {
  if (v === null || v === undefined || v === '') return '';
  if (col.kind === 'cents') return formatCents(v as number, locale);
  if (col.kind === 'percent') return variancePercentText(v as number);
  return String(v);
}

const numeric = (c: Col) => c.kind === 'cents' || c.kind === 'percent' || c.kind === 'int';

type Row = Record<string, unknown>;

function DataRow({ row, columns, locale }: { row: Row; columns: Col[]; locale: AmountLocale }) {
  return (
    <tr data-row="">
      {columns.map((c) => (
        <td key={c.key} className={numeric(c) ? 'num' : undefined}>
          {cellText(c, row[c.key], locale)}
        </td>
      ))}
    </tr>
  );
}

/** A totals row: the label in the first cell, the given cents under their columns. */
function TotalsRow({ label, totals, columns, locale, className }: { label: string; totals: Record<string, number>; columns: Col[]; locale: AmountLocale; className?: string }) {
  return (
    <tr className={className}>
      {columns.map((c, i) =>
        i === 0 ? (
          <th key={c.key} scope="row">
            {label}
          </th>
        ) : (
          <td key={c.key} className={numeric(c) ? 'num' : undefined} data-total={c.key in totals ? c.key : undefined}>
            {c.kind === 'cents' && c.key in totals ? formatCents(totals[c.key]!, locale) : ''}
          </td>
        ),
      )}
    </tr>
  );
}

/** Rows in their groups' order (rows of no listed group last, ungrouped), each group headed and subtotalled. */
function groupedBodies(rows: Row[], groupKey: string, groups: RowGroup[], columns: Col[], locale: AmountLocale): ReactNode[] {
  const byGroup = new Map<string, Row[]>();
  for (const r of rows) {
    const k = String(r[groupKey] ?? '');
    byGroup.set(k, [...(byGroup.get(k) ?? []), r]);
  }
  const bodies = groups
    .filter((g) => byGroup.has(g.id))
    .map((g) => (
      <tbody key={g.id} className="rep-group">
        <tr>
          <th scope="rowgroup" colSpan={columns.length} className="rep-group-head">
            {g.heading}
            {g.detail ? <span className="rep-group-detail"> · {g.detail}</span> : null}
          </th>
        </tr>
        {byGroup.get(g.id)!.map((r, i) => (
          <DataRow key={i} row={r} columns={columns} locale={locale} />
        ))}
        <TotalsRow label={`Total ${g.heading}`} totals={g.totals} columns={columns} locale={locale} className="rep-subtotal" />
      </tbody>
    ));
  const known = new Set(groups.map((g) => g.id));
  const rest = rows.filter((r) => !known.has(String(r[groupKey] ?? '')));
  if (rest.length) {
    bodies.push(
      <tbody key="ungrouped">
        {rest.map((r, i) => (
          <DataRow key={i} row={r} columns={columns} locale={locale} />
        ))}
      </tbody>,
    );
  }
  return bodies;
}

export function ReportTable({
  caption,
  columns,
  rows,
  footer,
  locale,
  groupKey,
  groups,
}: {
  caption: string;
  columns: Col[];
  rows: Row[];
  footer: Record<string, number>;
  locale: AmountLocale;
  /** The row field naming each row's group (e.g. carrier_id), with the groups in order and their subtotals. */
  groupKey?: string;
  groups?: RowGroup[];
}) {
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
        {groupKey && groups ? (
          groupedBodies(shown, groupKey, groups, columns, locale)
        ) : (
          <tbody>
            {shown.map((r, i) => (
              <DataRow key={i} row={r} columns={columns} locale={locale} />
            ))}
          </tbody>
        )}
        <tfoot>
          <TotalsRow label="Total" totals={footer} columns={columns} locale={locale} />
        </tfoot>
      </table>
      {rows.length > SHOWN_LIMIT ? <p role="status">Showing the first {SHOWN_LIMIT} of {rows.length} rows; the files hold them all.</p> : null}
    </div>
  );
}

// A report as PDF (pdfmake on pdfkit): company header with logo on every page, the title and filters, one table
// per group (a carrier, with its dispute contact) with its subtotal, the overall total, and "Page n of m".
// The DejaVu Sans fonts are read from the dejavu-fonts-ttf package and embedded (subset) in every file: no
// network, and the text extracts back exactly (₹, €, accents, dashes). Nothing is read from disk or the
// network while a document is laid out (both access policies refuse everything).
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import pdfmake from 'pdfmake';
import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import { formatCents, type AmountLocale } from '../../core/money.ts';
import type { ReportColumn, ReportLayout } from './layout.ts';
import { variancePercentText } from '../../core/tolerance.ts';

export interface PdfCompany {
  name: string | null;
  /** Lines under the name (address, phone, e-mail), when the company profile has them. */
  lines: string[];
  /** A data URL (image/png or image/jpeg), when the company profile has a logo. */
  logo: string | null;
  locale: AmountLocale;
  currency: string;
}

const FONT_FILES = {
  normal: 'DejaVuSans.ttf',
  bold: 'DejaVuSans-Bold.ttf',
  italics: 'DejaVuSans-Oblique.ttf',
  bolditalics: 'DejaVuSans-BoldOblique.ttf',
};

let ready = false;
function setUp() {
  if (ready) return;
  const dir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  const vfs = (pdfmake as unknown as { virtualfs: { writeFileSync(name: string, data: Buffer): void } }).virtualfs;
  for (const file of Object.values(FONT_FILES)) vfs.writeFileSync(file, readFileSync(join(dir, file)));
  pdfmake.setFonts({ DejaVuSans: FONT_FILES });
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy(() => false);
  ready = true;
}

function cellText<R>(c: ReportColumn<R>, row: R, locale: AmountLocale): string {
  const v = c.value(row);
  if (v === null) return '';
  if (c.kind === 'cents') return formatCents(v as number, locale);
  if (c.kind === 'percent') return variancePercentText(v as number);
  return String(v);
}

const numeric = (kind: string) => kind === 'cents' || kind === 'percent' || kind === 'int';

// Landscape A4 less the margins, in points; cells have 3 points of padding a side.
const MARGIN = 24;
const TABLE_WIDTH = 842 - 2 * MARGIN;
const PADDING = 3;
const FIXED: Record<string, number> = { cents: 54, percent: 40, int: 32, date: 44 };

const fixedWidth = <R>(c: ReportColumn<R>) => c.points ?? FIXED[c.kind];

/** Fixed widths for figures, dates and short codes; the other text columns share the rest by their weights. */
function columnWidths<R>(cols: ReportColumn<R>[]): number[] {
  const fixed = cols.reduce((s, c) => s + (fixedWidth(c) ?? 0) + 2 * PADDING, 0);
  const flexible = cols.filter((c) => fixedWidth(c) === undefined);
  const weights = flexible.reduce((s, c) => s + (c.width ?? 1), 0);
  const textWidth = Math.max(0, TABLE_WIDTH - fixed - flexible.length * 2 * PADDING);
  return cols.map((c) => fixedWidth(c) ?? Math.floor((textWidth * (c.width ?? 1)) / weights));
}

function table<R>(layout: ReportLayout<R>, rows: R[], totals: Record<string, number> | null, totalLabel: string, locale: AmountLocale): Content {
  const cols = layout.groups && layout.groupColumn ? layout.columns.filter((c) => c.key !== layout.groupColumn) : layout.columns;
  const head: TableCell[] = cols.map((c) => ({ text: c.header, style: 'th', alignment: numeric(c.kind) ? 'right' : 'left' }));
  const body: TableCell[][] = [head];
  for (const r of rows) body.push(cols.map((c) => ({ text: cellText(c, r, locale), alignment: numeric(c.kind) ? 'right' : 'left' })));
  if (totals) {
    const firstMoney = Math.max(1, cols.findIndex((c) => c.kind === 'cents'));
    const row: TableCell[] = [{ text: totalLabel, bold: true, colSpan: firstMoney }];
    for (let i = 1; i < firstMoney; i++) row.push({ text: '' });
    for (let i = firstMoney; i < cols.length; i++) {
      const c = cols[i]!;
      row.push(c.kind === 'cents' ? { text: formatCents(totals[c.key] ?? 0, locale), bold: true, alignment: 'right' } : { text: '' });
    }
    body.push(row);
  }
  return {
    table: { headerRows: 1, dontBreakRows: true, widths: columnWidths(cols), body },
    layout: {
      hLineWidth: (i: number, node: { table: { headerRows?: number; body: unknown[] } }) => (i === 0 || i === node.table.body.length ? 0 : i === (node.table.headerRows ?? 0) ? 1 : 0.4),
      vLineWidth: () => 0,
      hLineColor: (i: number) => (i === 1 ? '#333333' : '#cccccc'),
      paddingLeft: () => PADDING,
      paddingRight: () => PADDING,
      paddingTop: () => 1.5,
      paddingBottom: () => 1.5,
    },
    margin: [0, 4, 0, 10],
  };
}

export async function reportPdf<R>(layout: ReportLayout<R>, company: PdfCompany, generatedOn: string): Promise<Uint8Array<ArrayBuffer>> {
  setUp();
  const locale = company.locale;
  const content: Content[] = [
    { text: layout.title, style: 'title' },
    { text: `${layout.subtitle}  ·  amounts in ${company.currency}`, style: 'subtitle' },
  ];
  if (layout.groups) {
    for (const g of layout.groups) {
      content.push({ text: g.heading, style: 'group' });
      for (const line of g.lines) content.push({ text: line, style: 'contact' });
      content.push(table(layout, g.rows.map((i) => layout.rows[i]!), g.totals, `Total ${g.heading}`, locale));
    }
    if (layout.groups.length > 1 || layout.groups.length === 0) content.push(table(layout, [], layout.totals, 'Total', locale));
  } else {
    content.push(table(layout, layout.rows, layout.totals, 'Total', locale));
  }
  for (const n of layout.notes) content.push({ text: n, style: 'note' });

  const headerLines = [company.name ?? '', ...company.lines].filter(Boolean);
  const doc: TDocumentDefinitions = {
    pageSize: 'A4',
    pageOrientation: 'landscape',
    pageMargins: [MARGIN, 70, MARGIN, 40],
    info: { title: `${layout.title} — ${layout.subtitle}`, author: company.name ?? undefined, creator: 'TEM desk', producer: 'TEM desk' },
    images: company.logo ? { logo: company.logo } : undefined,
    header: () => ({
      margin: [MARGIN, 18, MARGIN, 0],
      columns: [
        company.logo ? { image: 'logo', fit: [110, 40], width: 120 } : { text: '', width: 0 },
        { stack: headerLines.map((t, i) => ({ text: t, bold: i === 0, fontSize: i === 0 ? 11 : 8 })), width: '*' },
        { text: layout.title, alignment: 'right', fontSize: 9, color: '#444444', width: 'auto' },
      ],
    }),
    footer: (page: number, pages: number) => ({
      margin: [MARGIN, 12, MARGIN, 0],
      columns: [
        { text: `Generated ${generatedOn}`, fontSize: 7, color: '#666666' },
        { text: `Page ${page} of ${pages}`, alignment: 'right', fontSize: 8 },
      ],
    }),
    content,
    defaultStyle: { font: 'DejaVuSans', fontSize: 7 },
    styles: {
      title: { fontSize: 14, bold: true, margin: [0, 0, 0, 2] },
      subtitle: { fontSize: 9, color: '#333333', margin: [0, 0, 0, 8] },
      group: { fontSize: 11, bold: true, margin: [0, 8, 0, 1] },
      contact: { fontSize: 8, color: '#333333' },
      th: { bold: true, fillColor: '#eeeeee' },
      note: { fontSize: 8, margin: [0, 2, 0, 0] },
    },
  };
  const buf = await pdfmake.createPdf(doc).getBuffer();
  return new Uint8Array(buf);
}

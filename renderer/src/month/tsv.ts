// Tab-separated text as spreadsheets put it on the clipboard: rows end in CRLF or LF, the last line break is not a
// row, and a cell holding a tab, a line break or a quote is wrapped in double quotes with quotes doubled.

export function parseTsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let atCellStart = true;
  while (i < text.length) {
    const ch = text[i]!;
    if (atCellStart && ch === '"') {
      // A quoted cell: runs to the closing quote; "" is a quote inside.
      const close = findClosingQuote(text, i + 1);
      if (close !== -1) {
        const after = text[close + 1];
        if (after === undefined || after === '\t' || after === '\n' || after === '\r') {
          cell = text.slice(i + 1, close).replace(/""/g, '"');
          i = close + 1;
          atCellStart = false;
          continue;
        }
      }
    }
    atCellStart = false;
    if (ch === '\t') {
      row.push(cell);
      cell = '';
      atCellStart = true;
    } else if (ch === '\n' || ch === '\r') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      atCellStart = true;
      if (ch === '\r' && text[i + 1] === '\n') i++;
    } else {
      cell += ch;
    }
    i++;
  }
  // Text that does not end in a line break still has a last row; one that does has no empty row after it.
  if (!atCellStart || row.length > 0 || cell !== '') {
    row.push(cell);
    rows.push(row);
  } else if (rows.length === 0 && text === '') {
    return [];
  }
  return rows;
}

function findClosingQuote(text: string, from: number): number {
  for (let j = from; j < text.length; j++) {
    if (text[j] === '"') {
      if (text[j + 1] === '"') j++;
      else return j;
    }
  }
  return -1;
}

const needsQuotes = /[\t\r\n"]/;

export function toTsv(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => r.map((c) => (needsQuotes.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join('\t')).join('\r\n') + '\r\n';
}

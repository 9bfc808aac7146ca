// The month grid's Flags column: the audit rules beyond the tolerance band that flag each bill, with every
// explanation as the cell's tooltip and accessible description. A plain DOM renderer, cheap at 50,000 rows.
import type { ColDef, ICellRendererParams } from 'ag-grid-community';
import type { CheckRow } from '../api/index.ts';
import { SpanCell } from '../month/grid/spanCell.ts';
import { flagsExplained, flagsText } from './monthFlags.ts';

class FlagsCell extends SpanCell {
  protected render(p: ICellRendererParams<CheckRow>) {
    const id = p.data?.account_id;
    const text = id ? flagsText(id) : '';
    const why = id ? flagsExplained(id) : '';
    this.el.className = 'bills-flags-cell';
    this.el.textContent = text;
    if (why) this.el.title = why;
    else this.el.removeAttribute('title');
    // Named like the grid's other cells ("Flags, account A-100: ..."), with the explanations read out.
    if (p.data) this.el.setAttribute('aria-label', `Flags, account ${p.data.account}: ${why.replace(/\n/g, ' ') || 'none'}`);
  }
}

export function flagColumns(): ColDef<CheckRow>[] {
  return [{ colId: 'flags', headerName: 'Flags', width: 150, valueGetter: (p) => (p.data ? flagsText(p.data.account_id) : ''), cellRenderer: FlagsCell }];
}

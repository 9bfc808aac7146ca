// The month grid's view of the workflow: each bill's tickets (number, status) and its OK to Pay (or that it changed
// since approval), for the month on screen. Loaded with tickets.forMonth, kept fresh through the change feed, read
// by the grid's Ticket and OK to Pay columns (gridColumns.ts), which are refreshed when it changes.
import type { GridApi } from 'ag-grid-community';
import { api, type ApiOutput, type CheckRow } from '../api/index.ts';

export type BillWorkflow = ApiOutput<'tickets.forMonth'>[number];

class MonthWorkflow {
  month = '';
  private byAccount = new Map<string, BillWorkflow>();
  private seq = 0;
  grid: (() => GridApi<CheckRow> | null) | null = null;

  of(accountId: string): BillWorkflow | undefined {
    return this.byAccount.get(accountId);
  }

  async load(month: string) {
    const n = ++this.seq;
    const rows = await api.call('tickets.forMonth', { month });
    if (n !== this.seq) return;
    this.month = month;
    this.byAccount = new Map(rows.map((r) => [r.account_id, r]));
    this.grid?.()?.refreshCells({ columns: ['ticket', 'ok_to_pay'], force: true });
  }
}

export const monthWorkflow = new MonthWorkflow();

// The month grid's view of the audit flags (bills.flags) for the month on screen, read by the Flags column.
import type { GridApi } from 'ag-grid-community';
import { api, type ApiOutput, type CheckRow } from '../api/index.ts';

export type AccountFlags = ApiOutput<'bills.flags'>['accounts'][number]['flags'];

export const RULE_LABEL: Record<AccountFlags[number]['rule'], string> = {
  duplicate: 'Duplicate',
  missing: 'Missing',
  trend: 'Trend',
  after_end: 'After end',
  not_in_inventory: 'Not in inventory',
  lines_mismatch: 'Lines',
};

class MonthFlags {
  month = '';
  private byAccount = new Map<string, AccountFlags>();
  private seq = 0;
  grid: (() => GridApi<CheckRow> | null) | null = null;

  of(accountId: string): AccountFlags {
    return this.byAccount.get(accountId) ?? [];
  }

  async load(month: string) {
    const n = ++this.seq;
    const out = await api.call('bills.flags', { month });
    if (n !== this.seq) return;
    this.month = month;
    this.byAccount = new Map(out.accounts.map((a) => [a.account_id, a.flags]));
    this.grid?.()?.refreshCells({ columns: ['flags'], force: true });
  }
}

export const monthFlags = new MonthFlags();

/** "Trend; Missing" for the cell, the explanations for its tooltip and screen readers. */
export const flagsText = (accountId: string) => monthFlags.of(accountId).map((f) => RULE_LABEL[f.rule]).join('; ');
export const flagsExplained = (accountId: string) => monthFlags.of(accountId).map((f) => f.explanation).join('\n');

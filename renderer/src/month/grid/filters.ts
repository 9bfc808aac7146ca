// The filter bar's choices as AG Grid's external filter: exact names (any case) and a status or "flagged".
import type { IRowNode } from 'ag-grid-community';
import { isFlagged } from '../../../../core/totals.ts';
import type { CheckRow } from '../../api/index.ts';
import { useStore } from '../../store.ts';

const same = (wanted: string, value: string | null) => wanted === '' || (value ?? '').toLowerCase() === wanted.toLowerCase();

export function hasFilters(): boolean {
  const f = useStore.getState().filters;
  return f.customer !== '' || f.location !== '' || f.carrier !== '' || f.status !== 'all';
}

export function passesFilters(node: IRowNode<CheckRow>): boolean {
  const f = useStore.getState().filters;
  const r = node.data;
  if (!r) return false;
  if (!same(f.customer, r.customer) || !same(f.location, r.location) || !same(f.carrier, r.carrier)) return false;
  if (f.status === 'flagged') return isFlagged(r.status);
  return f.status === 'all' || r.status === f.status;
}

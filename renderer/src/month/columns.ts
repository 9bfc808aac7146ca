// The month grid's columns: ids, headers (exactly as users and tests name them) and which ones take input.
export const COLUMNS = [
  { id: 'customer', header: 'Customer' },
  { id: 'location', header: 'Location' },
  { id: 'carrier', header: 'Carrier' },
  { id: 'account', header: 'Account' },
  { id: 'expected', header: 'Expected' },
  { id: 'actual', header: 'Actual' },
  { id: 'variance', header: 'Variance' },
  { id: 'variance_pct', header: 'Variance %' },
  { id: 'status', header: 'Status' },
  { id: 'invoice', header: 'Invoice' },
  { id: 'note', header: 'Note' },
] as const;

export type ColumnId = (typeof COLUMNS)[number]['id'];
export type EditableColumn = 'actual' | 'invoice' | 'note';

export const EDITABLE: ReadonlySet<string> = new Set<EditableColumn>(['actual', 'invoice', 'note']);
export const isEditable = (id: string): id is EditableColumn => EDITABLE.has(id);
export const headerOf = (id: string) => COLUMNS.find((c) => c.id === id)?.header ?? id;

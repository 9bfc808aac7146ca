// The fields of each inventory form, with the labels tests and screen readers find them by.
import type { FieldSpec } from './fields.ts';

export const DEFAULT_STAGES = ['prospect', 'active', 'former'];

export const customerSpecs = (stages: string[]): FieldSpec[] => [
  { name: 'name', label: 'Customer name', kind: 'text', required: true },
  { name: 'code', label: 'Customer code', kind: 'text' },
  { name: 'stage', label: 'Stage', kind: 'select', options: stages.map((s) => ({ value: s, label: s[0]!.toUpperCase() + s.slice(1) })) },
  { name: 'notes', label: 'Notes', kind: 'textarea' },
];

export const locationSpecs: FieldSpec[] = [
  { name: 'name', label: 'Location name', kind: 'text', required: true },
  { name: 'address', label: 'Address', kind: 'textarea' },
  { name: 'is_main', label: 'Main location', kind: 'checkbox' },
];

export const carrierSpecs: FieldSpec[] = [
  { name: 'name', label: 'Carrier name', kind: 'text', required: true },
  { name: 'account_rep_contact', label: 'Account rep contact', kind: 'text', hint: 'name, phone or e-mail' },
  { name: 'dispute_contact', label: 'Dispute contact', kind: 'text', hint: 'name, phone or e-mail' },
  { name: 'bill_day', label: 'Usual bill day', kind: 'int', min: 1, max: 31, hint: 'day of the month, 1–31' },
  { name: 'dispute_window_days', label: 'Dispute window (days)', kind: 'int', min: 0, max: 3650 },
  { name: 'notes', label: 'Notes', kind: 'textarea' },
];

export const accountSpecs = (carriers: { id: string; name: string }[], locations: { id: string; name: string }[]): FieldSpec[] => [
  { name: 'account_number', label: 'Account number', kind: 'text', required: true },
  { name: 'carrier_id', label: 'Carrier', kind: 'select', required: true, options: [{ value: '', label: 'Choose a carrier…' }, ...carriers.map((c) => ({ value: c.id, label: c.name }))] },
  { name: 'location_id', label: 'Location', kind: 'select', options: [{ value: '', label: 'No location' }, ...locations.map((l) => ({ value: l.id, label: l.name }))] },
  { name: 'start_month', label: 'First month', kind: 'month', hint: 'YYYY-MM; empty = every month, past ones too' },
  { name: 'end_month', label: 'Last month', kind: 'month', hint: 'YYYY-MM; empty = open-ended' },
];

export const SERVICE_STATUSES = ['ordered', 'active', 'disconnected'] as const;

export const serviceSpecs = (groups: { id: string; name: string }[], locations: { id: string; name: string }[]): FieldSpec[] => [
  { name: 'description', label: 'Description', kind: 'text', required: true },
  { name: 'group_id', label: 'Service group', kind: 'select', options: [{ value: '', label: 'No group' }, ...groups.map((g) => ({ value: g.id, label: g.name }))] },
  { name: 'location_id', label: 'Service location', kind: 'select', options: [{ value: '', label: 'The account’s location' }, ...locations.map((l) => ({ value: l.id, label: l.name }))] },
  { name: 'circuit_id', label: 'Circuit or line id', kind: 'text' },
  { name: 'status', label: 'Status', kind: 'select', options: SERVICE_STATUSES.map((s) => ({ value: s, label: s[0]!.toUpperCase() + s.slice(1) })) },
  { name: 'install_date', label: 'Install date', kind: 'date' },
  { name: 'disconnect_date', label: 'Disconnect date', kind: 'date' },
  { name: 'monthly_cents', label: 'Monthly charge', kind: 'money' },
];

export const contractSpecs: FieldSpec[] = [
  { name: 'start_date', label: 'Contract start', kind: 'date' },
  { name: 'end_date', label: 'Contract end', kind: 'date' },
  { name: 'auto_renew', label: 'Renews automatically', kind: 'checkbox' },
  {
    name: 'expected_source',
    label: 'Expected monthly total from',
    kind: 'select',
    options: [
      { value: 'services', label: 'Sum of the account’s active services' },
      { value: 'entered', label: 'An entered total' },
    ],
  },
  { name: 'expected_cents', label: 'Entered monthly total', kind: 'money' },
  { name: 'tolerance_pct_bp', label: 'Tolerance percent', kind: 'percent', hint: 'e.g. 5 or 2.5' },
  { name: 'tolerance_amount_cents', label: 'Tolerance amount', kind: 'money' },
  {
    name: 'tolerance_mode',
    label: 'Tolerance mode',
    kind: 'select',
    options: [
      { value: 'either', label: 'Flag when beyond any limit' },
      { value: 'both', label: 'Flag only when beyond every limit' },
    ],
  },
];

export const FIELD_TYPES = ['text', 'number', 'money', 'date', 'list'] as const;

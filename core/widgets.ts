/**
 * The home dashboard's widgets. Widget security (which users see which widgets, via widget groups) keys on these
 * ids, so an id never changes once shipped; titles may. Pure module: no I/O, shared by api/, the renderer and
 * the admin screens.
 */
import type { Module } from './permissions.ts';

export interface WidgetDef {
  /** Stable key used by widget groups; lowercase kebab-case. */
  id: string;
  /** Heading shown on the dashboard and in the widget-group editor. */
  title: string;
  /** The module whose data the widget shows (a user without view on it never gets the widget). */
  module: Module;
}

export const WIDGETS = [
  { id: 'month-progress', title: 'Month progress', module: 'tem' },
  { id: 'flagged-bills', title: 'Flagged bills and amount at stake', module: 'tem' },
  { id: 'open-tickets', title: 'Open tickets by status', module: 'tem' },
  { id: 'overdue-tickets', title: 'Overdue tickets', module: 'tem' },
  { id: 'credits-recovered', title: 'Credits recovered this year', module: 'tem' },
  { id: 'missing-bills', title: 'Missing bills', module: 'tem' },
  { id: 'contracts-ending', title: 'Contracts ending', module: 'inventory' },
  { id: 'company-news', title: 'Company news', module: 'admin' },
  { id: 'expected-vs-actual', title: 'Expected vs actual, 24 months', module: 'tem' },
  { id: 'largest-variances', title: 'Largest variances', module: 'tem' },
] as const satisfies readonly WidgetDef[];

export type WidgetId = (typeof WIDGETS)[number]['id'];

export const WIDGET_IDS: readonly WidgetId[] = WIDGETS.map((w) => w.id);

export function isWidgetId(id: string): id is WidgetId {
  return (WIDGET_IDS as readonly string[]).includes(id);
}

export function widgetTitle(id: WidgetId): string {
  return WIDGETS.find((w) => w.id === id)!.title;
}

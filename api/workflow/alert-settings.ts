// The settings the alerts read, in one place so their source can change without touching the rules. They come
// from the installation settings (core/settings.ts, kept by the carrier-bills area): the grace period after a
// carrier's bill day, the bill day of carriers that have none entered, and how far ahead a due date or a
// closing dispute window is shown (7 days unless changed).
import type { Ctx } from '../context.ts';
import { readSetting } from '../handlers/settings.ts';

export interface AlertSettings {
  /** Days after the carrier's bill day before a bill counts as missing. */
  graceDays: number;
  /** The bill day of carriers that have none entered. */
  defaultBillDay: number;
  /** Tickets and dispute windows due within this many days (today and the last day included) are "closing". */
  closingDays: number;
}

export function alertSettings(ctx: Ctx): AlertSettings {
  return { graceDays: readSetting(ctx, 'bills.grace_days'), defaultBillDay: readSetting(ctx, 'bills.default_bill_day'), closingDays: readSetting(ctx, 'alerts.closing_days') };
}

// The reports' handlers: each report's typed rows and totals, the one export path, sharing with carriers and
// the dashboard. The work is in api/reports/.
import type { Handler } from './index.ts';
import { discrepancies } from '../reports/discrepancies.ts';
import { monthSummary } from '../reports/summary.ts';
import { okToPay } from '../reports/register.ts';
import { ticketAgeing } from '../reports/ageing.ts';
import { creditsRecovered } from '../reports/credits.ts';
import { missingBills } from '../reports/missing.ts';
import { contractsEnding } from '../reports/contracts.ts';
import { exportReport } from '../reports/registry.ts';
import { shareWithCarriers } from '../reports/share.ts';
import { dashboard, monthSeries } from '../reports/dashboard.ts';

export const reportHandlers: {
  'reports.discrepancies': Handler<'reports.discrepancies'>;
  'reports.monthByCustomer': Handler<'reports.monthByCustomer'>;
  'reports.monthByCarrier': Handler<'reports.monthByCarrier'>;
  'reports.okToPay': Handler<'reports.okToPay'>;
  'reports.ticketAgeing': Handler<'reports.ticketAgeing'>;
  'reports.credits': Handler<'reports.credits'>;
  'reports.missingBills': Handler<'reports.missingBills'>;
  'reports.contractsEnding': Handler<'reports.contractsEnding'>;
  'reports.export': Handler<'reports.export'>;
  'reports.shareWithCarriers': Handler<'reports.shareWithCarriers'>;
  'reports.dashboard': Handler<'reports.dashboard'>;
  'reports.monthSeries': Handler<'reports.monthSeries'>;
} = {
  'reports.discrepancies': discrepancies,
  'reports.monthByCustomer': (ctx, i) => monthSummary(ctx, i.month, 'customer'),
  'reports.monthByCarrier': (ctx, i) => monthSummary(ctx, i.month, 'carrier'),
  'reports.okToPay': (ctx, i) => okToPay(ctx, i.month),
  'reports.ticketAgeing': ticketAgeing,
  'reports.credits': creditsRecovered,
  'reports.missingBills': missingBills,
  'reports.contractsEnding': contractsEnding,
  'reports.export': exportReport,
  'reports.shareWithCarriers': shareWithCarriers,
  'reports.dashboard': dashboard,
  'reports.monthSeries': async (ctx, i) => ({ series: await monthSeries(ctx, i.month, i.months ?? 24) }),
};

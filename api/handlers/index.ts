// Every method of the contract, bound to its implementation. The type makes a missing handler a compile error.
import type { z } from 'zod';
import type { Methods, MethodName } from '../contract/index.ts';
import type { Ctx } from '../context.ts';
import { entityHandlers } from './entities.ts';
import { listAudit, undoBatch, auditActors, exportAudit } from './audit.ts';
import { checkMonthRows } from '../month/query.ts';
import { monthTotals } from '../../core/totals.ts';
import { setActual, clearActual, setManyActuals, setOverride } from '../month/actuals.ts';
import { importBookJob } from '../import/book-jobs.ts';
import { inventoryHandlers } from './inventory.ts';
import { importActuals } from '../import/actuals.ts';
import { openTicket, getTicket, listTickets, updateTicket, addNote, addCredit, ticketsForMonth, ticketAssignees } from '../workflow/tickets.ts';
import { approveBills, withdrawApproval, readyToPay } from '../workflow/approvals.ts';
import { accountHistory, rollup, findAccounts } from '../workflow/history.ts';
import { adminHandlers } from './admin.ts';
import { addAttachment, listAttachments, downloadAttachment, removeAttachment } from '../workflow/attachments.ts';
import { exportRegister } from '../workflow/register-export.ts';
import { listAlerts } from '../workflow/alerts.ts';
import { getSettings, setSettings } from './settings.ts';
import * as bills from './bills.ts';
import { reportHandlers } from './reports.ts';
import { syncInfo, syncPush, syncPull, syncStatus, syncLink, syncUnlink, syncRun, syncNotApplied } from './sync.ts';

export type Input<M extends MethodName> = z.output<Methods[M]['input']>;
export type Output<M extends MethodName> = z.input<Methods[M]['output']>;
export type Handler<M extends MethodName> = (ctx: Ctx, input: Input<M>) => Output<M> | Promise<Output<M>>;

const customers = entityHandlers('customers');
const locations = entityHandlers('locations');
const carriers = entityHandlers('carriers');
const accounts = entityHandlers('accounts');
const services = entityHandlers('services');
const contracts = entityHandlers('contracts');

// Entity rows come from SELECT * and are checked by the output schema at the door.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = (ctx: Ctx, input: any) => any;
const loose = (f: (ctx: Ctx, input: never) => unknown) => f as Loose;

export const handlers: { [M in MethodName]: Handler<M> } = {
  'customers.list': loose(customers.list),
  'customers.get': loose(customers.get),
  'customers.create': loose(customers.create),
  'customers.update': loose(customers.update),
  'customers.retire': loose(customers.retire),
  'locations.list': loose(locations.list),
  'locations.get': loose(locations.get),
  'locations.create': loose(locations.create),
  'locations.update': loose(locations.update),
  'locations.retire': loose(locations.retire),
  'carriers.list': loose(carriers.list),
  'carriers.get': loose(carriers.get),
  'carriers.create': loose(carriers.create),
  'carriers.update': loose(carriers.update),
  'carriers.retire': loose(carriers.retire),
  'accounts.list': loose(accounts.list),
  'accounts.get': loose(accounts.get),
  'accounts.create': loose(accounts.create),
  'accounts.update': loose(accounts.update),
  'accounts.retire': loose(accounts.retire),
  'services.list': loose(services.list),
  'services.get': loose(services.get),
  'services.create': loose(services.create),
  'services.update': loose(services.update),
  'services.retire': loose(services.retire),
  'contracts.list': loose(contracts.list),
  'contracts.get': loose(contracts.get),
  'contracts.create': loose(contracts.create),
  'contracts.update': loose(contracts.update),
  'contracts.retire': loose(contracts.retire),
  'month.check': (ctx, input) => {
    let rows = checkMonthRows(ctx, input.month, input);
    if (input.status?.length) rows = rows.filter((r) => input.status!.includes(r.status));
    return { month: input.month, rows, totals: monthTotals(rows, input.month) };
  },
  'actuals.set': setActual,
  'actuals.clear': clearActual,
  'actuals.setMany': setManyActuals,
  'expected.setOverride': setOverride,
  'import.book': importBookJob,
  'import.actuals': importActuals,
  'audit.list': listAudit,
  'audit.undo': undoBatch,
  'tickets.open': openTicket,
  'tickets.get': getTicket,
  'tickets.list': listTickets,
  'tickets.update': updateTicket,
  'tickets.addNote': addNote,
  'tickets.addCredit': addCredit,
  'tickets.forMonth': ticketsForMonth,
  'tickets.assignees': ticketAssignees,
  'approvals.approve': approveBills,
  'approvals.withdraw': withdrawApproval,
  'approvals.register': readyToPay,
  'history.account': accountHistory,
  'history.rollup': rollup,
  // sign-in and administration (issue 6)
  ...adminHandlers,
  // billing tickets, OK to Pay, history, audit trail and alerts (issue 5)
  'history.findAccounts': findAccounts,
  'attachments.add': addAttachment,
  'attachments.list': listAttachments,
  'attachments.download': downloadAttachment,
  'attachments.remove': removeAttachment,
  'approvals.export': exportRegister,
  'audit.actors': auditActors,
  'audit.export': exportAudit,
  'alerts.list': listAlerts,
  'settings.get': getSettings,
  'settings.set': setSettings,
  'billProfiles.list': bills.listProfiles,
  'billProfiles.get': bills.getProfile,
  'billProfiles.create': bills.createProfile,
  'billProfiles.update': bills.updateProfile,
  'billProfiles.retire': bills.retireProfile,
  'bills.preview': bills.previewBills,
  'bills.importStart': bills.startImport,
  'bills.importStep': bills.stepImport,
  'bills.importRun': bills.getRun,
  'bills.import': (ctx, input) => bills.importBills(ctx, input),
  'bills.loadOxford': bills.loadOxford,
  'bills.list': bills.listBills,
  'bills.retire': bills.retireBills,
  'bills.compare': bills.compareBill,
  'bills.flags': bills.monthFlags,
  // reports, exports and the home dashboard (issue 7)
  ...reportHandlers,
  // sync between desks and a hosted instance (issue 10)
  'sync.info': syncInfo,
  'sync.push': syncPush,
  'sync.pull': syncPull,
  'sync.status': syncStatus,
  'sync.link': syncLink,
  'sync.unlink': syncUnlink,
  'sync.now': syncRun,
  'sync.notApplied': syncNotApplied,
  // inventory (issue 4)
  ...inventoryHandlers,
};

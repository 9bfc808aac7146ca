// The API contract: every method of TEM desk with its zod input and output. The renderer, the preload
// allowlist, the HTTP server and the CLI all read this one table.
import * as entities from './entities.ts';
import * as month from './month.ts';
import * as imports from './imports.ts';
import * as audit from './audit.ts';
import * as tickets from './tickets.ts';
import * as approvals from './approvals.ts';
import * as history from './history.ts';

export const methods = {
  'customers.list': entities.customers.list,
  'customers.get': entities.customers.get,
  'customers.create': entities.customers.create,
  'customers.update': entities.customers.update,
  'customers.retire': entities.customers.retire,
  'locations.list': entities.locations.list,
  'locations.get': entities.locations.get,
  'locations.create': entities.locations.create,
  'locations.update': entities.locations.update,
  'locations.retire': entities.locations.retire,
  'carriers.list': entities.carriers.list,
  'carriers.get': entities.carriers.get,
  'carriers.create': entities.carriers.create,
  'carriers.update': entities.carriers.update,
  'carriers.retire': entities.carriers.retire,
  'accounts.list': entities.accounts.list,
  'accounts.get': entities.accounts.get,
  'accounts.create': entities.accounts.create,
  'accounts.update': entities.accounts.update,
  'accounts.retire': entities.accounts.retire,
  'services.list': entities.services.list,
  'services.get': entities.services.get,
  'services.create': entities.services.create,
  'services.update': entities.services.update,
  'services.retire': entities.services.retire,
  'contracts.list': entities.contracts.list,
  'contracts.get': entities.contracts.get,
  'contracts.create': entities.contracts.create,
  'contracts.update': entities.contracts.update,
  'contracts.retire': entities.contracts.retire,
  'month.check': month.check,
  'actuals.set': month.setActual,
  'actuals.clear': month.clearActual,
  'actuals.setMany': month.setManyActuals,
  'expected.setOverride': month.setOverride,
  'import.book': imports.importBook,
  'import.actuals': imports.importActuals,
  'audit.list': audit.list,
  'audit.undo': audit.undo,
  'tickets.open': tickets.open,
  'tickets.get': tickets.get,
  'tickets.list': tickets.list,
  'tickets.update': tickets.update,
  'tickets.addNote': tickets.addNote,
  'tickets.addCredit': tickets.addCredit,
  'tickets.forMonth': tickets.forMonth,
  'approvals.approve': approvals.approve,
  'approvals.withdraw': approvals.withdraw,
  'approvals.register': approvals.register,
  'history.account': history.account,
  'history.rollup': history.rollup,
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export const METHOD_NAMES = Object.keys(methods) as MethodName[];

export { CheckRow, MonthCheck, CheckTotals } from './month.ts';
export { ImportResult } from './imports.ts';

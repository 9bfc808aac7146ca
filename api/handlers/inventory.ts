// The inventory methods (issue 4), bound to their implementations in api/inventory, api/import and api/export.
import type { Ctx } from '../context.ts';
import { searchCustomers, searchCarriers, searchServices } from '../inventory/search.ts';
import { listGroups, getGroup, createGroup, updateGroup, retireGroup } from '../inventory/groups.ts';
import { bulkUpdateServices } from '../inventory/bulk.ts';
import { listExpected, setStep } from '../inventory/expected.ts';
import { contractsEnding } from '../inventory/contracts.ts';
import { customerTree } from '../inventory/tree.ts';
import { allowedStages } from '../inventory/rules.ts';
import { previewBook, bookProfiles } from '../import/book-preview.ts';
import { findMapping, rememberMapping } from '../import/book-mappings.ts';
import { importProgress } from '../import/book-jobs.ts';
import { exportBook } from '../export/book.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = (ctx: Ctx, input: any) => any;
const loose = (f: (ctx: Ctx, input: never) => unknown) => f as Loose;

export const inventoryHandlers = {
  'customers.search': loose(searchCustomers),
  'customers.stages': loose((ctx: Ctx) => allowedStages(ctx)),
  'customers.tree': loose(customerTree),
  'carriers.search': loose(searchCarriers),
  'groups.list': loose(listGroups),
  'groups.get': loose(getGroup),
  'groups.create': loose(createGroup),
  'groups.update': loose(updateGroup),
  'groups.retire': loose(retireGroup),
  'services.search': loose(searchServices),
  'services.bulkUpdate': loose(bulkUpdateServices),
  'expected.list': loose(listExpected),
  'expected.setStep': loose(setStep),
  'contracts.ending': loose(contractsEnding),
  'book.preview': loose(previewBook),
  'book.mapping': loose((ctx: Ctx, input: { headers: string[] }) => findMapping(ctx, input.headers)),
  'book.saveMapping': loose((ctx: Ctx, input: { headers: string[]; map: Record<string, string>; locale?: string | null }) =>
    rememberMapping(ctx, input.headers, input.map, input.locale ?? null),
  ),
  'book.profiles': loose(bookProfiles),
  'import.progress': loose(importProgress),
  'export.book': loose(exportBook),
} as const;

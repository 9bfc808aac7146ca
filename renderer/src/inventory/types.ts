// Record shapes as the inventory screens use them, straight from the contract.
import type { ApiOutput } from '../api/index.ts';

export type Customer = ApiOutput<'customers.get'>;
export type Location = ApiOutput<'locations.get'>;
export type Carrier = ApiOutput<'carriers.get'>;
export type Account = ApiOutput<'accounts.get'>;
export type Service = ApiOutput<'services.get'>;
export type Contract = ApiOutput<'contracts.get'>;
export type ServiceGroup = ApiOutput<'groups.get'>;
export type GroupField = ServiceGroup['fields'][number];
export type Tree = ApiOutput<'customers.tree'>;
export type TreeLocation = Tree['locations'][number];
export type TreeAccount = Tree['other_accounts'][number];
export type TreeService = TreeAccount['services'][number];
export type TreeContract = TreeAccount['contracts'][number];
export type InventoryRow = ApiOutput<'services.search'>['rows'][number];
export type EndingContract = ApiOutput<'contracts.ending'>[number];

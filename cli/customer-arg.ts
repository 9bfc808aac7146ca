// A --customer value on the command line names a customer by its code, its name or its id, so nobody has to
// look up an id first. Each command says where the customers come from: `tem user add` uses the client-login
// picker (a delegated administrator may lack CRM view), `tem export book` the customer list.
import { call, type Ctx } from '../api/index.ts';
import { ApiError } from '../api/errors.ts';
import { UsageError } from './io.ts';

export type CustomerChoice = { id: string; name: string; code: string | null };

export interface CustomerSource {
  /** The customer with this id, if any. */
  byId(ctx: Ctx, id: string): Promise<CustomerChoice | null>;
  /** Every customer whose name or code contains `text`. */
  matching(ctx: Ctx, text: string): Promise<CustomerChoice[]>;
}

const PAGE = 200;

/** The client-login picker's own method: what `admin.customerChoices` offers. */
export const pickerCustomers: CustomerSource = {
  async byId(ctx, id) {
    const r = await call(ctx, 'admin.customerChoices', { ids: [id], limit: 1 });
    return r.chosen[0] ?? null;
  },
  async matching(ctx, text) {
    const out: CustomerChoice[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = await call(ctx, 'admin.customerChoices', { search: text, limit: PAGE, offset });
      out.push(...page.rows);
      if (page.rows.length < PAGE) return out;
    }
  },
};

/** The customer list (`customers.list`), for commands that already need to see the customers. */
export const listedCustomers: CustomerSource = {
  async byId(ctx, id) {
    try {
      return await call(ctx, 'customers.get', { id });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'not_found') return null;
      throw e;
    }
  },
  async matching(ctx, text) {
    const out: CustomerChoice[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = await call(ctx, 'customers.list', { search: text, limit: PAGE, offset });
      out.push(...page);
      if (page.length < PAGE) return out;
    }
  },
};

const describe = (c: CustomerChoice) => `${c.name}${c.code ? ` (code ${c.code})` : ''} [id ${c.id}]`;

/** One value: an id, else a code (exact, any case), else a name (exact, any case) that only one customer has.
 *  An ambiguous name is refused with the choices, so the code can be given instead. */
export async function resolveCustomer(ctx: Ctx, source: CustomerSource, given: string): Promise<string | null> {
  const byId = await source.byId(ctx, given);
  if (byId) return byId.id;
  const found = await source.matching(ctx, given);
  const same = (a: string | null) => a !== null && a.localeCompare(given, undefined, { sensitivity: 'accent' }) === 0;
  const byCode = found.filter((c) => same(c.code));
  if (byCode.length === 1) return byCode[0]!.id;
  const byName = found.filter((c) => same(c.name));
  if (byName.length === 1 && !byCode.length) return byName[0]!.id;
  const several = [...byCode, ...byName.filter((c) => !byCode.includes(c))];
  if (several.length > 1)
    throw new UsageError(`--customer "${given}" names ${several.length} customers; give the code (or id) of one:\n${several.map((c) => `  ${describe(c)}`).join('\n')}`);
  return null;
}

const noSuch = (value: string) => new UsageError(`--customer: there is no customer with the code, name or id "${value}"`);

/** One customer, refused with a clear message when there is none. */
export async function oneCustomer(ctx: Ctx, source: CustomerSource, value: string): Promise<string> {
  const id = await resolveCustomer(ctx, source, value.trim());
  if (!id) throw noSuch(value.trim());
  return id;
}

/** Every customer named by repeated --customer values, each one customer or a comma-separated list. */
export async function customerIds(ctx: Ctx, source: CustomerSource, values: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const value of values) {
    const whole = value.trim();
    // A name may hold a comma, so the whole value is tried as one customer first.
    const one = whole ? await resolveCustomer(ctx, source, whole) : null;
    if (one) {
      ids.push(one);
      continue;
    }
    const parts = whole.split(',').map((c) => c.trim()).filter(Boolean);
    if (parts.length < 2) throw noSuch(whole);
    for (const part of parts) ids.push(await oneCustomer(ctx, source, part));
  }
  return [...new Set(ids)];
}

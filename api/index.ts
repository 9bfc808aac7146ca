// The one entry every door uses: look the method up, parse its input, run it, check its output.
import { z } from 'zod';
import { methods, type MethodName } from './contract/index.ts';
import { handlers, type Input, type Output } from './handlers/index.ts';
import { ApiError } from './errors.ts';
import { plainInputMessage } from './input-messages.ts';
import type { Ctx } from './context.ts';
import { reportMutation } from './events.ts';
import { ACCESS } from './contract/access.ts';
import { IMPORT_METHODS } from './contract/doors.ts';
import { can, describeAccess, CLIENT_PERMISSIONS, PERMISSION_VERB } from '../core/permissions.ts';
import { CentsRangeError } from '../core/money.ts';

export { ApiError } from './errors.ts';
export { makeCtx, trailDoorOf, type Ctx, type Door, type TrailDoor } from './context.ts';
export { IMPORT_METHODS } from './contract/doors.ts';
export { methods, METHOD_NAMES, type MethodName } from './contract/index.ts';
export { ACCESS } from './contract/access.ts';
export { onChange, type ChangeEvent } from './events.ts';

const describe = (e: z.ZodError) =>
  e.issues.map((i) => `${i.path.length ? i.path.join('.') : 'input'}: ${i.message}`).join('; ');

export function isMethod(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(methods, name);
}

/** Calls one API method by name with untrusted input. Throws ApiError for anything the caller did wrong. */
export async function call<M extends MethodName>(ctx: Ctx, name: M, input: unknown): Promise<z.output<(typeof methods)[M]['output']>> {
  if (!isMethod(name)) throw new ApiError('not_found', `There is no method "${String(name)}"`);
  const def = methods[name];
  const access = ACCESS[name];
  if (ctx.anonymous && access.open !== 'public') throw new ApiError('unauthenticated', `Please sign in first: ${name} needs a signed-in user.`);
  if (!can(ctx.grants, access)) {
    // A client login's groups cannot lift it past read-only: say so, rather than name a permission it seems to have.
    if (ctx.scope !== null && !access.open && !CLIENT_PERMISSIONS.includes(access.permission))
      throw new ApiError('forbidden', `${ctx.actor} may not call ${name}: client logins can view, export and comment on their tickets, not ${PERMISSION_VERB[access.permission]}`);
    throw new ApiError('forbidden', `${ctx.actor} may not call ${name}: it needs ${describeAccess(access)}`);
  }
  const parsed = def.input.safeParse(input ?? {}, { error: plainInputMessage });
  if (!parsed.success) throw new ApiError('invalid_input', `${name}: ${describe(parsed.error)}`, parsed.error.issues);
  const handler = handlers[name] as (ctx: Ctx, input: Input<M>) => Output<M> | Promise<Output<M>>;
  // An import is recorded as 'import' whichever door called it; the ctx keeps its transport door for handlers
  // that need it (a copy, so the caller's ctx is unchanged for its next call).
  const run: Ctx = IMPORT_METHODS.has(name) ? { ...ctx, trail_door: 'import' } : ctx;
  let result: Output<M>;
  try {
    result = await handler(run, parsed.data as Input<M>);
  } catch (e) {
    // A total that cannot be counted exactly, or an amount beyond the bound (core/money.ts): said, never a 500.
    if (e instanceof CentsRangeError) throw new ApiError('conflict', `${name}: ${e.message}`);
    throw e;
  }
  const out = def.output.safeParse(result);
  if (!out.success) throw new ApiError('internal', `${name} produced an invalid result: ${describe(out.error)}`);
  if (def.kind === 'mutation') reportMutation(ctx, name, out.data);
  return out.data as z.output<(typeof methods)[M]['output']>;
}

/** A typed in-process client, as the CLI and the tests use it. */
export function client(ctx: Ctx) {
  return <M extends MethodName>(name: M, input: z.input<(typeof methods)[M]['input']>) => call(ctx, name, input);
}

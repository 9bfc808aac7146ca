// First run and sign-in. These are the only methods callable before signing in (see ACCESS: PUBLIC).
import { z } from 'zod';
import { query, mutation } from '../define.ts';
import { Id, Locale } from './common.ts';
import { MODULES, PERMISSIONS } from '../../core/permissions.ts';

const UserName = z
  .string()
  .trim()
  .min(1, 'a user name is needed')
  .max(100)
  .regex(/^[\p{L}\p{N}._@-]+$/u, 'a user name uses letters, digits, dot, dash, underscore or @, without spaces');
const Password = z.string().min(1, 'a password is needed').max(1024);

export const Grants = z.object({ admin: z.boolean(), modules: z.partialRecord(z.enum(MODULES), z.array(z.enum(PERMISSIONS))) });

export const Me = z.object({
  id: Id,
  name: z.string(),
  full_name: z.string().nullable(),
  email: z.string().nullable(),
  kind: z.enum(['staff', 'client']),
  admin: z.boolean(),
  owner: z.boolean(),
  manager: z.boolean(),
  modules: z.array(z.string()),
  customer_ids: z.array(z.string()),
  grants: Grants,
});
export type Me = z.infer<typeof Me>;

/** `session` is the token the door keeps (a cookie, Electron's main process); doors never pass it to a page. */
const SignedIn = z.object({ me: Me, session: z.string().optional() });

export const status = query(
  'auth.status',
  'Whether this install still needs its first-run set-up, and who is signed in',
  z.object({}),
  z.object({
    setup_needed: z.boolean(),
    company_name: z.string().nullable(),
    /** the company's default locale: amounts are typed and shown in it until a user picks another */
    company_locale: Locale,
    me: Me.nullable(),
    idle_minutes: z.number().int(),
  }),
);

export const setup = mutation(
  'auth.setup',
  'First run: create the company and its owner (a full administrator), and sign the owner in',
  z.object({
    company_name: z.string().trim().min(1, 'the company needs a name').max(300),
    name: UserName,
    full_name: z.string().trim().max(300).optional(),
    email: z.string().trim().max(300).optional(),
    password: Password,
    currency: z.string().regex(/^[A-Z]{3}$/, 'a currency is a three-letter code like USD').optional(),
    locale: Locale.optional(),
  }),
  SignedIn,
);

export const signIn = mutation('auth.signIn', 'Sign in with a user name and password', z.object({ name: z.string().trim().min(1, 'a user name is needed').max(100), password: Password }), SignedIn);

export const signOut = mutation('auth.signOut', 'End this session', z.object({}), z.object({ signed_out: z.boolean() }));

export const me = query('auth.me', 'The signed-in user and what they may do', z.object({}), Me);

export const changePassword = mutation(
  'auth.changePassword',
  'Change your own password (the current one is needed)',
  z.object({ current: Password, password: Password }),
  z.object({ changed: z.boolean() }),
);

export { UserName, Password };

// Who is signed in, for every screen: the auth gate fills it, pages read it (to hide what a user may not do;
// the API refuses it anyway).
import { createContext, useContext } from 'react';
import type { ApiOutput } from '../api/index.ts';

export type Me = ApiOutput<'auth.me'>;

export interface Session {
  me: Me;
  companyName: string | null;
  signOut(): Promise<void>;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session | null {
  return useContext(SessionContext);
}

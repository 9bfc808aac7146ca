// The door to the app: the first start shows sign-up (company and owner), later starts show sign-in, and a
// session that ends (sign-out, idle time, another window) brings sign-in back. The app itself shows only to a
// signed-in user; the API refuses everyone else in any case.
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiFailure } from '../api/index.ts';
import { SessionContext, type Me, type Session } from './session.ts';
import { SignInPage } from './SignInPage.tsx';
import { SignUpPage } from './SignUpPage.tsx';
import { takePrefetched } from '../prefetch.ts';
import { initialMonth } from '../initialMonth.ts';
import { useStore } from '../store.ts';
import { isAmountLocale } from '../../../core/money.ts';
import './auth.css';

/** The month asked for before sign-in was refused: drop that answer so the grid asks again, signed in. */
const dropRefusedPrefetch = () => void takePrefetched(initialMonth())?.catch(() => undefined);

type State =
  | { kind: 'loading' }
  | { kind: 'failed'; message: string }
  | { kind: 'setup' }
  | { kind: 'signin'; companyName: string | null; notice: string | null }
  | { kind: 'in'; me: Me; companyName: string | null };

// Any call that finds the session gone sends the window back to sign-in, with the reason the API gave.
let onSessionEnded: ((message: string) => void) | null = null;
const call = api.call.bind(api);
api.call = (async (method: string, input: unknown) => {
  try {
    return await call(method as never, input as never);
  } catch (e) {
    if (e instanceof ApiFailure && e.code === 'unauthenticated' && method !== 'auth.signIn') onSessionEnded?.(e.message);
    throw e;
  }
}) as typeof api.call;

export function AuthGate({ children }: { children: ReactNode }) {
  const [state, setState] = useState<State>({ kind: 'loading' });

  const load = useCallback(async (notice: string | null = null) => {
    try {
      const s = await api.call('auth.status', {});
      if (isAmountLocale(s.company_locale)) useStore.getState().adoptCompanyLocale(s.company_locale);
      if (s.setup_needed) setState({ kind: 'setup' });
      else if (s.me) setState({ kind: 'in', me: s.me, companyName: s.company_name });
      else setState({ kind: 'signin', companyName: s.company_name, notice });
    } catch (e) {
      setState({ kind: 'failed', message: (e as Error).message });
    }
  }, []);

  useEffect(() => {
    void load();
    onSessionEnded = (message) => setState((s) => (s.kind === 'in' ? { kind: 'signin', companyName: s.companyName, notice: message } : s));
    return () => {
      onSessionEnded = null;
    };
  }, [load]);

  const signOut = useCallback(async () => {
    try {
      await api.call('auth.signOut', {});
    } finally {
      await load('You signed out.');
    }
  }, [load]);

  const session: Session | null = useMemo(
    () => (state.kind === 'in' ? { me: state.me, companyName: state.companyName, signOut } : null),
    [state, signOut],
  );

  switch (state.kind) {
    case 'loading':
      return <p className="tem-loading">Loading…</p>;
    case 'failed':
      return (
        <p role="alert" className="tem-auth-failed">
          TEM desk cannot start: {state.message}
        </p>
      );
    case 'setup':
      return <SignUpPage onDone={() => (dropRefusedPrefetch(), void load())} />;
    case 'signin':
      return <SignInPage companyName={state.companyName} notice={state.notice} onDone={() => (dropRefusedPrefetch(), void load())} />;
    case 'in':
      return (
        <SessionContext.Provider value={session}>
          <div className="tem-auth-frame">
            <header className="tem-userbar" aria-label="Signed-in user">
              <span>{state.companyName}</span>
              <span className="tem-userbar-gap" />
              <span>
                Signed in as <strong>{state.me.full_name || state.me.name}</strong>
                {state.me.kind === 'client' ? ' (client access)' : ''}
              </span>
              <a href="#/admin/password">Change password</a>
              <button type="button" onClick={() => void signOut()}>
                Sign out
              </button>
            </header>
            <div className="tem-auth-body">{children}</div>
          </div>
        </SessionContext.Provider>
      );
  }
}

// Sign-in: user name and password. A refused sign-in (wrong password, a locked account) says why.
import { useState, type FormEvent } from 'react';
import { api } from '../api/index.ts';

export function SignInPage({ companyName, notice, onDone }: { companyName: string | null; notice: string | null; onDone(): void }) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.call('auth.signIn', { name, password });
      setPassword('');
      onDone();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="tem-auth">
      <form className="tem-auth-card" onSubmit={submit} aria-labelledby="signin-title">
        <h1 id="signin-title">Sign in to TEM desk</h1>
        {companyName ? <p className="tem-auth-company">{companyName}</p> : null}
        {notice ? (
          <p role="status" className="tem-auth-notice">
            {notice}
          </p>
        ) : null}
        <label>
          User name
          <input name="username" autoComplete="username" value={name} onChange={(e) => setName(e.target.value)} required autoFocus />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        {error ? (
          <p role="alert" className="tem-auth-error">
            {error}
          </p>
        ) : null}
        <button type="submit" disabled={busy}>
          Sign in
        </button>
      </form>
    </main>
  );
}

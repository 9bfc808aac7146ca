// The first start: name the company and create its owner, a full administrator who then sets up the rest.
import { useState, type FormEvent } from 'react';
import { api } from '../api/index.ts';

export function SignUpPage({ onDone }: { onDone(): void }) {
  const [f, setF] = useState({ company_name: '', name: '', full_name: '', email: '', password: '', confirm: '' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (f.password !== f.confirm) {
      setError('The two passwords are not the same.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const { confirm: _c, ...input } = f;
      await api.call('auth.setup', { ...input, full_name: input.full_name || undefined, email: input.email || undefined });
      onDone();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="tem-auth">
      <form className="tem-auth-card" onSubmit={submit} aria-labelledby="signup-title">
        <h1 id="signup-title">Welcome to TEM desk</h1>
        <p>Set up your company and your own account. You will be its owner and administrator; you add your colleagues and client logins afterwards.</p>
        <label>
          Company name
          <input value={f.company_name} onChange={set('company_name')} required autoFocus />
        </label>
        <label>
          Your user name
          <input autoComplete="username" value={f.name} onChange={set('name')} required />
        </label>
        <label>
          Your full name
          <input autoComplete="name" value={f.full_name} onChange={set('full_name')} />
        </label>
        <label>
          E-mail
          <input type="email" autoComplete="email" value={f.email} onChange={set('email')} />
        </label>
        <label>
          Password
          <input type="password" autoComplete="new-password" value={f.password} onChange={set('password')} required />
        </label>
        <label>
          Password again
          <input type="password" autoComplete="new-password" value={f.confirm} onChange={set('confirm')} required />
        </label>
        <p className="tem-auth-hint">At least 8 characters.</p>
        {error ? (
          <p role="alert" className="tem-auth-error">
            {error}
          </p>
        ) : null}
        <button type="submit" disabled={busy}>
          Create company
        </button>
      </form>
    </main>
  );
}

// Sign-in: user name and password. A refused sign-in (wrong password, a locked account) says why.
import { useState } from 'react';
import { api } from '../api/index.ts';
import { AuthCard, useSubmit } from './AuthCard.tsx';

export function SignInPage({ companyName, notice, onDone }: { companyName: string | null; notice: string | null; onDone(): void }) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const form = useSubmit(async () => {
    await api.call('auth.signIn', { name, password });
    setPassword('');
    onDone();
  });

  return (
    <AuthCard titleId="signin-title" title="Sign in to TEM desk" button="Sign in" form={form}>
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
    </AuthCard>
  );
}

// The first start: name the company and create its owner, a full administrator who then sets up the rest.
import { useState } from 'react';
import { api } from '../api/index.ts';
import { AuthCard, useSubmit } from './AuthCard.tsx';

export function SignUpPage({ onDone }: { onDone(): void }) {
  const [f, setF] = useState({ company_name: '', name: '', full_name: '', email: '', password: '', confirm: '' });
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const form = useSubmit(
    async () => {
      const { confirm: _c, ...input } = f;
      await api.call('auth.setup', { ...input, full_name: input.full_name || undefined, email: input.email || undefined });
      onDone();
    },
    () => (f.password !== f.confirm ? 'The two passwords are not the same.' : null),
  );

  return (
    <AuthCard titleId="signup-title" title="Welcome to TEM desk" button="Create company" form={form}>
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
    </AuthCard>
  );
}

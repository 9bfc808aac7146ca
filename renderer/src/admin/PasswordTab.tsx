// Changing one's own password (the current one is needed).
import { useState, type FormEvent } from 'react';
import { api } from '../api/index.ts';
import { attempt, NoticeLine, type Notice } from './common.tsx';
import './admin.css';

export function PasswordTab() {
  const [f, setF] = useState({ current: '', password: '', again: '' });
  const [notice, setNotice] = useState<Notice>(null);
  async function save(e: FormEvent) {
    e.preventDefault();
    if (f.password !== f.again) return setNotice({ kind: 'error', text: 'The two new passwords are not the same.' });
    if (await attempt(setNotice, 'Your password is changed.', () => api.call('auth.changePassword', { current: f.current, password: f.password }))) setF({ current: '', password: '', again: '' });
  }
  return (
    <div className="tem-admin">
      <h1>Change password</h1>
      <form className="tem-admin-form" onSubmit={save} aria-label="Change password">
        <label>
          Current password
          <input type="password" autoComplete="current-password" value={f.current} onChange={(e) => setF({ ...f, current: e.target.value })} required />
        </label>
        <label>
          New password
          <input type="password" autoComplete="new-password" value={f.password} onChange={(e) => setF({ ...f, password: e.target.value })} required />
        </label>
        <label>
          New password again
          <input type="password" autoComplete="new-password" value={f.again} onChange={(e) => setF({ ...f, again: e.target.value })} required />
        </label>
        <button type="submit">Change password</button>
        <NoticeLine notice={notice} />
      </form>
    </div>
  );
}

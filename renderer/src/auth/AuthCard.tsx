// What the sign-in and first-start cards share: the card with its heading, the refusal read out, the submit
// button, and a submit that is busy while it runs and shows the API's message when refused.
import { useState, type FormEvent, type ReactNode } from 'react';

/** `refusal` checks the form before anything is sent (its message shown, nothing sent). */
export function useSubmit(run: () => Promise<void>, refusal?: () => string | null) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const refused = refusal?.() ?? null;
    if (refused) {
      setError(refused);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await run();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return { error, busy, submit };
}

export function AuthCard(p: {
  titleId: string;
  title: string;
  button: string;
  form: ReturnType<typeof useSubmit>;
  children: ReactNode;
}) {
  return (
    <main className="tem-auth">
      <form className="tem-auth-card" onSubmit={p.form.submit} aria-labelledby={p.titleId}>
        <h1 id={p.titleId}>{p.title}</h1>
        {p.children}
        {p.form.error ? (
          <p role="alert" className="tem-auth-error">
            {p.form.error}
          </p>
        ) : null}
        <button type="submit" disabled={p.form.busy}>
          {p.button}
        </button>
      </form>
    </main>
  );
}

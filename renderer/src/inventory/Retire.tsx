// Retiring keeps the record and its history; the button asks once, in place, before it does it.
import { useState } from 'react';
import { failureText } from './call.ts';

export function RetireButton({ what, onRetire }: { what: string; onRetire(): Promise<unknown> }) {
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!asking)
    return (
      <button type="button" className="inv-retire" aria-label={`Retire ${what}`} onClick={() => setAsking(true)}>
        Retire
      </button>
    );
  return (
    <span className="inv-confirm" role="group" aria-label={`Retire ${what}?`}>
      <span>Retire {what}? Its history is kept.</span>
      <button
        type="button"
        onClick={() =>
          onRetire().then(
            () => setAsking(false),
            (e) => setError(failureText(e)),
          )
        }
      >
        Yes, retire
      </button>
      <button type="button" onClick={() => (setAsking(false), setError(null))}>
        Keep
      </button>
      {error ? <span role="alert">Not retired: {error}</span> : null}
    </span>
  );
}

// Retiring keeps the record and its history; the button asks once, in place, before it does it.
import { useState } from 'react';
import { failureText } from './call.ts';
import type { MethodName } from '../../../api/contract/index.ts';
import { mayCall } from '../auth/useCan.ts';
import { useSession } from '../auth/session.ts';
import { IfCan } from '../auth/IfCan.tsx';
import { api } from '../api/index.ts';

/** method: the API method that retires; the button is left out for a user who may not call it. */
export function RetireButton({ what, onRetire, method }: { what: string; onRetire(): Promise<unknown>; method?: MethodName }) {
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const me = useSession()?.me;
  if (method && !mayCall(me, method)) return null;
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

/** The record types whose rows carry Edit and Retire. */
type Retirable = 'carriers' | 'locations' | 'accounts' | 'services' | 'contracts' | 'groups';

/** A row's Edit and Retire buttons, each shown only to a user who may call its method. */
export function EditRetire({ kind, id, what, onEdit }: { kind: Retirable; id: string; what: string; onEdit(): void }) {
  const retire = `${kind}.retire` as const;
  return (
    <>
      <IfCan method={`${kind}.update`}>
        <button type="button" aria-label={`Edit ${what}`} onClick={onEdit}>
          Edit
        </button>
      </IfCan>
      <RetireButton what={what} method={retire} onRetire={() => api.call(retire as 'carriers.retire', { id })} />
    </>
  );
}

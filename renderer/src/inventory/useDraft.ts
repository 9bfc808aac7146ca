// What a form holds is kept in sessionStorage while it is open, so leaving the page, a reload or a refused save
// never loses what the user typed. A successful save clears it.
import { useCallback, useEffect, useState } from 'react';

const PREFIX = 'tem.draft.';

function load<T>(key: string): T | null {
  try {
    const raw = sessionStorage.getItem(PREFIX + key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

export function useDraft<T extends object>(key: string, initial: () => T): [T, (next: T | ((prev: T) => T)) => void, (resetTo?: T) => void] {
  const [value, setValue] = useState<T>(() => load<T>(key) ?? initial());
  useEffect(() => setValue(load<T>(key) ?? initial()), [key]); // eslint-disable-line react-hooks/exhaustive-deps
  const set = useCallback(
    (next: T | ((prev: T) => T)) =>
      setValue((prev) => {
        const v = typeof next === 'function' ? (next as (p: T) => T)(prev) : next;
        try {
          sessionStorage.setItem(PREFIX + key, JSON.stringify(v));
        } catch {
          /* storage full or off: the form still holds the text */
        }
        return v;
      }),
    [key],
  );
  /** Forgets the stored text; with resetTo, the form shows that again (a form that stays open after a save). */
  const clear = useCallback(
    (resetTo?: T) => {
      sessionStorage.removeItem(PREFIX + key);
      if (resetTo) setValue(resetTo);
    },
    [key],
  );
  return [value, set, clear];
}

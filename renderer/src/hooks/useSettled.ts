// What a person typed, once they pause: searches run on the settled text, not on every key.
import { useEffect, useState } from 'react';

/** `typed` trimmed, `ms` after the last change (and at once the first time). */
export function useSettled(typed: string, ms = 200): string {
  const [settled, setSettled] = useState(typed.trim());
  useEffect(() => {
    const t = setTimeout(() => setSettled(typed.trim()), ms);
    return () => clearTimeout(t);
  }, [typed, ms]);
  return settled;
}

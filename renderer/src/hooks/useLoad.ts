// Loading data for a screen, one way everywhere: runs when its inputs change, keeps the last data on screen
// while it reloads, drops answers that arrive after a newer load started, and keeps the API's message when a
// load is refused. A live load also runs again after any write (this window or another); administration
// screens are not live, so a form being filled in there is never reset by someone else's write.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../api/index.ts';

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload(): void;
}

export const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function useLoad<T>(load: () => Promise<T>, deps: unknown[], { live = true }: { live?: boolean } = {}): Loaded<T> {
  const [state, setState] = useState<Omit<Loaded<T>, 'reload'>>({ data: null, error: null, loading: true });
  const [tick, setTick] = useState(0);
  const seq = useRef(0);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  useEffect(() => {
    const n = ++seq.current;
    setState((s) => (s.loading ? s : { ...s, loading: true }));
    load().then(
      (data) => n === seq.current && setState({ data, error: null, loading: false }),
      (e) => n === seq.current && setState((s) => ({ data: s.data, error: errorText(e), loading: false })),
    );
  }, [...deps, tick]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => (live ? api.onChange(reload) : undefined), [live, reload]);
  return { ...state, reload };
}

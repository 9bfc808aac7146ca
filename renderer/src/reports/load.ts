// Loading for report and dashboard screens: runs again when its inputs change and after any write (any window),
// keeping the last figures on screen while it reloads.
import { useEffect, useRef, useState } from 'react';
import { api } from '../api/index.ts';

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
}

export const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ data: null, error: null, loading: true });
  const [tick, setTick] = useState(0);
  const seq = useRef(0);
  useEffect(() => {
    const n = ++seq.current;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => n === seq.current && setState({ data, error: null, loading: false }),
      (e) => n === seq.current && setState((s) => ({ data: s.data, error: errorText(e), loading: false })),
    );
  }, [...deps, tick]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => api.onChange(() => setTick((t) => t + 1)), []);
  return state;
}

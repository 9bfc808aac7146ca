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

/** Saves bytes the API made as a file: a download in a browser, the save dialog in the desktop window. */
export function saveBytes(fileName: string, bytes: Uint8Array, type: string) {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

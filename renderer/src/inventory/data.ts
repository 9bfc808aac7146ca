// Loading for inventory screens: a load that runs again whenever the data changes (any write, any window), and
// the small lists the forms choose from (carriers, service groups, stages).
import { useEffect, useRef, useState } from 'react';
import { api } from '../api/index.ts';
import { failureText } from './call.ts';
import { DEFAULT_STAGES } from './specs.ts';
import type { Carrier, ServiceGroup } from './types.ts';

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  reload(): void;
}

/** Runs load now, when deps change and after every change event; keeps the last data while reloading. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const seq = useRef(0);
  useEffect(() => {
    const n = ++seq.current;
    load().then(
      (d) => n === seq.current && (setData(d), setError(null)),
      (e) => n === seq.current && setError(failureText(e)),
    );
  }, [...deps, tick]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => api.onChange(() => setTick((t) => t + 1)), []);
  return { data, error, reload: () => setTick((t) => t + 1) };
}

/** Every carrier that is not retired, by name (a book has hundreds, not hundreds of thousands). */
export const useCarriers = () => useLoad<Carrier[]>(() => api.call('carriers.list', { limit: 100_000 }), []);

export const useGroups = () => useLoad<ServiceGroup[]>(() => api.call('groups.list', {}), []);

export const useStages = () =>
  useLoad<string[]>(async () => {
    const names = await api.call('customers.stages', {});
    return names.length ? names : DEFAULT_STAGES;
  }, []);

// Keeps the month grid's Flags column loaded for the month on screen and fresh after every change.
import { useEffect } from 'react';
import { api } from '../api/index.ts';
import type { MonthModel } from '../month/model.ts';
import { useStore } from '../store.ts';
import { monthFlags } from './monthFlags.ts';
import './bills.css';

export function MonthFlags({ model }: { model: MonthModel }) {
  const month = useStore((s) => s.month);
  useEffect(() => {
    monthFlags.grid = () => model.grid;
    const load = () => void monthFlags.load(month).catch(() => undefined);
    let timer: ReturnType<typeof setTimeout> | undefined;
    // The flags come second: the month's own rows load first, so the grid is not kept waiting on a large book.
    let waited = 0;
    const first = () => {
      if (model.month === month || (waited += 100) >= 5_000) load();
      else timer = setTimeout(first, 100);
    };
    first();
    const off = api.onChange(() => {
      clearTimeout(timer);
      timer = setTimeout(load, 200);
    });
    return () => (off(), clearTimeout(timer));
  }, [model, month]);
  return null;
}

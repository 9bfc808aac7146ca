// What the window remembers: the month on screen, the user's amount locale (kept across sessions), the filters,
// the undo and redo stacks of audit batches, the month's totals and the message line.
import { create } from 'zustand';
import { persist, createJSONStorage } from 'zustand/middleware';
import type { AmountLocale } from '../../core/money.ts';
import type { BillStatus } from '../../core/tolerance.ts';
import type { MonthTotals } from '../../core/totals.ts';
import { initialMonth } from './initialMonth.ts';

export type StatusFilter = 'all' | 'flagged' | BillStatus;

export interface Filters {
  customer: string;
  location: string;
  carrier: string;
  status: StatusFilter;
  search: string;
}

/** One undoable write: its audit batch and the accounts it touched (to refresh them after an undo). */
export interface UndoEntry {
  batch_id: string;
  month: string;
  accounts: { account_id: string; customer_id: string | null; carrier_id: string }[];
  label: string;
}

export interface Notice {
  kind: 'error' | 'info';
  text: string;
}

interface State {
  month: string;
  locale: AmountLocale;
  /** whether this user picked the locale; until then the company's default locale is used */
  localeChosen: boolean;
  filters: Filters;
  undo: UndoEntry[];
  redo: UndoEntry[];
  totals: MonthTotals | null;
  notice: Notice | null;
  setMonth(month: string): void;
  setLocale(locale: AmountLocale): void;
  /** The company's default, taken at sign-in unless the user picked a locale of their own. */
  adoptCompanyLocale(locale: AmountLocale): void;
  setFilter<K extends keyof Filters>(key: K, value: Filters[K]): void;
  clearFilters(): void;
  /** A new write: it can be undone, and whatever was undone before can no longer be redone. */
  pushDone(entry: UndoEntry): void;
  setStacks(undo: UndoEntry[], redo: UndoEntry[]): void;
  setTotals(totals: MonthTotals | null): void;
  say(notice: Notice | null): void;
}

export const NO_FILTERS: Filters = { customer: '', location: '', carrier: '', status: 'all', search: '' };
const UNDO_LIMIT = 200;

export const useStore = create<State>()(
  persist(
    (set) => ({
      month: initialMonth(),
      locale: 'en-US',
      localeChosen: false,
      filters: NO_FILTERS,
      undo: [],
      redo: [],
      totals: null,
      notice: null,
      setMonth: (month) => set({ month, totals: null }),
      setLocale: (locale) => set({ locale, localeChosen: true }),
      adoptCompanyLocale: (locale) => set((s) => (s.localeChosen ? {} : { locale })),
      setFilter: (key, value) => set((s) => ({ filters: { ...s.filters, [key]: value } })),
      clearFilters: () => set({ filters: NO_FILTERS }),
      pushDone: (entry) => set((s) => ({ undo: [...s.undo, entry].slice(-UNDO_LIMIT), redo: [] })),
      setStacks: (undo, redo) => set({ undo, redo }),
      setTotals: (totals) => set({ totals }),
      say: (notice) => set({ notice }),
    }),
    {
      name: 'tem.settings',
      storage: createJSONStorage(() => localStorage),
      partialize: (s) => ({ locale: s.locale, localeChosen: s.localeChosen }),
    },
  ),
);

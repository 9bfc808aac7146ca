// Small shared pieces of the workflow screens (tickets, OK to Pay, history, audit, alerts): loading that follows
// the change feed, one sentence per failure, amounts in the user's locale, and files in and out.
import { useEffect, useRef, useState } from 'react';
import { api, ApiFailure } from '../api/index.ts';
import { formatCents, parseAmount } from '../../../core/money.ts';
import { useStore } from '../store.ts';
import { saveFile as saveBytes } from '../api/download.ts';
import type { TicketStatus } from '../../../api/contract/tickets.ts';

export type { TicketStatus };

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload(): void;
}

/** Runs load now, when deps change and after any change to the data (any window, import or CLI). */
export function useData<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const seq = useRef(0);
  useEffect(() => {
    const n = ++seq.current;
    setLoading(true);
    load().then(
      (d) => n === seq.current && (setData(d), setError(null), setLoading(false)),
      (e) => n === seq.current && (setError(failureText(e)), setLoading(false)),
    );
  }, [...deps, tick]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = api.onChange(() => {
      clearTimeout(timer);
      timer = setTimeout(() => setTick((t) => t + 1), 120);
    });
    return () => (off(), clearTimeout(timer));
  }, []);
  return { data, error, loading, reload: () => setTick((t) => t + 1) };
}

export function failureText(e: unknown): string {
  if (e instanceof ApiFailure) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}

/** Formats cents in the user's locale ('' for null). */
export function useMoney() {
  const locale = useStore((s) => s.locale);
  return (cents: number | null | undefined) => (cents === null || cents === undefined ? '' : formatCents(cents, locale));
}

/** Parses an amount the user typed in their locale: cents, null for empty, or the reason it is not an amount. */
export function parseTyped(text: string, locale = useStore.getState().locale): { cents: number | null } | { error: string } {
  const p = parseAmount(text, locale);
  return p.ok ? { cents: p.cents } : { error: p.error };
}

export const TICKET_STATUSES: TicketStatus[] = ['open', 'researching', 'disputed', 'credit_pending', 'resolved', 'closed_no_credit'];

export const TICKET_STATUS_LABEL: Record<TicketStatus, string> = {
  open: 'Open',
  researching: 'Researching',
  disputed: 'Disputed with carrier',
  credit_pending: 'Credit pending',
  resolved: 'Resolved',
  closed_no_credit: 'Closed without credit',
};

export const isDoneStatus = (s: TicketStatus) => s === 'resolved' || s === 'closed_no_credit';

export const BILL_STATUS_LABEL: Record<string, string> = { ok: 'OK', over: 'Over', under: 'Under', missing: 'Missing', unexpected: 'Unexpected' };

/** Saves a file the API sent (an attachment, a register) where the user keeps it. */
export function saveFile(file: { file_name: string; mime_type: string; data: Uint8Array }) {
  saveBytes(file.file_name, file.data, file.mime_type);
}

export async function fileBytes(file: File): Promise<Uint8Array> {
  return new Uint8Array(await file.arrayBuffer());
}

/** Today as YYYY-MM-DD in UTC, as the API judges due dates. */
export const todayUtc = () => new Date().toISOString().slice(0, 10);

/** "2 KB", "1.4 MB" */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** An instant as the user's local date and time, to the minute. */
export const whenText = (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
};

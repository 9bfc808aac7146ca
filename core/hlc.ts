/**
 * A hybrid logical clock (Kulkarni et al., 2014): a wall-clock millisecond plus a counter. It never goes back,
 * even when the machine's clock does; it moves past every clock it hears from, so a change made after seeing
 * another always sorts after it; and while clocks agree it stays close to real time, so "last writer wins"
 * means what people expect. Pure: the caller supplies the physical time.
 *
 * Encoded as text that sorts like the clock: the instant as ISO 8601 UTC plus a 4-digit hex counter,
 * e.g. 2026-03-01T10:20:00.000Z-0000.
 */
export interface Hlc {
  /** milliseconds since the epoch, never less than the last value */
  ms: number;
  /** orders events within one millisecond */
  count: number;
}

export const HLC_ZERO: Hlc = { ms: 0, count: 0 };
const MAX_COUNT = 0xffff;

/** Past the last counter value of a millisecond the clock borrows the next millisecond (it never wraps). */
function bump(h: Hlc): Hlc {
  return h.count < MAX_COUNT ? { ms: h.ms, count: h.count + 1 } : { ms: h.ms + 1, count: 0 };
}

/** The clock for a local event (a write) at physical time `now`. */
export function tick(last: Hlc, now: number): Hlc {
  return now > last.ms ? { ms: now, count: 0 } : bump(last);
}

/** The clock after hearing a remote clock at physical time `now`: later than both, and than now. */
export function receive(last: Hlc, remote: Hlc, now: number): Hlc {
  const ms = Math.max(last.ms, remote.ms, now);
  if (ms === now && ms > last.ms && ms > remote.ms) return { ms, count: 0 };
  const count = Math.max(ms === last.ms ? last.count : -1, ms === remote.ms ? remote.count : -1);
  return bump({ ms, count });
}

export function compare(a: Hlc, b: Hlc): number {
  return a.ms - b.ms || a.count - b.count;
}

export const max = (a: Hlc, b: Hlc): Hlc => (compare(a, b) >= 0 ? a : b);

export function encode(h: Hlc): string {
  return `${new Date(h.ms).toISOString()}-${h.count.toString(16).padStart(4, '0')}`;
}

const ENCODED = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)-([0-9a-f]{4})$/;

export function isEncoded(s: string): boolean {
  return ENCODED.test(s);
}

export function decode(s: string): Hlc {
  const m = ENCODED.exec(s);
  if (!m) throw new Error(`"${s}" is not a hybrid logical clock value (like 2026-03-01T10:20:00.000Z-0000)`);
  return { ms: Date.parse(m[1]!), count: parseInt(m[2]!, 16) };
}

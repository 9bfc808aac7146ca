import { describe, it, expect } from 'vitest';
import { tick, receive, compare, encode, decode, HLC_ZERO, isEncoded } from '../../core/hlc.ts';

const T = Date.parse('2026-03-01T10:20:00.000Z');

describe('hybrid logical clock', () => {
  it('follows the wall clock while it moves forward', () => {
    const a = tick(HLC_ZERO, T);
    expect(a).toEqual({ ms: T, count: 0 });
    expect(tick(a, T + 5)).toEqual({ ms: T + 5, count: 0 });
  });

  it('is monotonic within one millisecond and when the clock goes backwards', () => {
    let h = tick(HLC_ZERO, T);
    const seen = [encode(h)];
    for (const now of [T, T, T - 60_000, T - 3_600_000, T + 1]) {
      h = tick(h, now);
      seen.push(encode(h));
    }
    expect(seen).toEqual([...seen].sort());
    expect(new Set(seen).size).toBe(seen.length);
    // An hour backwards: the clock keeps T and counts.
    expect(seen[4]).toBe('2026-03-01T10:20:00.000Z-0004');
    expect(seen[5]).toBe('2026-03-01T10:20:00.001Z-0000');
  });

  it('moves past a remote clock that is ahead, and stays ahead of its own past', () => {
    const local = tick(HLC_ZERO, T);
    const remote = { ms: T + 10_000, count: 7 };
    const r = receive(local, remote, T + 1);
    expect(r).toEqual({ ms: T + 10_000, count: 8 });
    expect(compare(tick(r, T + 2), remote)).toBeGreaterThan(0);
    // A remote clock behind ours changes nothing but the counter.
    expect(receive({ ms: T, count: 3 }, { ms: T - 5, count: 9 }, T - 100)).toEqual({ ms: T, count: 4 });
    // Equal milliseconds: one past the larger counter.
    expect(receive({ ms: T, count: 3 }, { ms: T, count: 9 }, T)).toEqual({ ms: T, count: 10 });
    // Physical time ahead of both: the counter restarts.
    expect(receive({ ms: T, count: 3 }, { ms: T, count: 9 }, T + 1)).toEqual({ ms: T + 1, count: 0 });
  });

  it('borrows the next millisecond when a millisecond runs out of counter values', () => {
    expect(tick({ ms: T, count: 0xffff }, T)).toEqual({ ms: T + 1, count: 0 });
  });

  it('encodes as text that sorts like the clock and decodes back', () => {
    const values = [
      { ms: T, count: 0 },
      { ms: T, count: 10 },
      { ms: T, count: 255 },
      { ms: T + 1, count: 0 },
      { ms: T + 86_400_000, count: 1 },
    ];
    const texts = values.map(encode);
    expect(texts).toEqual([...texts].sort());
    expect(texts[1]).toBe('2026-03-01T10:20:00.000Z-000a');
    expect(texts.map(decode)).toEqual(values);
    expect(isEncoded(texts[0]!)).toBe(true);
    expect(() => decode('yesterday')).toThrow('"yesterday" is not a hybrid logical clock value');
  });
});

// The sign-in limiter on a clock the test moves: a sliding window, refused attempts not counted, addresses apart,
// forgotten addresses freed; and the client key it is given (IPv6 by /64, IPv4-mapped as IPv4).
import { describe, it, expect } from 'vitest';
import { SlidingWindowLimiter, limitText, waitText, SIGN_IN_LIMIT } from '../../server/rate-limit.ts';
import { addressKey } from '../../server/security.ts';

function limiter(attempts = 3, windowMs = 60_000) {
  let now = 1_000_000;
  const l = new SlidingWindowLimiter({ attempts, windowMs }, () => now);
  return { l, at: (ms: number) => void (now = 1_000_000 + ms) };
}

describe('sliding window', () => {
  it('allows the limit, then refuses with the time until the oldest attempt leaves the window', () => {
    const { l, at } = limiter(3);
    at(0);
    expect(l.attempt('a')).toEqual({ ok: true });
    at(10_000);
    expect(l.attempt('a')).toEqual({ ok: true });
    at(20_000);
    expect(l.attempt('a')).toEqual({ ok: true });
    at(25_000);
    expect(l.attempt('a')).toEqual({ ok: false, retryAfterMs: 35_000 });
    // Just before the first attempt is a minute old: still refused, one millisecond to go.
    at(59_999);
    expect(l.attempt('a')).toEqual({ ok: false, retryAfterMs: 1 });
    // At exactly a minute it has left the window: one more is allowed, and then the second one is the oldest.
    at(60_000);
    expect(l.attempt('a')).toEqual({ ok: true });
    expect(l.attempt('a')).toEqual({ ok: false, retryAfterMs: 10_000 });
  });

  it('has no window edge: a burst at the end of one minute and the start of the next still counts together', () => {
    const { l, at } = limiter(10);
    at(59_000);
    for (let i = 0; i < 10; i++) expect(l.attempt('a').ok).toBe(true);
    at(61_000); // a fixed window would have reset at 60 s
    expect(l.attempt('a')).toEqual({ ok: false, retryAfterMs: 58_000 });
  });

  it('does not count refused attempts, so hammering does not stretch the wait', () => {
    const { l, at } = limiter(2);
    at(0);
    l.attempt('a');
    l.attempt('a');
    for (let t = 1_000; t < 60_000; t += 1_000) {
      at(t);
      expect(l.attempt('a').ok).toBe(false);
    }
    at(60_000);
    expect(l.attempt('a').ok).toBe(true);
  });

  it('keeps addresses apart', () => {
    const { l, at } = limiter(1);
    at(0);
    expect(l.attempt('10.0.0.1').ok).toBe(true);
    expect(l.attempt('10.0.0.1').ok).toBe(false);
    expect(l.attempt('10.0.0.2').ok).toBe(true);
  });

  it('forgets addresses whose attempts are all older than the window', () => {
    const { l, at } = limiter(5);
    at(0);
    for (let i = 0; i < 100; i++) l.attempt(`10.0.0.${i}`);
    expect(l.size).toBe(100);
    at(60_000);
    l.attempt('10.0.1.1');
    expect(l.size).toBe(1);
  });

  it('refuses a limit that makes no sense, naming it', () => {
    expect(() => new SlidingWindowLimiter({ attempts: 0, windowMs: 1000 })).toThrow('rate limit: attempts must be a whole number of at least 1, not 0');
    expect(() => new SlidingWindowLimiter({ attempts: 3, windowMs: -5 })).toThrow('rate limit: windowMs must be a positive number, not -5');
  });

  it('words the limit and the wait for people', () => {
    expect(limitText(SIGN_IN_LIMIT)).toBe('10 a minute');
    expect(limitText({ attempts: 5, windowMs: 30_000 })).toBe('5 every 30 seconds');
    expect(waitText(35_000)).toBe('35 seconds');
    expect(waitText(34_001)).toBe('35 seconds');
    expect(waitText(1)).toBe('1 second');
  });
});

describe('client key', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:1:2:aaaa:bbbb:cccc:dddd', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::1', '2001:db8:1:2::/64'],
    ['[2001:0DB8:0001:0002::ffff]', '2001:db8:1:2::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['unknown', 'unknown'],
  ])('%s is counted as %s', (address, key) => {
    expect(addressKey(address)).toBe(key);
  });
});

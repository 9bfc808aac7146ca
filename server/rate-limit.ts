// Sign-in attempts per client address, on top of the per-account lockout (api/auth): the lockout stops guessing
// one account's password, this stops one address from trying many accounts, and keeps scrypt (slow on purpose)
// from being used to tie up the server's cores. A sliding window: the times of an address's last attempts are
// kept, so there is no window edge at which twice the limit gets through.

export interface RateLimit {
  /** attempts allowed in any window */
  attempts: number;
  windowMs: number;
}

/** 10 sign-ins a minute per address: plenty for people mistyping, far too few for guessing. */
export const SIGN_IN_LIMIT: RateLimit = { attempts: 10, windowMs: 60_000 };

export type Verdict = { ok: true } | { ok: false; retryAfterMs: number };

export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();
  private lastSweep: number;

  constructor(
    readonly limit: RateLimit,
    // Monotonic by default: a wall clock set back would keep addresses locked out for the time it moved.
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!Number.isInteger(limit.attempts) || limit.attempts < 1) throw new Error(`rate limit: attempts must be a whole number of at least 1, not ${limit.attempts}`);
    if (!Number.isFinite(limit.windowMs) || limit.windowMs <= 0) throw new Error(`rate limit: windowMs must be a positive number, not ${limit.windowMs}`);
    this.lastSweep = now();
  }

  /**
   * Counts one attempt of `key`, or refuses it when the key already made `attempts` in the last window. A refused
   * attempt is not counted, so the wait is over when the oldest counted attempt leaves the window.
   */
  attempt(key: string): Verdict {
    const t = this.now();
    const since = t - this.limit.windowMs;
    this.sweep(t, since);
    const times = (this.hits.get(key) ?? []).filter((x) => x > since);
    if (times.length >= this.limit.attempts) {
      this.hits.set(key, times);
      return { ok: false, retryAfterMs: times[0]! + this.limit.windowMs - t };
    }
    times.push(t);
    this.hits.set(key, times);
    return { ok: true };
  }

  /** How many keys are remembered (for tests: forgotten addresses free their memory). */
  get size(): number {
    return this.hits.size;
  }

  // Once a window, forget addresses whose attempts have all left it, so memory follows recent traffic only.
  private sweep(t: number, since: number) {
    if (t - this.lastSweep < this.limit.windowMs) return;
    this.lastSweep = t;
    for (const [key, times] of this.hits) if (times.at(-1)! <= since) this.hits.delete(key);
  }
}

/** A wait in whole seconds (an HTTP Retry-After), rounded up so that trying again then is never too early. */
export const retryAfterSeconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/** "42 seconds" / "1 second". */
export function waitText(ms: number): string {
  const s = retryAfterSeconds(ms);
  return `${s} second${s === 1 ? '' : 's'}`;
}

/** "10 a minute", "5 every 30 seconds". */
export function limitText(l: RateLimit): string {
  return l.windowMs === 60_000 ? `${l.attempts} a minute` : `${l.attempts} every ${waitText(l.windowMs)}`;
}

// Small helpers for the benchmark: timing, percentiles, a memory sampler and a text table.
import { performance } from 'node:perf_hooks';

export const now = () => performance.now();

/** Milliseconds taken by fn (awaited when it returns a promise), and its result. */
export async function timed<T>(fn: () => T | Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

/** Runs a full garbage collection when node runs with --expose-gc (npm run bench does), so one figure's garbage
 *  is not collected during the next one. */
export function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
}

/** Nearest-rank percentile (p in 0..100) of values; they need not be sorted. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export const median = (values: readonly number[]) => {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

const MB = 1024 * 1024;

export interface MemoryMark {
  phase: string;
  /** RSS when the phase ended */
  rss_mb: number;
  /** highest RSS the sampler saw during the phase */
  sampled_peak_mb: number;
  /** the kernel's high-water mark of RSS for the process so far (it only grows) */
  max_rss_mb: number;
  heap_used_mb: number;
}

/**
 * Samples process.memoryUsage().rss on a timer and at every mark. A timer cannot fire while synchronous work
 * runs (a long transaction), so the kernel's own peak, process.resourceUsage().maxRSS, is recorded too; its
 * growth from one mark to the next says which phase set the peak.
 */
export class MemorySampler {
  private timer: NodeJS.Timeout | undefined;
  private phasePeak = 0;
  peak = 0;
  readonly marks: MemoryMark[] = [];

  start(intervalMs = 20): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
    return this;
  }

  sample(): number {
    const rss = process.memoryUsage.rss();
    if (rss > this.peak) this.peak = rss;
    if (rss > this.phasePeak) this.phasePeak = rss;
    return rss;
  }

  /** The kernel's peak RSS in bytes (resourceUsage reports kilobytes). */
  static maxRss(): number {
    return process.resourceUsage().maxRSS * 1024;
  }

  mark(phase: string): MemoryMark {
    const rss = this.sample();
    const m: MemoryMark = {
      phase,
      rss_mb: rss / MB,
      sampled_peak_mb: this.phasePeak / MB,
      max_rss_mb: MemorySampler.maxRss() / MB,
      heap_used_mb: process.memoryUsage().heapUsed / MB,
    };
    this.marks.push(m);
    this.phasePeak = rss;
    return m;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.sample();
  }

  get peakMb(): number {
    return this.peak / MB;
  }
}

/** A plain-text table with right-aligned numeric-looking cells. */
export function textTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const numeric = (s: string) => /^[-+~]?[\d.,]+( ?(ms|s|MB|x|µs))?$/.test(s.trim());
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (numeric(c) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join(' | ')
      .trimEnd();
  const sep = widths.map((w) => '-'.repeat(w)).join('-|-');
  return [line(header), sep, ...rows.map(line)].join('\n');
}

/** A duration for people: µs below 1 ms, ms below 10 s, else s. */
export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms < 1) return `${(ms * 1000).toFixed(0)} µs`;
  if (ms < 100) return `${ms.toFixed(2)} ms`;
  if (ms < 10_000) return `${ms.toFixed(0)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

export const fmtRatio = (r: number) => (Number.isFinite(r) ? `${r < 10 ? r.toFixed(2) : r.toFixed(1)}x` : '—');

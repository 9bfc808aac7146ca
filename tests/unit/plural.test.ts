import { describe, it, expect } from 'vitest';
import { plural } from '../../core/plural.ts';

describe('plural', () => {
  it('writes one, none and many as people do, with thousands grouped', () => {
    expect([plural(1, 'bill'), plural(0, 'bill'), plural(2, 'carrier'), plural(20367, 'change'), plural(3, 'entry', 'entries')]).toEqual([
      '1 bill',
      '0 bills',
      '2 carriers',
      '20,367 changes',
      '3 entries',
    ]);
  });
});

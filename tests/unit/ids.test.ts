import { describe, it, expect } from 'vitest';
import { newId } from '../../api/ids.ts';

describe('newId', () => {
  it('is a version 7 UUID carrying the creation time', () => {
    const id = newId(Date.UTC(2026, 2, 1, 12, 0, 0));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(Date.UTC(2026, 2, 1, 12, 0, 0));
  });

  it('increases within one millisecond and across milliseconds, and never repeats', () => {
    const ids = [...Array.from({ length: 3000 }, () => newId(1_700_000_000_000)), ...Array.from({ length: 10 }, (_, i) => newId(1_700_000_000_001 + i))];
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

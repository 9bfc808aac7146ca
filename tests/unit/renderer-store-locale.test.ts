// Amounts are typed in the company's default locale until the user picks one of their own.
import { describe, expect, it } from 'vitest';

// The store reads the window's address and keeps the choice in localStorage: a minimal stand-in for both.
const saved = new Map<string, string>();
Object.assign(globalThis, {
  window: { location: { search: '' } },
  localStorage: { getItem: (k: string) => saved.get(k) ?? null, setItem: (k: string, v: string) => void saved.set(k, v), removeItem: (k: string) => void saved.delete(k) },
});
const { useStore } = await import('../../renderer/src/store.ts');

describe('the window store', () => {
  it("takes the company's locale until the user picks one, then keeps the user's choice", () => {
    const s = () => useStore.getState();
    expect(s().locale).toBe('en-US');
    s().adoptCompanyLocale('de-DE');
    expect(s().locale).toBe('de-DE');
    s().adoptCompanyLocale('fr-FR'); // the company changed its default: still not chosen by the user
    expect(s().locale).toBe('fr-FR');
    s().setLocale('en-GB');
    s().adoptCompanyLocale('de-DE');
    expect([s().locale, s().localeChosen]).toEqual(['en-GB', true]);
    // and the choice is what the window keeps for next time
    expect(JSON.parse(saved.get('tem.settings')!).state).toEqual({ locale: 'en-GB', localeChosen: true });
  });
});

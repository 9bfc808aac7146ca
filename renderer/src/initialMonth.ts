// The month a window opens on: ?month=YYYY-MM in its address, else this month.
import { todayLocal } from '../../core/clock.ts';

export function initialMonth(): string {
  const fromUrl = new URLSearchParams(window.location.search).get('month');
  return fromUrl && /^\d{4}-(0[1-9]|1[0-2])$/.test(fromUrl) ? fromUrl : todayLocal().slice(0, 7);
}

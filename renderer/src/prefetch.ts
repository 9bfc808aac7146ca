// The first month's rows are asked for before the grid's code has even loaded: the page's entry is small and
// starts this request, and the rest of the app (React, AG Grid) loads while the server answers.
import { api, type ApiOutput } from './api/index.ts';
import { initialMonth } from './initialMonth.ts';

let first: { month: string; answer: Promise<ApiOutput<'month.check'>> } | null = null;

export function prefetchFirstMonth() {
  const month = initialMonth();
  const answer = api.call('month.check', { month });
  answer.catch(() => undefined); // the page reports it when it uses it
  first = { month, answer };
}

/** The prefetched answer for this month, once; later loads ask again. */
export function takePrefetched(month: string): Promise<ApiOutput<'month.check'>> | null {
  if (!first || first.month !== month) return null;
  const answer = first.answer;
  first = null;
  return answer;
}

import type { AmountLocale } from '../core/money.ts';
import type { Ctx } from './context.ts';
import { stmt } from './write.ts';

/** The company's default locale for amounts typed or pasted without one. */
export function companyLocale(ctx: Ctx): AmountLocale {
  const row = stmt(ctx, 'SELECT locale FROM company LIMIT 1').get() as { locale: AmountLocale } | undefined;
  return row?.locale ?? 'en-US';
}

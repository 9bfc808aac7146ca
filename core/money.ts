/**
 * Money: integer minor units (cents) everywhere. Parsing goes straight from text to integer cents with
 * digit-string arithmetic (no floating point on decimal values); formatting uses integer math only.
 *
 * Pure module: no I/O, no imports.
 */

export const LOCALES = ['en-US', 'en-GB', 'de-DE', 'fr-FR', 'de-CH', 'pt-BR'] as const;
export type AmountLocale = (typeof LOCALES)[number];

export type AmountParse = { ok: true; cents: number | null } | { ok: false; error: string };

export function isAmountLocale(value: unknown): value is AmountLocale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

interface LocaleNumberFormat {
  /** decimal separator */
  decimal: string;
  /** grouping separators accepted when parsing (first one is used when formatting) */
  groups: readonly string[];
  /** separator written by formatCents */
  formatGroup: string;
  /** example shown in error messages */
  example: string;
}

const NARROW_NBSP = '\u202F';
const NBSP = '\u00A0';

const FORMATS: Record<AmountLocale, LocaleNumberFormat> = {
  'en-US': { decimal: '.', groups: [','], formatGroup: ',', example: '1,234.56' },
  'en-GB': { decimal: '.', groups: [','], formatGroup: ',', example: '1,234.56' },
  'de-DE': { decimal: ',', groups: ['.'], formatGroup: '.', example: '1.234,56' },
  'pt-BR': { decimal: ',', groups: ['.'], formatGroup: '.', example: '1.234,56' },
  // any space: ASCII space, no-break space, narrow no-break space, thin space, figure space
  'fr-FR': { decimal: ',', groups: [' ', NBSP, NARROW_NBSP, '\u2009', '\u2007'], formatGroup: NARROW_NBSP, example: '1 234,56' },
  // ASCII apostrophe and U+2019 right single quotation mark
  'de-CH': { decimal: '.', groups: ["'", '\u2019'], formatGroup: "'", example: "1'234.56" },
};

/** Active ISO 4217 codes (accepted case-insensitively before or after an amount). */
const ISO_CODES: ReadonlySet<string> = new Set(
  (
    'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD ' +
    'CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD ' +
    'GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT ' +
    'LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR ' +
    'NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD ' +
    'SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD ' +
    'XCG XOF XPF YER ZAR ZMW ZWG ZWL'
  ).split(' '),
);

/**
 * Currency symbols accepted before or after an amount. Longest first so `R$` wins over `$`.
 * Deliberately absent: `¢` (it would change the magnitude).
 */
const SYMBOLS: readonly string[] = [
  'SFr.', 'AU$', 'CA$', 'NZ$', 'HK$', 'MX$', 'NT$', 'US$', 'U$S',
  'Fr.', 'kr.', 'Rs.', 'lei', 'R$', 'A$', 'C$', 'S$', 'Fr', 'kr', 'zł', 'Kč', 'Ft', 'Rs',
  '$', '€', '£', '¥', '₹', '₩', '₽', '₺', '₪', '₫', '฿', '₱', '₦', '₴', '₸', '₡', '₲', '₵', '₭', '₮', '₼', '₾', '﷼',
].slice().sort((a, b) => b.length - a.length);

const LETTER = /\p{L}/u;
const isLetter = (ch: string | undefined): boolean => ch !== undefined && LETTER.test(ch);

const isDigit = (ch: string | undefined): boolean => ch !== undefined && ch >= '0' && ch <= '9';
// The fast exits below rely on it.
if (SYMBOLS.some((sym) => isDigit(sym[0]) || isDigit(sym[sym.length - 1]))) throw new Error('a currency symbol starts or ends with a digit');

/** Length of a currency token at the start of s, or 0. */
function currencyAtStart(s: string): number {
  // No code or symbol starts with a digit: the usual amount skips the look-up (which allocates ~3 KB per call).
  if (isDigit(s[0])) return 0;
  const iso = /^\p{L}{3}/u.exec(s);
  if (iso && ISO_CODES.has(iso[0].toUpperCase()) && !isLetter(s[3])) return 3;
  for (const sym of SYMBOLS) {
    if (s.length >= sym.length && s.slice(0, sym.length).toLowerCase() === sym.toLowerCase()) {
      if (isLetter(sym[sym.length - 1]) && isLetter(s[sym.length])) continue;
      return sym.length;
    }
  }
  return 0;
}

/** Length of a currency token at the end of s, or 0. */
function currencyAtEnd(s: string): number {
  if (isDigit(s[s.length - 1])) return 0;
  const iso = /\p{L}{3}$/u.exec(s);
  if (iso && ISO_CODES.has(iso[0].toUpperCase()) && !isLetter(s[s.length - 4])) return 3;
  for (const sym of SYMBOLS) {
    if (s.length >= sym.length && s.slice(s.length - sym.length).toLowerCase() === sym.toLowerCase()) {
      if (isLetter(sym[0]) && isLetter(s[s.length - sym.length - 1])) continue;
      return sym.length;
    }
  }
  return 0;
}

const MINUS_SIGNS = ['-', '\u2212']; // hyphen-minus, Unicode minus sign

/**
 * The largest amount (in cents) any single amount may hold: one bill, one bill line, a credit, an expected
 * charge, a one-off or step, a contract's entered total. 999,999,999.99, both ways (-999,999,999.99 at least).
 *
 * Why this bound: totals are JavaScript numbers, exact only up to Number.MAX_SAFE_INTEGER (9,007,199,254,740,991
 * cents, about 90 trillion). 90,071 amounts at the bound fit in a total; a month of 200,000 accounts stays exact
 * while its bills average up to 450,359,962.73, and a ten-year report of 200,000 accounts (24 million bills) while
 * they average up to 3,752,999.69: the real E-Rate month averages 9,300 a bill, five orders of magnitude inside.
 * The bound is still far above any real telecom bill in dollars or euros, and leaves room for currencies counted
 * in large units (yen, rupees). Anything larger is a typing or import mistake (a pasted account number, a
 * misplaced decimal), refused where it enters. A total that would still pass the safe range (an older database
 * holding larger amounts) raises CentsRangeError through addCents / sumCents, never a wrong or crashing total.
 */
export const MAX_AMOUNT_CENTS = 99_999_999_999;

/** A sum or amount of cents that cannot be counted exactly, or an amount above MAX_AMOUNT_CENTS. The API turns it
 *  into an ApiError with the same message; it never leaves a door as a stack trace. */
export class CentsRangeError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'CentsRangeError';
  }
}

/** More integer digits than this can never be a safe number of cents; the parser stops counting there. */
const MAX_INTEGER_DIGITS = 15;

function quote(input: string): string {
  const shown = input.length > 60 ? `${input.slice(0, 57)}...` : input;
  return `"${shown}"`;
}

function fail(input: string, locale: AmountLocale, reason?: string): AmountParse {
  const expected = `expected like ${FORMATS[locale].example.replace(NARROW_NBSP, ' ')} for ${locale}`;
  return {
    ok: false,
    error: reason ? `${quote(input)} is not an amount: ${reason} (${expected})` : `${quote(input)} is not an amount (${expected})`,
  };
}

/**
 * Parse user-entered or imported text to integer cents.
 *
 * - empty / whitespace only -> `{ ok: true, cents: null }` (not entered, never 0)
 * - separators come from the locale only; grouping must be well formed (1-3 digits then groups of 3)
 * - currency symbol or ISO code before or after, leading `+`, leading or trailing minus (also U+2212),
 *   accounting parentheses, or trailing `CR`; two negative notations together are an error
 * - one decimal is tenths; more than two decimals round half away from zero
 */
export function parseAmount(input: string, locale: AmountLocale): AmountParse {
  if (typeof input !== 'string') return { ok: false, error: `${String(input)} is not an amount (not text)` };
  if (!isAmountLocale(locale)) return { ok: false, error: `unknown amount locale "${String(locale)}"` };
  let s = input.trim();
  if (s === '') return { ok: true, cents: null };

  let leadMinus = 0;
  let trailMinus = 0;
  let plus = 0;
  let open = 0;
  let close = 0;
  let credit = 0;
  let currency = 0;

  // Peel decorations from the start.
  for (;;) {
    s = s.replace(/^\s+/u, '');
    const first = s[0];
    if (first === undefined) break;
    if (first === '+') { plus++; s = s.slice(1); continue; }
    if (MINUS_SIGNS.includes(first)) { leadMinus++; s = s.slice(1); continue; }
    if (first === '(') { open++; s = s.slice(1); continue; }
    const n = currencyAtStart(s);
    if (n > 0) { currency++; s = s.slice(n); continue; }
    break;
  }
  // Peel decorations from the end.
  for (;;) {
    s = s.replace(/\s+$/u, '');
    const last = s[s.length - 1];
    if (last === undefined) break;
    if (MINUS_SIGNS.includes(last)) { trailMinus++; s = s.slice(0, -1); continue; }
    if (last === ')') { close++; s = s.slice(0, -1); continue; }
    if (/cr$/i.test(s) && !isLetter(s[s.length - 3])) { credit++; s = s.slice(0, -2); continue; }
    const n = currencyAtEnd(s);
    if (n > 0) { currency++; s = s.slice(0, -n); continue; }
    break;
  }

  if (open !== close || open > 1) return fail(input, locale, 'the parentheses do not match');
  const negatives = leadMinus + trailMinus + open + credit;
  if (negatives > 1) return fail(input, locale, 'it combines more than one negative sign');
  if (plus > 1 || (plus > 0 && negatives > 0)) return fail(input, locale, 'it has conflicting signs');
  if (currency > 1) return fail(input, locale, 'it has more than one currency');
  if (s === '') return fail(input, locale, 'there are no digits');

  const fmt = FORMATS[locale];
  for (const ch of s) {
    if (!(ch >= '0' && ch <= '9') && ch !== fmt.decimal && !fmt.groups.includes(ch)) {
      return fail(input, locale);
    }
  }
  const parts = s.split(fmt.decimal);
  if (parts.length > 2) return fail(input, locale, `it has more than one decimal separator "${fmt.decimal}"`);
  let intPart = parts[0] ?? '';
  const frac = parts[1];
  if (frac !== undefined && !/^[0-9]+$/.test(frac)) {
    return fail(input, locale, frac === '' ? 'there are no digits after the decimal separator' : 'the decimals are malformed');
  }
  if (fmt.groups.some((g) => intPart.includes(g))) {
    let normal = intPart;
    for (const g of fmt.groups) normal = normal.split(g).join(',');
    if (!/^[0-9]{1,3}(?:,[0-9]{3})+$/.test(normal)) return fail(input, locale, 'the digit grouping is malformed');
    intPart = normal.split(',').join('');
  }
  if (intPart === '' && frac === undefined) return fail(input, locale, 'there are no digits');

  const intDigits = intPart.replace(/^0+/, '');
  const f = frac ?? '';
  const firstTwo = Number((f + '00').slice(0, 2));
  const roundUp = f.length > 2 && (f[2] ?? '0') >= '5' ? 1 : 0; // half away from zero on the magnitude
  const negative = negatives === 1;
  if (intDigits.length > MAX_INTEGER_DIGITS) {
    // Far beyond the bound: said with the same words, in digits (BigInt), without ever making an unsafe number.
    const big = BigInt(intDigits) * BigInt(100) + BigInt(firstTwo + roundUp);
    return { ok: false, error: overBoundMessage(negative ? -big : big, locale) };
  }
  const whole = intDigits === '' ? 0 : Number(intDigits); // at most 15 digits: exact
  const magnitude = whole * 100 + firstTwo + roundUp; // below 10^17 + 100: checked against the bound next
  if (magnitude > MAX_AMOUNT_CENTS) return { ok: false, error: overBoundMessage(BigInt(negative ? -magnitude : magnitude), locale) };
  const cents = negative && magnitude !== 0 ? -magnitude : magnitude;
  return { ok: true, cents };
}

/** Any whole number of cents (a BigInt, so also beyond the safe range) in the locale's digits: `-9,000,000.00`. */
function formatAnyCents(cents: bigint, locale: AmountLocale): string {
  const fmt = FORMATS[locale] ?? FORMATS['en-US'];
  const negative = cents < BigInt(0);
  const abs = negative ? -cents : cents;
  const whole = (abs / BigInt(100)).toString();
  const frac = (abs % BigInt(100)).toString().padStart(2, '0');
  // a message, not a cell: the narrow no-break space of fr-FR is written as a plain space
  return `${negative ? '-' : ''}${groupDigits(whole, fmt.formatGroup)}${fmt.decimal}${frac}`.split(NARROW_NBSP).join(' ');
}

function overBoundMessage(cents: bigint, locale: AmountLocale): string {
  const limit = formatAnyCents(BigInt(MAX_AMOUNT_CENTS), locale);
  return cents < BigInt(0)
    ? `${formatAnyCents(cents, locale)} is less than the smallest amount a bill may hold (-${limit})`
    : `${formatAnyCents(cents, locale)} is more than the largest amount a bill may hold (${limit})`;
}

/** The bound's message for any whole number of cents (a BigInt for digits beyond the safe range), or null within it. */
export function amountBoundProblem(cents: bigint, locale: AmountLocale = 'en-US'): string | null {
  const max = BigInt(MAX_AMOUNT_CENTS);
  return cents > max || cents < -max ? overBoundMessage(cents, locale) : null;
}

/**
 * What is wrong with a number given as cents (an API input, a spreadsheet cell already read), or null when it is
 * a whole number of cents within ±MAX_AMOUNT_CENTS. Every door that takes cents as a number asks this, so a
 * number is refused with the same words as typed text.
 */
export function centsProblem(cents: number, locale: AmountLocale = 'en-US'): string | null {
  if (typeof cents !== 'number' || !Number.isInteger(cents)) return `${String(cents)} is not a whole number of cents`;
  if (Math.abs(cents) <= MAX_AMOUNT_CENTS) return null;
  return overBoundMessage(BigInt(cents), locale);
}

/** The cents, when within ±MAX_AMOUNT_CENTS; otherwise throws CentsRangeError naming the value and `where`. */
export function checkAmountCents(cents: number, where?: string): number {
  const problem = centsProblem(cents);
  if (problem) throw new CentsRangeError(where ? `${where}: ${problem}` : problem);
  return cents;
}

const safeLimit = () => formatAnyCents(BigInt(Number.MAX_SAFE_INTEGER), 'en-US');

function totalTooLarge(what: string | undefined): CentsRangeError {
  return new CentsRangeError(
    `${what ?? 'The amounts'} add up to more than ${safeLimit()}, the largest total that can be counted exactly; ` +
      `an amount above the largest a bill may hold (${formatAnyCents(BigInt(MAX_AMOUNT_CENTS), 'en-US')}) was probably entered by mistake: correct it`,
  );
}

/**
 * The one safe addition of cents: a + b, or CentsRangeError when either is not a safe integer or the sum would
 * pass Number.MAX_SAFE_INTEGER either way (a sum past 2^53 is never exact, so it is refused, never rounded).
 * `what` says what is being totalled ("The actual bills of 2015-07"), for the message.
 */
export function addCents(a: number, b: number, what?: string): number {
  const s = a + b;
  if (!Number.isSafeInteger(s) || !Number.isSafeInteger(a) || !Number.isSafeInteger(b)) throw totalTooLarge(what);
  return s;
}

/** The one safe total of cents (nulls and undefined count as nothing); see addCents. */
export function sumCents(values: Iterable<number | null | undefined>, what?: string): number {
  let t = 0;
  for (const v of values) if (v !== null && v !== undefined) t = addCents(t, v, what);
  return t;
}

function assertCents(cents: number): void {
  if (!Number.isSafeInteger(cents)) throw new CentsRangeError(`${String(cents)} cents cannot be shown: it is not a whole number of cents within ±${safeLimit()}`);
}

function splitCents(cents: number): { negative: boolean; whole: string; frac: string } {
  assertCents(cents);
  const abs = Math.abs(cents);
  const rest = abs % 100;
  const whole = (abs - rest) / 100;
  return { negative: cents < 0, whole: String(whole), frac: String(rest).padStart(2, '0') };
}

function groupDigits(digits: string, sep: string): string {
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += sep;
    out += digits[i];
  }
  return out;
}

const CURRENCY_SYMBOLS: Record<string, string> = {
  USD: '$',
  EUR: '€',
  GBP: '£',
  JPY: '¥',
  INR: '₹',
  BRL: 'R$',
  CHF: 'CHF',
};

/** Where the currency symbol goes: glued prefix ($1.00), spaced prefix (R$ 1,00) or spaced suffix (1,00 €). */
const SYMBOL_STYLE: Record<AmountLocale, 'prefix' | 'prefix-space' | 'suffix'> = {
  'en-US': 'prefix',
  'en-GB': 'prefix',
  'de-DE': 'suffix',
  'fr-FR': 'suffix',
  'de-CH': 'prefix-space',
  'pt-BR': 'prefix-space',
};

/**
 * Format integer cents for display. Integer math only.
 * `formatCents(-123456, 'en-US', { currency: 'USD' })` -> `-$1,234.56`; with `sign: 'parens'` -> `($1,234.56)`.
 * Currency symbols: USD $, EUR €, GBP £, JPY ¥, INR ₹, BRL R$, CHF CHF, any other code as the code.
 * (Always two decimals: this module counts every currency in hundredths.)
 */
export function formatCents(
  cents: number,
  locale: AmountLocale,
  opts?: { currency?: string; sign?: 'minus' | 'parens' },
): string {
  const fmt = FORMATS[locale];
  if (!fmt) throw new RangeError(`unknown amount locale "${String(locale)}"`);
  const { negative, whole, frac } = splitCents(cents);
  let body = `${groupDigits(whole, fmt.formatGroup)}${fmt.decimal}${frac}`;
  const code = opts?.currency?.trim().toUpperCase();
  if (code) {
    const symbol = CURRENCY_SYMBOLS[code] ?? code;
    const style = SYMBOL_STYLE[locale];
    if (style === 'suffix') body = `${body} ${symbol}`;
    else if (style === 'prefix-space' || isLetter(symbol[symbol.length - 1])) body = `${symbol} ${body}`;
    else body = `${symbol}${body}`;
  }
  if (!negative) return body;
  return opts?.sign === 'parens' ? `(${body})` : `-${body}`;
}

/** Plain decimal text for CSV/XLSX/JSON edges: `-45.00`, `1234.56`, `0.05`. */
export function centsToDecimalString(cents: number): string {
  const { negative, whole, frac } = splitCents(cents);
  return `${negative ? '-' : ''}${whole}.${frac}`;
}

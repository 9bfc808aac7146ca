/**
 * Reader for X12 811 (Consolidated Service Invoice/Statement) interchanges: the envelopes (ISA/IEA,
 * GS/GE, ST/SE), BIG, REF 11/12, DTM 186/187 and 150/151, N1, nested HL loops, AMT and TDS.
 *
 * Pure module: no I/O. Amounts go straight from the element text to integer cents (no floating point);
 * dates go from CCYYMMDD to 'YYYY-MM-DD' as strings (never through Date).
 *
 * The reader never throws on bad input and never stops at the first problem: every problem names the
 * segment tag, its 1-based segment index, its byte offset (UTF-8) and the reason, and everything that
 * can still be read is returned. The caller decides whether a file with problems is imported at all
 * (the import is all-or-nothing unless the user asks otherwise, DESIGN.md section 4).
 *
 * Spec decisions (from the public X12 811 structure: heading BIG/REF/DTM/N1 loop, detail HL loop with
 * its own REF/DTM/N1/AMT, summary TDS/CTT):
 * - Delimiters come from the ISA header: the element separator is the character right after "ISA";
 *   the sub-element separator is ISA16 and the segment terminator is the character after ISA16 (found
 *   by counting element separators, so a header that is not exactly 106 characters wide still reads).
 *   Line breaks after the terminator are ignored; when the terminator is a line feed, a trailing CR is
 *   dropped too. All interchanges in one file are read with the first ISA's delimiters.
 * - Account: an HL loop that carries a REF with qualifier 12 (billing account) or 11 (account number);
 *   12 wins when both are present. The value is text (leading zeros kept). HL loops below an account
 *   that have no REF 11/12 belong to that account (their AMTs are listed in `amounts`, with the loop's
 *   first other REF, such as a circuit id, as `loop_ref`).
 *   When a transaction has no account HL loop but the heading has REF 11/12, the invoice is one account
 *   whose total is TDS01.
 * - Account total: the first AMT in the account's own HL loop whose qualifier is in
 *   `accountTotalQualifiers` (default TT "total transaction amount", then 5 "total invoice amount");
 *   AMT02 is a decimal number with an explicit point ("1234.5" = 123450 cents).
 * - Invoice total: TDS01, a number with two implied decimals ("123456" = 123456 cents, "-500" = -500).
 *   When every top-level account has a total and TDS01 is there, they must add up (a problem otherwise).
 * - Billing period: DTM 186/187 (invoice period start/end) or 150/151 (service period start/end), DTM02
 *   CCYYMMDD. An account takes the nearest period on its HL path (own loop, then parents, then the
 *   heading); at one level 186/187 win over 150/151.
 * - Parties: heading N1 loops are the invoice's parties; N1 inside the HL path are the account's.
 * - A problem inside an account's HL loops makes that account incomplete (`complete`); any other problem in a
 *   transaction set (SE01/SE02, a missing SE, BIG or TDS, the heading, TDS01 against the accounts) makes the
 *   whole set not `intact`, and then none of its accounts can be trusted.
 * - Counts checked: SE01 (segments ST..SE inclusive) and SE02 = ST02; GE01 (transaction sets) and
 *   GE02 = GS06; IEA01 (groups) and IEA02 = ISA13.
 * - Dates must be CCYYMMDD (8 digits); the 6-digit YYMMDD of old releases is reported, not guessed.
 */

import { isCalendarDate } from './months.ts';
import { amountBoundProblem, addCents } from './money.ts';

export interface Edi811Delimiters {
  element: string;
  subElement: string;
  segment: string;
}

export interface Edi811Problem {
  /** segment tag, e.g. 'TDS' ('' when the problem is about the file as a whole) */
  tag: string;
  /** 1-based index of the segment in the file (ISA is 1); 0 for the file as a whole */
  segment: number;
  /** byte offset (UTF-8) of the segment's first character in the input */
  byte_offset: number;
  /** element reference like 'TDS01', when the problem is one element */
  element?: string;
  /** HL01 of the loop the segment is in, when it is inside an HL loop */
  hl_id?: string;
  /** the element's text as the file has it, when the problem is one element */
  value?: string;
  reason: string;
  /** one line for people: `file.811: TDS at segment 42 (byte 1234), TDS01: ...` */
  message: string;
}

export interface Edi811Party {
  qualifier: string;
  name: string;
  id_qualifier?: string;
  id?: string;
  /** HL01 of the loop it was read in; null for the heading */
  hl_id: string | null;
}

export interface Edi811Amount {
  qualifier: string;
  cents: number;
  hl_id: string;
  /** the first REF of the amount's loop other than 11/12 (e.g. a circuit or line id), when it has one */
  loop_ref?: { qualifier: string; value: string };
}

export interface Edi811Account {
  account: string;
  /** '12' (billing account) or '11' (account number) */
  account_qualifier: '11' | '12';
  period_start: string | null;
  period_end: string | null;
  total_cents: number | null;
  parties: Edi811Party[];
  /** HL01 ids from the top loop down to this account's loop; [] for a heading-level account */
  hl_path: string[];
  /** every AMT read in this account's loops (own and child loops that are not accounts themselves) */
  amounts: Edi811Amount[];
  /** false when a problem was reported inside this account's loops */
  complete: boolean;
}

export interface Edi811Invoice {
  interchange_control: string;
  group_control: string;
  transaction_control: string;
  invoice_number: string | null;
  invoice_date: string | null;
  period_start: string | null;
  period_end: string | null;
  parties: Edi811Party[];
  accounts: Edi811Account[];
  /** TDS01 in cents; null when missing or unreadable */
  total_cents: number | null;
  /** false when any problem was reported inside this transaction set */
  complete: boolean;
  /**
   * false when a problem concerns the transaction set as a whole rather than one account's loops: its SE count
   * or control number, a missing SE, BIG or TDS, a heading segment, or TDS01 against the accounts. Then none of
   * its accounts can be trusted (a wrong SE count means segments were lost or added in transit, and nobody can
   * say whose); a problem inside one account's loops only makes that account incomplete.
   */
  intact: boolean;
}

export interface Edi811Interchange {
  control_number: string;
  sender_id: string;
  receiver_id: string;
  invoices: Edi811Invoice[];
}

export interface Edi811Result {
  /** true when there is no problem at all */
  ok: boolean;
  delimiters: Edi811Delimiters | null;
  interchanges: Edi811Interchange[];
  /** all invoices of all interchanges, in file order (the same objects as in interchanges) */
  invoices: Edi811Invoice[];
  problems: Edi811Problem[];
}

export interface Edi811Options {
  /** named in every problem message */
  fileName?: string;
  /** AMT01 qualifiers that carry an account's total, in order of preference */
  accountTotalQualifiers?: readonly string[];
}

export const DEFAULT_ACCOUNT_TOTAL_QUALIFIERS: readonly string[] = ['TT', '5'];

interface Segment {
  tag: string;
  /** el[0] is the tag, el[1] the first element */
  el: string[];
  index: number;
  offset: number;
}

const encoder = new TextEncoder();
const byteLength = (s: string): number => encoder.encode(s).length;

function shown(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
}

/** 'CCYYMMDD' -> 'YYYY-MM-DD', or an error reason. */
export function parseEdiDate(value: string): { ok: true; date: string } | { ok: false; reason: string } {
  if (!/^\d{8}$/.test(value)) {
    return { ok: false, reason: `${shown(value)} is not a date (expected CCYYMMDD, 8 digits)` };
  }
  const date = `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}`;
  if (!isCalendarDate(date)) return { ok: false, reason: `${shown(value)} is not a valid date: there is no such day` };
  return { ok: true, date };
}

/** X12 N2 (two implied decimals): '123456' -> 123456 cents, '-500' -> -500. */
export function parseImpliedCents(value: string): { ok: true; cents: number } | { ok: false; reason: string } {
  const m = /^(-?)(\d+)$/.exec(value);
  if (!m) {
    return { ok: false, reason: `${shown(value)} is not an amount (expected digits with two implied decimals, e.g. 123456 for 1234.56)` };
  }
  const digits = (m[2] ?? '').replace(/^0+/, '');
  // The one bound on an amount (core/money.ts), checked on the digits so no unsafe number is ever made.
  const big = digits === '' ? BigInt(0) : BigInt(digits);
  const over = amountBoundProblem(m[1] === '-' ? -big : big);
  if (over) return { ok: false, reason: over };
  const magnitude = Number(big);
  return { ok: true, cents: m[1] === '-' && magnitude !== 0 ? -magnitude : magnitude };
}

/** X12 R (decimal with an explicit point): '1234.5' -> 123450, '-0.07' -> -7, '12' -> 1200. */
export function parseDecimalCents(value: string): { ok: true; cents: number } | { ok: false; reason: string } {
  const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(value);
  if (!m || ((m[2] ?? '') === '' && (m[3] ?? '') === '')) {
    return { ok: false, reason: `${shown(value)} is not an amount (expected a decimal number like 1234.56)` };
  }
  const whole = (m[2] ?? '').replace(/^0+/, '');
  const frac = m[3] ?? '';
  const firstTwo = Number((frac + '00').slice(0, 2));
  const roundUp = frac.length > 2 && (frac[2] ?? '0') >= '5' ? 1 : 0; // half away from zero
  const big = (whole === '' ? BigInt(0) : BigInt(whole)) * BigInt(100) + BigInt(firstTwo + roundUp);
  const over = amountBoundProblem(m[1] === '-' ? -big : big);
  if (over) return { ok: false, reason: over };
  const magnitude = Number(big);
  return { ok: true, cents: m[1] === '-' && magnitude !== 0 ? -magnitude : magnitude };
}

function detectDelimiters(text: string, start: number): Edi811Delimiters | string {
  if (text.slice(start, start + 3) !== 'ISA') return 'the file does not start with an ISA segment';
  const element = text[start + 3];
  if (element === undefined || /[A-Za-z0-9\s]/.test(element)) {
    return 'the ISA element separator (the character after "ISA") is missing or is a letter, digit or space';
  }
  // ISA16 follows the 16th element separator; the segment terminator follows ISA16.
  let pos = start + 3;
  for (let n = 1; n < 16; n++) {
    pos = text.indexOf(element, pos + 1);
    if (pos < 0) return 'the ISA segment is cut short (fewer than 16 elements)';
  }
  const subElement = text[pos + 1];
  const segment = text[pos + 2];
  if (subElement === undefined || segment === undefined) return 'the ISA segment is cut short (no ISA16 or no segment terminator)';
  if (/[A-Za-z0-9 ]/.test(segment) || segment === element || segment === subElement || subElement === element) {
    return `the ISA delimiters are not distinct (element ${shown(element)}, sub-element ${shown(subElement)}, segment ${shown(segment)})`;
  }
  return { element, subElement, segment };
}

function tokenize(text: string, start: number, d: Edi811Delimiters): Segment[] {
  const out: Segment[] = [];
  let charPos = start;
  let bytePos = byteLength(text.slice(0, start));
  let index = 0;
  while (charPos < text.length) {
    let end = text.indexOf(d.segment, charPos);
    if (end < 0) end = text.length;
    let raw = text.slice(charPos, end);
    const rawBytes = byteLength(raw);
    // Line breaks (and other whitespace) between segments are not part of them.
    const lead = /^[\r\n\t ]*/.exec(raw)?.[0] ?? '';
    const leadBytes = lead.length; // ASCII only
    raw = raw.slice(lead.length);
    if (d.segment === '\n') raw = raw.replace(/\r$/, '');
    if (raw.trim() !== '') {
      index++;
      const el = raw.split(d.element);
      out.push({ tag: (el[0] ?? '').trim(), el, index, offset: bytePos + leadBytes });
    }
    bytePos += rawBytes + byteLength(d.segment);
    charPos = end + d.segment.length;
  }
  return out;
}

interface HlNode {
  id: string;
  parent: string | null;
  level: string;
  refs: { qualifier: '11' | '12'; value: string }[];
  /** the loop's first other REF: what a service or line loop is called */
  otherRef?: { qualifier: string; value: string };
  dates: Map<string, string>;
  parties: Edi811Party[];
  amounts: { qualifier: string; cents: number }[];
  broken: boolean;
  children: string[];
}

export function readEdi811(input: string | Uint8Array, options: Edi811Options = {}): Edi811Result {
  const text = typeof input === 'string' ? input : new TextDecoder('utf-8').decode(input);
  const totalQualifiers = options.accountTotalQualifiers ?? DEFAULT_ACCOUNT_TOTAL_QUALIFIERS;
  const problems: Edi811Problem[] = [];
  const prefix = options.fileName ? `${options.fileName}: ` : '';

  const report = (seg: Segment | null, reason: string, extra: { element?: string; hl_id?: string } = {}): void => {
    const where = seg
      ? `${seg.tag || '(empty)'} at segment ${seg.index} (byte ${seg.offset})${extra.hl_id ? ` in HL ${extra.hl_id}` : ''}`
      : 'file';
    problems.push({
      tag: seg?.tag ?? '',
      segment: seg?.index ?? 0,
      byte_offset: seg?.offset ?? 0,
      ...(extra.element ? { element: extra.element } : {}),
      ...(extra.hl_id ? { hl_id: extra.hl_id } : {}),
      ...(seg && extra.element ? { value: el(seg, Number(extra.element.slice(-2))) } : {}),
      reason,
      message: `${prefix}${where}: ${reason}`,
    });
  };

  // A BOM or blank lines before ISA are tolerated.
  const start = /^\uFEFF?[\r\n\t ]*/.exec(text)?.[0].length ?? 0;
  const delimiters = detectDelimiters(text, start);
  if (typeof delimiters === 'string') {
    report(null, delimiters);
    return { ok: false, delimiters: null, interchanges: [], invoices: [], problems };
  }
  const segments = tokenize(text, start, delimiters);
  const el = (s: Segment, n: number): string => (s.el[n] ?? '').trim();

  const interchanges: Edi811Interchange[] = [];
  const invoices: Edi811Invoice[] = [];

  let isa: { seg: Segment; control: string; groups: number; ix: Edi811Interchange } | null = null;
  let gs: { seg: Segment; control: string; sets: number } | null = null;
  let st: { seg: Segment; control: string; body: Segment[] } | null = null;

  const closeTransaction = (se: Segment | null): void => {
    if (!st || !isa || !gs) return;
    const before = problems.length;
    if (se) {
      const count = el(se, 1);
      const actual = st.body.length + 2; // ST and SE included
      if (!/^\d+$/.test(count)) report(se, `SE01 ${shown(count)} is not a segment count`, { element: 'SE01' });
      else if (Number(count) !== actual) {
        report(se, `SE01 says ${count} segments but the transaction set has ${actual} (ST to SE inclusive)`, { element: 'SE01' });
      }
      if (el(se, 2) !== st.control) {
        report(se, `SE02 ${shown(el(se, 2))} does not match ST02 ${shown(st.control)}`, { element: 'SE02' });
      }
    }
    const read = readTransaction(st.seg, st.body, isa.control, gs.control, st.control);
    if (read) {
      const { invoice, accountLoops } = read;
      if (problems.length > before || !se) invoice.complete = false;
      invoice.intact = !!se && problems.slice(before).every((p) => p.hl_id !== undefined && accountLoops.has(p.hl_id));
      isa.ix.invoices.push(invoice);
      invoices.push(invoice);
    }
    gs.sets++;
    st = null;
  };

  const closeGroup = (ge: Segment | null): void => {
    if (!gs || !isa) return;
    if (ge) {
      const count = el(ge, 1);
      if (!/^\d+$/.test(count) || Number(count) !== gs.sets) {
        report(ge, `GE01 says ${shown(count)} transaction sets but the group has ${gs.sets}`, { element: 'GE01' });
      }
      if (el(ge, 2) !== gs.control) {
        report(ge, `GE02 ${shown(el(ge, 2))} does not match GS06 ${shown(gs.control)}`, { element: 'GE02' });
      }
    }
    isa.groups++;
    gs = null;
  };

  for (const seg of segments) {
    switch (seg.tag) {
      case 'ISA': {
        if (isa) report(seg, 'ISA inside an open interchange (the IEA before it is missing)');
        if (st) closeTransaction(null);
        if (gs) closeGroup(null);
        const ix: Edi811Interchange = {
          control_number: el(seg, 13),
          sender_id: el(seg, 6),
          receiver_id: el(seg, 8),
          invoices: [],
        };
        if (seg.el.length !== 17) report(seg, `ISA has ${seg.el.length - 1} elements, expected 16`);
        interchanges.push(ix);
        isa = { seg, control: el(seg, 13), groups: 0, ix };
        break;
      }
      case 'GS': {
        if (!isa) { report(seg, 'GS outside an interchange (no ISA before it)'); break; }
        if (st) { report(seg, 'GS inside an open transaction set (the SE before it is missing)'); closeTransaction(null); }
        if (gs) { report(seg, 'GS inside an open functional group (the GE before it is missing)'); closeGroup(null); }
        if (el(seg, 1) !== 'CI') report(seg, `GS01 ${shown(el(seg, 1))} is not CI (the 811 functional group)`, { element: 'GS01' });
        gs = { seg, control: el(seg, 6), sets: 0 };
        break;
      }
      case 'ST': {
        if (!gs) { report(seg, 'ST outside a functional group (no GS before it)'); break; }
        if (st) { report(seg, 'ST inside an open transaction set (the SE before it is missing)'); closeTransaction(null); }
        st = { seg, control: el(seg, 2), body: [] };
        break;
      }
      case 'SE': {
        if (!st) { report(seg, 'SE without an open transaction set'); break; }
        closeTransaction(seg);
        break;
      }
      case 'GE': {
        if (!gs) { report(seg, 'GE without an open functional group'); break; }
        if (st) { report(seg, 'GE inside an open transaction set (the SE before it is missing)'); closeTransaction(null); }
        closeGroup(seg);
        break;
      }
      case 'IEA': {
        if (!isa) { report(seg, 'IEA without an open interchange'); break; }
        if (st) { report(seg, 'IEA inside an open transaction set (the SE before it is missing)'); closeTransaction(null); }
        if (gs) { report(seg, 'IEA inside an open functional group (the GE before it is missing)'); closeGroup(null); }
        const count = el(seg, 1);
        if (!/^\d+$/.test(count) || Number(count) !== isa.groups) {
          report(seg, `IEA01 says ${shown(count)} functional groups but the interchange has ${isa.groups}`, { element: 'IEA01' });
        }
        if (el(seg, 2) !== isa.control) {
          report(seg, `IEA02 ${shown(el(seg, 2))} does not match ISA13 ${shown(isa.control)}`, { element: 'IEA02' });
        }
        isa = null;
        break;
      }
      default: {
        if (st) st.body.push(seg);
        else report(seg, 'segment outside a transaction set (not between ST and SE)');
      }
    }
  }
  const last = segments[segments.length - 1] ?? null;
  if (st) { report(last, 'the file ends inside a transaction set (SE is missing)'); closeTransaction(null); }
  if (gs) { report(last, 'the file ends inside a functional group (GE is missing)'); closeGroup(null); }
  if (isa) report(last, 'the file ends inside an interchange (IEA is missing)');
  if (segments.length > 0 && interchanges.length === 0) report(null, 'no interchange found');

  // In file order (a transaction set is read when its SE arrives, after the envelope checks of that SE).
  problems.sort((a, b) => a.segment - b.segment);
  return { ok: problems.length === 0, delimiters, interchanges, invoices, problems };

  function readTransaction(
    stSeg: Segment,
    body: Segment[],
    interchangeControl: string,
    groupControl: string,
    transactionControl: string,
  ): { invoice: Edi811Invoice; accountLoops: Set<string> } | null {
    if (el(stSeg, 1) !== '811') {
      report(stSeg, `ST01 ${shown(el(stSeg, 1))} is not 811; the transaction set is skipped`, { element: 'ST01' });
      return null;
    }
    const invoice: Edi811Invoice = {
      interchange_control: interchangeControl,
      group_control: groupControl,
      transaction_control: transactionControl,
      invoice_number: null,
      invoice_date: null,
      period_start: null,
      period_end: null,
      parties: [],
      accounts: [],
      total_cents: null,
      complete: true,
      intact: true,
    };
    const heading: Omit<HlNode, 'id' | 'parent' | 'level' | 'children'> = {
      refs: [],
      dates: new Map(),
      parties: [],
      amounts: [],
      broken: false,
    };
    const nodes = new Map<string, HlNode>();
    const order: HlNode[] = [];
    let current: HlNode | null = null;
    let summary = false;
    let big: Segment | null = null;
    let tds: Segment | null = null;

    for (const seg of body) {
      const at = (reason: string, element?: string): void => {
        if (current) current.broken = true;
        report(seg, reason, { ...(element ? { element } : {}), ...(current ? { hl_id: current.id } : {}) });
      };
      const ctx = current ?? heading;
      switch (seg.tag) {
        case 'BIG': {
          if (big) { at('a second BIG in one transaction set'); break; }
          big = seg;
          const date = parseEdiDate(el(seg, 1));
          if (date.ok) invoice.invoice_date = date.date;
          else at(`BIG01 ${date.reason}`, 'BIG01');
          const number = el(seg, 2);
          if (number === '') at('BIG02 (invoice number) is empty', 'BIG02');
          else invoice.invoice_number = number;
          break;
        }
        case 'HL': {
          if (summary) { at('HL after the summary (TDS/CTT)'); break; }
          const id = el(seg, 1);
          const parent = el(seg, 2);
          if (id === '') { current = null; at('HL01 (hierarchical id) is empty', 'HL01'); break; }
          if (nodes.has(id)) { at(`HL01 ${shown(id)} is used twice`, 'HL01'); current = null; break; }
          const node: HlNode = {
            id,
            parent: parent === '' ? null : parent,
            level: el(seg, 3),
            refs: [],
            dates: new Map(),
            parties: [],
            amounts: [],
            broken: false,
            children: [],
          };
          nodes.set(id, node);
          order.push(node);
          current = node;
          if (node.parent !== null) {
            const p = nodes.get(node.parent);
            if (p) p.children.push(id);
            else { at(`HL02 parent ${shown(node.parent)} is not an earlier HL01`, 'HL02'); node.parent = null; }
          }
          if (node.level === '') at('HL03 (level code) is empty', 'HL03');
          break;
        }
        case 'REF': {
          const q = el(seg, 1);
          if (q !== '11' && q !== '12') {
            if (current && !current.otherRef && q !== '' && el(seg, 2) !== '') current.otherRef = { qualifier: q, value: el(seg, 2) };
            break;
          }
          const value = el(seg, 2);
          if (value === '') { at(`REF02 (account number, qualifier ${q}) is empty`, 'REF02'); break; }
          ctx.refs.push({ qualifier: q, value });
          break;
        }
        case 'DTM': {
          const q = el(seg, 1);
          if (!['186', '187', '150', '151'].includes(q)) break;
          const date = parseEdiDate(el(seg, 2));
          if (!date.ok) { at(`DTM02 (qualifier ${q}) ${date.reason}`, 'DTM02'); break; }
          ctx.dates.set(q, date.date);
          break;
        }
        case 'N1': {
          const q = el(seg, 1);
          const name = el(seg, 2);
          if (q === '') { at('N101 (entity identifier code) is empty', 'N101'); break; }
          const party: Edi811Party = { qualifier: q, name, hl_id: current?.id ?? null };
          if (el(seg, 3) !== '') party.id_qualifier = el(seg, 3);
          if (el(seg, 4) !== '') party.id = el(seg, 4);
          ctx.parties.push(party);
          break;
        }
        case 'AMT': {
          const q = el(seg, 1);
          const amount = parseDecimalCents(el(seg, 2));
          if (q === '') { at('AMT01 (amount qualifier) is empty', 'AMT01'); break; }
          if (!amount.ok) { at(`AMT02 (qualifier ${q}) ${amount.reason}`, 'AMT02'); break; }
          ctx.amounts.push({ qualifier: q, cents: amount.cents });
          break;
        }
        case 'TDS': {
          current = null;
          summary = true;
          if (tds) { at('a second TDS in one transaction set'); break; }
          tds = seg;
          const total = parseImpliedCents(el(seg, 1));
          if (total.ok) invoice.total_cents = total.cents;
          else at(`TDS01 ${total.reason}`, 'TDS01');
          break;
        }
        case 'CTT':
          current = null;
          summary = true;
          break;
        default:
          break;
      }
    }
    if (!big) report(stSeg, 'the transaction set has no BIG segment (invoice date and number)');
    if (!tds) report(stSeg, 'the transaction set has no TDS segment (invoice total)');

    const period = (dates: Map<string, string>): { start: string | null; end: string | null } => ({
      start: dates.get('186') ?? dates.get('150') ?? null,
      end: dates.get('187') ?? dates.get('151') ?? null,
    });
    const headingPeriod = period(heading.dates);
    invoice.period_start = headingPeriod.start;
    invoice.period_end = headingPeriod.end;
    invoice.parties = heading.parties;

    const accountRef = (refs: HlNode['refs']): HlNode['refs'][number] | undefined =>
      refs.find((r) => r.qualifier === '12') ?? refs.find((r) => r.qualifier === '11');
    const pathOf = (node: HlNode): HlNode[] => {
      const path: HlNode[] = [];
      const seen = new Set<string>();
      for (let n: HlNode | undefined = node; n && !seen.has(n.id); n = n.parent ? nodes.get(n.parent) : undefined) {
        seen.add(n.id);
        path.unshift(n);
      }
      return path;
    };

    const topLevel: Edi811Account[] = [];
    // The HL loops that belong to an account (its own and its non-account children): a problem there is that account's.
    const accountLoops = new Set<string>();
    for (const node of order) {
      const ref = accountRef(node.refs);
      if (!ref) continue;
      const path = pathOf(node);
      let start: string | null = null;
      let end: string | null = null;
      for (const level of [...path].reverse()) {
        const p = period(level.dates);
        start ??= p.start;
        end ??= p.end;
      }
      start ??= headingPeriod.start;
      end ??= headingPeriod.end;
      // The account's scope: its own loop and child loops that are not accounts themselves.
      const scope: HlNode[] = [];
      const walk = (n: HlNode): void => {
        scope.push(n);
        for (const c of n.children) {
          const child = nodes.get(c);
          if (child && !accountRef(child.refs)) walk(child);
        }
      };
      walk(node);
      for (const n of scope) accountLoops.add(n.id);
      let total: number | null = null;
      for (const q of totalQualifiers) {
        const hit = node.amounts.find((a) => a.qualifier === q);
        if (hit) { total = hit.cents; break; }
      }
      const account: Edi811Account = {
        account: ref.value,
        account_qualifier: ref.qualifier,
        period_start: start,
        period_end: end,
        total_cents: total,
        parties: path.flatMap((n) => n.parties),
        hl_path: path.map((n) => n.id),
        amounts: scope.flatMap((n) => n.amounts.map((a) => ({ ...a, hl_id: n.id, ...(n.otherRef ? { loop_ref: n.otherRef } : {}) }))),
        complete: !scope.some((n) => n.broken),
      };
      if (total === null && !node.broken) {
        const hlSeg = body.find((s) => s.tag === 'HL' && el(s, 1) === node.id) ?? stSeg;
        report(hlSeg, `account ${shown(ref.value)} (HL ${node.id}) has no total: no AMT with qualifier ${totalQualifiers.join(' or ')} in its loop`, { hl_id: node.id });
        account.complete = false;
      }
      invoice.accounts.push(account);
      if (!path.slice(0, -1).some((n) => accountRef(n.refs))) topLevel.push(account);
    }

    if (invoice.accounts.length === 0) {
      const ref = accountRef(heading.refs);
      if (ref) {
        invoice.accounts.push({
          account: ref.value,
          account_qualifier: ref.qualifier,
          period_start: headingPeriod.start,
          period_end: headingPeriod.end,
          total_cents: invoice.total_cents,
          parties: [],
          hl_path: [],
          amounts: [],
          complete: invoice.total_cents !== null,
        });
      } else {
        report(stSeg, 'the transaction set has no account number (no REF with qualifier 11 or 12)');
      }
    } else if (tds && invoice.total_cents !== null && topLevel.every((a) => a.total_cents !== null)) {
      let sum = 0;
      for (const a of topLevel) sum = addCents(sum, a.total_cents ?? 0, 'The accounts of the invoice');
      if (sum !== invoice.total_cents) {
        report(tds, `the accounts add up to ${sum} cents but TDS01 says ${invoice.total_cents} cents`, { element: 'TDS01' });
      }
    }
    return { invoice, accountLoops };
  }
}

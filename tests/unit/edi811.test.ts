import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  parseDecimalCents,
  parseEdiDate,
  parseImpliedCents,
  readEdi811,
  type Edi811Result,
} from '../../core/edi811.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ediDir = path.resolve(repoRoot, 'tests/fixtures/edi');
const fixture = (name: string): string => readFileSync(path.join(ediDir, name), 'utf8');
const read = (name: string): Edi811Result => readEdi811(readFileSync(path.join(ediDir, name)), { fileName: name });

/** Builds a fixed-width ISA header (106 characters with the terminator). */
function isa(control: string, e = '*', sub = '>', term = '~'): string {
  const f = ['ISA', '00', ' '.repeat(10), '00', ' '.repeat(10), 'ZZ', 'SENDER'.padEnd(15), 'ZZ', 'RECEIVER'.padEnd(15),
    '260405', '0930', 'U', '00401', control, '0', 'T', sub];
  const s = f.join(e);
  expect(s.length).toBe(105);
  return s + term;
}

/** A one-transaction interchange with the given body segments (`*` and `~`), counts computed unless overridden. */
function interchange(body: string[], over: { se?: string; ge?: string; iea?: string; seControl?: string; geControl?: string; ieaControl?: string } = {}): string {
  const segs = [
    isa('000000009').slice(0, -1),
    'GS*CI*SENDER*RECEIVER*20260405*0930*9*X*004010',
    'ST*811*0001',
    ...body,
    `SE*${over.se ?? String(body.length + 2)}*${over.seControl ?? '0001'}`,
    `GE*${over.ge ?? '1'}*${over.geControl ?? '9'}`,
    `IEA*${over.iea ?? '1'}*${over.ieaControl ?? '000000009'}`,
  ];
  return segs.join('~\n') + '~\n';
}

const simpleBody = ['BIG*20260405*INV-1', 'REF*12*0042', 'DTM*186*20260301', 'DTM*187*20260331', 'TDS*9999'];

describe('element parsers', () => {
  it('reads CCYYMMDD dates as calendar strings', () => {
    expect(parseEdiDate('20260405')).toEqual({ ok: true, date: '2026-04-05' });
    expect(parseEdiDate('20240229')).toEqual({ ok: true, date: '2024-02-29' });
    expect(parseEdiDate('20250229').ok).toBe(false);
    expect(parseEdiDate('260405').ok).toBe(false); // YYMMDD is reported, not guessed
    expect(parseEdiDate('2026-04-05').ok).toBe(false);
  });
  it('reads N2 amounts (two implied decimals) straight to cents', () => {
    expect(parseImpliedCents('123456')).toEqual({ ok: true, cents: 123456 });
    expect(parseImpliedCents('-500')).toEqual({ ok: true, cents: -500 });
    expect(parseImpliedCents('0')).toEqual({ ok: true, cents: 0 });
    expect(parseImpliedCents('-0')).toEqual({ ok: true, cents: 0 });
    expect(parseImpliedCents('000154531')).toEqual({ ok: true, cents: 154531 });
    for (const bad of ['12A4', '12.34', '', '+5', '1 000', '1234567890123456']) expect(parseImpliedCents(bad).ok).toBe(false);
  });
  it('reads R amounts (explicit decimal point) straight to cents', () => {
    expect(parseDecimalCents('1234.56')).toEqual({ ok: true, cents: 123456 });
    expect(parseDecimalCents('1234.5')).toEqual({ ok: true, cents: 123450 });
    expect(parseDecimalCents('12')).toEqual({ ok: true, cents: 1200 });
    expect(parseDecimalCents('-12.40')).toEqual({ ok: true, cents: -1240 });
    expect(parseDecimalCents('.07')).toEqual({ ok: true, cents: 7 });
    expect(parseDecimalCents('1.005')).toEqual({ ok: true, cents: 101 }); // half away from zero, no float
    expect(parseDecimalCents('-1.005')).toEqual({ ok: true, cents: -101 });
    expect(parseDecimalCents('0.29')).toEqual({ ok: true, cents: 29 });
    for (const bad of ['2O0.00', '1,234.56', '', '.', '-', '$5', '1.2.3']) expect(parseDecimalCents(bad).ok).toBe(false);
  });
});

describe('two-accounts.811: nested HL loops, DTM 186/187, ~ with line breaks', () => {
  const r = read('two-accounts.811');
  it('has no problem and the delimiters from ISA', () => {
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.delimiters).toEqual({ element: '*', subElement: '>', segment: '~' });
  });
  it('reads the envelopes and the invoice heading', () => {
    expect(r.interchanges).toHaveLength(1);
    expect(r.interchanges[0]).toMatchObject({ control_number: '000000101', sender_id: 'EXAMPLETELCO', receiver_id: 'TEMDESKTEST' });
    expect(r.invoices).toHaveLength(1);
    const inv = r.invoices[0]!;
    expect(inv).toMatchObject({
      interchange_control: '000000101',
      group_control: '101',
      transaction_control: '0001',
      invoice_number: 'INV-2026-0412',
      invoice_date: '2026-04-05',
      period_start: '2026-03-01',
      period_end: '2026-03-31',
      total_cents: 154531,
      complete: true,
    });
    expect(inv.parties).toEqual([
      { qualifier: 'BT', name: 'ACME WIDGETS INC', id_qualifier: '92', id: 'CUST-0042', hl_id: null },
      { qualifier: 'RE', name: 'EXAMPLE TELECOM CO', hl_id: null },
    ]);
  });
  it('yields two accounts, each with its own total, period, parties and HL path', () => {
    const [a, b] = r.invoices[0]!.accounts;
    expect(r.invoices[0]!.accounts).toHaveLength(2);
    expect(a).toEqual({
      account: '0073210045',
      account_qualifier: '12',
      period_start: '2026-03-01',
      period_end: '2026-03-31',
      total_cents: 123456,
      parties: [
        { qualifier: 'PR', name: 'ACME WIDGETS INC HQ', hl_id: '1' },
        { qualifier: 'SU', name: 'ACME WIDGETS PLANT 7', hl_id: '2' },
      ],
      hl_path: ['1', '2'],
      amounts: [
        { qualifier: 'TT', cents: 123456, hl_id: '2' },
        { qualifier: '1', cents: 100000, hl_id: '3' },
        { qualifier: '1', cents: 23456, hl_id: '4' },
      ],
      complete: true,
    });
    // 18 digits with leading zeros stay text; the account's own DTM wins over the heading's.
    expect(b).toMatchObject({
      account: '000123456789012345',
      account_qualifier: '11',
      period_start: '2026-02-15',
      period_end: '2026-03-14',
      total_cents: 31075,
      hl_path: ['1', '5'],
      parties: [{ qualifier: 'PR', name: 'ACME WIDGETS INC HQ', hl_id: '1' }],
    });
    expect((a?.total_cents ?? 0) + (b?.total_cents ?? 0)).toBe(r.invoices[0]!.total_cents);
  });
  it('reads the same from a string as from bytes', () => {
    expect(readEdi811(fixture('two-accounts.811'), { fileName: 'two-accounts.811' })).toEqual(r);
  });
});

describe('service-period.811: DTM 150/151, newline terminators', () => {
  const r = read('service-period.811');
  it('detects the newline terminator and reads both accounts', () => {
    expect(r.problems).toEqual([]);
    expect(r.delimiters).toEqual({ element: '*', subElement: ':', segment: '\n' });
    const inv = r.invoices[0]!;
    expect(inv).toMatchObject({ invoice_number: 'SP-88123', invoice_date: '2026-04-10', period_start: '2026-03-01', period_end: '2026-03-31', total_cents: 7750 });
    expect(inv.accounts.map((a) => [a.account, a.period_start, a.period_end, a.total_cents, a.hl_path])).toEqual([
      ['4400001234', '2026-03-01', '2026-03-31', 8990, ['1']],
      ['4400005678', '2026-03-05', '2026-04-04', -1240, ['2']],
    ]);
  });
  it('reads the same with CRLF line ends', () => {
    const crlf = fixture('service-period.811').replace(/\n/g, '\r\n');
    const c = readEdi811(crlf);
    expect(c.problems).toEqual([]);
    expect(c.invoices[0]!.accounts.map((a) => a.account)).toEqual(['4400001234', '4400005678']);
    expect(c.invoices[0]!.invoice_number).toBe('SP-88123');
  });
  it('prefers 186/187 over 150/151 at the same level', () => {
    const r2 = readEdi811(interchange(['BIG*20260405*INV-1', 'REF*12*0042', 'DTM*150*20260305', 'DTM*151*20260404', 'DTM*186*20260301', 'DTM*187*20260331', 'TDS*100']));
    expect(r2.problems).toEqual([]);
    expect(r2.invoices[0]!.accounts[0]).toMatchObject({ period_start: '2026-03-01', period_end: '2026-03-31' });
  });
});

describe('compact-tilde.811: | elements, ~ without line breaks, two transaction sets', () => {
  const r = read('compact-tilde.811');
  it('reads both invoices, a heading-level account and a negative TDS', () => {
    expect(r.problems).toEqual([]);
    expect(r.delimiters).toEqual({ element: '|', subElement: ':', segment: '~' });
    expect(r.invoices.map((i) => [i.transaction_control, i.invoice_number, i.invoice_date, i.total_cents])).toEqual([
      ['0001', 'CR-7', '2026-01-01', -500],
      ['0002', 'INV-8', '2026-02-01', 123456],
    ]);
    expect(r.invoices[0]!.accounts).toEqual([
      { account: '0099', account_qualifier: '11', period_start: '2025-12-01', period_end: '2025-12-31', total_cents: -500, parties: [], hl_path: [], amounts: [], complete: true },
    ]);
    expect(r.invoices[1]!.accounts[0]).toMatchObject({ account: '0099', period_start: '2026-01-01', total_cents: 123456 });
  });
});

describe('broken-segment.811: one account broken, the others kept', () => {
  const r = read('broken-segment.811');
  const text = fixture('broken-segment.811');
  it('reports the AMT with letters and the SE count, in file order, with tag, index and byte offset', () => {
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => [p.tag, p.segment, p.byte_offset, p.element, p.hl_id])).toEqual([
      ['AMT', 13, text.indexOf('AMT*TT*2O0.00'), 'AMT02', '3'],
      ['SE', 18, text.indexOf('SE*15*0001'), 'SE01', undefined],
    ]);
    expect(text.indexOf('AMT*TT*2O0.00')).toBe(325);
    expect(r.problems[0]!.message).toBe(
      'broken-segment.811: AMT at segment 13 (byte 325) in HL 3: AMT02 (qualifier TT) "2O0.00" is not an amount (expected a decimal number like 1234.56)',
    );
    expect(r.problems[1]!.message).toBe(
      'broken-segment.811: SE at segment 18 (byte 395): SE01 says 15 segments but the transaction set has 16 (ST to SE inclusive)',
    );
  });
  it('keeps every account, marks the broken one incomplete with no total', () => {
    const inv = r.invoices[0]!;
    expect(inv.complete).toBe(false);
    expect(inv.total_cents).toBe(60000);
    expect(inv.accounts.map((a) => [a.account, a.total_cents, a.complete])).toEqual([
      ['5550001111', 10000, true],
      ['5550002222', null, false],
      ['5550003333', 30000, true],
    ]);
  });
});

describe('intact: a problem of the transaction set as a whole, against one inside an account', () => {
  const intact = (text: string) => readEdi811(text).invoices.map((i) => [i.complete, i.intact, i.accounts.map((a) => a.complete)]);
  const twoAccounts = ['BIG*20260405*INV-1', 'HL*1**1', 'REF*12*0042', 'AMT*TT*10.00', 'HL*2**1', 'REF*12*0043', 'AMT*TT*20.00', 'TDS*3000'];

  it('is true when all is well, and when the only problem is inside one account\'s loops', () => {
    expect(intact(interchange(twoAccounts))).toEqual([[true, true, [true, true]]]);
    expect(intact(interchange(twoAccounts.map((s) => (s === 'AMT*TT*20.00' ? 'AMT*TT*2O.00' : s))))).toEqual([[false, true, [true, false]]]);
    // A broken child loop (a service under the account) is that account's problem too.
    expect(intact(interchange(['BIG*20260405*INV-1', 'HL*1**1', 'REF*12*0042', 'AMT*TT*10.00', 'HL*2*1*2', 'AMT*1*1O.00', 'TDS*1000']))).toEqual([[false, true, [false]]]);
    expect(read('two-accounts-one-broken.811').invoices.map((i) => i.intact)).toEqual([true]);
  });

  it('is false for a wrong SE count or control number, a missing SE, a heading problem or TDS01 against the accounts', () => {
    expect(intact(interchange(twoAccounts, { se: '9' }))).toEqual([[false, false, [true, true]]]);
    expect(intact(interchange(twoAccounts, { seControl: '0002' }))).toEqual([[false, false, [true, true]]]);
    expect(intact(interchange(twoAccounts).split('SE*')[0]!)).toEqual([[false, false, [true, true]]]);
    expect(intact(interchange(twoAccounts.map((s) => (s === 'BIG*20260405*INV-1' ? 'BIG*2026040*INV-1' : s))))).toEqual([[false, false, [true, true]]]);
    expect(intact(interchange(twoAccounts.map((s) => (s === 'TDS*3000' ? 'TDS*3100' : s))))).toEqual([[false, false, [true, true]]]);
    expect(read('broken-segment.811').invoices.map((i) => [i.complete, i.intact])).toEqual([[false, false]]);
  });
});

describe('byte offsets count UTF-8 bytes', () => {
  it('puts a problem after a multi-byte name at its byte offset', () => {
    const text = interchange(['BIG*20260405*INV-1', 'N1*BT*Société Générale Télécom', 'REF*12*0042', 'TDS*12A4']);
    const r = readEdi811(text);
    expect(r.problems).toHaveLength(1);
    const p = r.problems[0]!;
    expect(p).toMatchObject({ tag: 'TDS', segment: 7, element: 'TDS01' });
    expect(p.reason).toBe('TDS01 "12A4" is not an amount (expected digits with two implied decimals, e.g. 123456 for 1234.56)');
    const charOffset = text.indexOf('TDS*12A4');
    expect(p.byte_offset).toBe(Buffer.byteLength(text.slice(0, charOffset), 'utf8'));
    expect(p.byte_offset).toBe(charOffset + 6); // six é, one extra byte each
    // what could be read is kept
    expect(r.invoices[0]).toMatchObject({ invoice_number: 'INV-1', total_cents: null });
    expect(r.invoices[0]!.accounts[0]).toMatchObject({ account: '0042', total_cents: null, complete: false });
    expect(r.invoices[0]!.parties[0]!.name).toBe('Société Générale Télécom');
  });
});

describe('envelope checks', () => {
  const problemsOf = (text: string): string[] => readEdi811(text).problems.map((p) => `${p.tag}@${p.segment}: ${p.reason}`);

  it('accepts a correct minimal interchange', () => {
    const r = readEdi811(interchange(simpleBody));
    expect(r.problems).toEqual([]);
    expect(r.invoices[0]).toMatchObject({ invoice_number: 'INV-1', total_cents: 9999 });
    expect(r.invoices[0]!.accounts[0]).toMatchObject({ account: '0042', total_cents: 9999, period_start: '2026-03-01' });
  });
  it('checks SE01, SE02, GE01, GE02, IEA01 and IEA02', () => {
    expect(problemsOf(interchange(simpleBody, { se: '6' }))).toEqual(['SE@9: SE01 says 6 segments but the transaction set has 7 (ST to SE inclusive)']);
    expect(problemsOf(interchange(simpleBody, { seControl: '0002' }))).toEqual(['SE@9: SE02 "0002" does not match ST02 "0001"']);
    expect(problemsOf(interchange(simpleBody, { ge: '2' }))).toEqual(['GE@10: GE01 says "2" transaction sets but the group has 1']);
    expect(problemsOf(interchange(simpleBody, { geControl: '8' }))).toEqual(['GE@10: GE02 "8" does not match GS06 "9"']);
    expect(problemsOf(interchange(simpleBody, { iea: '3' }))).toEqual(['IEA@11: IEA01 says "3" functional groups but the interchange has 1']);
    expect(problemsOf(interchange(simpleBody, { ieaControl: '000000010' }))).toEqual(['IEA@11: IEA02 "000000010" does not match ISA13 "000000009"']);
  });
  it('reports missing trailers and still returns the invoice', () => {
    const cut = interchange(simpleBody).split('SE*7*0001')[0]!;
    const r = readEdi811(cut);
    expect(r.problems.map((p) => p.reason)).toEqual([
      'the file ends inside a transaction set (SE is missing)',
      'the file ends inside a functional group (GE is missing)',
      'the file ends inside an interchange (IEA is missing)',
    ]);
    expect(r.invoices[0]).toMatchObject({ invoice_number: 'INV-1', total_cents: 9999, complete: false });
  });
  it('rejects a file that does not start with ISA, naming the file', () => {
    const r = readEdi811('GS*CI*X~', { fileName: 'bills.811' });
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.message)).toEqual(['bills.811: file: the file does not start with an ISA segment']);
    expect(r.invoices).toEqual([]);
  });
  it('tolerates a BOM and blank lines before ISA', () => {
    const r = readEdi811('\uFEFF\r\n' + interchange(simpleBody));
    expect(r.problems).toEqual([]);
    expect(r.invoices).toHaveLength(1);
  });
  it('skips a transaction set that is not an 811', () => {
    const text = interchange(simpleBody).replace('ST*811*0001', 'ST*810*0001');
    expect(problemsOf(text)).toEqual(['ST@3: ST01 "810" is not 811; the transaction set is skipped']);
    expect(readEdi811(text).invoices).toEqual([]);
  });
});

describe('content checks', () => {
  const reasons = (body: string[]): string[] => readEdi811(interchange(body)).problems.map((p) => `${p.tag}:${p.reason}`);
  it('reports bad dates, empty invoice numbers, bad HL parents and missing account totals', () => {
    expect(reasons(['BIG*20260230*INV-1', 'REF*12*1', 'TDS*1'])).toEqual(['BIG:BIG01 "20260230" is not a valid date: there is no such day']);
    expect(reasons(['BIG*20260405*', 'REF*12*1', 'TDS*1'])).toEqual(['BIG:BIG02 (invoice number) is empty']);
    expect(reasons(['BIG*20260405*I', 'REF*12*1', 'DTM*186*260301', 'TDS*1'])).toEqual(['DTM:DTM02 (qualifier 186) "260301" is not a date (expected CCYYMMDD, 8 digits)']);
    expect(reasons(['BIG*20260405*I', 'HL*1*7*2', 'REF*12*1', 'AMT*TT*0.01', 'TDS*1'])).toEqual(['HL:HL02 parent "7" is not an earlier HL01']);
    expect(reasons(['BIG*20260405*I', 'HL*1**2', 'REF*12*1', 'AMT*BAL*5', 'TDS*500'])).toEqual([
      'HL:account "1" (HL 1) has no total: no AMT with qualifier TT or 5 in its loop',
    ]);
    expect(reasons(['BIG*20260405*I', 'TDS*1'])).toEqual(['ST:the transaction set has no account number (no REF with qualifier 11 or 12)']);
    expect(reasons(['REF*12*1', 'TDS*1'])).toEqual(['ST:the transaction set has no BIG segment (invoice date and number)']);
  });
  it('checks that the accounts add up to TDS01', () => {
    expect(reasons(['BIG*20260405*I', 'HL*1**2', 'REF*12*A', 'AMT*TT*1.00', 'HL*2**2', 'REF*12*B', 'AMT*TT*2.00', 'TDS*301'])).toEqual([
      'TDS:the accounts add up to 300 cents but TDS01 says 301 cents',
    ]);
  });
  it('uses the configured AMT qualifier for account totals', () => {
    const r = readEdi811(interchange(['BIG*20260405*I', 'HL*1**2', 'REF*12*A', 'AMT*BAL*7.5', 'TDS*750']), { accountTotalQualifiers: ['BAL'] });
    expect(r.problems).toEqual([]);
    expect(r.invoices[0]!.accounts[0]!.total_cents).toBe(750);
  });
  it('a sub-account HL nested under an account is its own account and is not added twice', () => {
    const r = readEdi811(interchange([
      'BIG*20260405*I', 'HL*1**1', 'REF*12*MASTER', 'AMT*TT*10.00', 'HL*2*1*2', 'REF*11*SUB', 'AMT*TT*4.00', 'TDS*1000',
    ]));
    expect(r.problems).toEqual([]);
    expect(r.invoices[0]!.accounts.map((a) => [a.account, a.total_cents, a.hl_path])).toEqual([
      ['MASTER', 1000, ['1']],
      ['SUB', 400, ['1', '2']],
    ]);
  });
});

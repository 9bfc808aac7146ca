// The Oxford City Council telecom spend 2014-2018 loaded as history (supplier = carrier, service area = location,
// one account per pair, by the carrier-bills loader) and read back through the billing history: an account's 24
// months and the roll-up per carrier, in exact pence. Expected figures computed from the CSV with Python's Decimal.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { testApi, ROOT } from '../support/api.ts';

const FILE = join(ROOT, 'tests/fixtures/real/oxford-telecom-spend-2014-2018/monthly_by_supplier_service_area.csv');

describe('Oxford telecom spend as billing history', () => {
  it("shows Vodafone's Business Improvement account month by month and Vodafone's 2016 roll-up", async () => {
    const t = testApi();
    await t.api('bills.loadOxford', { file_name: 'monthly_by_supplier_service_area.csv', data: new Uint8Array(readFileSync(FILE)) });
    const found = await t.api('history.findAccounts', { search: 'Business Improvement' });
    const voda = found.filter((a) => a.carrier === 'Vodafone');
    expect(voda.map((a) => [a.location, a.bills, a.first_bill_month, a.last_bill_month])).toEqual([
      ['Business Improvement', 32, '2015-04', '2018-01'],
      ['Business Improvement & Technology', 9, '2014-01', '2015-03'],
    ]);
    expect(voda[0]!.customer).toBe('Oxford City Council');

    const h = await t.api('history.account', { account_id: voda[0]!.account_id });
    expect(h).toMatchObject({ carrier: 'Vodafone', location: 'Business Improvement', first_bill_month: '2015-04', last_bill_month: '2018-01' });
    expect(h.rows.map((r) => r.month)[0]).toBe('2016-02');
    expect(h.rows.slice(-3).map((r) => [r.month, r.actual_cents])).toEqual([
      ['2017-11', 558_419],
      ['2017-12', 476_005],
      ['2018-01', 2_007_455],
    ]);
    const earlier = await t.api('history.account', { account_id: voda[0]!.account_id, to: '2015-06', months: 3 });
    expect(earlier.rows.map((r) => [r.month, r.actual_cents])).toEqual([
      ['2015-04', 2_337_806],
      ['2015-05', 1_813_623],
      ['2015-06', 1_521_833],
    ]);

    // Vodafone over all its service areas in 2016: the May collapse is there to see (months without a bill have no row)
    const vodafoneId = (await t.api('carriers.list', { search: 'Vodafone' }))[0]!.id;
    const roll = await t.api('history.rollup', { by: 'carrier', from: '2016-01', to: '2016-12', carrier_id: vodafoneId });
    expect(roll.map((r) => [r.month, r.actual_cents])).toEqual([
      ['2016-01', 1_666_923],
      ['2016-02', 1_176_288],
      ['2016-04', 1_459_428],
      ['2016-05', 67_583],
      ['2016-06', 1_092_897],
      ['2016-08', 3_864_912],
      ['2016-09', 445_030],
      ['2016-10', 250_137],
      ['2016-11', 1_426_830],
      ['2016-12', 2_838_200],
    ]);
  });
});

// Profiles that ship with the product. A built-in profile is saved the first time a file is imported with it
// (`tem import bills FILE --profile oxford`), and can then be edited like any other.
import type { Profile } from '../contract/bills.ts';

type ProfileSpec = Omit<Profile, 'id' | 'retired_at' | 'created_at' | 'updated_at'>;

export const BUILTIN_PROFILES: Record<string, ProfileSpec> = {
  /**
   * Oxford City Council's published telecom spend (monthly_by_supplier_service_area.csv): supplier = carrier,
   * service area = location and billing account (one account per carrier and service area), one bill per
   * month. No invoice numbers or bill dates: a month's rows of one carrier and account are added up.
   *
   * Supplier names are filed under carriers by explicit aliases, never by guessing: the council's ledger
   * has two Vodafone suppliers, "VODAFONE LIMITED (CORPORATE)" (supplier 20008028, the monthly bill until
   * April 2016) and "VODAFONE LTD" (20016588, from May 2016), which are one carrier to a TEM analyst; kept
   * apart, May 2016 is a first bill with no history, and the collapse of the Vodafone bill goes unseen.
   * "BT GLOBAL SERVIES" is a misspelling of "BT GLOBAL SERVICES". The other BT names (Payment Services,
   * Redcare, Business Direct, British Telecommunications) are different BT businesses billing different
   * things and stay apart. Case and spacing never make a new carrier.
   */
  oxford: {
    name: 'oxford',
    format: 'csv',
    carrier_name: null,
    delimiter: ',',
    locale: 'en-GB',
    date_format: 'YMD',
    header_row: 1,
    sheet: null,
    currency: 'GBP',
    config: {
      columns: { carrier: 'supplier_name', account: 'service_area', location: 'service_area', month: 'month', total: 'total_gbp' },
      constants: { customer: 'Oxford City Council' },
      carrier_aliases: {
        'VODAFONE LIMITED (CORPORATE)': 'Vodafone',
        'VODAFONE LTD': 'Vodafone',
        'BT GLOBAL SERVIES': 'BT Global Services',
        'BT GLOBAL SERVICES': 'BT Global Services',
      },
    },
  },
};

export const builtinProfile = (name: string): ProfileSpec | undefined => BUILTIN_PROFILES[name.trim().toLowerCase()];

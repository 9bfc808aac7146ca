// Ready-made mappings for public files the product ships examples of. The E-Rate FY2015 line items are a book
// as they are (customer = applicant by its BEN, carrier = service provider, account = FRN, service = line item).
// The FY2014 connections name no carrier and no cost: each connection becomes a service of the group
// "E-Rate connection" (which carries no expected charge) on its FRN, at a carrier "Not named".
export const BOOK_PROFILES = [
  {
    id: 'erate-fy2015-line-items',
    label: 'E-Rate FY2015 broadband line items (USAC Form 471)',
    headers: ['line_item_id', 'applicant_id', 'applicant_type', 'applicant_ben', 'applicant_name', 'applicant_postal_cd', 'application_number', 'frn', 'frn_line_item_no', 'purpose', 'wan', 'bandwidth_in_mbps', 'connect_type', 'connect_category', 'num_lines', 'one_time_eligible_cost', 'rec_elig_cost', 'total_cost', 'service_provider_name', 'exclude', 'contacted', 'internet_conditions_met', 'isp_conditions_met', 'upstream_conditions_met', 'wan_conditions_met', 'contract_end_date'],
    map: {
      customer: 'applicant_name',
      customer_code: 'applicant_ben',
      location: 'applicant_postal_cd',
      carrier: 'service_provider_name',
      account: 'frn',
      service: 'connect_type',
      expected: 'rec_elig_cost',
    },
    constants: {},
  },
  {
    id: 'erate-fy2014-connections',
    label: 'E-Rate FY2014 connections (USAC Form 471 item 24)',
    headers: ['FRN', 'ID471_Application_Number', 'BEN', 'Applicant_Name', 'TYPE_OF_CONNECTION', 'NUMBER_OF_LINES', 'DOWNLOAD_SPEED'],
    map: {
      customer: 'Applicant_Name',
      customer_code: 'BEN',
      account: 'FRN',
      service: 'TYPE_OF_CONNECTION',
      'field.lines': 'NUMBER_OF_LINES',
      'field.download_mbps': 'DOWNLOAD_SPEED',
    },
    constants: { carrier: 'Not named', group: 'E-Rate connection', expected: '' },
  },
];

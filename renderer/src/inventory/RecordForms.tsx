// The forms of a customer's records: the customer itself, locations, billing accounts, services (with their
// group's fields) and contracts. Each keeps its typed text until saved; the API's rules decide what is valid.
import { useEffect, useState } from 'react';
import { api, type ApiOutput } from '../api/index.ts';
import { useStore } from '../store.ts';
import { Form } from './Form.tsx';
import { fieldText, moneyText, type FieldSpec, type FormValues } from './fields.ts';
import { accountSpecs, contractSpecs, customerSpecs, locationSpecs, serviceSpecs } from './specs.ts';
import { WithUdf } from './udfForm.tsx';
import { pickerOptions, useLookupValues } from '../admin/lookupValues.ts';
import type { Carrier, ServiceGroup, Tree, TreeAccount, TreeContract, TreeLocation, TreeService } from './types.ts';
import { addCents } from '../../../core/money.ts';

type Done = () => void;
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
const textOf = (specs: FieldSpec[], row: Record<string, unknown>, locale: Parameters<typeof fieldText>[2]): FormValues =>
  Object.fromEntries(specs.map((s) => [s.name, fieldText(s, row[s.name], locale)]));

export function CustomerForm({ tree, stages, onDone }: { tree: Tree; stages: string[]; onDone: Done }) {
  const locale = useStore((s) => s.locale);
  const stageValues = useLookupValues('customer_stage');
  // The customer's own stage stays in the picker, marked retired, once the stage table retires it.
  const specs = customerSpecs(stages).map((s) => (s.name === 'stage' ? { ...s, options: pickerOptions(stageValues, stages, tree.customer.stage) } : s));
  return (
    <WithUdf entity="customers" recordId={tree.customer.id}>
      {(udf) => (
        <Form
          title={`Edit customer ${tree.customer.name}`}
          specs={[...specs, ...udf.specs]}
          initial={{ ...textOf(specs, tree.customer, locale), ...udf.initial }}
          draftKey={`customer.${tree.customer.id}`}
          submitLabel="Save customer"
          onSubmit={(v) =>
            udf.save(`The customer ${String(v.name)}`, v, () =>
              api.call('customers.update', { id: tree.customer.id, patch: { name: String(v.name), code: str(v.code), stage: str(v.stage) ?? undefined, notes: str(v.notes) } }),
            )
          }
          onDone={onDone}
          onCancel={onDone}
        />
      )}
    </WithUdf>
  );
}

export function LocationForm({ customerId, location, first, onDone }: { customerId: string; location?: TreeLocation; first: boolean; onDone: Done }) {
  const locale = useStore((s) => s.locale);
  return (
    <WithUdf entity="locations" recordId={location?.id ?? null}>
      {(udf) => (
        <Form
          title={location ? `Edit location ${location.name}` : 'New location'}
          specs={[...locationSpecs, ...udf.specs]}
          initial={{ ...(location ? textOf(locationSpecs, location, locale) : { name: '', address: '', is_main: first ? 'true' : '' }), ...udf.initial }}
          draftKey={location ? `location.${location.id}` : `location.new.${customerId}`}
          submitLabel={location ? 'Save location' : 'Add location'}
          onSubmit={(v) => {
            const values = { name: String(v.name), address: str(v.address), is_main: Boolean(v.is_main) };
            return udf.save(`The location ${values.name}`, v, (id) => (id ? api.call('locations.update', { id, patch: values }) : api.call('locations.create', { customer_id: customerId, ...values })));
          }}
          onDone={onDone}
          onCancel={onDone}
        />
      )}
    </WithUdf>
  );
}

export function AccountForm(props: { customerId: string; locationId: string | null; account?: TreeAccount; carriers: Carrier[]; locations: TreeLocation[]; onDone: Done }) {
  const { customerId, locationId, account, carriers, locations, onDone } = props;
  const specs = accountSpecs(carriers, locations);
  // A new account starts in the month being worked on: left empty it would be expected in every past month too,
  // and change months that are already checked and paid.
  const month = useStore((s) => s.month);
  const initial: FormValues = account
    ? { account_number: account.account_number, carrier_id: account.carrier_id, location_id: account.location_id ?? '', start_month: account.start_month ?? '', end_month: account.end_month ?? '' }
    : { account_number: '', carrier_id: '', location_id: locationId ?? '', start_month: month, end_month: '' };
  return (
    <Form
      title={account ? `Edit account ${account.account_number}` : 'New billing account'}
      specs={specs}
      initial={initial}
      draftKey={account ? `account.${account.id}` : `account.new.${customerId}.${locationId ?? ''}`}
      submitLabel={account ? 'Save account' : 'Add account'}
      validate={(v) => (v.start_month && v.end_month && String(v.end_month) < String(v.start_month) ? { end_month: `Last month ${v.end_month} is before first month ${v.start_month}` } : {})}
      onSubmit={(v) => {
        const values = {
          account_number: String(v.account_number),
          carrier_id: String(v.carrier_id),
          location_id: str(v.location_id),
          start_month: str(v.start_month),
          end_month: str(v.end_month),
        };
        return account ? api.call('accounts.update', { id: account.id, patch: values }) : api.call('accounts.create', { customer_id: customerId, in_book: true, ...values });
      }}
      onDone={onDone}
      onCancel={onDone}
    />
  );
}

const GROUP_KIND = { text: 'text', number: 'number', money: 'money', date: 'date', list: 'select' } as const;
const groupFieldName = (key: string) => `field.${key}`;

/** The group's own fields as form fields, named field.<key>. */
function groupSpecs(group: ServiceGroup | undefined): FieldSpec[] {
  if (!group) return [];
  return group.fields.map((f) => ({
    name: groupFieldName(f.key),
    label: f.name,
    kind: GROUP_KIND[f.type],
    required: f.required,
    options: f.type === 'list' ? [{ value: '', label: '—' }, ...(f.options ?? []).map((o) => ({ value: o, label: o }))] : undefined,
  }));
}

type Lookup = ApiOutput<'lookups.list'>[number];

/** The service type drop-down: active values in their order, plus the value the service holds when retired since. */
function useServiceTypeSpec(held: string | null): FieldSpec {
  const [values, setValues] = useState<Lookup[]>([]);
  useEffect(() => {
    let live = true;
    // Without the list the field still shows the held code; the API decides what is valid on save.
    api.call('lookups.list', { list: 'service_type', include_inactive: true }).then((v) => live && setValues(v), () => undefined);
    return () => {
      live = false;
    };
  }, []);
  const shown = values.filter((v) => v.active || v.code === held);
  const options = [{ value: '', label: '—' }, ...shown.map((v) => ({ value: v.code, label: v.active ? v.label : `${v.label} (retired)` }))];
  if (held && !values.some((v) => v.code === held)) options.push({ value: held, label: held });
  return { name: 'service_type', label: 'Service type', kind: 'select', options };
}

export function ServiceForm(props: { account: TreeAccount; service?: TreeService; groups: ServiceGroup[]; locations: TreeLocation[]; onDone: Done }) {
  const { account, service, groups, locations, onDone } = props;
  const locale = useStore((s) => s.locale);
  const live = groups.filter((g) => !g.retired_at || g.id === service?.group_id);
  const typeSpec = useServiceTypeSpec(service?.service_type ?? null);
  const base = [...serviceSpecs(live, locations), typeSpec];
  const groupOf = (text: FormValues) => groups.find((g) => g.id === text.group_id);
  const specsFor = (text: FormValues) => [...base, ...groupSpecs(groupOf(text))];
  const initial: FormValues = service
    ? {
        ...textOf(base, service, locale),
        location_id: service.location_id && service.location_id !== account.location_id ? service.location_id : '',
        ...Object.fromEntries(
          groupSpecs(groups.find((g) => g.id === service.group_id)).map((s) => [s.name, fieldText(s, service.fields[s.name.slice(6)], locale)]),
        ),
      }
    : { description: '', group_id: '', location_id: '', circuit_id: '', status: 'active', install_date: '', disconnect_date: '', monthly_cents: '', service_type: '' };
  return (
    <WithUdf entity="services" recordId={service?.id ?? null}>
      {(udf) => (
        <Form
          title={service ? `Edit service ${service.description}` : `New service on account ${account.account_number}`}
          specs={(text) => [...specsFor(text), ...udf.specs]}
          initial={{ ...initial, ...udf.initial }}
          draftKey={service ? `service.${service.id}` : `service.new.${account.id}`}
          submitLabel={service ? 'Save service' : 'Add service'}
          visible={(name, text) => (name === 'monthly_cents' ? groupOf(text)?.carries_expected !== false : name === 'disconnect_date' ? text.status === 'disconnected' || text.disconnect_date !== '' : true)}
          validate={(v) =>
            v.status === 'disconnected' && !v.disconnect_date
              ? { disconnect_date: 'Disconnect date is required when the status is disconnected' }
              : v.install_date && v.disconnect_date && String(v.disconnect_date) < String(v.install_date)
                ? { disconnect_date: `Disconnect date ${v.disconnect_date} is before install date ${v.install_date}` }
                : {}
          }
          onSubmit={(v, text) => {
            const group = groupOf(text);
            const fields = Object.fromEntries(
              (group?.fields ?? []).map((f) => {
                const val = v[groupFieldName(f.key)];
                return [f.key, val === undefined ? null : (val as string | number | null)];
              }),
            );
            const values = {
              description: String(v.description),
              group_id: str(v.group_id),
              location_id: str(v.location_id) ?? account.location_id,
              circuit_id: str(v.circuit_id),
              status: (v.status as 'ordered' | 'active' | 'disconnected') ?? 'active',
              install_date: str(v.install_date),
              disconnect_date: str(v.disconnect_date),
              ...(v.monthly_cents !== undefined ? { monthly_cents: (v.monthly_cents as number | null) ?? 0 } : {}),
              service_type: str(v.service_type),
              fields,
              locale,
            };
            return udf.save(`The service ${values.description}`, v, (id) =>
              id ? api.call('services.update', { id, patch: values }) : api.call('services.create', { billing_account_id: account.id, ...values }),
            );
          }}
          onDone={onDone}
          onCancel={onDone}
        />
      )}
    </WithUdf>
  );
}

/** The account's active services that count toward its expected bill, added up (for the form's comparison). */
export function activeServicesCents(account: TreeAccount, groups: ServiceGroup[]): number {
  const noExpected = new Set(groups.filter((g) => !g.carries_expected).map((g) => g.id));
  return account.services.filter((s) => s.status === 'active' && !s.retired_at && !(s.group_id && noExpected.has(s.group_id))).reduce((n, s) => addCents(n, s.monthly_cents, 'The services of the account'), 0);
}

/** The form field that says whether the contract also covers another account. */
const coverField = (id: string) => `covers.${id}`;

/** A contract may also cover the customer's other live accounts with the same carrier (other_account_ids). */
export function ContractForm({ account, contract, groups, siblings = [], onDone }: { account: TreeAccount; contract?: TreeContract; groups: ServiceGroup[]; siblings?: TreeAccount[]; onDone: Done }) {
  const locale = useStore((s) => s.locale);
  const sum = activeServicesCents(account, groups);
  // The tree does not list a contract's further accounts: an edit reads them first, so the boxes start right.
  const [covered, setCovered] = useState<string[] | null>(contract ? null : []);
  const [loadError, setLoadError] = useState<string | null>(null);
  useEffect(() => {
    if (!contract) return;
    api.call('contracts.get', { id: contract.id }).then(
      (c) => setCovered(c.other_account_ids),
      (e: unknown) => setLoadError(String((e as Error)?.message ?? e)),
    );
  }, [contract]);
  if (loadError) return <p role="alert">The contract could not be read: {loadError}</p>;
  if (covered === null) return <p role="status">Reading the contract…</p>;
  // Accounts already linked stay listed (and can be unticked) even if they no longer match.
  const choices = [...siblings, ...covered.filter((id) => !siblings.some((s) => s.id === id)).map((id) => ({ id, account_number: id }) as TreeAccount)];
  const coverSpecs: FieldSpec[] = choices.map((s) => ({ name: coverField(s.id), label: `Also covers account ${s.account_number}`, kind: 'checkbox' }));
  const initial: FormValues = contract
    ? textOf(contractSpecs, contract, locale)
    : { start_date: '', end_date: '', auto_renew: '', expected_source: 'services', expected_cents: '', tolerance_pct_bp: '', tolerance_amount_cents: '', tolerance_mode: 'either' };
  for (const s of choices) initial[coverField(s.id)] = covered.includes(s.id) ? 'true' : '';
  return (
    <WithUdf entity="contracts" recordId={contract?.id ?? null}>
      {(udf) => (
        <Form
          title={contract ? `Edit contract on account ${account.account_number}` : `New contract on account ${account.account_number}`}
          specs={[...contractSpecs, ...coverSpecs, ...udf.specs]}
          initial={{ ...initial, ...udf.initial }}
          draftKey={contract ? `contract.${contract.id}` : `contract.new.${account.id}`}
          submitLabel={contract ? 'Save contract' : 'Add contract'}
          // An entered total is one account's bill, so only a sum-of-services contract covers further accounts.
          visible={(name, text) => (name === 'expected_cents' ? text.expected_source === 'entered' : name.startsWith('covers.') ? text.expected_source !== 'entered' : true)}
          validate={(v) => {
            const errors: Record<string, string> = {};
            if (v.expected_source === 'entered' && v.expected_cents === null) errors.expected_cents = 'Entered monthly total is required when the total is entered';
            if (v.start_date && v.end_date && String(v.end_date) < String(v.start_date)) errors.end_date = `Contract end ${v.end_date} is before contract start ${v.start_date}`;
            if (typeof v.tolerance_amount_cents === 'number' && v.tolerance_amount_cents < 0) errors.tolerance_amount_cents = 'Tolerance amount must not be negative';
            return errors;
          }}
          onSubmit={(v) => {
            const values = {
              start_date: str(v.start_date),
              end_date: str(v.end_date),
              auto_renew: Boolean(v.auto_renew),
              expected_source: v.expected_source as 'services' | 'entered',
              expected_cents: v.expected_source === 'entered' ? (v.expected_cents as number) : null,
              tolerance_pct_bp: v.tolerance_pct_bp as number | null,
              tolerance_amount_cents: v.tolerance_amount_cents as number | null,
              tolerance_mode: v.tolerance_mode as 'either' | 'both',
              other_account_ids: v.expected_source === 'entered' ? [] : choices.filter((s) => v[coverField(s.id)] === true).map((s) => s.id),
            };
            return udf.save(`The contract on account ${account.account_number}`, v, (id) =>
              id ? api.call('contracts.update', { id, patch: values }) : api.call('contracts.create', { billing_account_id: account.id, ...values }),
            );
          }}
          onDone={onDone}
          onCancel={onDone}
        >
          {(text) => (
            <p className="inv-compare" aria-live="polite">
              Active services add up to <strong>{moneyText(sum, locale)}</strong> a month
              {text.expected_source === 'entered' ? ' (the entered total is used instead)' : ' (used as the expected total)'}.
              {choices.length && text.expected_source !== 'entered' ? ' Each account it also covers is expected at the sum of its own services, with this term and tolerance.' : ''}
            </p>
      )}
    </Form>
      )}
    </WithUdf>
  );
}

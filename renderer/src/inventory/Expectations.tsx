// An account's one-off expectations (an install fee in March) and price steps (more every month from July): the
// amounts the month check adds to the expected bill. Both forms keep their text until saved.
import { api } from '../api/index.ts';
import { useStore } from '../store.ts';
import { useLoad } from '../hooks/useLoad.ts';
import { Form } from './Form.tsx';
import { moneyText, type FieldSpec } from './fields.ts';
import type { TreeAccount } from './types.ts';

const onceSpecs: FieldSpec[] = [
  { name: 'month', label: 'One-off month', kind: 'month', required: true },
  { name: 'amount_cents', label: 'One-off amount', kind: 'money', required: true, hint: 'added to that month’s expected bill' },
  { name: 'note', label: 'One-off note', kind: 'text' },
];
const stepSpecs: FieldSpec[] = [
  { name: 'from_month', label: 'Price step from month', kind: 'month', required: true },
  { name: 'amount_cents', label: 'Price step amount', kind: 'money', required: true, hint: 'added every month from then on; negative for a decrease' },
  { name: 'note', label: 'Price step note', kind: 'text' },
];

export function Expectations({ account }: { account: TreeAccount }) {
  const locale = useStore((s) => s.locale);
  const list = useLoad(() => api.call('expected.list', { account_id: account.id }), [account.id]);
  const once = list.data?.once ?? [];
  const steps = (list.data?.steps ?? []).filter((s) => !s.retired_at);
  return (
    <section className="inv-expect" aria-label={`Expectations of account ${account.account_number}`}>
      {list.error ? <p role="alert">{list.error}</p> : null}
      <table className="inv-table" aria-label={`One-offs and price steps of account ${account.account_number}`}>
        <thead>
          <tr>
            <th scope="col">Kind</th>
            <th scope="col">Month</th>
            <th scope="col">Amount</th>
            <th scope="col">Note</th>
            <th scope="col">
              <span className="inv-sr">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {once.map((o) => (
            <tr key={`o${o.month}`}>
              <td>One-off</td>
              <td>{o.month}</td>
              <td className="inv-num">{moneyText(o.amount_cents, locale)}</td>
              <td>{o.note ?? ''}</td>
              <td>
                <button type="button" aria-label={`Remove one-off ${o.month}`} onClick={() => void api.call('expected.setOverride', { account_id: account.id, month: o.month, amount_cents: null })}>
                  Remove
                </button>
              </td>
            </tr>
          ))}
          {steps.map((s) => (
            <tr key={s.id}>
              <td>Price step</td>
              <td>from {s.from_month}</td>
              <td className="inv-num">{moneyText(s.amount_cents, locale)}</td>
              <td>{s.note ?? ''}</td>
              <td>
                <button type="button" aria-label={`Remove price step from ${s.from_month}`} onClick={() => void api.call('expected.setStep', { account_id: account.id, from_month: s.from_month, amount_cents: null })}>
                  Remove
                </button>
              </td>
            </tr>
          ))}
          {once.length + steps.length === 0 ? (
            <tr>
              <td colSpan={5}>No one-off or price step.</td>
            </tr>
          ) : null}
        </tbody>
      </table>
      <div className="inv-form-row">
        <Form
          title="Add a one-off"
          specs={onceSpecs}
          initial={{ month: '', amount_cents: '', note: '' }}
          draftKey={`once.${account.id}`}
          submitLabel="Add one-off"
          onSubmit={(v) => api.call('expected.setOverride', { account_id: account.id, month: String(v.month), amount_cents: v.amount_cents as number, note: (v.note as string | null) ?? null })}
          onDone={list.reload}
        />
        <Form
          title="Add a price step"
          specs={stepSpecs}
          initial={{ from_month: '', amount_cents: '', note: '' }}
          draftKey={`step.${account.id}`}
          submitLabel="Add price step"
          onSubmit={(v) => api.call('expected.setStep', { account_id: account.id, from_month: String(v.from_month), amount_cents: v.amount_cents as number, note: (v.note as string | null) ?? null })}
          onDone={list.reload}
        />
      </div>
    </section>
  );
}

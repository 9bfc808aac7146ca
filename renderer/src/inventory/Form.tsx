// One form for every inventory record: labelled fields, a message under each field that does not read, a summary
// that names them all (announced), and the API's own refusal shown without clearing anything typed.
import { useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { formatCents } from '../../../core/money.ts';
import { useStore } from '../store.ts';
import { failureText, fieldOfFailure } from './call.ts';
import { readForm, type FieldSpec, type FormErrors, type FormValues } from './fields.ts';
import { useDraft } from './useDraft.ts';

export interface FormProps {
  title: string;
  /** The fields; a function when they depend on what is typed (a service's group decides its extra fields). */
  specs: FieldSpec[] | ((text: FormValues) => FieldSpec[]);
  initial: FormValues;
  /** Where the typed text is kept until saved (unique per record and form). */
  draftKey: string;
  submitLabel: string;
  /** Sends the parsed values; a throw keeps the form as it is and shows why. */
  onSubmit(values: Record<string, unknown>, text: FormValues): Promise<unknown>;
  onDone?(result: unknown): void;
  onCancel?(): void;
  /** Checks across fields (or anything the field kinds cannot say); returns errors by field name. */
  validate?(values: Record<string, unknown>, text: FormValues): FormErrors;
  /** Extra content below the fields (e.g. a computed figure), given the current text. */
  children?: (text: FormValues) => ReactNode;
  /** Fields shown only when this says so (e.g. the entered total when the source is "entered"). */
  visible?(name: string, text: FormValues): boolean;
}

export function Field({ spec: given, value, error, onChange }: { spec: FieldSpec; value: string; error?: string; onChange(v: string): void }) {
  const id = useId();
  const locale = useStore((s) => s.locale);
  // Amounts are read in the "Amounts as" locale: say how, unless the field says something else.
  const spec = given.kind === 'money' && !given.hint ? { ...given, hint: `like ${formatCents(123_456, locale)} (${locale})` } : given;
  const describedBy = error ? `${id}-err` : spec.hint ? `${id}-hint` : undefined;
  const common = { id, name: spec.name, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy, 'aria-required': spec.required || undefined };
  let control: ReactNode;
  switch (spec.kind) {
    case 'checkbox':
      control = <input {...common} type="checkbox" checked={value === 'true'} onChange={(e) => onChange(e.target.checked ? 'true' : '')} />;
      break;
    case 'select':
      control = (
        <select {...common} value={value} onChange={(e) => onChange(e.target.value)}>
          {spec.options?.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      );
      break;
    case 'textarea':
      control = <textarea {...common} value={value} rows={3} onChange={(e) => onChange(e.target.value)} />;
      break;
    default:
      control = (
        <input
          {...common}
          type={spec.kind === 'date' ? 'date' : spec.kind === 'month' ? 'month' : 'text'}
          inputMode={spec.kind === 'money' || spec.kind === 'percent' || spec.kind === 'number' ? 'decimal' : spec.kind === 'int' ? 'numeric' : undefined}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          autoComplete="off"
        />
      );
  }
  return (
    <div className={`inv-field inv-field-${spec.kind}${error ? ' inv-field-invalid' : ''}`}>
      <span className="inv-label-row">
        <label htmlFor={id}>{spec.label}</label>
        {spec.required ? (
          <span className="inv-star" aria-hidden="true">
            *
          </span>
        ) : null}
      </span>
      {control}
      {error ? (
        <span id={`${id}-err`} className="inv-field-error">
          {error}
        </span>
      ) : spec.hint ? (
        <span id={`${id}-hint`} className="inv-field-hint">
          {spec.hint}
        </span>
      ) : null}
    </div>
  );
}

export function Form(props: FormProps) {
  const { title, specs, initial, draftKey, submitLabel, onSubmit, onDone, onCancel, validate, children, visible } = props;
  const locale = useStore((s) => s.locale);
  const [text, setText, clearDraft] = useDraft<FormValues>(draftKey, () => initial);
  const [errors, setErrors] = useState<FormErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const all = typeof specs === 'function' ? specs(text) : specs;
  const shown = all.filter((s) => !visible || visible(s.name, text));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const read = readForm(shown, text, locale);
    const errs: FormErrors = { ...read.errors, ...(Object.keys(read.errors).length ? {} : (validate?.(read.values, text) ?? {})) };
    setErrors(errs);
    setFailure(null);
    if (Object.values(errs).some(Boolean)) {
      requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    setBusy(true);
    try {
      const result = await onSubmit(read.values, text);
      clearDraft(initial);
      onDone?.(result);
    } catch (err) {
      const field = fieldOfFailure(err);
      const spec = all.find((s) => s.name === field);
      if (spec) setErrors({ [spec.name]: `${spec.label}: ${failureText(err).replace(/^[\w.]+: /, '')}` });
      // A record saved without its user-defined fields says so itself (udfForm.tsx).
      setFailure((err as { saved?: boolean } | null)?.saved ? failureText(err) : `Not saved: ${failureText(err)}`);
    } finally {
      setBusy(false);
    }
  };

  const messages = Object.values(errors).filter((m): m is string => !!m);
  return (
    <form ref={formRef} className="inv-form" aria-label={title} onSubmit={submit} noValidate>
      <h3>{title}</h3>
      <div role="alert" className="inv-form-alert">
        {messages.length ? (
          <>
            <p>{messages.length === 1 ? 'One field needs attention:' : `${messages.length} fields need attention:`}</p>
            <ul>
              {messages.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          </>
        ) : null}
        {failure ? <p>{failure}</p> : null}
      </div>
      <div className="inv-form-fields">
        {shown.map((s) => (
          <Field key={s.name} spec={s} value={text[s.name] ?? ''} error={errors[s.name]} onChange={(v) => setText((t) => ({ ...t, [s.name]: v }))} />
        ))}
      </div>
      {children?.(text)}
      <div className="inv-form-buttons">
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : submitLabel}
        </button>
        {onCancel ? (
          <button
            type="button"
            onClick={() => {
              clearDraft();
              onCancel();
            }}
          >
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}

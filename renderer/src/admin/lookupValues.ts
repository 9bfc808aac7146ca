// The values of one drop-down table with their labels, retired ones included: pickers show a record's retired
// value (marked retired) and lists show labels rather than codes.
import { useEffect, useState } from 'react';
import { api, type ApiOutput } from '../api/index.ts';

export type LookupValue = ApiOutput<'lookups.list'>[number];

/** Every value of the table (active and retired); [] until loaded or when it cannot be read. */
export function useLookupValues(list: string): LookupValue[] {
  const [values, setValues] = useState<LookupValue[]>([]);
  useEffect(() => {
    let live = true;
    // Without the table the screens fall back to the codes; the API decides what is valid on save.
    api.call('lookups.list', { list, include_inactive: true }).then((v) => live && setValues(v), () => undefined);
    return () => {
      live = false;
    };
  }, [list]);
  return values;
}

/** A code as people read it: the table's label, or the code with a capital when the table does not have it. */
export function lookupLabel(values: readonly LookupValue[], code: string | null | undefined): string {
  if (!code) return '';
  const v = values.find((x) => x.code === code);
  return v ? v.label : code[0]!.toUpperCase() + code.slice(1);
}

/** Picker options: the active codes in order, plus the record's held code when it is no longer offered
 *  (shown with "(retired)" when the table has it as a retired value). */
export function pickerOptions(values: readonly LookupValue[], active: readonly string[], held: string | null | undefined): { value: string; label: string }[] {
  const options = active.map((code) => ({ value: code, label: lookupLabel(values, code) }));
  if (held && !active.includes(held)) {
    const v = values.find((x) => x.code === held);
    options.push({ value: held, label: v && !v.active ? `${v.label} (retired)` : lookupLabel(values, held) });
  }
  return options;
}

// What a refused input says, in plain words: zod's own defaults ("Too small: expected string to have >=1
// characters") speak to programmers. Messages a schema sets itself take precedence over these.
import type { z } from 'zod';

type Issue = z.core.$ZodRawIssue;

const shown = (v: unknown) => (typeof v === 'string' ? `"${v.length > 60 ? `${v.slice(0, 57)}…` : v}"` : typeof v === 'bigint' ? String(v) : JSON.stringify(v));

const KIND: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a set of fields',
  date: 'a date',
  bigint: 'a whole number',
};

const sizeOf = (origin: unknown, n: number | bigint) => {
  const count = Number(n);
  if (origin === 'string') return `${count} character${count === 1 ? '' : 's'}`;
  if (origin === 'array' || origin === 'set') return `${count} value${count === 1 ? '' : 's'}`;
  return String(n);
};

export function plainInputMessage(issue: Issue): string | undefined {
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return 'is required';
      const want = KIND[issue.expected] ?? issue.expected;
      return `must be ${want}, not ${shown(issue.input)}`;
    }
    case 'too_small': {
      const { origin, minimum, inclusive } = issue;
      if (origin === 'string' && Number(minimum) === 1) return 'must not be empty';
      if ((origin === 'array' || origin === 'set') && Number(minimum) === 1) return 'needs at least one value';
      if (origin === 'number' || origin === 'bigint' || origin === 'int') return `must be ${inclusive ? 'at least' : 'more than'} ${minimum}`;
      return `must have at least ${sizeOf(origin, minimum)}`;
    }
    case 'too_big': {
      const { origin, maximum, inclusive } = issue;
      if (origin === 'number' || origin === 'bigint' || origin === 'int') return `must be ${inclusive ? 'at most' : 'less than'} ${maximum}`;
      return `may have at most ${sizeOf(origin, maximum)}`;
    }
    case 'invalid_value':
      return issue.values.length === 1 ? `must be ${shown(issue.values[0])}` : `must be one of ${issue.values.map(shown).join(', ')}`;
    case 'unrecognized_keys':
      return `has ${issue.keys.length === 1 ? 'a field' : 'fields'} it does not know: ${issue.keys.join(', ')}`;
    case 'invalid_format':
      return issue.format === 'regex' ? `is not in the expected form: ${shown(issue.input)}` : `is not a valid ${issue.format}: ${shown(issue.input)}`;
    case 'invalid_union': {
      // A branch of the right type that still refused says the most (a whole number too large, say).
      const tried = (issue.errors as z.core.$ZodIssue[][]).flat();
      const specific = tried.find((i) => i.code !== 'invalid_type');
      if (specific) return specific.message;
      const kinds = [...new Set(tried.map((i) => (i.code === 'invalid_type' ? (KIND[i.expected] ?? i.expected) : '')))].filter(Boolean);
      if (!kinds.length) return undefined;
      const listed = kinds.length === 1 ? kinds[0] : `${kinds.slice(0, -1).join(', ')} or ${kinds[kinds.length - 1]}`;
      return `must be ${listed}, not ${shown(issue.input)}`;
    }
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    default:
      return undefined;
  }
}

// What an API failure says to the person at a form: the one sentence to show, and the field it points at.
import { ApiFailure } from '../api/index.ts';

interface Issue {
  path?: (string | number)[];
  message?: string;
}

/** The field an API input error points at (last name in the zod path), when it names one. */
export function fieldOfFailure(e: unknown): string | null {
  if (!(e instanceof ApiFailure) || e.code !== 'invalid_input' || !Array.isArray(e.details)) return null;
  const path = (e.details as Issue[])[0]?.path ?? [];
  for (let i = path.length - 1; i >= 0; i--) if (typeof path[i] === 'string') return path[i] as string;
  return null;
}

/** A failure as one sentence for a person. */
export function failureText(e: unknown): string {
  if (e instanceof ApiFailure) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}

import type { z } from 'zod';

/** A method of the one API: its name, zod schemas for input and output, and whether it writes. */
export interface MethodDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  name: string;
  kind: 'query' | 'mutation';
  summary: string;
  input: I;
  output: O;
}

export function query<I extends z.ZodType, O extends z.ZodType>(name: string, summary: string, input: I, output: O) {
  return { name, kind: 'query', summary, input, output } as const satisfies MethodDef<I, O>;
}

export function mutation<I extends z.ZodType, O extends z.ZodType>(name: string, summary: string, input: I, output: O) {
  return { name, kind: 'mutation', summary, input, output } as const satisfies MethodDef<I, O>;
}

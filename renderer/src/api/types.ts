// The API as the renderer sees it: method names and their input and output types, straight from the contract.
import type { z } from 'zod';
import type { Methods, MethodName } from '../../../api/contract/index.ts';

export type { MethodName };
export type ApiInput<M extends MethodName> = z.input<Methods[M]['input']>;
export type ApiOutput<M extends MethodName> = z.output<Methods[M]['output']>;
export type { CheckRow, MonthCheck, CheckTotals } from '../../../api/contract/month.ts';
export type { ChangeEvent, WireError } from '../../../api/wire.ts';

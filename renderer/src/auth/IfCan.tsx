// Shows its children only to a user who may call the method (the API refuses the others in any case).
import type { ReactNode } from 'react';
import type { MethodName } from '../../../api/contract/index.ts';
import { useCan } from './useCan.ts';

export function IfCan({ method, children }: { method: MethodName; children: ReactNode }) {
  return useCan(method) ? <>{children}</> : null;
}

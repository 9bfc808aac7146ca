// The ApiClient: one typed call() and one change feed, over whichever transport the window has.
// Nothing in the UI knows whether it runs in Electron (IPC) or a browser (HTTP).
import type { ApiInput, ApiOutput, ChangeEvent, MethodName, WireError } from './types.ts';

/** A failed call, with the API's error code and details (e.g. every bad cell of a paste). */
export class ApiFailure extends Error {
  readonly code: WireError['code'];
  readonly details: unknown;
  constructor(err: WireError) {
    super(err.message);
    this.name = 'ApiFailure';
    this.code = err.code;
    this.details = err.details;
  }
}

export interface Transport {
  /** Resolves with the method's output or rejects with an ApiFailure. */
  invoke(method: string, input: unknown): Promise<unknown>;
  /** Calls back after every change to the data; returns the unsubscribe function. */
  subscribe(listener: (event: ChangeEvent) => void): () => void;
}

export interface ApiClient {
  call<M extends MethodName>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>>;
  onChange(listener: (event: ChangeEvent) => void): () => void;
}

export function createApiClient(transport: Transport): ApiClient {
  return {
    call: (method, input) => transport.invoke(method, input) as Promise<never>,
    onChange: (listener) => transport.subscribe(listener),
  };
}

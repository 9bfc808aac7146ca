// How a desk reaches its hosted instance: over HTTP (POST /api/sync.push and /api/sync.pull, the same methods
// every door serves), or in process (tests, benchmarks) through call() with the hosted instance's context.
import { ApiError } from '../errors.ts';
import type { ErrorCode } from '../errors.ts';
import { toWire, fromWire, API_HEADER, type WireError } from '../wire.ts';
import type { Ctx } from '../context.ts';
import type { PushInput, PushResult, PullResult } from './server.ts';

export interface SyncTransport {
  info(): Promise<{ node: string; head: number }>;
  push(input: PushInput): Promise<PushResult>;
  pull(input: { node: string; after: number; after_id: string | null; include_own: boolean; limit: number }): Promise<PullResult>;
}

/** The hosted instance in this process, through the one API entry (access checks and zod included). */
export async function localTransport(server: Ctx): Promise<SyncTransport> {
  // Imported lazily: api/index.ts reaches the handlers, which reach this file.
  const { call } = await import('../index.ts');
  return {
    info: () => call(server, 'sync.info', {}),
    push: (input) => call(server, 'sync.push', input),
    pull: (input) => call(server, 'sync.pull', input),
  };
}

/** Normalises what a user typed ("tem.example.com", "https://x/") to the base URL the API lives under. */
export function baseUrl(url: string): string {
  const withScheme = /^[a-z]+:\/\//i.test(url) ? url : `https://${url}`;
  let u: URL;
  try {
    u = new URL(withScheme);
  } catch {
    throw new ApiError('invalid_input', `"${url}" is not a web address (for example https://tem.example.com)`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new ApiError('invalid_input', `"${url}" is not an http or https address`);
  return u.origin + u.pathname.replace(/\/*$/, '/');
}

/** Calls one API method of a hosted instance over HTTP. `cookie` is the session from signing in there. */
export async function httpCall<T>(base: string, method: string, input: unknown, cookie: string | null): Promise<{ value: T; setCookie: string[] }> {
  let res: Response;
  try {
    res = await fetch(`${base}api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [API_HEADER]: '1', ...(cookie ? { cookie } : {}) },
      body: toWire(input),
    });
  } catch (e) {
    throw new ApiError('conflict', `The hosted instance at ${base} cannot be reached: ${(e as Error).cause ?? (e as Error).message}`);
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = fromWire(text);
  } catch {
    throw new ApiError('internal', `The hosted instance at ${base} answered ${res.status} with something that is not the TEM desk API`);
  }
  if (!res.ok) {
    const err = (body as { error?: WireError }).error;
    const code = (err?.code ?? 'internal') as string;
    const message = `The hosted instance refused ${method}: ${err?.message ?? res.statusText}`;
    throw new ApiError(code as ErrorCode, message, err?.details);
  }
  return { value: body as T, setCookie: res.headers.getSetCookie() };
}

export function httpTransport(base: string, cookie: string | null): SyncTransport {
  const post = async <T>(method: string, input: unknown) => (await httpCall<T>(base, method, input, cookie)).value;
  return {
    info: () => post('sync.info', {}),
    push: (input) => post('sync.push', input),
    pull: (input) => post('sync.pull', input),
  };
}

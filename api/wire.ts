// How API values travel as JSON between a window and a door (HTTP today): binary fields (an import file's bytes)
// become {"$bytes": "<base64>"} and come back as Uint8Array; failures travel as {error: {code, message, details}}.
// No Node or DOM imports: the server and the renderer share this file.
import type { ErrorCode } from './errors.ts';

export const BYTES_KEY = '$bytes';

/** A failure as it crosses a door. */
export interface WireError {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

/** The HTTP status of each error code. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  invalid_input: 400,
  import_rejected: 400,
  forbidden: 403,
  unauthenticated: 401,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  internal: 500,
};

/** The one header every API request carries; a foreign web page cannot send it cross-site without a CORS preflight. */
export const API_HEADER = 'X-TEM';

/** What every window is told after a write: which method, which audit batch (for undo), who and through which door.
 *  method is null when the database was changed by another process (a CLI import, another app instance). */
export interface ChangeEvent {
  method: string | null;
  batch_id: string | null;
  door: string | null;
  actor: string | null;
  at: string;
}

/** What Electron's preload exposes as window.tem; the renderer's IPC transport calls it, main/ answers it. */
export interface TemBridge {
  invoke(method: string, input: unknown): Promise<{ ok: true; value: unknown } | { ok: false; error: WireError }>;
  /** Subscribes to change notices; returns the unsubscribe function. */
  on(event: 'changed', listener: (payload: ChangeEvent) => void): () => void;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;

export function bytesToBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  const CHUNK = 3 * 4096;
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const end = Math.min(bytes.length, start + CHUNK);
    let s = '';
    for (let i = start; i < end; i += 3) {
      const a = bytes[i]!;
      const b = i + 1 < end ? bytes[i + 1]! : 0;
      const c = i + 2 < end ? bytes[i + 2]! : 0;
      const n = (a << 16) | (b << 8) | c;
      s += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]!;
      s += i + 1 < end ? ALPHABET[(n >> 6) & 63]! : '=';
      s += i + 2 < end ? ALPHABET[n & 63]! : '=';
    }
    parts.push(s);
  }
  return parts.join('');
}

export function base64ToBytes(text: string): Uint8Array {
  const s = text.replace(/[\s=]+/g, '');
  if (s.length % 4 === 1) throw new Error('invalid base64 text');
  const out = new Uint8Array(Math.floor((s.length * 3) / 4));
  let o = 0;
  for (let i = 0; i < s.length; i += 4) {
    let n = 0;
    const k = Math.min(4, s.length - i);
    for (let j = 0; j < 4; j++) {
      const code = j < k ? s.charCodeAt(i + j) : 65; // pad with 'A' (zero)
      const v = code < 128 ? LOOKUP[code]! : -1;
      if (v < 0) throw new Error('invalid base64 text');
      n = (n << 6) | v;
    }
    out[o++] = (n >> 16) & 255;
    if (k > 2) out[o++] = (n >> 8) & 255;
    if (k > 3) out[o++] = n & 255;
  }
  return out;
}

function hasBytes(v: unknown, depth = 0): boolean {
  if (v instanceof Uint8Array) return true;
  if (v === null || typeof v !== 'object' || depth > 64) return false;
  if (Array.isArray(v)) {
    // Arrays of rows are long and never hold bytes in their scalar cells: look at objects only.
    for (const x of v) if (x !== null && typeof x === 'object' && hasBytes(x, depth + 1)) return true;
    return false;
  }
  for (const k in v) {
    const x = (v as Record<string, unknown>)[k];
    if (x !== null && typeof x === 'object' && hasBytes(x, depth + 1)) return true;
  }
  return false;
}

/** Reads the holder's own value: a Node Buffer's toJSON has already turned it into {type, data} by the time the
 *  replacer sees the value. */
function replacer(this: Record<string, unknown>, key: string, v: unknown) {
  const raw = this[key];
  return raw instanceof Uint8Array ? { [BYTES_KEY]: bytesToBase64(raw) } : v;
}

function reviver(_key: string, v: unknown) {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    const b = o[BYTES_KEY];
    if (typeof b === 'string') {
      let n = 0;
      for (const _ in o) n++;
      if (n === 1) return base64ToBytes(b);
    }
  }
  return v;
}

/** JSON text of an API value, with Uint8Array fields as {"$bytes": base64}. */
export function toWire(value: unknown): string {
  return hasBytes(value) ? JSON.stringify(value, replacer) : JSON.stringify(value);
}

/** The API value of JSON text, with {"$bytes": base64} fields back as Uint8Array. */
export function fromWire(text: string): unknown {
  return text.includes(`"${BYTES_KEY}"`) ? JSON.parse(text, reviver) : JSON.parse(text);
}

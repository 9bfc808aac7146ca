// The browser transport: POST /api/<method> with JSON (bytes as {"$bytes": base64}) and server-sent events.
import { toWire, fromWire, API_HEADER, type WireError, type ChangeEvent } from '../../../api/wire.ts';
import { ApiFailure, type Transport } from './client.ts';

export function httpTransport(base = '/api/'): Transport {
  const listeners = new Set<(e: ChangeEvent) => void>();
  let source: EventSource | null = null;
  let opened = false;

  const connect = () => {
    source = new EventSource(`${base}events`);
    source.addEventListener('changed', (m) => {
      const event = JSON.parse((m as MessageEvent<string>).data) as ChangeEvent;
      listeners.forEach((l) => l(event));
    });
    // After a reconnect, anything may have changed while the stream was down.
    source.addEventListener('ready', () => {
      if (opened) listeners.forEach((l) => l({ method: null, batch_id: null, door: null, actor: null, at: new Date().toISOString() }));
      opened = true;
    });
  };

  return {
    async invoke(method, input) {
      let res: Response;
      try {
        res = await fetch(`${base}${encodeURIComponent(method)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', [API_HEADER]: '1' },
          body: toWire(input ?? {}),
        });
      } catch (e) {
        throw new ApiFailure({ code: 'internal', message: `The TEM desk server cannot be reached (${(e as Error).message})` });
      }
      const text = await res.text();
      let body: unknown;
      try {
        body = fromWire(text);
      } catch {
        throw new ApiFailure({ code: 'internal', message: `The server answered ${res.status} without JSON` });
      }
      if (!res.ok) {
        const err = (body as { error?: WireError }).error;
        throw new ApiFailure(err ?? { code: 'internal', message: `The server answered ${res.status}` });
      }
      return body;
    },
    subscribe(listener) {
      listeners.add(listener);
      if (!source) connect();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) {
          source?.close();
          source = null;
          opened = false;
        }
      };
    },
  };
}

// The Electron transport: the preload's window.tem bridge (see TemBridge in api/wire.ts).
import type { TemBridge } from '../../../api/wire.ts';
import { ApiFailure, type Transport } from './client.ts';

export function ipcTransport(bridge: TemBridge): Transport {
  return {
    async invoke(method, input) {
      let res: Awaited<ReturnType<TemBridge['invoke']>>;
      try {
        res = await bridge.invoke(method, input ?? {});
      } catch (e) {
        throw new ApiFailure({ code: 'internal', message: (e as Error).message });
      }
      if (res.ok) return res.value;
      throw new ApiFailure(res.error);
    },
    subscribe: (listener) => bridge.on('changed', listener),
  };
}

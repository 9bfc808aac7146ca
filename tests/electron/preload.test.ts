// The preload: window.tem exposes only invoke, on and pickFolder; invoke forwards only the API contract's
// methods; on hands the page the payload and nothing of Electron's; pickFolder only asks main for its dialog. The built bundle runs where a sandboxed preload runs: with a
// require() that knows only 'electron'.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { createBridge, type IpcRendererLike } from '../../preload/bridge.ts';
import { INVOKE_CHANNEL, EVENT_CHANNEL, PICK_FOLDER_CHANNEL } from '../../preload/channels.ts';
import { buildPreload } from '../../main/tools/build.ts';
import { METHOD_NAMES } from '../../api/index.ts';
import { tempDir } from '../support/api.ts';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

function fakeIpc() {
  const calls: unknown[][] = [];
  const listeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();
  const ipc: IpcRendererLike & { emit(channel: string, ...args: unknown[]): void; count(channel: string): number } = {
    invoke: (channel, ...args) => {
      calls.push([channel, ...args]);
      return Promise.resolve({ ok: true, value: 'answered' });
    },
    on: (channel, l) => void (listeners.get(channel) ?? listeners.set(channel, new Set()).get(channel)!).add(l),
    removeListener: (channel, l) => void listeners.get(channel)?.delete(l),
    emit: (channel, ...args) => listeners.get(channel)?.forEach((l) => l({ sender: 'the ipcRenderer event', ports: [] }, ...args)),
    count: (channel) => listeners.get(channel)?.size ?? 0,
  };
  return { ipc, calls };
}

describe('the bridge', () => {
  it('forwards allowed methods to the one invoke channel and refuses the rest without asking main', async () => {
    const { ipc, calls } = fakeIpc();
    const tem = createBridge(ipc, ['customers.list']);
    expect(await tem.invoke('customers.list', { search: 'a' })).toEqual({ ok: true, value: 'answered' });
    expect(await tem.invoke('customers.list')).toEqual({ ok: true, value: 'answered' });
    expect(calls).toEqual([
      [INVOKE_CHANNEL, 'customers.list', { search: 'a' }],
      [INVOKE_CHANNEL, 'customers.list', {}],
    ]);
    expect(await tem.invoke('customers.drop', {})).toEqual({ ok: false, error: { code: 'not_found', message: 'There is no method "customers.drop"' } });
    expect(await tem.invoke(undefined as unknown as string)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(calls).toHaveLength(2);
    expect(Object.keys(tem)).toEqual(['invoke', 'on', 'pickFolder']);
    expect(Object.isFrozen(tem)).toBe(true);
  });

  it('gives listeners the payload only, for the event they asked for, until they unsubscribe', () => {
    const { ipc } = fakeIpc();
    const tem = createBridge(ipc, []);
    const got: unknown[] = [];
    const off = tem.on('changed', (p) => got.push(p));
    ipc.emit(EVENT_CHANNEL, 'changed', { method: 'customers.create' });
    ipc.emit(EVENT_CHANNEL, 'update', { state: 'checking' });
    off();
    ipc.emit(EVENT_CHANNEL, 'changed', { method: 'late' });
    expect(got).toEqual([{ method: 'customers.create' }]);
    expect(ipc.count(EVENT_CHANNEL)).toBe(0);
    expect(() => tem.on('ipc-message' as 'changed', () => {})).toThrow(/There is no event "ipc-message"/);
    expect(() => tem.on('changed', 'not a function' as never)).toThrow(TypeError);
  });
});

describe('the folder dialog', () => {
  it('asks main on its own channel with a title only; main answers with the token', async () => {
    const { ipc, calls } = fakeIpc();
    const tem = createBridge(ipc, []);
    expect(await tem.pickFolder('Choose a folder')).toEqual({ ok: true, value: 'answered' }); // whatever main answers, as it is
    await tem.pickFolder({ path: '/etc' } as unknown as string);
    expect(calls).toEqual([
      [PICK_FOLDER_CHANNEL, 'Choose a folder'],
      [PICK_FOLDER_CHANNEL, undefined],
    ]);
  });
});

describe('the built preload', () => {
  let source: string;
  beforeAll(async () => {
    await buildPreload({ outDir: tmp.dir });
    source = readFileSync(join(tmp.dir, 'preload', 'index.cjs'), 'utf8');
  });

  it('requires nothing but electron', () => {
    const requires = [...source.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]);
    expect(new Set(requires)).toEqual(new Set(['electron']));
    expect(source).not.toMatch(/\bzod\b/);
  });

  it('exposes window.tem with invoke and on, and the allowlist is exactly the contract', async () => {
    const exposed: Record<string, unknown> = {};
    const { ipc, calls } = fakeIpc();
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
      ipcRenderer: ipc,
    };
    const sandboxRequire = (name: string) => {
      if (name === 'electron') return electron;
      throw new Error(`module not found: ${name} (a sandboxed preload can only require electron)`);
    };
    const module = { exports: {} };
    runInNewContext(source, { require: sandboxRequire, module, exports: module.exports, Object, Set, Promise, TypeError, String });
    expect(Object.keys(exposed)).toEqual(['tem']);
    const tem = exposed.tem as ReturnType<typeof createBridge>;
    expect(Object.keys(tem)).toEqual(['invoke', 'on', 'pickFolder']);
    for (const m of METHOD_NAMES) await tem.invoke(m, {});
    expect(calls.map((c) => c[1])).toEqual(METHOD_NAMES);
    expect(await tem.invoke('not.a.method', {})).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(calls).toHaveLength(METHOD_NAMES.length);
  });
});

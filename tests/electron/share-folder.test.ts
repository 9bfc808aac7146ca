// "Share with carriers" into a folder in the desktop app, on the fake electron: the page asks main for the folder
// dialog (tem:pickFolder), gets a token for the folder the user chose, and the IPC entry writes the files there
// only for such a token. A path named by the page, a token of another run or one from before sign-out is refused.
import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ElectronApi } from '../../main/app.ts';
import { startApp } from '../../main/app.ts';
import { INVOKE_CHANNEL, PICK_FOLDER_CHANNEL, type InvokeResult, type PickedFolder } from '../../preload/channels.ts';
import { MIGRATIONS_DIR } from '../../db/open.ts';
import { createFolderGrants, resolveFolderInput } from '../../main/folders.ts';
import { fakeElectron, type FakeElectron } from './fake-electron.ts';
import { tempDir } from '../support/api.ts';
import { csvObjects, textCents } from '../support/reports.ts';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const MONTH = '2026-03';

async function boot(name: string, openDialog: string[]) {
  const appPath = join(tmp.dir, name, 'app');
  mkdirSync(join(appPath, 'out', 'renderer'), { recursive: true });
  writeFileSync(join(appPath, 'out', 'renderer', 'index.html'), '<!doctype html><title>TEM desk</title>');
  cpSync(MIGRATIONS_DIR, join(appPath, 'db', 'migrations'), { recursive: true });
  const e = fakeElectron({ appPath, openDialog });
  const shell = startApp(e as unknown as ElectronApi, {
    env: { TEM_USER_DATA: join(tmp.dir, name, 'data'), TEM_USER: 'alice', TEM_UPDATE_URL: 'off' },
    platform: 'linux',
    resourcesPath: join(tmp.dir, name, 'resources'),
    echo: () => {},
  });
  await shell.ready;
  const ours = { senderFrame: { url: 'app://tem/index.html', parent: null }, sender: { id: e.windows[0]!.webContents.id } };
  const invoke = async (method: string, input: unknown, event: unknown = ours) => (await e.ipcMain.handlers.get(INVOKE_CHANNEL)!(event, method, input)) as InvokeResult;
  const value = async <T>(method: string, input: unknown) => {
    const r = await invoke(method, input);
    if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
    return r.value as T;
  };
  const pick = (event: unknown = ours) => e.ipcMain.handlers.get(PICK_FOLDER_CHANNEL)!(event, 'Choose the folder for the carriers\' files') as Promise<PickedFolder>;
  return { e, invoke, value, pick };
}

/** Two carriers, each with one bill over its expected 100.00 (by 10.00 and 25.50). */
async function seed(value: <T>(method: string, input: unknown) => Promise<T>) {
  const customer = await value<{ id: string }>('customers.create', { name: 'Harbor Schools' });
  for (const [carrier, amount] of [['Acme Telecom', '110.00'], ['Bell Wireless', '125.50']] as const) {
    const c = await value<{ id: string }>('carriers.create', { name: carrier });
    const a = await value<{ id: string }>('accounts.create', { carrier_id: c.id, customer_id: customer.id, account_number: `${carrier.slice(0, 4)}-1` });
    await value('services.create', { billing_account_id: a.id, description: 'Fiber', monthly_cents: 10_000 });
    await value('contracts.create', { billing_account_id: a.id, expected_source: 'services' });
    await value('actuals.set', { account_id: a.id, month: MONTH, amount });
  }
}

type Shared = { files: { carrier: string; file_name: string; path: string | null }[]; zip: unknown };

describe('share with carriers into a folder chosen in the dialog', () => {
  const folder = join(tmp.dir, 'to-carriers');
  let app: Awaited<ReturnType<typeof boot>>;
  beforeAll(async () => {
    app = await boot('share', [folder]);
    await seed(app.value);
  });

  it('shows a folder dialog and writes one file per carrier into the chosen folder', async () => {
    const picked = await app.pick();
    expect(picked).toEqual({ token: expect.stringMatching(/^folder:[0-9a-f-]{36}$/), path: folder });
    expect(app.e.dialog.opened.at(-1)).toEqual({ title: 'Choose the folder for the carriers\' files', properties: ['openDirectory', 'createDirectory'] });
    const r = await app.value<Shared>('reports.shareWithCarriers', { month: MONTH, format: 'csv', folder: picked!.token });
    expect(r.zip).toBeNull();
    expect(r.files.map((f) => [f.carrier, f.path])).toEqual([
      ['Acme Telecom', join(folder, `Discrepancy report ${MONTH} - Acme Telecom.csv`)],
      ['Bell Wireless', join(folder, `Discrepancy report ${MONTH} - Bell Wireless.csv`)],
    ]);
    expect(readdirSync(folder).sort()).toEqual(r.files.map((f) => f.file_name).sort());
    const variance = (carrier: string) => csvObjects(readFileSync(join(folder, `Discrepancy report ${MONTH} - ${carrier}.csv`))).map((x) => textCents(x.Variance!));
    expect(variance('Acme Telecom')).toEqual([1_000]);
    expect(variance('Bell Wireless')).toEqual([2_550]);
  });

  it('refuses a folder the page names itself, and a token this run did not issue', async () => {
    const elsewhere = join(tmp.dir, 'named-by-the-page');
    for (const bad of [elsewhere, '/etc', `folder:${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}`, '']) {
      const r = await app.invoke('reports.shareWithCarriers', { month: MONTH, format: 'csv', folder: bad });
      expect(r, bad).toEqual({
        ok: false,
        error: { code: 'forbidden', message: expect.stringContaining('reports.shareWithCarriers: folder must be a folder chosen in the folder dialog') },
      });
    }
    expect(existsSync(elsewhere)).toBe(false);
    // Without a folder the files come back as one zip, as in a browser.
    const zip = await app.invoke('reports.shareWithCarriers', { month: MONTH, format: 'csv' });
    expect(zip.ok && (zip.value as Shared).zip).toMatchObject({ content_type: 'application/zip' });
  });

  it('answers the folder dialog only to our page, and gives nothing when the user cancels', async () => {
    const shown = app.e.dialog.opened.length;
    expect(await app.pick({ senderFrame: { url: 'https://evil.example/', parent: null }, sender: { id: 1 } })).toBeNull();
    expect(await app.pick({ senderFrame: { url: 'app://tem/index.html', parent: {} }, sender: { id: app.e.windows[0]!.webContents.id } })).toBeNull();
    expect(app.e.dialog.opened.length).toBe(shown); // no dialog was shown for them
    const cancel = await boot('cancel', []);
    expect(await cancel.pick()).toBeNull();
    expect(cancel.e.dialog.opened).toHaveLength(1);
  });

  it('forgets the chosen folders on sign-out', async () => {
    const picked = await app.pick();
    expect((await app.invoke('reports.shareWithCarriers', { month: MONTH, format: 'xlsx', folder: picked!.token })).ok).toBe(true);
    await app.invoke('auth.signOut', {});
    const r = await app.invoke('reports.shareWithCarriers', { month: MONTH, format: 'xlsx', folder: picked!.token });
    expect(r).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});

describe('resolveFolderInput', () => {
  it('swaps a token for its folder, leaves other methods and a missing folder alone', () => {
    const grants = createFolderGrants();
    const token = grants.grant('/home/olivia/Carriers');
    expect(resolveFolderInput('reports.shareWithCarriers', { month: MONTH, folder: token }, grants)).toEqual({ ok: true, input: { month: MONTH, folder: '/home/olivia/Carriers' } });
    expect(resolveFolderInput('reports.shareWithCarriers', { month: MONTH }, grants)).toEqual({ ok: true, input: { month: MONTH } });
    expect(resolveFolderInput('customers.create', { name: 'x', folder: '/etc' }, grants)).toEqual({ ok: true, input: { name: 'x', folder: '/etc' } });
    expect(resolveFolderInput('reports.shareWithCarriers', { folder: token }, undefined).ok).toBe(false);
    expect(resolveFolderInput('reports.shareWithCarriers', { folder: 42 }, grants).ok).toBe(false);
    grants.clear();
    expect(resolveFolderInput('reports.shareWithCarriers', { folder: token }, grants).ok).toBe(false);
  });
});

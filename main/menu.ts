// The application menu: the usual roles and shortcuts (editing in cells and fields, zoom, full screen, window),
// plus backup, restore, the data folder and updates.
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  backupNow(): void;
  restoreBackup(): void;
  openDataFolder(): void;
  checkForUpdates(): void;
  about(): void;
}

export function menuTemplate(actions: MenuActions, o: { platform: NodeJS.Platform; appName: string; isDev: boolean }): MenuItemConstructorOptions[] {
  const mac = o.platform === 'darwin';
  const data: MenuItemConstructorOptions[] = [
    { label: 'Back Up Now…', accelerator: 'CmdOrCtrl+Shift+B', click: () => actions.backupNow() },
    { label: 'Restore from Backup…', click: () => actions.restoreBackup() },
    { label: 'Open Data Folder', click: () => actions.openDataFolder() },
  ];
  const template: MenuItemConstructorOptions[] = [];
  if (mac) {
    template.push({
      label: o.appName,
      submenu: [
        { label: `About ${o.appName}`, click: () => actions.about() },
        { label: 'Check for Updates…', click: () => actions.checkForUpdates() },
        { type: 'separator' },
        { role: 'services' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
  }
  template.push(
    { label: 'File', submenu: [...data, { type: 'separator' }, mac ? { role: 'close' } : { role: 'quit' }] },
    {
      label: 'Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'pasteAndMatchStyle' },
        { role: 'delete' },
        { type: 'separator' },
        { role: 'selectAll' },
      ],
    },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        ...(o.isDev ? ([{ role: 'forceReload' }, { role: 'toggleDevTools' }] as MenuItemConstructorOptions[]) : []),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: mac
        ? [{ label: 'Open Data Folder', click: () => actions.openDataFolder() }]
        : [
            { label: 'Check for Updates…', click: () => actions.checkForUpdates() },
            { type: 'separator' },
            { label: `About ${o.appName}`, click: () => actions.about() },
          ],
    },
  );
  return template;
}

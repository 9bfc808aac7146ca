// The Electron main process entry (bundled to out/main/index.js). The only file that loads the real electron and
// electron-updater modules; everything else takes them as parameters.
import { createRequire } from 'node:module';
import { startApp } from './app.ts';

const require = createRequire(import.meta.url);
// require() keeps electron's lazy getters (screen, for one, only works after ready) and electron-updater's lazily
// created autoUpdater.
const electron = require('electron') as typeof import('electron');

startApp(electron, {
  updater: () => (require('electron-updater') as typeof import('electron-updater')).autoUpdater,
  resourcesPath: process.resourcesPath,
});

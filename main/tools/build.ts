// Builds the Electron main process and the preload with esbuild:
//   out/main/index.js     ESM bundle of main/ with api/, db/ and core/; npm packages stay external (shipped in
//                         node_modules), electron is provided by the runtime
//   out/preload/index.cjs one self-contained CommonJS file, as a sandboxed preload must be: it may require only
//                         'electron'. The method allowlist is written into it from the API contract at build time.
// Run: node bin/run-ts.mjs main/tools/build.ts   (npm start and npm run dist call it too)
import { build } from 'esbuild';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { METHOD_NAMES } from '../../api/contract/index.ts';
import { ROOT } from './electron-binary.ts';

/** Electron 39 runs Node 22 and Chromium 142. */
const NODE_TARGET = 'node22';
const CHROME_TARGET = 'chrome142';

export async function buildMain(o: { root?: string; outDir?: string } = {}) {
  const root = o.root ?? ROOT;
  const out = o.outDir ?? join(root, 'out');
  await build({
    absWorkingDir: root,
    entryPoints: [join(root, 'main/index.ts')],
    outfile: join(out, 'main/index.js'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: NODE_TARGET,
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
}

export async function buildPreload(o: { root?: string; outDir?: string; methods?: readonly string[] } = {}) {
  const root = o.root ?? ROOT;
  const out = o.outDir ?? join(root, 'out');
  await build({
    absWorkingDir: root,
    entryPoints: [join(root, 'preload/index.ts')],
    outfile: join(out, 'preload/index.cjs'),
    bundle: true,
    platform: 'browser',
    format: 'cjs',
    target: CHROME_TARGET,
    external: ['electron'],
    define: { __TEM_METHODS__: JSON.stringify(o.methods ?? METHOD_NAMES) },
    sourcemap: 'inline',
    logLevel: 'warning',
  });
}

export async function buildElectron(o: { root?: string; outDir?: string } = {}) {
  await Promise.all([buildMain(o), buildPreload(o)]);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await buildElectron();
  process.stdout.write('Built out/main/index.js and out/preload/index.cjs\n');
}

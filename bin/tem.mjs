#!/usr/bin/env node
// The `tem` command: runs the TypeScript CLI through tsx, so it works straight after `npm install`.
import { register } from 'tsx/esm/api';

// A reader that stops early (`tem check | head`) is not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));

// Runs a command with the terminal attached and resolves with its exit code; Ctrl+C reaches the child.
import { spawn } from 'node:child_process';

export type Runner = (command: string, args: string[], o?: { cwd?: string; env?: NodeJS.ProcessEnv }) => Promise<number>;

export const run: Runner = (command, args, o = {}) =>
  new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', cwd: o.cwd, env: o.env ?? process.env, shell: process.platform === 'win32' && /\.cmd$/i.test(command) });
    const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
    const onInt = forward('SIGINT');
    const onTerm = forward('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(code ?? (signal ? 1 : 0));
    });
  });

export const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

import { main } from '../../cli/main.ts';

/** Runs the `tem` command line in-process and collects what it printed. */
export async function tem(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (s) => void (out += s), err: (s) => void (err += s) });
  return { code, out, err };
}

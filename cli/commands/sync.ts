// `tem sync link|now|status|unlink`: this desk and its hosted instance, through the sync.* methods.
import { parseArgs } from 'node:util';
import { call, type Ctx } from '../../api/index.ts';
import { onSyncProgress } from '../../api/sync/progress.ts';
import { UsageError, type Io } from '../io.ts';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

type Spec = NonNullable<NonNullable<Parameters<typeof parseArgs>[0]>['options']>;

function options(argv: string[], spec: Spec) {
  try {
    return parseArgs({ args: argv, options: spec, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

export async function syncCommand(ctx: Ctx, argv: string[], io: Io, stdin: () => Promise<string> = readStdin): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'link') {
    const o = options(rest, { user: { type: 'string' }, 'password-stdin': { type: 'boolean' } });
    const url = o.positionals[0];
    if (!url || o.positionals.length > 1) throw new UsageError('sync link needs the address of the hosted instance: tem sync link URL [--user NAME --password-stdin]');
    const user = o.values.user as string | undefined;
    let password: string | undefined;
    if (user) {
      password = o.values['password-stdin'] ? await stdin() : process.env.TEM_SYNC_PASSWORD;
      if (!password) throw new UsageError(`signing in as ${user} needs a password: pipe it with --password-stdin (or set TEM_SYNC_PASSWORD)`);
    } else if (o.values['password-stdin']) throw new UsageError('--password-stdin goes with --user NAME');
    const s = await call(ctx, 'sync.link', { url, ...(user ? { name: user, password } : {}) });
    io.out(`Linked to ${s.url}${s.linked_as ? ` as ${s.linked_as}` : ''}. ${s.pending.toLocaleString('en-US')} changes of this desk are waiting: run "tem sync now".\n`);
    return 0;
  }
  if (sub === 'now') {
    options(rest, {});
    let lastShown = -1;
    // The pull reads the hosted instance's log after the last sync, but is sent only the changes made elsewhere:
    // this desk's own and entries of tables that stay there are skipped. Progress and summary count log entries
    // read, and the summary also says how many changes came down.
    let read = 0;
    const stop = onSyncProgress((p, c) => {
      if (c.db !== ctx.db || p.total === 0) return;
      if (p.phase === 'pull') read = p.done;
      const pct = Math.floor((100 * p.done) / p.total);
      // One line per 10 percent keeps a first sync of a large book readable.
      if (pct === lastShown || (pct % 10 !== 0 && p.done !== p.total)) return;
      lastShown = pct;
      const n = `${p.done.toLocaleString('en-US')} of ${p.total.toLocaleString('en-US')}`;
      io.err(p.phase === 'push' ? `sent ${n} changes (${pct}%)\n` : `read ${n} entries of the hosted instance's log (${pct}%)\n`);
      if (p.done === p.total) lastShown = -1;
    });
    try {
      const r = await call(ctx, 'sync.now', {});
      const count = (n: number) => `${n.toLocaleString('en-US')} ${n === 1 ? 'change' : 'changes'}`;
      // What did not take effect is listed where it was kept: a sent change on the hosted instance, a fetched one here.
      const notes = (x: { lost: number; conflict: number; orphan: number; skipped: number; refused: number }, where: string) => {
        const n = x.lost + x.conflict + x.orphan + x.skipped + x.refused;
        return n ? `, ${n.toLocaleString('en-US')} kept in the audit trail without taking effect (${where})` : '';
      };
      // Sent counts every change the hosted instance took in, as the progress lines do (some it had already).
      const sent = r.pushed.applied + r.pushed.lost + r.pushed.conflict + r.pushed.orphan + r.pushed.skipped + r.pushed.refused + r.pushed.duplicate;
      const fetched = r.pulled.applied + r.pulled.lost + r.pulled.conflict + r.pulled.orphan + r.pulled.skipped + r.pulled.refused;
      const already = r.pulled.duplicate;
      const fetchedText =
        `read ${read.toLocaleString('en-US')} ${read === 1 ? 'entry' : 'entries'} of the hosted instance's log and fetched ${count(fetched)} made elsewhere${notes(r.pulled, 'tem sync status')}` +
        (already ? ` (${already.toLocaleString('en-US')} more ${already === 1 ? 'was' : 'were'} here already)` : '') +
        (read > fetched + already ? `; the other entries are this desk's own or stay on the hosted instance` : '');
      io.out(`Sent ${count(sent)}${notes(r.pushed, "the hosted instance's sync.notApplied lists them")}; ${read ? fetchedText : 'nothing new on the hosted instance'}.\n`);
      if (r.clock_ahead_ms > 0)
        io.err(
          `tem: warning: this computer's clock runs ${(r.clock_ahead_ms / 3_600_000).toFixed(1)} hours ahead of the hosted instance; ` +
            'its changes win over newer ones made elsewhere until its date and time are set right\n',
        );
      return 0;
    } finally {
      stop();
    }
  }
  if (sub === 'status') {
    const o = options(rest, { format: { type: 'string', default: 'text' } });
    const s = await call(ctx, 'sync.status', {});
    if (o.values.format === 'json') {
      io.out(JSON.stringify(s, null, 2) + '\n');
      return 0;
    }
    if (o.values.format !== 'text') throw new UsageError('--format is text or json');
    if (!s.linked) io.out(`Not linked to a hosted instance (this desk is node ${s.node}).\n`);
    else {
      io.out(`Linked to ${s.url}${s.linked_as ? ` as ${s.linked_as}` : ''} since ${s.linked_at}; this desk is node ${s.node}.\n`);
      io.out(`Last sync: ${s.last_sync_at ?? 'never'}. Waiting to be sent: ${s.pending.toLocaleString('en-US')} changes.\n`);
    }
    if (s.not_applied) {
      const { items } = await call(ctx, 'sync.notApplied', { limit: 20 });
      io.out(`${s.not_applied} changes did not take effect and are kept in the audit trail; the latest:\n`);
      for (const i of items)
        io.out(`  ${i.at} ${i.actor}: ${i.table} ${i.record} ${i.field ?? '(new row)'} = ${i.value ?? 'null'} — ${i.outcome}${i.standing !== null ? `, ${i.standing} stands` : ''}${i.detail ? ` (${i.detail})` : ''}\n`);
    }
    return 0;
  }
  if (sub === 'unlink') {
    options(rest, {});
    const r = await call(ctx, 'sync.unlink', {});
    io.out(r.unlinked ? `Unlinked from ${r.url}. Every row and its history stay on this desk.\n` : 'This desk was not linked.\n');
    return 0;
  }
  throw new UsageError(`sync needs link, now, status or unlink${sub ? `, not "${sub}"` : ''}`);
}

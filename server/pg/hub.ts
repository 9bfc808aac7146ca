// The hub of a hosted instance on PostgreSQL: desks push to and pull from the PostgreSQL change log, whichever
// server process they reach; the process then brings its cache up to date, which is how a desk's change reaches
// the web users of every process and how the outcome of each change (applied, lost...) is known.
import type { Ctx } from '../../api/context.ts';
import type { SyncHub } from '../../api/sync/hub.ts';
import { emptyResult, type ApplyResult } from '../../api/sync/apply.ts';
import { checkPush, pushRefusal, sharedNodeError, staffOnly, type PushResult } from '../../api/sync/server.ts';
import type { Replica } from './replica.ts';

type Outcome = 'lost' | 'conflict' | 'orphan' | 'skipped' | 'refused';

export class PgHub implements SyncHub {
  constructor(readonly replica: Replica) {}

  private get log() {
    return this.replica.log;
  }

  async info(_ctx: Ctx) {
    return { node: this.log.node, head: await this.log.head() };
  }

  async push(ctx: Ctx, input: Parameters<SyncHub['push']>[1]): Promise<PushResult> {
    const { clock_ahead_ms } = checkPush(ctx, input, this.log.node);
    if (await this.log.claim(input.node, input.install, ctx.actor, ctx.now())) throw sharedNodeError(input.node);
    const r = await this.log.append(input.node, input.after, input.changes, ctx.actor, ctx.now(), pushRefusal(ctx), { former: input.former });
    const counts: ApplyResult = { ...emptyResult(), duplicate: r.duplicate, refused: r.refused };
    if (r.added.length > 0) {
      // The cache applies the new changes as every copy does; what it made of each is the push's answer.
      await this.replica.refresh(true);
      const sqlite = this.replica.ctx.db.sqlite;
      const outcome = sqlite.prepare('SELECT outcome FROM sync_changes WHERE hlc = ? AND node = ?').pluck();
      const refusal = pushRefusal(ctx);
      for (const c of r.added) {
        if (refusal(c)) continue;
        const o = outcome.get(c.hlc, c.node) as Outcome | null | undefined;
        if (o) counts[o]++;
        else counts.applied++;
      }
    }
    return { ...counts, acked_through: r.acked_through, gap: r.gap, head: r.head, clock_ahead_ms };
  }

  async pull(ctx: Ctx, input: Parameters<SyncHub['pull']>[1]) {
    staffOnly(ctx);
    return this.log.pull(input);
  }
}

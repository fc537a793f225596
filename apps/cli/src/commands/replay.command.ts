import { join } from 'path';
import { readAllPages } from '@forkline/event-store';
import { ALL_PROJECTORS, projectable, SqliteReadStore } from '@forkline/read-models';
import { CliContext, UsageError } from '../cli-context';

/** `replay --to <position|time> [--out file]`: the read models as they were then, in a separate SQLite file. */
export async function replayCommand(ctx: CliContext, _: string[], flags: Record<string, string | boolean | undefined>): Promise<void> {
  const to = flags.to;
  if (typeof to !== 'string') throw new UsageError('replay needs --to <position|time>, e.g. --to 1200 or --to 2026-11-25T12:00:00Z');
  const byPosition = /^\d+$/.test(to);
  const time = byPosition ? NaN : Date.parse(to);
  if (!byPosition && Number.isNaN(time)) throw new UsageError(`--to must be a log position or an ISO 8601 time, got '${to}'`);
  const file = typeof flags.out === 'string' ? flags.out : join(ctx.config.dataDir, `replay-${to.replace(/[:.]/g, '-')}.db`);
  const target = new SqliteReadStore(file);
  const { eventStore } = ctx.backends;
  let applied = 0;
  for await (const page of readAllPages(eventStore)) {
    const after = page[page.length - 1].position;
    // Times: what had happened by then (a thread's events are in time order; the log as a whole nearly so).
    const kept = page.filter((e) => (byPosition ? e.position <= BigInt(to) : Date.parse(e.metadata.occurredAt) <= time));
    applied += kept.length;
    const events = projectable(kept);
    await target.commit(ALL_PROJECTORS.map((p) => ({ subscriber: p.name, position: after, changes: events.flatMap((e) => p.project(e)) })));
    if (byPosition && after >= BigInt(to)) break;
  }
  await target.close();
  ctx.out(file);
  ctx.err(`replayed ${applied} events up to ${to} into ${file}`);
}

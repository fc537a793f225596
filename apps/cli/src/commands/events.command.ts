import { readAllPages } from '@forkline/event-store';
import { CliContext, UsageError } from '../cli-context';
import { toJsonLine, toTextLine } from '../event-format';

/** `events read <stream> [--from N] [--json]`, `events tail [--follow] [--last N] [--json]` and `events scavenge`. */
export async function eventsCommand(ctx: CliContext, args: string[], flags: Record<string, string | boolean | undefined>): Promise<void> {
  const { eventStore } = ctx.backends;
  const print = (e: Parameters<typeof toTextLine>[0]) => ctx.out(flags.json ? toJsonLine(e) : toTextLine(e));
  const [sub, stream] = args;
  if (sub === 'read') {
    if (!stream) throw new UsageError('events read needs a stream name, e.g. thread-my-thread');
    for (const e of await eventStore.readStream(stream, { fromRevision: integer(flags.from, 'from') ?? 0 })) print(e);
    return;
  }
  if (sub === 'scavenge') return scavenge(ctx);
  if (sub !== 'tail') throw new UsageError("events: use 'read <stream>', 'tail' or 'scavenge'");
  // The port reads the log forwards only: page through it keeping the last N (memory stays bounded).
  const last = integer(flags.last, 'last') ?? 20;
  let tail: Parameters<typeof print>[0][] = [];
  for await (const page of readAllPages(eventStore)) tail = [...tail, ...page].slice(-last);
  tail.forEach(print);
  const after = tail.length ? tail[tail.length - 1].position : await eventStore.headPosition();
  if (!flags.follow) return;
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  process.once('SIGTERM', () => controller.abort());
  for await (const batch of eventStore.subscribeToAll({ after, signal: controller.signal })) batch.forEach(print);
}

/** Deleted threads' events stay on an EventStoreDB server's disk until a scavenge; the embedded store deletes rows. */
async function scavenge(ctx: CliContext): Promise<void> {
  const url = ctx.config.env.EVENTSTORE_URL;
  if (ctx.backends.kinds.eventStore === 'sqlite' || !url) {
    ctx.out("not needed: the embedded event store deletes a removed thread's events at once");
    return;
  }
  const { startScavenge } = await import('@forkline/event-store/eventstoredb');
  for (const { node, scavengeId } of await startScavenge(url))
    ctx.out(`scavenge ${scavengeId} started on ${node}; progress in the stream $scavenges-${scavengeId}`);
}

function integer(value: string | boolean | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} must be a whole number, got '${value}'`);
  return n;
}

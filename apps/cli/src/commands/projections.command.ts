import { join } from 'path';
import { EventStore, Position } from '@forkline/event-store';
import { ALL_PROJECTORS, currentReadStoreFile, pointReadStoreAt, ProjectionRunner, SqliteReadStore } from '@forkline/read-models';
import { CliContext, UsageError } from '../cli-context';
import { Progress } from '../progress';

const LAG_CAP = 100_000;

/** `projections status` and `projections rebuild [name...]`. */
export async function projectionsCommand(ctx: CliContext, args: string[]): Promise<void> {
  const [sub, ...names] = args;
  if (sub === 'status') return status(ctx);
  if (sub === 'rebuild') return rebuild(ctx, names);
  throw new UsageError("projections: use 'status' or 'rebuild [name...]'");
}

async function status(ctx: CliContext): Promise<void> {
  const { eventStore, readStore, kinds } = ctx.backends;
  const head = await eventStore.headPosition();
  ctx.out(
    `log head: ${head ?? 'empty'} (${kinds.eventStore}); read models: ${kinds.readStore === 'sqlite' ? currentReadStoreFile(ctx.config.dataDir) : 'mongodb'}`,
  );
  ctx.out(`${'subscriber'.padEnd(16)} ${'checkpoint'.padStart(12)} ${'lag (events)'.padStart(13)}`);
  for (const p of ALL_PROJECTORS) {
    const checkpoint = await readStore.checkpointOf(p.name);
    const lag = (await eventStore.readAll({ after: checkpoint, limit: LAG_CAP })).length;
    ctx.out(
      `${p.name.padEnd(16)} ${String(checkpoint ?? '-').padStart(12)} ${(lag >= LAG_CAP ? `${LAG_CAP}+` : String(lag)).padStart(13)}`,
    );
  }
}

/**
 * Blue/green: projects into a fresh SQLite file while the server keeps serving the current one, then
 * points DATA_DIR at it once caught up (a running server switches within a second). With names, the
 * other projections are carried over from an online backup of the current store.
 */
async function rebuild(ctx: CliContext, names: string[]): Promise<void> {
  if (ctx.backends.kinds.readStore !== 'sqlite')
    throw new UsageError(
      'projections rebuild switches the embedded read store; with MONGODB_URL, rebuild into a new database and point MONGODB_URL at it',
    );
  const unknown = names.filter((n) => !ALL_PROJECTORS.some((p) => p.name === n));
  if (unknown.length)
    throw new UsageError(`unknown projection(s): ${unknown.join(', ')}; known: ${ALL_PROJECTORS.map((p) => p.name).join(', ')}`);
  const dataDir = ctx.config.dataDir;
  const file = join(dataDir, `read-models-${new Date().toISOString().replace(/[:.]/g, '-')}.db`);
  const target = new SqliteReadStore(file);
  if (names.length > 0) {
    const current = new SqliteReadStore(currentReadStoreFile(dataDir));
    await current.backupTo(file);
    await current.close();
    const chosen = ALL_PROJECTORS.filter((p) => names.includes(p.name));
    await target.reset(
      chosen.map((p) => p.name),
      chosen.flatMap((p) => p.tables),
    );
  }
  const started = performance.now();
  const events = await catchUp(ctx, ctx.backends.eventStore, target);
  await target.close();
  pointReadStoreAt(dataDir, file);
  const seconds = (performance.now() - started) / 1000;
  ctx.err(
    `rebuilt ${names.length ? names.join(', ') : 'all projections'}: ${events} events in ${seconds.toFixed(1)} s (${Math.round(events / Math.max(seconds, 0.001))} events/s); now serving ${file}`,
  );
}

/** Runs every projection on `target` until it has reached the head of the log (re-read, in case it moved). */
async function catchUp(ctx: CliContext, events: EventStore, target: SqliteReadStore): Promise<number> {
  let head: Position | undefined = await events.headPosition();
  const progress = new Progress(ctx, head);
  const runner = new ProjectionRunner(
    events,
    target,
    ALL_PROJECTORS,
    (batch) => progress.advance(batch.length, runner.checkpoint),
    ctx.err,
  );
  await runner.start();
  try {
    while (head !== undefined && !(await runner.waitFor(head, 3_600_000)));
    for (let next = await events.headPosition(); next !== head; next = await events.headPosition()) {
      head = next;
      if (head !== undefined) await runner.waitFor(head, 3_600_000);
    }
  } finally {
    await runner.stop();
  }
  progress.done();
  return progress.count;
}

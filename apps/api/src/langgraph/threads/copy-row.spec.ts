import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ForkRegistry, SqliteEventStore, ThreadForker, ThreadLineage, ThreadRepository } from '@forkline/event-store';
import { ALL_PROJECTORS, ProjectionRunner, SqliteReadStore } from '@forkline/read-models';
import { copyRow } from './copy-row';

describe('copyRow', () => {
  let dir: string;
  let events: SqliteEventStore;
  let reads: SqliteReadStore;
  let runner: ProjectionRunner;
  const ctx = { actor: 'u1', correlationId: 'c', causationId: null };
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'copy-row-'));
    events = new SqliteEventStore(join(dir, 'events.db'));
    reads = new SqliteReadStore(join(dir, 'read.db'));
    runner = new ProjectionRunner(events, reads, ALL_PROJECTORS);
    await runner.start();
  });
  afterEach(async () => {
    await runner.stop();
    await events.close();
    await reads.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([[{ k: 'v', n: [1, { deep: true }] }], [{}]])('is the row the projection makes of the copy (metadata %j)', async (metadata) => {
    const repository = new ThreadRepository(events);
    const forker = new ThreadForker(repository, new ThreadLineage(events), new ForkRegistry(events));
    await repository.execute({ type: 'CreateThread', threadId: 'src', ownerId: 'u1' }, ctx);
    await repository.execute({ type: 'SetLangGraphMetadata', threadId: 'src', userId: 'u1', metadata }, ctx);
    const withMetadata = (id: string) =>
      Object.keys(metadata).length === 0 ? [] : [{ type: 'SetLangGraphMetadata' as const, threadId: id, userId: 'u1', metadata }];
    const fork = await forker.fork('src', 'head', ctx, undefined, withMetadata);
    expect(await runner.waitFor(fork.position!, 5000)).toBe(true);
    const [projected] = await reads.query('langgraph_threads', { thread_id: fork.newThreadId });
    expect(copyRow('u1', fork, metadata)).toEqual(projected);
    if (Object.keys(metadata).length > 0) expect(projected.updated_at > projected.created_at).toBe(true);
  });
});

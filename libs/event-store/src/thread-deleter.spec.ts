import { ThreadHasBranches, ThreadNotFound, threadStreamId } from '@forkline/domain';
import { delegatingTo } from './delegating-event-store';
import { EventStore } from './event-store.port';
import { ForkRegistry } from './fork-registry';
import { SqliteEventStore } from './sqlite-event-store';
import { ThreadDeleter } from './thread-deleter';
import { ThreadForker } from './thread-forker';
import { ThreadLineage } from './thread-lineage';
import { ThreadRepository } from './thread-repository';

describe('ThreadDeleter', () => {
  const alice = { actor: 'alice', correlationId: 'c', causationId: null };
  let events: SqliteEventStore;
  /** What the read models list as forks of a thread (they may lag behind the log, or hold forks from before the registry). */
  let listed: Record<string, string[]>;
  /** One process's deleter and forker on `store` (each process has its own repository, registry and caches). */
  const process = (store: EventStore = events) => {
    const repository = new ThreadRepository(store);
    const forks = new ForkRegistry(store);
    return {
      repository,
      deleter: new ThreadDeleter(repository, forks, store, async (id) => listed[id] ?? []),
      forker: new ThreadForker(repository, new ThreadLineage(store), forks),
    };
  };
  const metadata = { ...alice, occurredAt: new Date().toISOString(), schemaVersion: 1 };
  const lastOf = async (threadId: string) => (await events.readStream(threadStreamId(threadId), { direction: 'backwards', limit: 1 }))[0];

  beforeEach(async () => {
    events = new SqliteEventStore(':memory:');
    listed = {};
    await process().repository.execute({ type: 'CreateThread', threadId: 'src', ownerId: 'alice' }, alice);
  });
  afterEach(() => events.close());

  it('deletes a thread without forks and closes it to forks in every process', async () => {
    const [a, b] = [process(), process()];
    await a.deleter.delete('src', 'alice', alice);
    expect((await lastOf('src')).type).toBe('ThreadDeleted');
    await expect(b.forker.fork('src', 0, alice)).rejects.toThrow(ThreadNotFound);
  });

  it('refuses while a fork is alive, and deletes once that fork is deleted (whatever the read models list yet)', async () => {
    const [a, b] = [process(), process()];
    const { newThreadId } = await b.forker.fork('src', 0, alice);
    listed.src = [newThreadId];
    await expect(a.deleter.delete('src', 'alice', alice)).rejects.toThrow(ThreadHasBranches);
    expect((await lastOf('src')).type).not.toBe('ThreadDeleted');
    await a.deleter.delete(newThreadId, 'alice', alice);
    await a.deleter.delete('src', 'alice', alice);
    expect((await lastOf('src')).type).toBe('ThreadDeleted');
  });

  it('counts a fork only the read models list (made before the registry) while its thread is alive', async () => {
    const { repository, deleter } = process();
    await repository.execute({ type: 'CreateThread', threadId: 'old', ownerId: 'alice' }, alice);
    await events.append(
      threadStreamId('fork'),
      [{ eventId: 'f', type: 'ThreadForked', data: { threadId: 'fork', sourceThreadId: 'src', fromEventNumber: 0 }, metadata }],
      'no_stream',
    );
    listed.src = ['fork', 'old']; // 'old' is no fork of src (a stale row): it does not count
    await expect(deleter.delete('src', 'alice', alice)).rejects.toThrow("'src' has 1 branch(es)");
  });

  it('leaves a thread open to forks when its delete is refused', async () => {
    const [a, b] = [process(), process()];
    await expect(a.deleter.delete('src', 'bob', { ...alice, actor: 'bob' })).rejects.toThrow(ThreadNotFound);
    await expect(b.forker.fork('src', 0, alice)).resolves.toMatchObject({ fromEventNumber: 0 });
  });

  it('leaves a thread open to forks when the write of its delete fails', async () => {
    let failures = 1;
    const failing = delegatingTo(events, {
      appendAtomically: async (appends) => {
        if (failures-- > 0) throw new Error('disk I/O error');
        return events.appendAtomically(appends);
      },
    });
    await expect(process(failing).deleter.delete('src', 'alice', alice)).rejects.toThrow('disk I/O error');
    expect((await lastOf('src')).type).not.toBe('ThreadDeleted');
    const { newThreadId } = await process().forker.fork('src', 0, alice);
    await process(failing).deleter.delete(newThreadId, 'alice', alice); // tried again (the fork first), the deletes go through
    await process(failing).deleter.delete('src', 'alice', alice);
    expect((await lastOf('src')).type).toBe('ThreadDeleted');
  });

  it.each([
    ['in one write', (store: SqliteEventStore): EventStore => store],
    ['in steps', (store: SqliteEventStore): EventStore => delegatingTo(store)],
  ])('a fork (%s) and a delete racing in two processes never both succeed', async (_, storeOf) => {
    const outcomes = new Set<string>();
    for (let round = 0; round < 20; round++) {
      const source = `src-${round}`;
      const [a, b] = [process(storeOf(events)), process(storeOf(events))];
      await a.repository.execute({ type: 'CreateThread', threadId: source, ownerId: 'alice' }, alice);
      // The delete starts a few turns of the event loop after the fork, so rounds meet at different steps of it.
      const later = async () => {
        for (let tick = 0; tick < round % 10; tick++) await new Promise(setImmediate);
        return b.deleter.delete(source, 'alice', alice);
      };
      const [fork, del] = await Promise.allSettled([a.forker.fork(source, 0, alice), later()]);
      expect(fork.status === 'fulfilled' && del.status === 'fulfilled').toBe(false);
      if (fork.status === 'fulfilled') {
        expect(del.status === 'rejected' && del.reason).toBeInstanceOf(ThreadHasBranches);
        expect((await lastOf(source)).type).not.toBe('ThreadDeleted');
        outcomes.add('fork');
      } else {
        expect(fork.reason).toBeInstanceOf(ThreadNotFound);
        outcomes.add('delete');
      }
    }
    expect([...outcomes].sort()).toEqual(['delete', 'fork']); // the rounds did race both ways
  });
});

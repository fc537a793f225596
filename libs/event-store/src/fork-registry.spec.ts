import { forksStreamId, ThreadHasBranches, ThreadNotFound, threadStreamId } from '@forkline/domain';
import { FORK_IN_PROGRESS_MS, liveBranchIds } from './branch-liveness';
import { EventStore, NewEvent } from './event-store.port';
import { ForkRegistry } from './fork-registry';
import { SqliteEventStore } from './sqlite-event-store';

const context = { actor: 'alice', correlationId: 'c', causationId: null };
const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const branch = (branchThreadId: string, forkedMs = T0) => ({
  sourceThreadId: 'src',
  branchThreadId,
  forkedAt: new Date(forkedMs).toISOString(),
});
const event = (type: string, data: object, eventId = `${type}-${Math.random()}`): NewEvent => ({
  eventId,
  type,
  data,
  metadata: { ...context, occurredAt: new Date(T0).toISOString(), schemaVersion: 1 },
});
const forked = (threadId: string, sourceThreadId = 'src') => event('ThreadForked', { threadId, sourceThreadId, eventNumber: 1 });

describe('ForkRegistry on one store shared by two processes', () => {
  let store: EventStore;
  let a: ForkRegistry;
  let b: ForkRegistry;
  beforeEach(() => {
    store = new SqliteEventStore(':memory:');
    [a, b] = [new ForkRegistry(store), new ForkRegistry(store)];
  });
  afterEach(() => store.close());

  const liveAt = (now: number) => (branches: Parameters<typeof liveBranchIds>[2]) =>
    liveBranchIds(store, 'src', branches, () => now).then((ids) => ids.length);

  it('refuses to close while a fork is being made, and the fork then succeeds', async () => {
    await a.fork(branch('b1'), context);
    await expect(b.close('src', liveAt(T0 + 1), context)).rejects.toThrow(ThreadHasBranches);
    await store.append(threadStreamId('b1'), [forked('b1')], 'no_stream');
    await a.made('src', 'b1', context);
    await expect(b.close('src', liveAt(T0 + FORK_IN_PROGRESS_MS * 2), context)).rejects.toThrow("'src' has 1 branch(es)");
  });

  it('closes over a fork taken for crashed, and that fork then loses at BranchMade', async () => {
    await a.fork(branch('b1'), context);
    await b.close('src', liveAt(T0 + FORK_IN_PROGRESS_MS), context);
    await expect(a.made('src', 'b1', context)).rejects.toThrow(ThreadNotFound);
    await expect(a.fork(branch('b2'), context)).rejects.toThrow(expect.objectContaining({ field: 'source_thread_id' }));
    expect((await store.readStream(forksStreamId('src'))).map((e) => e.type)).toEqual(['BranchForked', 'ForksClosed']);
  });

  it('lets a removed branch go, so the source can close', async () => {
    await a.fork(branch('b1'), context);
    await store.append(threadStreamId('b1'), [forked('b1')], 'no_stream');
    await a.made('src', 'b1', context);
    await b.remove('src', 'b1', context);
    await b.remove('src', 'b1', context);
    await a.close('src', liveAt(T0), context);
    expect((await a.load('src')).state.closed).toBe(true);
  });

  it('decides again on a fresh read when its cached fold is stale: another process closed, or a removed registry restarted', async () => {
    await a.fork(branch('b1'), context); // a caches the open registry
    await store.append(threadStreamId('b1'), [forked('b1')], 'no_stream');
    await b.remove('src', 'b1', context);
    await b.close('src', liveAt(T0), context);
    await expect(a.fork(branch('b2'), context)).rejects.toThrow(ThreadNotFound);
    await a.close('src', liveAt(T0), context); // a now caches it closed
    await store.deleteStream(forksStreamId('src')); // the source deleted, and a thread of the same id made again
    await b.fork(branch('b3'), context);
    await a.fork(branch('b4'), context);
    const types = (await store.readStream(forksStreamId('src'))).map((e) => [
      e.type,
      (e.data as { branchThreadId?: string }).branchThreadId,
    ]);
    expect(types).toEqual([
      ['BranchForked', 'b3'],
      ['BranchForked', 'b4'],
    ]);
  });

  it('folds a long registry once per change, not from its first event each time', async () => {
    for (let i = 0; i < 20; i++) await a.fork(branch(`b${i}`), context);
    const reads = jest.spyOn(store, 'readStream');
    for (let i = 20; i < 40; i++) await a.fork(branch(`b${i}`), context);
    expect(reads).not.toHaveBeenCalled();
    expect((await b.load('src')).state.branches.size).toBe(40);
  });
});

describe('liveBranchIds', () => {
  let store: EventStore;
  beforeEach(() => (store = new SqliteEventStore(':memory:')));
  afterEach(() => store.close());

  it('counts branches alive in their own streams, and ones still being made', async () => {
    await store.append(threadStreamId('alive'), [forked('alive')], 'no_stream');
    await store.append(threadStreamId('deleted'), [forked('deleted'), event('ThreadDeleted', { threadId: 'deleted' })], 'no_stream');
    await store.append(threadStreamId('other'), [forked('other', 'another-source')], 'no_stream');
    const branches = [
      branch('alive'),
      branch('deleted'),
      branch('other'),
      branch('being-made', T0 + 5_000),
      branch('crashed', T0 + 5_000 - FORK_IN_PROGRESS_MS),
    ];
    expect(await liveBranchIds(store, 'src', branches, () => T0 + 5_000)).toEqual(['alive', 'being-made']);
  });
});

import { ConcurrencyConflict, ThreadAlreadyExists, ThreadCommand, threadStreamId } from '@forkline/domain';
import { WrongExpectedRevision } from './event-store.port';
import { SqliteEventStore } from './sqlite-event-store';
import { MAX_APPEND_ATTEMPTS, ThreadRepository } from './thread-repository';

describe('ThreadRepository over the SQLite store', () => {
  const ctx = { actor: 'u', correlationId: 'c', causationId: null };
  const send = (messageId: string): ThreadCommand => ({ type: 'SendMessage', threadId: 't', userId: 'u', messageId, content: messageId });
  let store: SqliteEventStore;
  let repository: ThreadRepository;
  /** Another process writing the same thread through its own repository. */
  let other: ThreadRepository;
  const logged = async () =>
    (await store.readStream(threadStreamId('t'))).map((e) => [e.revision, e.type, (e.data as { eventNumber: number }).eventNumber]);

  beforeEach(async () => {
    store = new SqliteEventStore(':memory:');
    repository = new ThreadRepository(store);
    other = new ThreadRepository(store);
    await repository.execute({ type: 'CreateThread', threadId: 't', ownerId: 'u' }, ctx);
  });
  afterEach(() => store.close());

  it('retries a command that lost the race to another writer, deciding again on the newer state', async () => {
    await repository.load('t'); // cached at revision 0
    const appendNow = store.append.bind(store);
    const append = jest.spyOn(store, 'append');
    // Between this repository's read and its append, the other process appends a message.
    append.mockImplementationOnce(async (...args) => {
      await other.execute(send('theirs'), ctx);
      return appendNow(...args);
    });
    const outcome = await repository.execute(send('mine'), ctx);
    expect(outcome.events.map((e) => e.data.eventNumber)).toEqual([2]);
    expect(outcome.state.unanswered.map((m) => m.messageId)).toEqual(['theirs', 'mine']);
    expect(await logged()).toEqual([
      [0, 'ThreadCreated', 0],
      [1, 'UserMessageAdded', 1],
      [2, 'UserMessageAdded', 2],
    ]);
    expect(append).toHaveBeenCalledTimes(3); // ours (lost), theirs, ours again
  });

  it('decides a new thread on the empty state without reading it; one that exists after all is read and decided again', async () => {
    const read = jest.spyOn(store, 'readStream');
    const created = await repository.executeOnNew([{ type: 'CreateThread', threadId: 'n', ownerId: 'u' }], ctx);
    expect(read).not.toHaveBeenCalled();
    expect(created.occurredAt).toEqual([(await store.readStream(threadStreamId('n')))[0].metadata.occurredAt]);
    // 't' exists: the first append (as a new stream) fails, the retry reads the thread and the decider refuses.
    const fresh = new ThreadRepository(store);
    await expect(fresh.executeOnNew([{ type: 'CreateThread', threadId: 't', ownerId: 'u' }], ctx)).rejects.toThrow(ThreadAlreadyExists);
    await expect(fresh.executeOnNew([send('m')], ctx)).resolves.toMatchObject({ events: [{ data: { eventNumber: 1 } }] });
  });

  it('appends several commands on one thread as one write, each decided on the state the ones before it leave', async () => {
    const append = jest.spyOn(store, 'append');
    const outcome = await repository.executeAll([send('a'), send('b')], ctx);
    expect(append).toHaveBeenCalledTimes(1);
    expect(outcome.events.map((e) => e.data.eventNumber)).toEqual([1, 2]);
    expect(outcome.state.unanswered.map((m) => m.messageId)).toEqual(['a', 'b']);
    expect(await logged()).toEqual([
      [0, 'ThreadCreated', 0],
      [1, 'UserMessageAdded', 1],
      [2, 'UserMessageAdded', 2],
    ]);
    // A refused command refuses the whole write.
    await expect(repository.executeAll([send('c'), { type: 'CreateThread', threadId: 't', ownerId: 'u' }], ctx)).rejects.toThrow();
    expect((await logged()).length).toBe(3);
  });

  it('reports a conflict after a bounded number of lost races, having written nothing', async () => {
    const append = jest.spyOn(store, 'append').mockRejectedValue(new WrongExpectedRevision(threadStreamId('t'), 0, 1));
    const failure = repository.execute(send('m'), ctx);
    await expect(failure).rejects.toBeInstanceOf(ConcurrencyConflict);
    await expect(failure).rejects.toMatchObject({ kind: 'conflict' });
    expect(append).toHaveBeenCalledTimes(MAX_APPEND_ATTEMPTS);
    append.mockRestore();
    expect(await logged()).toEqual([[0, 'ThreadCreated', 0]]);
  });

  it('appends a command with the same event ids once, and numbers what follows without a gap', async () => {
    const first = await repository.execute(send('m1'), ctx);
    const again = await repository.execute(send('m1'), ctx);
    expect(again.events).toEqual([]);
    expect(again.eventIds).toEqual(first.eventIds);
    expect(again.position).toEqual(first.position);
    expect(again.state.unanswered.map((m) => m.messageId)).toEqual(['m1']);
    const next = await repository.execute(send('m2'), ctx);
    expect(next.events[0].data.eventNumber).toBe(2);
    expect(await logged()).toEqual([
      [0, 'ThreadCreated', 0],
      [1, 'UserMessageAdded', 1],
      [2, 'UserMessageAdded', 2],
    ]);
  });

  it('appends a repeated command once when it comes from another process too', async () => {
    await repository.execute(send('m1'), ctx);
    await other.execute(send('m1'), ctx);
    await other.execute(send('m2'), ctx);
    expect((await repository.load('t')).state.unanswered.map((m) => m.messageId)).toEqual(['m1', 'm2']);
    expect((await logged()).map(([revision, , eventNumber]) => [revision, eventNumber])).toEqual([
      [0, 0],
      [1, 1],
      [2, 2],
    ]);
  });
});

describe('ThreadRepository cache', () => {
  it('keeps the folded states of its `cachedThreads` most recently used threads only', async () => {
    const store = new SqliteEventStore(':memory:');
    const ctx = { actor: 'u', correlationId: 'c', causationId: null };
    const repository = new ThreadRepository(store, 2);
    for (const threadId of ['a', 'b', 'c']) await repository.execute({ type: 'CreateThread', threadId, ownerId: 'u' }, ctx);
    const reads = jest.spyOn(store, 'readStream');
    await repository.load('c');
    await repository.load('b');
    // Cached: read only what is newer than the cached revision.
    expect(reads.mock.calls.map(([s, o]) => [s, o?.fromRevision])).toEqual([
      ['thread-c', 1],
      ['thread-b', 1],
    ]);
    reads.mockClear();
    expect((await repository.load('a')).state.exists).toBe(true); // evicted: folded again from the start
    expect(reads.mock.calls.map(([s, o]) => [s, o?.fromRevision])).toEqual([['thread-a', 0]]);
    await store.close();
  });
});

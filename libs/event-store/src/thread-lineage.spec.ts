import { ThreadCommand } from '@forkline/domain';
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { delegatingTo } from './delegating-event-store';
import { SqliteEventStore } from './sqlite-event-store';
import { ThreadLineage } from './thread-lineage';
import { ThreadRepository } from './thread-repository';

describe('ThreadLineage over the SQLite store', () => {
  const store = new SqliteEventStore(join(mkdtempSync(join(tmpdir(), 'fl-lineage-')), 'events.db'));
  const repository = new ThreadRepository(store);
  const lineage = new ThreadLineage(store);
  const ctx = { actor: 'u', correlationId: 'c', causationId: null };
  const exec = (c: ThreadCommand) => repository.execute(c, ctx);
  const send = (threadId: string, messageId: string) => exec({ type: 'SendMessage', threadId, userId: 'u', messageId, content: messageId });
  const answer = (threadId: string, replyTo: string) =>
    exec({ type: 'StartRun', threadId, runId: `r-${threadId}-${replyTo}`, replyTo }).then(() =>
      exec({
        type: 'CompleteRun',
        threadId,
        runId: `r-${threadId}-${replyTo}`,
        replyTo,
        messageId: `a-${threadId}-${replyTo}`,
        content: 'ok',
      }),
    );
  const fork = async (threadId: string, sourceThreadId: string, at: number) =>
    exec({
      type: 'ForkThread',
      threadId,
      ownerId: 'u',
      sourceThreadId,
      fromEventNumber: at,
      source: { exists: true, ...(await lineage.head(sourceThreadId))!, unansweredAtFork: await lineage.unansweredAt(sourceThreadId, at) },
    });
  const ids = (ms: Array<{ messageId: string }>) => ms.map((m) => m.messageId);
  afterAll(() => store.close());

  beforeAll(async () => {
    await exec({ type: 'CreateThread', threadId: 's', ownerId: 'u' }); // 0
    await send('s', 'u1'); // 1
    await send('s', 'u2'); // 2
    await answer('s', 'u1'); // 3 run, 4 reply, 5 done
    await send('s', 'u3'); // 6
  });

  it('finds the unanswered messages at any point, walking back only to the latest reply', async () => {
    expect(ids(await lineage.unansweredAt('s', 0))).toEqual([]);
    expect(ids(await lineage.unansweredAt('s', 1))).toEqual(['u1']);
    expect(ids(await lineage.unansweredAt('s', 3))).toEqual(['u1', 'u2']);
    expect(ids(await lineage.unansweredAt('s', 4))).toEqual(['u2']);
    expect(ids(await lineage.unansweredAt('s', 6))).toEqual(['u2', 'u3']);
    expect(await lineage.head('s')).toEqual({ ownerId: 'u', head: 6, revision: 6 });
    expect(await lineage.head('missing')).toBeNull();
  });

  it('counts a stopped or deleted message as settled', async () => {
    await exec({ type: 'CreateThread', threadId: 'st', ownerId: 'u' }); // 0
    await send('st', 'st1'); // 1
    await exec({ type: 'StopRun', threadId: 'st', userId: 'u' }); // 2: stopped before its run started
    await send('st', 'st2'); // 3
    await send('st', 'st3'); // 4
    await exec({ type: 'DeleteMessage', threadId: 'st', userId: 'u', messageId: 'st2', message: { fileIds: [] } }); // 5
    expect(ids(await lineage.unansweredAt('st', 2))).toEqual([]);
    expect(ids(await lineage.unansweredAt('st', 5))).toEqual(['st3']);
    expect(ids(await lineage.unansweredAt('st', 4))).toEqual(['st2', 'st3']);
    expect((await repository.load('st')).state.unanswered.map((m) => m.messageId)).toEqual(['st3']);
  });

  it('counts a queued message stopped while an earlier one is answered as settled, though its stop comes first', async () => {
    await exec({ type: 'CreateThread', threadId: 'oo', ownerId: 'u' }); // 0
    await send('oo', 'o1'); // 1
    await exec({ type: 'StartRun', threadId: 'oo', runId: 'r-o1', replyTo: 'o1' }); // 2
    await send('oo', 'o2'); // 3
    await send('oo', 'o3'); // 4
    await exec({ type: 'StopRun', threadId: 'oo', userId: 'u', replyTo: 'o2' }); // 5: queued, stopped out of order
    await exec({ type: 'CompleteRun', threadId: 'oo', runId: 'r-o1', replyTo: 'o1', messageId: 'a-o1', content: 'ok' }); // 6, 7
    const state = (await repository.load('oo')).state.unanswered.map((m) => m.messageId);
    expect(state).toEqual(['o3']);
    expect(ids(await lineage.unansweredAt('oo', 7))).toEqual(state);
    expect(ids((await lineage.headAndUnanswered('oo'))!.unanswered)).toEqual(state);
    expect(ids(await lineage.unansweredAt('oo', 5))).toEqual(['o1', 'o3']);
  });

  it('counts an inherited waiting message deleted or stopped in the fork as settled', async () => {
    await exec({ type: 'CreateThread', threadId: 'is', ownerId: 'u' }); // 0
    await send('is', 'i1'); // 1
    await send('is', 'i2'); // 2
    await send('is', 'i3'); // 3
    await fork('if', 'is', 3); // ThreadForked is 4, inherits i1, i2, i3 waiting
    await exec({ type: 'DeleteMessage', threadId: 'if', userId: 'u', messageId: 'i2', message: { fileIds: [] } }); // 5
    await exec({ type: 'StopRun', threadId: 'if', userId: 'u', replyTo: 'i3' }); // 6
    const state = (await repository.load('if')).state.unanswered.map((m) => m.messageId);
    expect(state).toEqual(['i1']);
    expect(ids(await lineage.unansweredAt('if', 6))).toEqual(state);
  });

  it('counts every message before a HistoryCleared as settled, and only later ones as waiting', async () => {
    await exec({ type: 'CreateThread', threadId: 'cl', ownerId: 'u' }); // 0
    await send('cl', 'c1'); // 1
    await send('cl', 'c2'); // 2
    await exec({ type: 'ClearHistory', threadId: 'cl', userId: 'u' }); // 3, 4: RunStopped c1, c2; 5: HistoryCleared
    await send('cl', 'c3'); // 6
    expect(ids(await lineage.unansweredAt('cl', 2))).toEqual(['c1', 'c2']);
    expect(ids(await lineage.unansweredAt('cl', 5))).toEqual([]);
    expect(ids(await lineage.unansweredAt('cl', 6))).toEqual(['c3']);
    expect((await repository.load('cl')).state.unanswered.map((m) => m.messageId)).toEqual(['c3']);
  });

  it('reads a fork of a fork through its sources, and knows what each fork inherited unanswered', async () => {
    await fork('f', 's', 3); // ThreadForked is 4
    await answer('f', 'u1'); // 5, 6, 7
    await send('f', 'fu'); // 8
    expect(ids(await lineage.unansweredAt('f', 4))).toEqual(['u1', 'u2']);
    expect(ids(await lineage.unansweredAt('f', 7))).toEqual(['u2']);
    expect(ids(await lineage.unansweredAt('f', 8))).toEqual(['u2', 'fu']);
    expect(ids(await lineage.unansweredAt('f', 2))).toEqual(['u1', 'u2']);

    await fork('ff', 'f', 6); // inherits s 0..3, f 4..6
    const events = await lineage.eventsUpTo('ff', 100);
    expect(events.map((e) => e.data.eventNumber)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(events.map((e) => e.type).slice(-2)).toEqual(['AssistantMessageAdded', 'ThreadForked']);
    expect(ids(await lineage.unansweredAt('ff', 7))).toEqual(['u2']);
    expect((await lineage.eventsUpTo('ff', 2)).map((e) => e.data.eventNumber)).toEqual([0, 1, 2]);
  });

  it('reads the head and what is unanswered at it in one snapshot, as head() and unansweredAt(head) do, past one page too', async () => {
    await exec({ type: 'CreateThread', threadId: 'many', ownerId: 'u' });
    for (let i = 0; i < 20; i++) await send('many', `m${i}`); // 20 waiting: the walk goes past its first page
    await fork('many-f', 'many', 20);
    for (const threadId of ['s', 'st', 'cl', 'f', 'ff', 'many', 'many-f']) {
      const head = (await lineage.head(threadId))!;
      expect(await lineage.headAndUnanswered(threadId)).toEqual({ ...head, unanswered: await lineage.unansweredAt(threadId, head.head) });
    }
    expect(ids((await lineage.headAndUnanswered('many'))!.unanswered)).toHaveLength(20);
    await exec({ type: 'DeleteThread', threadId: 'many-f', userId: 'u', branchCount: 0 });
    expect([await lineage.headAndUnanswered('many-f'), await lineage.headAndUnanswered('missing')]).toEqual([null, null]);
  });

  it('walks a thread at its head again only when it moved, or was removed and begun again under its id', async () => {
    const walkOf = async (threadId: string) => ids((await lineage.headAndUnanswered(threadId))!.unanswered);
    await exec({ type: 'CreateThread', threadId: 'w', ownerId: 'u' });
    await send('w', 'w1');
    expect(await walkOf('w')).toEqual(['w1']);
    const reads = jest.spyOn(store, 'readStream');
    const backwards = () => reads.mock.calls.filter(([, o]) => o?.direction === 'backwards').length;
    expect(await walkOf('w')).toEqual(['w1']);
    expect(backwards()).toBe(0); // nothing new: not walked again
    await send('w', 'w2');
    expect(await walkOf('w')).toEqual(['w1', 'w2']);
    await answer('w', 'w1');
    expect(await walkOf('w')).toEqual(['w2']);
    expect(backwards()).toBe(2);
    // Removed and begun again with as many events: the event at the known top is another one.
    await store.deleteStream('thread-w');
    const again = new ThreadRepository(store);
    await again.execute({ type: 'CreateThread', threadId: 'w', ownerId: 'u' }, ctx);
    for (const id of ['x1', 'x2', 'x3', 'x4', 'x5'])
      await again.execute({ type: 'SendMessage', threadId: 'w', userId: 'u', messageId: id, content: id }, ctx);
    expect(await walkOf('w')).toEqual(['x1', 'x2', 'x3', 'x4', 'x5']);
    await again.execute({ type: 'DeleteThread', threadId: 'w', userId: 'u', branchCount: 0 }, ctx);
    expect(await lineage.headAndUnanswered('w')).toBeNull();
    reads.mockRestore();
  });
});

describe('ThreadLineage ranged reads', () => {
  const store = new SqliteEventStore(join(mkdtempSync(join(tmpdir(), 'fl-lineage-range-')), 'events.db'));
  let eventsRead = 0;
  // Counts what the lineage reads from the log: the cost a request pays, whatever the timing.
  const counting = delegatingTo(store, {
    readStream: async (s, o) => {
      const read = await store.readStream(s, o);
      eventsRead += read.length;
      return read;
    },
  });
  const repository = new ThreadRepository(store);
  const ctx = { actor: 'u', correlationId: 'c', causationId: null };
  const send = (threadId: string, n: number) =>
    repository.execute({ type: 'SendMessage', threadId, userId: 'u', messageId: `${threadId}-${n}`, content: `m${n}` }, ctx);
  const numbers = (es: Array<{ data: unknown }>) => es.map((e) => (e.data as { eventNumber: number }).eventNumber);
  const reading = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
    eventsRead = 0;
    const result = await work();
    return [result, eventsRead];
  };
  afterAll(() => store.close());

  beforeAll(async () => {
    await repository.execute({ type: 'CreateThread', threadId: 'long', ownerId: 'u' }, ctx); // 0
    for (let n = 1; n <= 300; n++) await send('long', n); // 1..300
    const lineage = new ThreadLineage(store);
    const source = { exists: true, ownerId: 'u', head: 300, unansweredAtFork: await lineage.unansweredAt('long', 250) };
    await repository.execute(
      { type: 'ForkThread', threadId: 'lf', ownerId: 'u', sourceThreadId: 'long', fromEventNumber: 250, source },
      ctx,
    );
    for (let n = 1; n <= 100; n++) await send('lf', n); // ThreadForked 251, then 252..351
  });

  it('reads nothing past the head for a page far beyond it (?from=1e15&limit=1)', async () => {
    const lineage = new ThreadLineage(counting);
    const [events, read] = await reading(() => lineage.recordsBetween('lf', 1e15, 1e15));
    expect(events).toEqual([]);
    expect(read).toBeLessThanOrEqual(1); // the fork's first event, for its origin
  });

  it('reads only the page it returns, within a segment and across the fork point', async () => {
    const lineage = new ThreadLineage(counting);
    await lineage.origin('lf');
    await lineage.origin('long');
    const [inFork, forkRead] = await reading(() => lineage.recordsBetween('lf', 300, 302));
    expect([numbers(inFork), forkRead]).toEqual([[300, 301, 302], 3]);
    const [across, acrossRead] = await reading(() => lineage.recordsBetween('lf', 249, 252));
    expect(numbers(across)).toEqual([249, 250, 251, 252]);
    expect(across.map((e) => e.streamId)).toEqual(['thread-long', 'thread-long', 'thread-lf', 'thread-lf']);
    expect(acrossRead).toBe(4);
    const [inherited, inheritedRead] = await reading(() => lineage.recordsBetween('lf', 10, 11));
    expect([numbers(inherited), inheritedRead]).toEqual([[10, 11], 2]);
  });

  it('reads the whole lineage in order when asked for all of it', async () => {
    const events = await new ThreadLineage(store).recordsUpTo('lf', Number.MAX_SAFE_INTEGER);
    expect(numbers(events)).toEqual(Array.from({ length: 352 }, (_, i) => i));
  });
});

describe('ThreadLineage origins cache', () => {
  it('keeps the origins of its `cachedThreads` most recently used threads only', async () => {
    const store = new SqliteEventStore(':memory:');
    const repository = new ThreadRepository(store);
    const ctx = { actor: 'u', correlationId: 'c', causationId: null };
    for (const threadId of ['a', 'b', 'c']) await repository.execute({ type: 'CreateThread', threadId, ownerId: 'u' }, ctx);
    const lineage = new ThreadLineage(store, 2);
    const reads = jest.spyOn(store, 'readStream');
    const readsFor = async (threadId: string) => {
      reads.mockClear();
      await lineage.origin(threadId);
      return reads.mock.calls.length;
    };
    expect([await readsFor('a'), await readsFor('b'), await readsFor('a')]).toEqual([1, 1, 0]);
    expect([await readsFor('c'), await readsFor('a'), await readsFor('b')]).toEqual([1, 0, 1]); // c evicted b, the least recent
    await store.close();
  });
});

import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ThreadCommand, threadStreamId } from '@forkline/domain';
import { NewLiveRecord, SqliteEventStore, SqliteLiveRecordStore, ThreadLineage, ThreadRepository } from '@forkline/event-store';
import { ProjectedEvent } from '@forkline/read-models';
import { FeedCursor, FeedItem } from './feed-cursor';
import { ThreadFeed } from './thread-feed';

describe('ThreadFeed over the SQLite stores', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fl-feed-'));
  const store = new SqliteEventStore(join(dir, 'events.db'));
  // The feed's store sees another process's appends only by polling, here too slowly to matter: what it is given in time
  // it has read itself. `writer` is the process running the run.
  const live = new SqliteLiveRecordStore(join(dir, 'live.db'), 60_000);
  const writer = new SqliteLiveRecordStore(join(dir, 'live.db'));
  const repository = new ThreadRepository(store);
  const lineage = new ThreadLineage(store);
  const feed = new ThreadFeed(lineage, live);
  const aborts: AbortController[] = [];
  const exec = (c: ThreadCommand) => repository.execute(c, { actor: 'u', correlationId: 'c', causationId: null });
  const record = (type: NewLiveRecord['type'], data: Record<string, unknown> = {}): NewLiveRecord => ({ runId: 'r1', type, data });
  /** What the projections would hand over once the thread's newest events are committed. */
  const committed = async (threadId: string) => {
    const events = await store.readStream(threadStreamId(threadId), { direction: 'backwards', limit: 1 });
    feed.afterCommit(events.map((e) => ({ ...e, ...e.metadata }) as unknown as ProjectedEvent));
  };
  const follow = (threadId: string, from: FeedCursor) => {
    const abort = new AbortController();
    aborts.push(abort);
    const got: FeedItem[] = [];
    const done = (async () => {
      for await (const batch of feed.subscribe(threadId, from, abort.signal)) got.push(...batch);
    })();
    const until = async (n: number) => {
      for (let i = 0; got.length < n && i < 400; i++) await new Promise((r) => setTimeout(r, 5));
      return got.map(show);
    };
    return { got, done, until };
  };
  afterAll(async () => {
    aborts.forEach((a) => a.abort());
    feed.onModuleDestroy();
    await Promise.all([store.close(), live.close(), writer.close()]);
  });

  it('lays out every live record stored before a durable batch ahead of it, the same for every subscriber, with one follower', async () => {
    await exec({ type: 'CreateThread', threadId: 't', ownerId: 'u' });
    const followed = jest.spyOn(live, 'follow');
    const first = follow('t', { durable: -1, live: -1 });
    expect(await first.until(1)).toEqual(['0 ThreadCreated']);
    const second = follow('t', { durable: -1, live: -1 });
    await writer.append('t', [record('run_started', { attempt: 1 }), record('token_delta', { text: 'he' })]);
    await exec({ type: 'SendMessage', threadId: 't', userId: 'u', messageId: 'm1', content: 'hi' });
    await writer.append('t', [record('token_delta', { text: 'llo' })]);
    await committed('t'); // the commit is seen after the second delta was stored: it comes first
    const expected = ['0 ThreadCreated', 'live 0 run_started', 'live 1 token_delta', 'live 2 token_delta', '1 UserMessageAdded'];
    expect(await first.until(5)).toEqual(expected);
    expect(await second.until(5)).toEqual(expected);
    expect(followed).toHaveBeenCalledTimes(1);
    // A subscriber from an older cursor reads what the shared follower never held from the stores, then joins it.
    const late = follow('t', { durable: -1, live: 0 });
    expect(await late.until(4)).toEqual(['0 ThreadCreated', 'live 1 token_delta', 'live 2 token_delta', '1 UserMessageAdded']);
    expect(followed).toHaveBeenCalledTimes(1);
  });

  it("reads the thread's events before a run_ended record, however far behind the projections are", async () => {
    const quick = new SqliteLiveRecordStore(join(dir, 'live.db'), 10);
    const other = new ThreadFeed(lineage, quick);
    try {
      await exec({ type: 'CreateThread', threadId: 'e', ownerId: 'u' });
      const abort = new AbortController();
      const got: string[] = [];
      const done = (async () => {
        for await (const batch of other.subscribe('e', { durable: -1, live: -1 }, abort.signal)) got.push(...batch.map(show));
      })();
      await writer.append('e', [record('run_started', { attempt: 1 }), record('token_delta', { text: 'x' })]);
      await exec({ type: 'SendMessage', threadId: 'e', userId: 'u', messageId: 'e1', content: 'hi' }); // no commit seen here
      await writer.append('e', [record('run_ended', { status: 'completed' })]);
      for (let i = 0; got.length < 5 && i < 400; i++) await new Promise((r) => setTimeout(r, 5));
      abort.abort();
      await done;
      expect(got).toEqual(['0 ThreadCreated', 'live 0 run_started', 'live 1 token_delta', '1 UserMessageAdded', 'live 2 run_ended']);
    } finally {
      other.onModuleDestroy();
      await quick.close();
    }
  });

  it("starts at the thread's own first event and at the running attempt; a fork at its ThreadForked", async () => {
    await exec({ type: 'CreateThread', threadId: 's', ownerId: 'u' });
    await exec({ type: 'SendMessage', threadId: 's', userId: 'u', messageId: 's1', content: 'x' });
    expect(await feed.startCursor('s')).toEqual({ durable: -1, live: -1 });
    await writer.append('s', [record('run_started', { attempt: 1 }), record('token_delta'), record('run_started', { attempt: 2 })]);
    await writer.append('s', [record('token_delta')]);
    expect(await feed.startCursor('s', 1)).toEqual({ durable: 0, live: 1 }); // attempt 2 began at seq 2
    await writer.append('s', [record('run_ended', { status: 'completed' })]);
    expect(await feed.startCursor('s')).toEqual({ durable: -1, live: 4 }); // nothing running: from the tail
    const at = await lineage.head('s');
    await exec({
      type: 'ForkThread',
      threadId: 'f',
      ownerId: 'u',
      sourceThreadId: 's',
      fromEventNumber: 1,
      source: { exists: true, ...at!, unansweredAtFork: [] },
    });
    expect(await feed.startCursor('f')).toEqual({ durable: 1, live: -1 });
    expect(await follow('f', await feed.startCursor('f')).until(1)).toEqual(['2 ThreadForked']);
  });

  it('hands each committed event of a thread to its commit listeners, until they stop listening', async () => {
    await exec({ type: 'CreateThread', threadId: 'l', ownerId: 'u' });
    await exec({ type: 'CreateThread', threadId: 'other', ownerId: 'u' });
    const heard: string[] = [];
    const unlisten = feed.onCommit('l', (e) => heard.push(e.type));
    await exec({ type: 'SendMessage', threadId: 'l', userId: 'u', messageId: 'l1', content: 'hi' });
    await committed('l');
    await exec({ type: 'SendMessage', threadId: 'other', userId: 'u', messageId: 'o1', content: 'hi' });
    await committed('other');
    unlisten();
    await exec({ type: 'SendMessage', threadId: 'l', userId: 'u', messageId: 'l2', content: 'hi' });
    await committed('l');
    expect(heard).toEqual(['UserMessageAdded']);
  });

  it('ends every subscriber with the ThreadDeleted event, even once the stream is gone', async () => {
    await exec({ type: 'CreateThread', threadId: 'd', ownerId: 'u' });
    const subscriber = follow('d', { durable: -1, live: -1 });
    await subscriber.until(1);
    await exec({ type: 'DeleteThread', threadId: 'd', userId: 'u', branchCount: 0 });
    const [deletion] = await store.readStream(threadStreamId('d'), { direction: 'backwards', limit: 1 });
    await store.deleteStream(threadStreamId('d'));
    feed.afterCommit([{ ...deletion, ...deletion.metadata } as unknown as ProjectedEvent]);
    await subscriber.done;
    expect(subscriber.got.map(show)).toEqual(['0 ThreadCreated', '1 ThreadDeleted']);
  });
});

function show(item: FeedItem): string {
  return item.kind === 'event' ? `${item.eventNumber} ${item.event.type}` : `live ${item.record.seq} ${item.record.type}`;
}

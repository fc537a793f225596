import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ThreadCommand, threadStreamId } from '@forkline/domain';
import { LiveRecord, NewLiveRecord, SqliteEventStore, SqliteLiveRecordStore, ThreadLineage, ThreadRepository } from '@forkline/event-store';
import { ProjectedEvent } from '@forkline/read-models';
import { FeedCursor, FeedItem } from './feed-cursor';
import { ThreadFeed } from './thread-feed';
import { ThreadFeedHub } from './thread-feed-hub';
import { pause } from '@forkline/event-store';

describe('ThreadFeedHub: memory and the order of a run_ended', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fl-hub-'));
  const store = new SqliteEventStore(join(dir, 'events.db'));
  const writer = new SqliteLiveRecordStore(join(dir, 'live.db'));
  const stores: SqliteLiveRecordStore[] = [writer];
  const repository = new ThreadRepository(store);
  const lineage = new ThreadLineage(store);
  const aborts: AbortController[] = [];
  const exec = (c: ThreadCommand) => repository.execute(c, { actor: 'u', correlationId: 'c', causationId: null });
  const record = (type: NewLiveRecord['type'], data: Record<string, unknown> = {}): NewLiveRecord => ({ runId: 'r1', type, data });
  const feedOver = (live: SqliteLiveRecordStore) => (stores.push(live), new ThreadFeed(lineage, live));
  const committed = async (feed: ThreadFeed, threadId: string) => {
    const events = await store.readStream(threadStreamId(threadId), { direction: 'backwards', limit: 1 });
    feed.afterCommit(events.map((e) => ({ ...e, ...e.metadata }) as unknown as ProjectedEvent));
  };
  const follow = (feed: ThreadFeed, threadId: string, from: FeedCursor) => {
    const abort = new AbortController();
    aborts.push(abort);
    const got: FeedItem[] = [];
    void (async () => {
      for await (const batch of feed.subscribe(threadId, from, abort.signal)) got.push(...batch);
    })();
    const until = async (n: number) => {
      for (let i = 0; got.length < n && i < 400; i++) await new Promise((r) => setTimeout(r, 5));
      return got.map(show);
    };
    return { got, until };
  };
  afterAll(async () => {
    aborts.forEach((a) => a.abort());
    await Promise.all([store.close(), ...stores.map((s) => s.close())]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps under its byte budget with a few large items, and a subscriber behind it still gets everything once, in order', async () => {
    const feed = feedOver(new SqliteLiveRecordStore(join(dir, 'live.db'), 60_000));
    feed.keptBytes = 256 * 1024;
    await exec({ type: 'CreateThread', threadId: 'big', ownerId: 'u' });
    const ahead = follow(feed, 'big', { durable: -1, live: -1 });
    await ahead.until(1);
    const hub: ThreadFeedHub = feed['hubs'].get('big')!;
    let held = 0;
    for (let i = 0; i < 8; i++) {
      await writer.append('big', [record('tool_result', { output: `${i}`.repeat(60_000) })]);
      await exec({ type: 'SendMessage', threadId: 'big', userId: 'u', messageId: `m${i}`, content: `${i}`.repeat(60_000) });
      await committed(feed, 'big');
      await ahead.until(1 + 2 * (i + 1));
      held = Math.max(held, hub.bytes);
    }
    expect(held).toBeLessThanOrEqual(256 * 1024);
    expect(hub.offset).toBeGreaterThan(0); // it did drop items: a subscriber from the start reads them from the stores
    const expected = ['0 ThreadCreated'];
    for (let i = 0; i < 8; i++) expected.push(`live ${i} tool_result`, `${i + 1} UserMessageAdded`);
    expect(await ahead.until(17)).toEqual(expected);
    const behind = follow(feed, 'big', { durable: -1, live: -1 });
    expect(await behind.until(17)).toEqual(expected);
    await new Promise((r) => setTimeout(r, 50));
    expect(behind.got.map(show)).toEqual(expected); // nothing twice
  });

  it("never lays out a run_ended before the thread's events it follows, when a wake reads the live records after them", async () => {
    // followLive is held back: the wake alone reads the stores, after the run's end was recorded.
    const live = new SqliteLiveRecordStore(join(dir, 'live.db'), 10);
    const original = live.follow.bind(live);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    jest.spyOn(live, 'follow').mockImplementation(async function* (threadId: string, after: number, signal: AbortSignal) {
      await gate;
      yield* original(threadId, after, signal) as AsyncIterable<LiveRecord[]>;
    });
    const feed = feedOver(live);
    await exec({ type: 'CreateThread', threadId: 'ends', ownerId: 'u' });
    const subscriber = follow(feed, 'ends', { durable: -1, live: -1 });
    await subscriber.until(1);
    await writer.append('ends', [record('run_started', { attempt: 1 }), record('token_delta', { text: 'x' })]);
    await exec({ type: 'SendMessage', threadId: 'ends', userId: 'u', messageId: 'e1', content: 'hi' });
    await writer.append('ends', [record('run_ended', { status: 'completed' })]);
    await committed(feed, 'ends');
    expect(await subscriber.until(4)).toEqual(['0 ThreadCreated', 'live 0 run_started', 'live 1 token_delta', '1 UserMessageAdded']);
    release();
    expect(await subscriber.until(5)).toEqual([
      '0 ThreadCreated',
      'live 0 run_started',
      'live 1 token_delta',
      '1 UserMessageAdded',
      'live 2 run_ended',
    ]);
  });

  it('starts a new subscriber at the running attempt however many records it has, reading them a page at a time', async () => {
    const live = new SqliteLiveRecordStore(join(dir, 'live.db'), 60_000);
    const feed = feedOver(live);
    await exec({ type: 'CreateThread', threadId: 'long', ownerId: 'u' });
    await writer.append('long', [record('run_started', { attempt: 1 }), record('run_ended', { status: 'completed' })]);
    await writer.append('long', [record('run_started', { attempt: 1 })]);
    const deltas = Array.from({ length: 5_300 }, () => record('token_delta', { text: 'x' }));
    await writer.append('long', deltas);
    const reads = jest.spyOn(live, 'read');
    expect(await feed.startCursor('long')).toEqual({ durable: -1, live: 1 }); // attempt began at seq 2
    expect(Math.max(...reads.mock.calls.map(([, , limit]) => limit ?? Infinity))).toBeLessThanOrEqual(200);
    await writer.append('long', [record('run_ended', { status: 'completed' })]);
    expect(await feed.startCursor('long')).toEqual({ durable: -1, live: 5_303 }); // nothing running: from the tail
  });
});

describe('pause', () => {
  it('ends at once when its signal aborts, so a retry never holds up shutdown', async () => {
    const abort = new AbortController();
    const paused = pause(3_600_000, abort.signal);
    abort.abort();
    await expect(paused).resolves.toBeUndefined();
    await expect(pause(3_600_000, abort.signal)).resolves.toBeUndefined();
  });
});

function show(item: FeedItem): string {
  return item.kind === 'event' ? `${item.eventNumber} ${item.event.type}` : `live ${item.record.seq} ${item.record.type}`;
}

import { randomUUID } from 'crypto';
import { DEFAULT_MAX_APPEND_SIZE } from './append-size';
import {
  AppendTooLarge,
  DuplicateEventId,
  EventStore,
  NewEvent,
  RecordedEvent,
  StreamDeleted,
  WrongExpectedRevision,
} from './event-store.port';

/** Where adapters legitimately differ: EventStoreDB checks event ids per stream, and soft-deleted streams keep counting. */
export interface ContractOptions {
  eventIdsUniqueAcrossStreams?: boolean;
  /** false: a deleted stream's name is retired (appends throw StreamDeleted). */
  deletedStreamsCanBeReused?: boolean;
  /** Streams the adapter's subscriptions see (EventStoreDB filters on the server by prefix). */
  streamPrefix?: string;
  /** The store's limit on one append's event data (the server's MaxAppendSize; the default is its default). */
  maxAppendSize?: number;
}

/** The behaviour every EventStore adapter must show. Each adapter's spec runs this suite. */
export function describeEventStoreContract(name: string, open: () => Promise<EventStore>, options: ContractOptions = {}): void {
  const { eventIdsUniqueAcrossStreams = true, deletedStreamsCanBeReused = true, streamPrefix = 'test-' } = options;
  const { maxAppendSize = DEFAULT_MAX_APPEND_SIZE } = options;
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    const stream = () => `${streamPrefix}${randomUUID()}`;
    const event = (type = 'Happened', data: unknown = { n: 1 }): NewEvent => ({
      eventId: randomUUID(),
      type,
      data,
      metadata: { actor: 'tester', correlationId: randomUUID(), causationId: null, occurredAt: new Date().toISOString(), schemaVersion: 1 },
    });

    it('appends to a new stream and reads it back forwards with data and metadata', async () => {
      const s = stream();
      const events = [event('A', { a: 1 }), event('B', { b: 'two' })];
      const result = await store.append(s, events, 'no_stream');
      expect(result.nextRevision).toBe(1);
      const read = await store.readStream(s);
      expect(read.map((e) => [e.revision, e.type, e.data, e.eventId])).toEqual([
        [0, 'A', { a: 1 }, events[0].eventId],
        [1, 'B', { b: 'two' }, events[1].eventId],
      ]);
      expect(read[0].metadata).toEqual(events[0].metadata);
      expect(read[1].position).toBe(result.position);
    });

    it('rejects an append at the wrong expected revision and writes nothing', async () => {
      const s = stream();
      await store.append(s, [event()], 'no_stream');
      await expect(store.append(s, [event()], 'no_stream')).rejects.toBeInstanceOf(WrongExpectedRevision);
      await expect(store.append(s, [event()], 5)).rejects.toBeInstanceOf(WrongExpectedRevision);
      await expect(store.append(stream(), [event()], 0)).rejects.toBeInstanceOf(WrongExpectedRevision);
      await expect(store.append(stream(), [event()], 'stream_exists')).rejects.toBeInstanceOf(WrongExpectedRevision);
      expect(await store.readStream(s)).toHaveLength(1);
      await store.append(s, [event()], 0);
      await store.append(s, [event()], 'any');
      expect(await store.readStream(s)).toHaveLength(3);
    });

    it('treats a repeated append of the same event ids as a no-op returning the first result', async () => {
      const s = stream();
      const batch = [event(), event()];
      const first = await store.append(s, batch, 'no_stream');
      const again = await store.append(s, batch, 'no_stream');
      expect(again).toEqual(first);
      expect(await store.readStream(s)).toHaveLength(2);
    });

    it('treats a repeated append with `any` of the same ids as a no-op, even after later appends', async () => {
      const s = stream();
      const batch = [event(), event()];
      const first = await store.append(s, batch, 'any');
      await store.append(s, [event()], 'any');
      expect(await store.append(s, batch, 'any')).toEqual(first);
      expect(await store.readStream(s)).toHaveLength(3);
    });

    (eventIdsUniqueAcrossStreams ? it : it.skip)('refuses an event id already used elsewhere', async () => {
      const e = event();
      await store.append(stream(), [e], 'no_stream');
      await expect(store.append(stream(), [e], 'no_stream')).rejects.toBeInstanceOf(DuplicateEventId);
    });

    it('reads a stream backwards and from a revision, with limits', async () => {
      const s = stream();
      await store.append(
        s,
        [0, 1, 2, 3, 4].map((n) => event('N', { n })),
        'no_stream',
      );
      const data = (es: RecordedEvent[]) => es.map((e) => (e.data as { n: number }).n);
      expect(data(await store.readStream(s, { direction: 'backwards', limit: 2 }))).toEqual([4, 3]);
      expect(data(await store.readStream(s, { direction: 'backwards', fromRevision: 2 }))).toEqual([2, 1, 0]);
      expect(data(await store.readStream(s, { fromRevision: 3 }))).toEqual([3, 4]);
      expect(data(await store.readStream(s, { fromRevision: 1, limit: 2 }))).toEqual([1, 2]);
      expect(await store.readStream(stream())).toEqual([]);
    });

    it('names its log with an identity that stays the same', async () => {
      const identity = await store.identity();
      expect(identity).toMatch(/^\S+$/);
      expect(await store.identity()).toBe(identity);
    });

    it('reads the global log in order from a position', async () => {
      const start = await store.headPosition();
      const a = stream();
      const b = stream();
      await store.append(a, [event('A1')], 'no_stream');
      await store.append(b, [event('B1')], 'no_stream');
      await store.append(a, [event('A2')], 0);
      const all = await store.readAll({ after: start });
      expect(all.map((e) => e.type)).toEqual(['A1', 'B1', 'A2']);
      expect(all[0].position < all[1].position && all[1].position < all[2].position).toBe(true);
      expect((await store.readAll({ after: all[0].position, limit: 1 })).map((e) => e.type)).toEqual(['B1']);
      expect(await store.headPosition()).toBe(all[2].position);
    });

    it('deletes a stream: gone from stream and global reads, and can start anew', async () => {
      const s = stream();
      const other = stream();
      await store.append(s, [event('Doomed'), event('Doomed')], 'no_stream');
      await store.append(other, [event('Kept')], 'no_stream');
      await store.deleteStream(s);
      expect(await store.readStream(s)).toEqual([]);
      const all = await store.readAll();
      expect(all.some((e) => e.streamId === s)).toBe(false);
      expect(all.some((e) => e.streamId === other)).toBe(true);
      if (!deletedStreamsCanBeReused) {
        await expect(store.append(s, [event('Reborn')], 'any')).rejects.toBeInstanceOf(StreamDeleted);
        return;
      }
      await store.append(s, [event('Reborn')], 'no_stream');
      expect((await store.readStream(s)).map((e) => [e.revision, e.type])).toEqual([[0, 'Reborn']]);
    });

    it('refuses an append over the size limit as AppendTooLarge and writes none of it; one under the limit is stored', async () => {
      const s = stream();
      // Two events, each over half the limit: the limit is on the whole append, not on each event.
      const half = 'x'.repeat(Math.ceil(maxAppendSize / 2));
      await expect(store.append(s, [event('Big', { half }), event('Big', { half })], 'no_stream')).rejects.toBeInstanceOf(AppendTooLarge);
      expect(await store.readStream(s)).toEqual([]);
      await store.append(s, [event('Fits', { text: 'x'.repeat(maxAppendSize - 4096) })], 'no_stream');
      expect((await store.readStream(s)).map((e) => e.type)).toEqual(['Fits']);
    });

    it('deletes a stream: a subscription from before it no longer hands out its events', async () => {
      const s = stream();
      const other = stream();
      await store.append(s, [event('Doomed')], 'no_stream');
      await store.append(other, [event('Kept')], 'no_stream');
      const before = (await store.readStream(s))[0].position;
      await store.append(s, [event('Doomed')], 0);
      await store.deleteStream(s);
      await store.append(other, [event('Last')], 0);
      const controller = new AbortController();
      const seen: RecordedEvent[] = [];
      for await (const batch of store.subscribeToAll({ after: before, signal: controller.signal })) {
        seen.push(...batch);
        if (seen.some((e) => e.type === 'Last')) controller.abort();
      }
      expect(seen.filter((e) => e.streamId === s)).toEqual([]);
      expect(seen.filter((e) => e.streamId === other).map((e) => e.type)).toEqual(['Kept', 'Last']);
    });

    it('subscribes from a position, catches up, then follows live appends', async () => {
      const s = stream();
      await store.append(s, [event('Old')], 'no_stream');
      const after = (await store.readStream(s))[0].position;
      await store.append(s, [event('Caught')], 0);
      const controller = new AbortController();
      const seen: string[] = [];
      const done = (async () => {
        for await (const batch of store.subscribeToAll({ after, signal: controller.signal })) {
          seen.push(...batch.map((e) => e.type));
          if (seen.includes('Live')) controller.abort();
        }
      })();
      await new Promise((r) => setTimeout(r, 50));
      await store.append(s, [event('Live')], 1);
      await done;
      expect(seen).toEqual(['Caught', 'Live']);
    });
  });
}

import { Position, RecordedEvent } from './event-store.port';
import { AppendSignal, pollingSubscription } from './polling-subscription';

/** An in-memory log behind the subscription, counting its reads. */
function log() {
  const events: RecordedEvent[] = [];
  const appends = new AppendSignal();
  let reads = 0;
  return {
    appends,
    get reads() {
      return reads;
    },
    append(type: string) {
      const position = BigInt(events.length + 1);
      events.push({
        eventId: type,
        streamId: 's',
        revision: events.length,
        position,
        type,
        data: {},
        metadata: {} as RecordedEvent['metadata'],
      });
      appends.notify();
    },
    readAll: async (after: Position | undefined, limit: number) => {
      reads++;
      return events.filter((e) => after === undefined || e.position > after).slice(0, limit);
    },
  };
}

const macrotask = () => new Promise((resolve) => setImmediate(resolve));

/** Collects the batches of a subscription until aborted. */
function follow(l: ReturnType<typeof log>, batchSize: number) {
  const controller = new AbortController();
  const batches: string[][] = [];
  const done = (async () => {
    for await (const batch of pollingSubscription(l.readAll, l.appends, { signal: controller.signal, batchSize }, 60_000))
      batches.push(batch.map((e) => e.type));
  })();
  return { batches, stop: () => (controller.abort(), done) };
}

describe('pollingSubscription', () => {
  it('reads the appends of one turn of the event loop as one batch', async () => {
    const l = log();
    const sub = follow(l, 500);
    await macrotask(); // caught up on the empty log, asleep
    for (const type of ['a', 'b', 'c']) {
      l.append(type);
      await Promise.resolve(); // separate requests' appends, a few microtasks apart
      await Promise.resolve();
    }
    await macrotask();
    await macrotask();
    expect(sub.batches).toEqual([['a', 'b', 'c']]);
    await sub.stop();
  });

  it('reads again after a short page only once something was appended, and at once after a full page', async () => {
    const l = log();
    for (const type of ['a', 'b', 'c', 'd', 'e']) l.append(type);
    const sub = follow(l, 2);
    for (let i = 0; i < 5; i++) await macrotask();
    expect(sub.batches).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    expect(l.reads).toBe(3); // no empty read after the short page ['e']
    l.append('f');
    for (let i = 0; i < 3; i++) await macrotask();
    expect(sub.batches[3]).toEqual(['f']);
    expect(l.reads).toBe(4);
    await sub.stop();
  });
});

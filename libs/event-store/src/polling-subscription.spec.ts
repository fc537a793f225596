import { Position, RecordedEvent } from './event-store.port';
import { AppendSignal, pollingSubscription } from './polling-subscription';

/** An in-memory log behind the subscription. */
function log() {
  const events: RecordedEvent[] = [];
  const appends = new AppendSignal();
  return {
    appends,
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

  it('pages through what is there at once, then follows appends', async () => {
    const l = log();
    for (const type of ['a', 'b', 'c', 'd', 'e']) l.append(type);
    const sub = follow(l, 2);
    for (let i = 0; i < 5; i++) await macrotask();
    expect(sub.batches).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    l.append('f');
    for (let i = 0; i < 3; i++) await macrotask();
    expect(sub.batches).toEqual([['a', 'b'], ['c', 'd'], ['e'], ['f']]);
    await sub.stop();
  });
});

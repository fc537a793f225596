import { useFakeEventStoreDb } from '../../../../test/support/fake-eventstoredb-setup';
import { RecordedEvent } from '../event-store.port';

describe('EventStoreDB adapter subscription, against a fake server on the wire', () => {
  const logged: string[] = [];
  const { fake, store } = useFakeEventStoreDb({ prefixes: ['thread-'], log: (m) => logged.push(m) });

  const subscriptionCalls = () => fake().calls.filter((c) => c.kind === 'subscription');

  it('unsubscribes when its consumer throws', async () => {
    fake().seed('thread-a', 300);
    const controller = new AbortController();
    const consume = async () => {
      for await (const _ of store().subscribeToAll({ signal: controller.signal })) throw new Error('read store down');
    };
    await expect(consume()).rejects.toThrow('read store down');
    expect(await fake().openCalls()).toEqual([]);
    expect(subscriptionCalls()).toHaveLength(1);
    controller.abort();
  });

  it('unsubscribes when its consumer stops early, and when the signal aborts', async () => {
    fake().seed('thread-a', 300);
    const controller = new AbortController();
    for await (const _ of store().subscribeToAll({ signal: controller.signal })) break;
    expect(await fake().openCalls()).toEqual([]);
    const seen: RecordedEvent[] = [];
    for await (const batch of store().subscribeToAll({ signal: controller.signal })) {
      seen.push(...batch);
      if (seen.length >= 300) controller.abort();
    }
    expect(await fake().openCalls()).toEqual([]);
  });

  it('hands over what is buffered in batches of at most batchSize, in order, without gaps', async () => {
    fake().seed('thread-a', 1000);
    fake().seed('orders-1', 10);
    const controller = new AbortController();
    const sizes: number[] = [];
    const seen: RecordedEvent[] = [];
    for await (const batch of store().subscribeToAll({ signal: controller.signal, batchSize: 100 })) {
      sizes.push(batch.length);
      seen.push(...batch);
      await new Promise((r) => setTimeout(r, 20));
      if (seen.length >= 1000) controller.abort();
    }
    expect(seen.map((e) => e.revision)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(Math.max(...sizes)).toBeLessThanOrEqual(100);
    // One event at a time would be 1000 hand-overs; what was buffered while the consumer worked comes at once.
    expect(Math.max(...sizes)).toBeGreaterThan(1);
    expect(sizes.length).toBeLessThan(500);
  });

  it('resubscribes after a dropped connection from the last event it handed out', async () => {
    fake().seed('thread-a', 50);
    const controller = new AbortController();
    const seen: RecordedEvent[] = [];
    for await (const batch of store().subscribeToAll({ signal: controller.signal })) {
      seen.push(...batch);
      if (seen.length === 50) {
        fake().dropSubscriptions();
        fake().seed('thread-a', 10);
      }
      if (seen.length >= 60) controller.abort();
    }
    expect(seen.map((e) => e.revision)).toEqual(Array.from({ length: 60 }, (_, i) => i));
    expect(subscriptionCalls().length).toBeGreaterThanOrEqual(2);
    expect(logged.some((m) => m.includes('resubscribing'))).toBe(true);
    expect(await fake().openCalls()).toEqual([]);
  });
});
